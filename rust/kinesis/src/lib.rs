//! labcloud's Kinesis engine.
//!
//! A stream is a catalog entry (shards with their hash key ranges and
//! lineage, retention, tags, consumers) and a partition per shard whose log
//! records *are* the data records: a record's LSN names its position and
//! its sequence number (see [`keys`]). Puts route by the MD5 of the
//! partition key and are charged against per-shard token buckets on the
//! engine clock; reads go through opaque iterators that hold a position in
//! the log; resharding closes parents and opens children in one catalog
//! operation; retention trims whole segments by the engine clock.

mod catalog;
mod config;
mod consumers;
mod control;
mod engine;
mod error;
pub mod keys;
mod listing;
mod reads;
mod reshard;
mod retention;
mod shard_log;
mod stream;
mod subscribe;
mod tokens;
mod types;
mod validate;
mod writes;

pub use config::{KinesisConfig, Limits};
pub use engine::{DEFAULT_REGION, KinesisEngine};
pub use error::{KinesisError, Result};
pub use retention::RetentionReport;
pub use subscribe::{Subscription, SubscriptionPoll};
pub use types::*;
