//! The one place failures become Python exceptions.

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyRuntimeError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use tonic::{Code, Status};
use tonic_types::StatusExt;

use labcloud_server::AwsError;

create_exception!(
    _core,
    ServiceError,
    PyException,
    "A service answered with an AWS error: .code, .message, .http_status, .fields, .grpc_code."
);
create_exception!(
    _core,
    TransportError,
    PyException,
    "The endpoint could not be reached, or the connection broke mid-call."
);

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("ServiceError", m.py().get_type::<ServiceError>())?;
    m.add("TransportError", m.py().get_type::<TransportError>())?;
    Ok(())
}

/// A failed call as a Python exception. Statuses without an AWS error detail
/// that say the peer is unreachable become `TransportError`.
pub fn status_to_py(s: Status, endpoint: Option<&str>) -> PyErr {
    let aws = AwsError::from_status(&s);
    let plain = s.get_details_error_info().is_none();
    if let Some(ep) = endpoint
        && plain
        && matches!(s.code(), Code::Unavailable | Code::Cancelled | Code::Unknown)
    {
        return TransportError::new_err(format!("cannot reach labcloud at {ep}: {}", s.message()));
    }
    Python::attach(|py| {
        let err = ServiceError::new_err(aws.message.clone());
        let v = err.value(py);
        let fields = PyDict::new(py);
        let set = || -> PyResult<()> {
            for (k, val) in &aws.fields {
                fields.set_item(k, val)?;
            }
            v.setattr("code", &aws.code)?;
            v.setattr("message", &aws.message)?;
            v.setattr("http_status", aws.http_status)?;
            v.setattr("fields", &fields)?;
            v.setattr("grpc_code", aws.grpc_code)?;
            Ok(())
        };
        match set() {
            Ok(()) => err,
            Err(e) => e,
        }
    })
}

pub fn runtime_err(e: impl std::fmt::Display) -> PyErr {
    PyRuntimeError::new_err(e.to_string())
}

/// Engines that cannot open: a held data directory is an OSError, as the
/// control plane reports it; anything else a RuntimeError.
pub fn open_err(e: labcloud_server::engines::OpenError) -> PyErr {
    if e.is_locked() {
        pyo3::exceptions::PyOSError::new_err(e.to_string())
    } else {
        runtime_err(e)
    }
}
