//! The IAM policy language for the Python control plane: `IamPolicy` (a
//! parsed, validated document) and `iam_evaluate` (AWS's evaluation logic),
//! both the very code the data plane runs (`labcloud-iam`).

use std::collections::HashMap;
use std::sync::Arc;

use labcloud_iam::{
    Context, Decision, Evaluation, Grant, Policies, Policy, PolicyError, PolicyKind, Principal, Request, Version,
    evaluate,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::errors::ServiceError;

/// A policy document, parsed and validated once; evaluation reuses it.
#[pyclass(module = "labcloud._core", frozen)]
pub struct IamPolicy {
    policy: Arc<Policy>,
}

#[pymethods]
impl IamPolicy {
    /// `kind`: "identity" (also boundaries and session policies),
    /// "resource" or "trust". Raises `ServiceError` with code
    /// `MalformedPolicyDocument` when the document breaks the grammar.
    #[new]
    #[pyo3(signature = (document, kind = "identity", id = "policy"))]
    fn new(document: &str, kind: &str, id: &str) -> PyResult<Self> {
        let kind = policy_kind(kind)?;
        let policy = Policy::parse(id, document, kind).map_err(malformed)?;
        Ok(IamPolicy { policy: Arc::new(policy) })
    }

    #[getter]
    fn id(&self) -> &str {
        self.policy.id()
    }

    #[getter]
    fn kind(&self) -> &'static str {
        match self.policy.kind() {
            PolicyKind::Identity => "identity",
            PolicyKind::Resource => "resource",
            PolicyKind::Trust => "trust",
        }
    }

    #[getter]
    fn version(&self) -> &'static str {
        match self.policy.version() {
            Version::V2012_10_17 => "2012-10-17",
            Version::V2008_10_17 => "2008-10-17",
        }
    }

    /// The statements' Sids in document order (None where a statement has none).
    #[getter]
    fn sids(&self) -> Vec<Option<String>> {
        self.policy.statements().iter().map(|s| s.sid().map(str::to_string)).collect()
    }

    fn __repr__(&self) -> String {
        format!(
            "IamPolicy(id={:?}, kind={:?}, statements={})",
            self.policy.id(),
            self.kind(),
            self.policy.statements().len()
        )
    }
}

fn policy_kind(kind: &str) -> PyResult<PolicyKind> {
    match kind {
        "identity" => Ok(PolicyKind::Identity),
        "resource" => Ok(PolicyKind::Resource),
        "trust" => Ok(PolicyKind::Trust),
        other => {
            Err(PyValueError::new_err(format!("policy kind must be 'identity', 'resource' or 'trust', not {other:?}")))
        }
    }
}

/// The AWS error a malformed document gets: code, IAM's message, HTTP 400,
/// and where in the document (`fields["path"]`) when the problem has a place.
fn malformed(e: PolicyError) -> PyErr {
    Python::attach(|py| {
        let err = ServiceError::new_err(e.message().to_string());
        let v = err.value(py);
        let set = || -> PyResult<()> {
            let fields = PyDict::new(py);
            if let Some(p) = e.path() {
                fields.set_item("path", p)?;
            }
            v.setattr("code", e.code())?;
            v.setattr("message", e.message())?;
            v.setattr("http_status", 400)?;
            v.setattr("fields", fields)?;
            v.setattr("grpc_code", 3)?; // INVALID_ARGUMENT
            Ok(())
        };
        match set() {
            Ok(()) => err,
            Err(e) => e,
        }
    })
}

/// Evaluates one request. `principal` is a dict: `type` (root, user,
/// role_session, federated_user, service, web_identity, anonymous) and the
/// fields that type needs (account, name, path, id; role, role_path,
/// role_id, session; user_arn; provider), optional `tags`, `context`,
/// `canonical_user`. Returns a dict: decision, matched statements, missing
/// context keys and what each kind of policy said.
#[pyfunction]
#[pyo3(signature = (principal, action, resource, *, identity = Vec::new(), boundary = None, session = Vec::new(),
                    resource_policy = None, resource_account = None, resource_required = false, context = None))]
#[allow(clippy::too_many_arguments)]
pub fn iam_evaluate<'py>(
    py: Python<'py>,
    principal: &Bound<'py, PyDict>,
    action: &str,
    resource: &str,
    identity: Vec<PyRef<'py, IamPolicy>>,
    boundary: Option<PyRef<'py, IamPolicy>>,
    session: Vec<PyRef<'py, IamPolicy>>,
    resource_policy: Option<PyRef<'py, IamPolicy>>,
    resource_account: Option<&str>,
    resource_required: bool,
    context: Option<HashMap<String, Bound<'py, PyAny>>>,
) -> PyResult<Bound<'py, PyDict>> {
    let principal = principal_from(principal)?;
    let mut ctx = Context::new();
    for (k, v) in context.unwrap_or_default() {
        ctx.set_multi(&k, values(&k, &v)?);
    }
    let identity: Vec<Arc<Policy>> = identity.iter().map(|p| p.policy.clone()).collect();
    let session: Vec<Arc<Policy>> = session.iter().map(|p| p.policy.clone()).collect();
    let policies = Policies {
        identity: &identity,
        boundary: boundary.as_ref().map(|p| &*p.policy),
        session: &session,
        resource: resource_policy.as_ref().map(|p| &*p.policy),
        resource_required,
    };
    let mut req = Request::new(&principal, action, resource, &ctx);
    if let Some(a) = resource_account {
        req = req.in_account(a);
    }
    evaluation_dict(py, &evaluate(&req, &policies))
}

