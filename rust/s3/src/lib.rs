//! labcloud's S3 engine.
//!
//! Each bucket is a partition: an operation log (from `labcloud-core`) whose
//! records are applied in order to an in-memory index of keys, versions and
//! multipart uploads. Small bodies live inline in the log records; larger
//! ones in blob files written (and fsynced, per policy) before the record
//! that names them. Checkpoints bound recovery; compaction moves live inline
//! bodies out of mostly-dead segments so old segments can be deleted.

mod blob;
mod body;
mod bucket;
mod catalog;
mod compaction;
mod config;
mod engine;
mod error;
mod ids;
mod listing;
mod names;
mod range;
mod record;
mod state;
mod types;

pub use body::ObjectReader;
pub use bucket::{PutStream, SealedPut, UploadPart};
pub use compaction::CompactionReport;
pub use config::{Limits, S3Config};
pub use engine::S3Engine;
pub use error::{Result, S3Error};
pub use record::CompletedPart;
pub use state::Versioning;
pub use types::*;
