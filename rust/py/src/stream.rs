//! `MessageStream`: the messages of a server-streaming call (a Kinesis
//! subscription's events), as a Python iterator of serialized messages.
//!
//! `__next__` waits with the GIL released. `close()` (or dropping the
//! iterator) cancels the call: a thread blocked in `__next__` returns at
//! once, the engine's subscription ends, and over gRPC the stream is reset.

use std::sync::Mutex;

use bytes::Bytes;
use futures_util::StreamExt;
use labcloud_server::dispatch::MessageStream as LocalStream;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use tokio::sync::watch;
use tonic::{Status, Streaming};

use crate::errors::status_to_py;
use crate::runtime::rt;

/// Where the messages come from.
pub enum Source {
    /// The in-process dispatcher.
    Local(LocalStream),
    /// A gRPC call on the module's runtime.
    Remote(Box<Streaming<Bytes>>),
}

impl Source {
    async fn next(&mut self) -> Option<Result<Bytes, Status>> {
        match self {
            Source::Local(s) => s.next().await.map(|m| m.map(Bytes::from)),
            Source::Remote(s) => s.message().await.transpose(),
        }
    }
}

#[pyclass(module = "labcloud._core", frozen)]
pub struct MessageStream {
    source: Mutex<Option<Source>>,
    cancel: watch::Sender<bool>,
    /// The endpoint of a remote call, for telling transport failures apart.
    endpoint: Option<String>,
}

impl MessageStream {
    pub fn new(source: Source, endpoint: Option<String>) -> Self {
        MessageStream {
            source: Mutex::new(Some(source)),
            cancel: watch::channel(false).0,
            endpoint,
        }
    }
}

#[pymethods]
impl MessageStream {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    /// The next serialized message; StopIteration once the call ends or is
    /// closed. A failed call raises its error once, then the stream is over.
    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyBytes>>> {
        let mut cancelled = self.cancel.subscribe();
        // Everything, waiting for the lock included, happens without the
        // GIL: a thread inside `__next__` needs it back to hand its message over.
        let next = py.detach(|| {
            let mut guard = self.source.lock().unwrap_or_else(|p| p.into_inner());
            let source = guard.as_mut()?;
            let next = if *cancelled.borrow() {
                None
            } else {
                rt().block_on(async {
                    tokio::select! {
                        m = source.next() => m,
                        _ = cancelled.wait_for(|c| *c) => None,
                    }
                })
            };
            if !matches!(next, Some(Ok(_))) {
                // Over: dropping a remote stream resets it, which needs the runtime.
                let _entered = rt().enter();
                *guard = None;
            }
            next
        });
        match next {
            Some(Ok(m)) => Ok(Some(PyBytes::new(py, &m))),
            Some(Err(s)) => Err(status_to_py(s, self.endpoint.as_deref())),
            None => Ok(None),
        }
    }

    /// Cancels the call; idempotent, and safe while another thread waits in
    /// `__next__` (which then stops).
    fn close(&self, py: Python<'_>) {
        self.cancel.send_replace(true);
        py.detach(|| {
            let taken = self.source.lock().unwrap_or_else(|p| p.into_inner()).take();
            let _entered = rt().enter();
            drop(taken);
        });
    }

    fn __enter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __exit__(&self, py: Python<'_>, _t: Py<PyAny>, _v: Py<PyAny>, _tb: Py<PyAny>) {
        self.close(py);
    }
}

impl Drop for MessageStream {
    fn drop(&mut self) {
        let _entered = rt().enter();
        self.source.get_mut().map(Option::take).ok();
    }
}