/// A context value: a string, or a list of strings for a multivalued key.
fn values(key: &str, v: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    if let Ok(s) = v.extract::<String>() {
        return Ok(vec![s]);
    }
    v.extract::<Vec<String>>()
        .map_err(|_| PyValueError::new_err(format!("context key {key:?}: values are a string or a list of strings")))
}

fn principal_from(d: &Bound<'_, PyDict>) -> PyResult<Principal> {
    let get = |k: &str| -> PyResult<Option<String>> {
        match d.get_item(k)? {
            Some(v) if !v.is_none() => Ok(Some(
                v.extract::<String>()
                    .map_err(|_| PyValueError::new_err(format!("principal[{k:?}] must be a string")))?,
            )),
            _ => Ok(None),
        }
    };
    let kind = get("type")?.ok_or_else(|| PyValueError::new_err("principal needs a \"type\""))?;
    let need = |k: &str| -> PyResult<String> {
        get(k)?.ok_or_else(|| PyValueError::new_err(format!("a {kind} principal needs {k:?}")))
    };
    let or = |k: &str, d: &str| -> PyResult<String> { Ok(get(k)?.unwrap_or_else(|| d.to_string())) };
    let mut p = match kind.as_str() {
        "root" => Principal::root(&need("account")?),
        "user" => Principal::user(&need("account")?, &or("path", "/")?, &need("name")?, &or("id", "")?),
        "role_session" => Principal::role_session(
            &need("account")?,
            &or("role_path", "/")?,
            &need("role")?,
            &need("session")?,
            &or("role_id", "")?,
        ),
        "federated_user" => Principal::federated_user(&need("account")?, &need("name")?, &need("user_arn")?),
        "service" => Principal::service(&need("name")?),
        "web_identity" => Principal::web_identity(&need("provider")?),
        "anonymous" => Principal::anonymous(),
        other => {
            return Err(PyValueError::new_err(format!(
                "principal type must be root, user, role_session, federated_user, service, web_identity or anonymous, not {other:?}"
            )));
        }
    };
    for field in ["tags", "context"] {
        if let Some(m) = d.get_item(field)?.filter(|v| !v.is_none()) {
            let m: HashMap<String, String> = m
                .extract()
                .map_err(|_| PyValueError::new_err(format!("principal[{field:?}] must map strings to strings")))?;
            let mut m: Vec<_> = m.into_iter().collect();
            m.sort();
            for (k, v) in m {
                p = if field == "tags" { p.with_tag(&k, &v) } else { p.with_context(&k, &v) };
            }
        }
    }
    if let Some(c) = get("canonical_user")? {
        p = p.with_canonical_user(&c);
    }
    Ok(p)
}

fn evaluation_dict<'py>(py: Python<'py>, e: &Evaluation) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    let decision = match e.decision {
        Decision::Allow => "Allow",
        Decision::ExplicitDeny => "ExplicitDeny",
        Decision::ImplicitDeny => "ImplicitDeny",
    };
    out.set_item("decision", decision)?;
    let matched = PyList::empty(py);
    for m in &e.matched {
        let d = PyDict::new(py);
        d.set_item("policy_id", &*m.policy_id)?;
        d.set_item("role", m.role.as_str())?;
        d.set_item("index", m.index)?;
        d.set_item("sid", m.sid.as_deref())?;
        d.set_item("effect", m.effect.as_str())?;
        matched.append(d)?;
    }
    out.set_item("matched", matched)?;
    out.set_item("missing_context_keys", &e.missing_context_keys)?;
    out.set_item("identity_allows", e.detail.identity_allows)?;
    out.set_item("boundary_allows", e.detail.boundary_allows)?;
    out.set_item("session_allows", e.detail.session_allows)?;
    let grant = e.detail.resource_grant.map(|g| match g {
        Grant::Direct => "direct",
        Grant::Parent => "parent",
        Grant::Account => "account",
    });
    out.set_item("resource_grant", grant)?;
    out.set_item("cross_account", e.detail.cross_account)?;
    Ok(out)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<IamPolicy>()?;
    m.add_function(wrap_pyfunction!(iam_evaluate, m)?)?;
    Ok(())
}
