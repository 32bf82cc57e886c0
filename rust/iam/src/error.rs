//! The crate's one error type.

/// Why a policy document was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// The document breaks a rule of the policy grammar. `message` is IAM's
    /// own wording where it is known (for example "Policy document should not
    /// specify a principal."); `path` says where in the document, when the
    /// problem has a place (for example `Statement[1].Action`).
    #[error("{message}{}", path.as_ref().map(|p| format!(" (at {p})")).unwrap_or_default())]
    MalformedPolicyDocument { message: String, path: Option<String> },
}

impl PolicyError {
    /// The AWS error code an API answers with.
    pub fn code(&self) -> &'static str {
        match self {
            PolicyError::MalformedPolicyDocument { .. } => "MalformedPolicyDocument",
        }
    }

    /// IAM's message, without the location.
    pub fn message(&self) -> &str {
        match self {
            PolicyError::MalformedPolicyDocument { message, .. } => message,
        }
    }

    /// Where in the document the problem is, when it has a place.
    pub fn path(&self) -> Option<&str> {
        match self {
            PolicyError::MalformedPolicyDocument { path, .. } => path.as_deref(),
        }
    }

    pub(crate) fn malformed(message: impl Into<String>, path: impl Into<Option<String>>) -> Self {
        PolicyError::MalformedPolicyDocument { message: message.into(), path: path.into() }
    }
}
