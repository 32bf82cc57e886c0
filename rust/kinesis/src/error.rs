use labcloud_core::CoreError;

/// Everything a Kinesis call can fail with. Each variant is one Kinesis
/// error code; the messages follow the ones AWS sends. Kinesis answers every
/// client error with HTTP 400 and carries no fields beyond the message.
#[derive(Debug, thiserror::Error)]
pub enum KinesisError {
    /// The stream, shard or consumer does not exist (or has expired).
    #[error("{0}")]
    ResourceNotFound(String),
    /// The resource exists but is in a state that forbids the call: a stream
    /// name taken, a stream with consumers, a subscription already active.
    #[error("{0}")]
    ResourceInUse(String),
    /// An argument breaks a rule of the service: an invalid iterator, a
    /// split point outside the shard, a record over the size limit, ...
    #[error("{0}")]
    InvalidArgument(String),
    /// An argument breaks the API model's constraints (length, pattern,
    /// range, enumeration), in AWS's "1 validation error detected" wording.
    #[error("{0}")]
    Validation(String),
    /// The shard's read or write rate is exceeded.
    #[error("{0}")]
    ProvisionedThroughputExceeded(String),
    /// The shard iterator is older than its 5-minute lifetime.
    #[error("{0}")]
    ExpiredIterator(String),
    /// A NextToken is older than its 300-second lifetime.
    #[error("{0}")]
    ExpiredNextToken(String),
    /// A quota is exceeded: shards, consumers, scaling operations.
    #[error("{0}")]
    LimitExceeded(String),
    /// The engine's storage failed; the operation may or may not have happened.
    #[error("Internal service failure. ({0})")]
    Internal(#[from] CoreError),
}

impl KinesisError {
    /// The Kinesis error code.
    pub fn code(&self) -> &'static str {
        use KinesisError::*;
        match self {
            ResourceNotFound(_) => "ResourceNotFoundException",
            ResourceInUse(_) => "ResourceInUseException",
            InvalidArgument(_) => "InvalidArgumentException",
            Validation(_) => "ValidationException",
            ProvisionedThroughputExceeded(_) => "ProvisionedThroughputExceededException",
            ExpiredIterator(_) => "ExpiredIteratorException",
            ExpiredNextToken(_) => "ExpiredNextTokenException",
            LimitExceeded(_) => "LimitExceededException",
            Internal(_) => "InternalFailure",
        }
    }

    /// The HTTP status Kinesis answers with.
    pub fn http_status(&self) -> u16 {
        match self {
            KinesisError::Internal(_) => 500,
            _ => 400,
        }
    }

    /// Extra error fields (Kinesis sends none beyond code and message).
    pub fn fields(&self) -> Vec<(&'static str, String)> {
        vec![]
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        KinesisError::InvalidArgument(message.into())
    }

    /// A model constraint broken by `value` of the field `at`.
    pub(crate) fn constraint(value: Option<&str>, at: &str, rule: impl std::fmt::Display) -> Self {
        let value = value.map(|v| format!(" '{v}'")).unwrap_or_default();
        KinesisError::Validation(format!(
            "1 validation error detected: Value{value} at '{at}' failed to satisfy constraint: Member must {rule}"
        ))
    }
}

pub type Result<T, E = KinesisError> = std::result::Result<T, E>;
