use std::path::PathBuf;
use std::sync::Arc;

use labcloud_core::{Clock, Fs, FsyncPolicy, LogOptions, RealFs, SystemClock};

/// Published S3 limits the engine models. Request-rate ceilings can be switched
/// off (`enforce_rates = false`) to measure the raw engine; size rules always hold.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Apply the request-rate ceilings below (503 SlowDown beyond them).
    pub enforce_rates: bool,
    /// PUT/COPY/POST/DELETE requests per second per bucket partition.
    pub write_rps: f64,
    /// GET/HEAD/LIST requests per second per bucket partition.
    pub read_rps: f64,
    /// Largest body of a single PutObject (5 GiB).
    pub max_put_bytes: u64,
    /// Smallest part of a multipart upload, except the last (5 MiB).
    pub min_part_bytes: u64,
    /// Largest part of a multipart upload (5 GiB).
    pub max_part_bytes: u64,
    /// Part numbers run from 1 to this (10,000).
    pub max_parts: i32,
    /// DeleteObjects takes at most this many keys (1,000).
    pub max_delete_keys: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            enforce_rates: true,
            write_rps: 3_500.0,
            read_rps: 5_500.0,
            max_put_bytes: 5 << 30,
            min_part_bytes: 5 << 20,
            max_part_bytes: 5 << 30,
            max_parts: 10_000,
            max_delete_keys: 1_000,
        }
    }
}

#[derive(Clone)]
pub struct S3Config {
    pub dir: PathBuf,
    pub fs: Arc<dyn Fs>,
    pub clock: Arc<dyn Clock>,
    pub log: LogOptions,
    /// Bodies up to this size are stored inline in the log record; larger
    /// ones go to a blob file of their own.
    pub inline_max: u64,
    pub limits: Limits,
    /// How often a background pass reclaims disk space (None: never; call
    /// `S3Engine::compact` yourself).
    pub maintenance: Option<std::time::Duration>,
    /// The canonical id and display name of the account owning everything.
    pub owner_id: String,
    pub owner_name: String,
}

impl S3Config {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        S3Config {
            dir: dir.into(),
            fs: Arc::new(RealFs),
            clock: Arc::new(SystemClock),
            log: LogOptions::default(),
            inline_max: 1 << 20,
            limits: Limits::default(),
            maintenance: Some(std::time::Duration::from_secs(5)),
            owner_id: "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a".into(),
            owner_name: "labcloud".into(),
        }
    }

    pub fn fsync(mut self, p: FsyncPolicy) -> Self {
        self.log.fsync = p;
        self
    }
}
