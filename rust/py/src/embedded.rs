//! `Embedded`: the engines in this process, called through the same adapters
//! the gRPC server uses.

use std::path::PathBuf;
use std::sync::Arc;

use labcloud_core::{Clock, FsyncPolicy, ManualClock, SystemClock};
use labcloud_server::{Dispatcher, EngineOptions, Engines};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::body::{Body, Failure};
use crate::errors::{open_err, status_to_py};
use crate::runtime::rt;
use crate::stream::{MessageStream, Source};

pub fn fsync_policy(s: &str) -> PyResult<FsyncPolicy> {
    FsyncPolicy::parse(s).ok_or_else(|| {
        PyValueError::new_err(format!(
            "fsync must be 'always', 'interval', 'interval:<ms>' or 'never', not {s:?}"
        ))
    })
}

/// Moves a virtual clock forward (ValueError on wall-clock time or a step back).
pub fn advance(clock: Option<&ManualClock>, seconds: f64) -> PyResult<()> {
    let Some(c) = clock else {
        return Err(PyValueError::new_err(
            "this cloud runs on wall-clock time; open it with virtual_time=True to move time",
        ));
    };
    if !(seconds >= 0.0 && seconds.is_finite()) {
        return Err(PyValueError::new_err(format!("time only moves forward, not by {seconds}")));
    }
    c.advance(std::time::Duration::from_secs_f64(seconds));
    Ok(())
}

/// Bodies up to this size are read without releasing the GIL.
const SMALL_READ: usize = 256 << 10;

#[pyclass(module = "labcloud._core", frozen)]
pub struct Embedded {
    engines: Arc<Engines>,
    dispatcher: Dispatcher,
    /// Set when the engines run on virtual time.
    clock: Option<Arc<ManualClock>>,
}

#[pymethods]
impl Embedded {
    /// `virtual_time`: the engines' clock starts at the current time and
    /// moves only through `advance_time`.
    #[new]
    #[pyo3(signature = (data_dir, fsync = "always", limits = true, virtual_time = false))]
    fn new(py: Python<'_>, data_dir: PathBuf, fsync: &str, limits: bool, virtual_time: bool) -> PyResult<Self> {
        let clock = virtual_time.then(|| ManualClock::new(SystemClock.now()));
        let opts = EngineOptions {
            fsync: fsync_policy(fsync)?,
            enforce_limits: limits,
            clock: match &clock {
                Some(c) => c.clone(),
                None => Arc::new(SystemClock),
            },
            resp_host: "127.0.0.1".into(),
        };
        let engines = py.detach(|| Engines::open(&data_dir, &opts)).map_err(open_err)?;
        let dispatcher = Dispatcher::new(&engines);
        Ok(Embedded {
            engines,
            dispatcher,
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

    fn unary<'py>(&self, py: Python<'py>, method: &str, request: &[u8], region: &str) -> PyResult<Bound<'py, PyBytes>> {
        let out = py
            .detach(|| rt().block_on(self.dispatcher.unary(method, request, region)))
            .map_err(|s| status_to_py(s, None))?;
        Ok(PyBytes::new(py, &out))
    }

    fn upload<'py>(
        &self,
        py: Python<'py>,
        method: &str,
        header: &[u8],
        body: &Bound<'py, PyAny>,
        region: &str,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let failure = Failure::default();
        let stream = Body::from_py(body)?.into_stream(failure.clone());
        let out = py.detach(|| rt().block_on(self.dispatcher.upload(method, header, stream, region)));
        if let Some(e) = failure.take() {
            return Err(e);
        }
        Ok(PyBytes::new(py, &out.map_err(|s| status_to_py(s, None))?))
    }

    /// The first message and the whole body, read straight into the
    /// returned `bytes` (one copy, from the page cache). Finding the object
    /// is an in-memory lookup and a small body a single read from the page
    /// cache: both run with the GIL held, since handing the GIL to other
    /// threads and back costs more than they do. Larger bodies are read with
    /// the GIL released.
    fn download<'py>(
        &self,
        py: Python<'py>,
        method: &str,
        request: &[u8],
        region: &str,
    ) -> PyResult<(Bound<'py, PyBytes>, Bound<'py, PyBytes>)> {
        let (head, reader) = self
            .dispatcher
            .download(method, request, region)
            .map_err(|s| status_to_py(s, None))?;
        let read = |buf: &mut [u8]| {
            reader
                .read_into(buf)
                .map_err(|e| status_to_py(labcloud_server::status::s3_status(e), None))
        };
        let body = PyBytes::new_with(py, reader.len() as usize, |buf| {
            if buf.len() <= SMALL_READ {
                read(buf)
            } else {
                py.detach(|| read(buf))
            }
        })?;
        Ok((PyBytes::new(py, &head), body))
    }

    /// A server-streaming call whose messages are results (a subscription's
    /// events): an iterator of serialized messages. A call the service
    /// refuses raises here, before any message.
    fn stream(&self, py: Python<'_>, method: &str, request: &[u8], region: &str) -> PyResult<MessageStream> {
        let s = py
            .detach(|| self.dispatcher.stream(method, request, region))
            .map_err(|s| status_to_py(s, None))?;
        Ok(MessageStream::new(Source::Local(s), None))
    }

    /// Checkpoints and closes the engines; later calls fail.
    fn close(&self, py: Python<'_>) {
        py.detach(|| self.engines.close());
    }

    #[getter]
    fn data_dir(&self) -> PathBuf {
        self.engines.data_dir.clone()
    }

    fn __repr__(&self) -> String {
        format!("Embedded(data_dir={:?})", self.engines.data_dir)
    }
}

impl Drop for Embedded {
    fn drop(&mut self) {
        self.engines.close();
    }
}
