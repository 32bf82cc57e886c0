use std::io;
use std::path::PathBuf;

/// Failures of the shared storage machinery. Engines wrap this in their own
/// error enum; callers see it as an internal error, never as a user mistake.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// An operating-system I/O call failed.
    #[error("{op} {path}: {source}")]
    Io {
        op: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// Data on disk fails its checksum or framing in a place a crash cannot explain.
    #[error("corrupt data in {path} at byte {offset}: {reason}")]
    Corruption {
        path: PathBuf,
        offset: u64,
        reason: String,
    },
    /// An earlier write or fsync failed; the log refuses further writes because
    /// the page cache can no longer be trusted (see PostgreSQL's "fsyncgate").
    #[error("the log is unusable after an earlier failure: {0}")]
    Poisoned(String),
    /// Another process (or another engine in this one) has the directory open.
    #[error("data directory {path} is in use by another labcloud process")]
    Locked { path: PathBuf },
    /// The partition was closed.
    #[error("the partition is closed")]
    Closed,
    /// A record is larger than the log accepts.
    #[error("record of {size} bytes exceeds the log's limit of {limit} bytes")]
    RecordTooLarge { size: u64, limit: u64 },
    /// The state machine could not decode its checkpoint or a record header.
    #[error("cannot decode {what}: {reason}")]
    Decode { what: &'static str, reason: String },
}

impl CoreError {
    pub fn io(op: &'static str, path: impl Into<PathBuf>, source: io::Error) -> Self {
        CoreError::Io {
            op,
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;
