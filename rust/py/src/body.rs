//! Upload bodies from Python: a bytes-like object passed without copying where
//! Python allows it, or an iterable of chunks pulled one at a time.

use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures_util::Stream;
use pyo3::buffer::PyBuffer;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::{PyByteArray, PyBytes};
use tonic::Status;

/// Where a chunk iterator's Python exception is kept, to be re-raised as
/// itself once the call returns.
#[derive(Clone, Default)]
pub struct Failure {
    err: Arc<Mutex<Option<PyErr>>>,
    raised: Arc<tokio::sync::Notify>,
}

impl Failure {
    pub fn take(&self) -> Option<PyErr> {
        self.err.lock().unwrap().take()
    }
    fn set(&self, e: PyErr) {
        *self.err.lock().unwrap() = Some(e);
        self.raised.notify_one();
    }
    /// Resolves once the iterator has raised.
    pub async fn raised(&self) {
        self.raised.notified().await
    }
}

pub enum Body {
    Whole(Bytes),
    Chunks(Py<PyAny>),
}

/// Bytes of a bytes-like object: `bytes` are shared, not copied (the Python
/// object is kept alive by the `Bytes`); mutable buffers are copied once.
pub fn bytes_of(obj: &Bound<'_, PyAny>) -> PyResult<Option<Bytes>> {
    if obj.is_instance_of::<PyBytes>() {
        let b: PyBackedBytes = obj.extract()?;
        return Ok(Some(Bytes::from_owner(b)));
    }
    if let Ok(ba) = obj.cast::<PyByteArray>() {
        return Ok(Some(Bytes::from(ba.to_vec())));
    }
    if let Ok(buf) = PyBuffer::<u8>::get(obj) {
        return Ok(Some(Bytes::from(buf.to_vec(obj.py())?)));
    }
    Ok(None)
}

impl Body {
    pub fn from_py(obj: &Bound<'_, PyAny>) -> PyResult<Body> {
        if let Some(b) = bytes_of(obj)? {
            return Ok(Body::Whole(b));
        }
        Ok(Body::Chunks(obj.try_iter()?.unbind().into_any()))
    }

    /// The body as a stream of chunks. A chunk that is not bytes-like, or an
    /// exception from the iterator, ends the stream with an error (and the
    /// exception is kept in `failure`).
    pub fn into_stream(self, failure: Failure) -> impl Stream<Item = Result<Bytes, Status>> + Send + Unpin + 'static {
        let mut whole = None;
        let mut iter = None;
        match self {
            Body::Whole(b) => whole = Some(b),
            Body::Chunks(it) => iter = Some(it),
        }
        futures_util::stream::poll_fn(move |_| {
            if let Some(b) = whole.take() {
                return std::task::Poll::Ready(Some(Ok(b)));
            }
            let Some(it) = iter.as_ref() else {
                return std::task::Poll::Ready(None);
            };
            let next = Python::attach(|py| -> PyResult<Option<Bytes>> {
                let it = it.bind(py);
                match it.call_method0("__next__") {
                    Ok(chunk) => match bytes_of(&chunk)? {
                        Some(b) => Ok(Some(b)),
                        None => Err(pyo3::exceptions::PyTypeError::new_err(format!(
                            "body chunks must be bytes-like, not {}",
                            chunk.get_type().name()?
                        ))),
                    },
                    Err(e) if e.is_instance_of::<pyo3::exceptions::PyStopIteration>(py) => Ok(None),
                    Err(e) => Err(e),
                }
            });
            std::task::Poll::Ready(match next {
                Ok(Some(b)) => Some(Ok(b)),
                Ok(None) => {
                    iter = None;
                    None
                }
                Err(e) => {
                    iter = None;
                    failure.set(e);
                    Some(Err(Status::cancelled("the body iterator raised")))
                }
            })
        })
    }
}
