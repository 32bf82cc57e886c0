//! The engine's request and result types, free of any transport. Values the
//! API models as string enumerations (iterator types, stream modes, filter
//! types) are taken as strings: the engine checks them, so every transport
//! answers a bad value alike.

use bytes::Bytes;
use labcloud_core::Timestamp;

/// Names a stream by StreamName or StreamARN (at least one).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StreamRef {
    pub name: String,
    pub arn: String,
}

impl StreamRef {
    pub fn named(name: impl Into<String>) -> Self {
        StreamRef {
            name: name.into(),
            arn: String::new(),
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct CreateStream {
    pub name: String,
    /// Required in PROVISIONED mode, refused in ON_DEMAND mode.
    pub shard_count: Option<i32>,
    /// "PROVISIONED", "ON_DEMAND" or empty (PROVISIONED).
    pub mode: String,
    pub tags: Vec<(String, String)>,
}

#[derive(Clone, Debug)]
pub struct PutEntry {
    pub partition_key: String,
    pub explicit_hash_key: Option<String>,
    pub data: Bytes,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Put {
    pub shard_id: String,
    pub sequence_number: String,
}

/// One record's outcome in PutRecords: stored, or why not (per record, as
/// AWS reports throttling, not as a whole-call error).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PutOutcome {
    Stored(Put),
    Failed { code: &'static str, message: String },
}

#[derive(Clone, Debug, Default)]
pub struct GetShardIterator {
    pub stream: StreamRef,
    pub shard_id: String,
    /// TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, AT_TIMESTAMP.
    pub iterator_type: String,
    pub starting_sequence_number: String,
    pub timestamp: Option<Timestamp>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub sequence_number: String,
    pub arrival: Timestamp,
    pub data: Bytes,
    pub partition_key: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChildShard {
    pub shard_id: String,
    pub parent_shards: Vec<String>,
    pub hash_range: (u128, u128),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Records {
    pub records: Vec<Record>,
    /// None once a closed shard has been read to its end.
    pub next_iterator: Option<String>,
    pub millis_behind_latest: i64,
    /// The shard's children, at the end of a closed shard.
    pub child_shards: Vec<ChildShard>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shard {
    pub shard_id: String,
    pub parent_shard_id: Option<String>,
    pub adjacent_parent_shard_id: Option<String>,
    pub hash_range: (u128, u128),
    pub starting_sequence_number: String,
    /// Set once the shard is closed.
    pub ending_sequence_number: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamSummary {
    pub name: String,
    pub arn: String,
    /// Always "ACTIVE": changes happen before the call returns.
    pub status: &'static str,
    pub mode: &'static str,
    pub retention_hours: i32,
    pub created: Timestamp,
    pub open_shard_count: u32,
    pub consumer_count: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamDescription {
    pub summary: StreamSummary,
    pub shards: Vec<Shard>,
    pub has_more_shards: bool,
}

#[derive(Clone, Debug, Default)]
pub struct ListShards {
    pub stream: StreamRef,
    pub next_token: String,
    pub exclusive_start_shard_id: String,
    pub max_results: Option<i32>,
    pub stream_created: Option<Timestamp>,
    /// AFTER_SHARD_ID, AT_TRIM_HORIZON, FROM_TRIM_HORIZON, AT_LATEST,
    /// AT_TIMESTAMP, FROM_TIMESTAMP; empty for none.
    pub filter_type: String,
    pub filter_shard_id: String,
    pub filter_timestamp: Option<Timestamp>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShardListing {
    pub shards: Vec<Shard>,
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamListing {
    pub streams: Vec<StreamSummary>,
    pub has_more: bool,
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagListing {
    pub tags: Vec<(String, String)>,
    pub has_more: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consumer {
    pub name: String,
    pub arn: String,
    /// Always "ACTIVE": registration completes before the call returns.
    pub status: &'static str,
    pub created: Timestamp,
    pub stream_arn: String,
}

/// Names a consumer by its ARN, or by stream ARN and name.
#[derive(Clone, Debug, Default)]
pub struct ConsumerRef {
    pub stream_arn: String,
    pub name: String,
    pub arn: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsumerListing {
    pub consumers: Vec<Consumer>,
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShardCountUpdate {
    pub name: String,
    pub arn: String,
    pub current: u32,
    pub target: u32,
}

/// Where a subscription starts: a type as for GetShardIterator.
#[derive(Clone, Debug, Default)]
pub struct StartingPosition {
    pub kind: String,
    pub sequence_number: String,
    pub timestamp: Option<Timestamp>,
}

/// One event of a SubscribeToShard stream.
#[derive(Clone, Debug, PartialEq)]
pub struct SubscriptionEvent {
    pub records: Vec<Record>,
    /// Where to resubscribe (AFTER_SEQUENCE_NUMBER) to continue; None at
    /// the end of a closed shard.
    pub continuation_sequence_number: Option<String>,
    pub millis_behind_latest: i64,
    pub child_shards: Vec<ChildShard>,
}
