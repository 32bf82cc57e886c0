//! Every engine of a node, opened on one data directory.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use labcloud_cache::{CacheConfig, CacheEngine};
use labcloud_core::{Clock, FsyncPolicy, SystemClock};
use labcloud_kinesis::{KinesisConfig, KinesisEngine, KinesisError};
use labcloud_s3::{S3Config, S3Engine, S3Error};

/// How a node's engines store data, which limits they enforce, and which
/// clock they read.
#[derive(Clone)]
pub struct EngineOptions {
    pub fsync: FsyncPolicy,
    /// Enforce the published AWS rate limits (off: measure the raw engine).
    pub enforce_limits: bool,
    /// Every engine reads time from here: wall-clock time, or a
    /// `ManualClock` for experiments and tests on virtual time.
    pub clock: Arc<dyn Clock>,
    /// The address the cache's RESP endpoints listen on and report.
    pub resp_host: String,
}

impl Default for EngineOptions {
    fn default() -> Self {
        EngineOptions {
            fsync: FsyncPolicy::Always,
            enforce_limits: true,
            clock: Arc::new(SystemClock),
            resp_host: "127.0.0.1".into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("cannot open the S3 engine: {0}")]
    S3(#[from] S3Error),
    #[error("cannot open the Kinesis engine: {0}")]
    Kinesis(#[from] KinesisError),
}

impl OpenError {
    /// The data directory is held by another process (or another cloud in this one).
    pub fn is_locked(&self) -> bool {
        matches!(self, OpenError::S3(S3Error::Internal(labcloud_core::CoreError::Locked { .. })))
    }
}

pub struct Engines {
    pub data_dir: PathBuf,
    pub s3: Arc<S3Engine>,
    pub kinesis: Arc<KinesisEngine>,
    /// The ElastiCache engine: in memory only, so it needs no directory.
    pub cache: Arc<CacheEngine>,
}

impl Engines {
    pub fn open(data_dir: &Path, opts: &EngineOptions) -> Result<Arc<Engines>, OpenError> {
        let mut s3 = S3Config::new(data_dir.join("s3")).fsync(opts.fsync);
        s3.limits.enforce_rates = opts.enforce_limits;
        s3.clock = opts.clock.clone();
        let mut kinesis = KinesisConfig::new(data_dir.join("kinesis")).fsync(opts.fsync);
        kinesis.limits.enforce = opts.enforce_limits;
        kinesis.clock = opts.clock.clone();
        let s3 = S3Engine::open(s3)?;
        let kinesis = match KinesisEngine::open(kinesis) {
            Ok(k) => k,
            Err(e) => {
                s3.close();
                return Err(e.into());
            }
        };
        Ok(Arc::new(Engines {
            data_dir: data_dir.to_path_buf(),
            s3,
            kinesis,
            cache: CacheEngine::open(
                CacheConfig { clock: opts.clock.clone(), host: opts.resp_host.clone() },
                Arc::new(crate::resp::RespFront),
            ),
        }))
    }

    /// Checkpoints and stops every engine; acknowledged writes are on disk.
    pub fn close(&self) {
        self.s3.close();
        self.kinesis.close();
        self.cache.close();
    }
}
