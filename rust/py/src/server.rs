//! `Server`: the gRPC node on the module's runtime, for `labcloud up` and
//! for tests that need a remote endpoint in-process.

use std::net::SocketAddr;
use std::path::PathBuf;

use labcloud_server::{EngineOptions, Engines, NodeHandle, start_with};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::embedded::fsync_policy;
use crate::errors::runtime_err;
use crate::runtime::rt;

#[pyclass(module = "labcloud._core")]
pub struct Server {
    handle: Option<NodeHandle>,
    address: String,
    resp_address: Option<String>,
}

#[pymethods]
impl Server {
    #[new]
    #[pyo3(signature = (data_dir, host = "127.0.0.1", port = 0, fsync = "always", limits = true, resp_port = None))]
    fn new(py: Python<'_>, data_dir: PathBuf, host: &str, port: u16, fsync: &str, limits: bool, resp_port: Option<u16>) -> PyResult<Self> {
        let addr: SocketAddr = format!("{host}:{port}")
            .parse()
            .map_err(|e| PyValueError::new_err(format!("bad host/port {host}:{port}: {e}")))?;
        let opts = EngineOptions {
            fsync: fsync_policy(fsync)?,
            enforce_limits: limits,
            resp_host: host.to_string(),
            ..Default::default()
        };
        let handle = py.detach(|| -> Result<NodeHandle, String> {
            let engines = Engines::open(&data_dir, &opts).map_err(|e| e.to_string())?;
            rt().block_on(start_with(engines, addr, resp_port)).map_err(|e| e.to_string())
        });
        let handle = handle.map_err(runtime_err)?;
        Ok(Server {
            address: handle.addr.to_string(),
            resp_address: handle.resp_addr.map(|a| a.to_string()),
            handle: Some(handle),
        })
    }

    /// "host:port" actually bound.
    #[getter]
    fn address(&self) -> &str {
        &self.address
    }

    /// "host:port" of the default cache cluster's RESP endpoint, if one was asked for.
    #[getter]
    fn resp_address(&self) -> Option<String> {
        self.resp_address.clone()
    }

    /// Stops accepting calls, finishes those in flight, checkpoints the
    /// engines and releases the data directory. Idempotent.
    fn stop(&mut self, py: Python<'_>) {
        if let Some(h) = self.handle.take() {
            py.detach(|| rt().block_on(h.stop()));
        }
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __exit__(&mut self, py: Python<'_>, _t: Py<PyAny>, _v: Py<PyAny>, _tb: Py<PyAny>) {
        self.stop(py);
    }

    fn __repr__(&self) -> String {
        format!("Server(address={:?}, running={})", self.address, self.handle.is_some())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            rt().block_on(h.stop());
        }
    }
}
