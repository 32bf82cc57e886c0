//! `Server`: the gRPC node on the module's runtime, for `labcloud up` and
//! for tests that need a remote endpoint in-process.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use labcloud_core::{Clock, ManualClock, SystemClock};
use labcloud_server::node::NodeOptions;
use labcloud_server::{ControlPlane, EngineOptions, Engines, NodeHandle, start};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::control::PyControlPlane;
use crate::embedded::{advance, fsync_policy};
use crate::errors::runtime_err;
use crate::runtime::rt;

#[pyclass(module = "labcloud._core")]
pub struct Server {
    handle: Option<NodeHandle>,
    address: String,
    /// Set when the engines run on virtual time.
    clock: Option<Arc<ManualClock>>,
    resp_address: Option<String>,
}

#[pymethods]
impl Server {
    /// `control`: the Python control plane whose services this endpoint also
    /// answers (an object with `services()` and `handle(method, request, region)`).
    /// `virtual_time`: the engines' clock starts at the current time and
    /// moves only through `advance_time` (for tests of a remote cloud).
    /// `resp_port`: also serve the default cache cluster over RESP there.
    #[new]
    #[pyo3(signature = (data_dir, host = "127.0.0.1", port = 0, fsync = "always", limits = true, virtual_time = false, control = None, resp_port = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        data_dir: PathBuf,
        host: &str,
        port: u16,
        fsync: &str,
        limits: bool,
        virtual_time: bool,
        control: Option<Bound<'_, PyAny>>,
        resp_port: Option<u16>,
    ) -> PyResult<Self> {
        let addr: SocketAddr = format!("{host}:{port}")
            .parse()
            .map_err(|e| PyValueError::new_err(format!("bad host/port {host}:{port}: {e}")))?;
        let clock = virtual_time.then(|| ManualClock::new(SystemClock.now()));
        let opts = EngineOptions {
            fsync: fsync_policy(fsync)?,
            enforce_limits: limits,
            clock: match &clock {
                Some(c) => c.clone(),
                None => Arc::new(SystemClock),
            },
            resp_host: host.to_string(),
        };
        let control: Option<Arc<dyn ControlPlane>> = match control {
            Some(obj) => Some(Arc::new(PyControlPlane::new(&obj)?)),
            None => None,
        };
        let handle = py.detach(|| -> Result<NodeHandle, String> {
            let engines = Engines::open(&data_dir, &opts).map_err(|e| e.to_string())?;
            rt().block_on(start(engines, addr, NodeOptions { control, resp_port })).map_err(|e| e.to_string())
        });
        let handle = handle.map_err(runtime_err)?;
        Ok(Server {
            address: handle.addr.to_string(),
            resp_address: handle.resp_addr.map(|a| a.to_string()),
            handle: Some(handle),
            clock,
        })
    }

    /// The engines' time, in seconds since the Unix epoch.
    fn now(&self) -> f64 {
        match &self.clock {
            Some(c) => c.now().as_nanos() as f64 / 1e9,
            None => SystemClock.now().as_nanos() as f64 / 1e9,
        }
    }

    /// Moves virtual time forward; an error on wall-clock time.
    fn advance_time(&self, seconds: f64) -> PyResult<()> {
        advance(self.clock.as_deref(), seconds)
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
            // Calls in flight may be control-plane calls waiting for the GIL.
            Python::attach(|py| py.detach(|| rt().block_on(h.stop())));
        }
    }
}
