use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use labcloud_core::{Clock, Fs, FsyncPolicy, LogOptions, RealFs, SystemClock};

/// Published Kinesis Data Streams limits. The rates and quotas apply while
/// `enforce` is on and can be switched off to measure the raw engine; the
/// API's size rules (record and request sizes, page sizes, lifetimes) always
/// hold, as they do in AWS.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Apply the per-shard rates and the account quotas below.
    pub enforce: bool,
    /// Data (plus partition keys) written per shard per second: 1 MiB.
    pub shard_write_bytes: f64,
    /// Records written per shard per second: 1,000.
    pub shard_write_records: f64,
    /// Data read per shard per second by GetRecords: 2 MiB.
    pub shard_read_bytes: f64,
    /// GetRecords calls per shard per second: 5.
    pub shard_read_calls: f64,
    /// Data pushed per second to each enhanced fan-out consumer on each shard: 2 MiB.
    pub consumer_push_bytes: f64,
    /// Consumers registered per stream: 20.
    pub consumers_per_stream: usize,
    /// Open shards per account and region: 500 (the quota of the large regions).
    pub shards_per_region: usize,
    /// UpdateShardCount calls per stream in a rolling 24 hours: 10.
    pub scalings_per_day: usize,
    /// Largest record, data plus partition key: 1 MiB.
    pub max_record_bytes: u64,
    /// PutRecords carries 1-500 records...
    pub max_put_records: usize,
    /// ...of at most 5 MiB in all, partition keys included.
    pub max_put_records_bytes: u64,
    /// GetRecords returns at most this many records (its Limit's maximum)...
    pub max_get_records: usize,
    /// ...and stops once its response holds this much data (10 MiB).
    pub max_get_records_bytes: u64,
    /// A shard iterator is valid this long after it was issued: 5 minutes.
    pub iterator_lifetime: Duration,
    /// A ListShards or ListStreamConsumers NextToken is valid this long: 300 s.
    pub next_token_lifetime: Duration,
    /// A SubscribeToShard call pushes events for this long: 5 minutes.
    pub subscription_lifetime: Duration,
    /// Retention of a new stream, and the range a stream's retention may take.
    pub default_retention_hours: i32,
    pub min_retention_hours: i32,
    pub max_retention_hours: i32,
    /// Shards of a stream created in ON_DEMAND mode.
    pub on_demand_shards: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            enforce: true,
            shard_write_bytes: (1 << 20) as f64,
            shard_write_records: 1_000.0,
            shard_read_bytes: (2 << 20) as f64,
            shard_read_calls: 5.0,
            consumer_push_bytes: (2 << 20) as f64,
            consumers_per_stream: 20,
            shards_per_region: 500,
            scalings_per_day: 10,
            max_record_bytes: 1 << 20,
            max_put_records: 500,
            max_put_records_bytes: 5 << 20,
            max_get_records: 10_000,
            max_get_records_bytes: 10 << 20,
            iterator_lifetime: Duration::from_secs(300),
            next_token_lifetime: Duration::from_secs(300),
            subscription_lifetime: Duration::from_secs(300),
            default_retention_hours: 24,
            min_retention_hours: 24,
            max_retention_hours: 8_760,
            on_demand_shards: 4,
        }
    }
}

#[derive(Clone)]
pub struct KinesisConfig {
    pub dir: PathBuf,
    pub fs: Arc<dyn Fs>,
    /// Arrival timestamps, retention, iterator lifetimes and token buckets
    /// all read this clock.
    pub clock: Arc<dyn Clock>,
    /// Options of every shard's log and of the stream catalog.
    pub log: LogOptions,
    pub limits: Limits,
    /// How often a background pass trims expired records and drops expired
    /// shards (None: never; call `KinesisEngine::enforce_retention`).
    pub maintenance: Option<Duration>,
    /// The account every stream belongs to, as it appears in ARNs.
    pub account_id: String,
}

impl KinesisConfig {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        KinesisConfig {
            dir: dir.into(),
            fs: Arc::new(RealFs),
            clock: Arc::new(SystemClock),
            log: LogOptions {
                // A record is at most 1 MiB of data and key plus a small header.
                max_record_bytes: 2 << 20,
                ..LogOptions::default()
            },
            limits: Limits::default(),
            maintenance: Some(Duration::from_secs(1)),
            account_id: "123456789012".into(),
        }
    }

    pub fn fsync(mut self, p: FsyncPolicy) -> Self {
        self.log.fsync = p;
        self
    }
}
