//! The Python control plane behind the node's endpoint: calls for its
//! services are handed to a Python object on a blocking thread.

use bytes::Bytes;
use labcloud_server::ControlPlane;
use labcloud_server::status::{aws_status, domain_of};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use tonic::Status;

use crate::errors::ServiceError;

/// A Python object with `services() -> list[str]` and
/// `handle(method: str, request: bytes, region: str) -> bytes`, raising
/// `ServiceError` (with code, message, http_status, fields) for AWS errors.
pub struct PyControlPlane {
    obj: Py<PyAny>,
    services: Vec<String>,
}

impl PyControlPlane {
    pub fn new(obj: &Bound<'_, PyAny>) -> PyResult<Self> {
        let services: Vec<String> = obj.call_method0("services")?.extract()?;
        Ok(PyControlPlane {
            obj: obj.clone().unbind(),
            services,
        })
    }
}

fn to_status(py: Python<'_>, err: PyErr, method: &str) -> Status {
    let service = method.trim_start_matches('/').split('/').next().unwrap_or("");
    if err.is_instance_of::<ServiceError>(py) {
        let v = err.value(py);
        let get = |name: &str| v.getattr(name).ok();
        let code: String = get("code").and_then(|c| c.extract().ok()).unwrap_or_else(|| "InternalFailure".into());
        let message: String = get("message").and_then(|c| c.extract().ok()).unwrap_or_default();
        let http: u16 = get("http_status").and_then(|c| c.extract().ok()).unwrap_or(500);
        let fields: Vec<(String, String)> = get("fields")
            .and_then(|f| f.cast_into::<PyDict>().ok())
            .map(|d| d.iter().filter_map(|(k, v)| Some((k.extract().ok()?, v.str().ok()?.to_string()))).collect())
            .unwrap_or_default();
        let fields = fields.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        return aws_status(&code, message, &domain_of(service), http, fields);
    }
    // A bug in the control plane: say so where the operator sees it.
    err.display(py);
    Status::internal(format!("{method} failed inside the control plane: {err}"))
}

impl ControlPlane for PyControlPlane {
    fn services(&self) -> Vec<String> {
        self.services.clone()
    }

    fn call(&self, method: &str, request: Bytes, region: &str) -> Result<Bytes, Status> {
        Python::attach(|py| {
            let out = self
                .obj
                .call_method1(py, "handle", (method, PyBytes::new(py, &request), region))
                .map_err(|e| to_status(py, e, method))?;
            let bytes: &[u8] = out
                .extract(py)
                .map_err(|e| Status::internal(format!("{method}: the control plane returned {e}")))?;
            Ok(Bytes::copy_from_slice(bytes))
        })
    }
}
