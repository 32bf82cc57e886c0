//! The Kinesis engine: the stream catalog and the open streams. The calls
//! themselves live beside it, one module per concern (control.rs, writes.rs,
//! reads.rs, reshard.rs, listing.rs, consumers.rs, subscribe.rs,
//! retention.rs), each an `impl KinesisEngine` block.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use bytes::Bytes;
use labcloud_core::{CoreError, DirLock, Partition, Timestamp, block_on};
use prost::Message;

use crate::catalog::{Catalog, CatalogOp, Conflict, Op, ShardMeta, StreamMeta};
use crate::config::KinesisConfig;
use crate::error::{KinesisError, Result};
use crate::stream::{ShardHandle, StreamHandle, shard_dir};
use crate::types::StreamRef;
use crate::{keys, validate};

/// The region of a call that names none.
pub const DEFAULT_REGION: &str = "us-east-1";

pub struct KinesisEngine {
    pub(crate) cfg: KinesisConfig,
    /// Released by `close`, so a stopped engine whose last references are
    /// still being dropped does not keep its directory from being reopened.
    lock: Mutex<Option<DirLock>>,
    pub(crate) catalog: Partition<Catalog>,
    pub(crate) streams: RwLock<BTreeMap<u64, Arc<StreamHandle>>>,
    /// Serializes control-plane changes, which are rare: each checks the
    /// catalog, then logs its change, with no other change in between.
    pub(crate) control: tokio::sync::Mutex<()>,
    /// The key that signs iterators and page tokens.
    pub(crate) secret: Vec<u8>,
    pub(crate) leases: Mutex<Leases>,
    /// Set when the engine stops: subscriptions end at their next poll.
    pub(crate) stopping: AtomicBool,
}

/// (stream, consumer name, shard) of a subscription.
pub(crate) type LeaseKey = (u64, String, u32);

/// Active enhanced fan-out subscriptions: key -> (lease, when it started,
/// engine milliseconds), so a newer subscription can take over.
pub(crate) type Leases = HashMap<LeaseKey, (u64, i64)>;

/// A stream the call named, resolved against the catalog.
pub(crate) struct Resolved {
    pub id: u64,
    pub region: String,
    pub name: String,
}

impl KinesisEngine {
    /// Opens the engine stored under `cfg.dir`, recovering every stream.
    pub fn open(cfg: KinesisConfig) -> Result<Arc<KinesisEngine>> {
        let lock = DirLock::acquire(&cfg.dir)?;
        let catalog = Partition::open(cfg.fs.clone(), &cfg.dir.join("catalog"), cfg.log.clone(), Catalog::restore)?;
        if catalog.read().secret.is_empty() {
            let secret = [fastrand::u64(..).to_le_bytes(), fastrand::u64(..).to_le_bytes()].concat();
            let op = CatalogOp::from(Op::Init(secret)).encode_to_vec();
            block_on(catalog.submit(op, Bytes::new()))?.ok();
        }
        let streams_dir = cfg.dir.join("streams");
        cfg.fs
            .create_dir_all(&streams_dir)
            .map_err(|e| CoreError::io("create stream directory", &streams_dir, e))?;
        let metas: Vec<StreamMeta> = catalog.read().streams.values().cloned().collect();
        let secret = catalog.read().secret.clone();
        let mut streams = BTreeMap::new();
        for m in &metas {
            let dir = streams_dir.join(m.id.to_string());
            remove_unnamed(&cfg, &dir.join("shards"), m.shards.keys().map(|i| format!("{i:012}")).collect());
            let h = StreamHandle::open(&cfg, dir, m)?;
            reconcile(&h, m)?;
            streams.insert(m.id, Arc::new(h));
        }
        // Directories the catalog does not name belong to streams whose
        // creation or deletion a crash interrupted.
        remove_unnamed(&cfg, &streams_dir, metas.iter().map(|m| m.id.to_string()).collect());
        let engine = Arc::new(KinesisEngine {
            cfg,
            lock: Mutex::new(Some(lock)),
            catalog,
            streams: RwLock::new(streams),
            control: tokio::sync::Mutex::new(()),
            secret,
            leases: Mutex::new(HashMap::new()),
            stopping: AtomicBool::new(false),
        });
        if let Some(every) = engine.cfg.maintenance {
            crate::retention::spawn_maintenance(&engine, every);
        }
        Ok(engine)
    }

    pub fn config(&self) -> &KinesisConfig {
        &self.cfg
    }

    pub(crate) fn now(&self) -> Timestamp {
        self.cfg.clock.now()
    }

    pub(crate) fn now_ms(&self) -> i64 {
        self.now().as_millis()
    }

    pub(crate) fn account(&self) -> &str {
        &self.cfg.account_id
    }

    pub(crate) fn stream_arn(&self, region: &str, name: &str) -> String {
        format!("arn:aws:kinesis:{region}:{}:stream/{name}", self.cfg.account_id)
    }

    /// Logs a catalog operation.
    pub(crate) async fn log(&self, op: Op) -> Result<Result<(), Conflict>> {
        let bytes = CatalogOp::from(op).encode_to_vec();
        Ok(self.catalog.submit(bytes, Bytes::new()).await?)
    }

    pub(crate) fn not_found(&self, name: &str) -> KinesisError {
        KinesisError::ResourceNotFound(format!("Stream {name} under account {} not found.", self.account()))
    }

    /// The stream a call names by StreamName (in the call's region) or
    /// StreamARN.
    pub(crate) fn resolve(&self, region: &str, r: &StreamRef) -> Result<Resolved> {
        let region = if region.is_empty() { DEFAULT_REGION } else { region };
        let (region, name) = if !r.arn.is_empty() {
            let (arn, rest) = validate::split_arn(&r.arn, "streamARN")?;
            if !rest.is_empty() {
                return Err(KinesisError::invalid(format!("{} is not a stream ARN.", r.arn)));
            }
            if !r.name.is_empty() && r.name != arn.name {
                return Err(KinesisError::invalid(format!(
                    "StreamARN {} and StreamName {} name different streams.",
                    r.arn, r.name
                )));
            }
            if arn.account != self.account() {
                return Err(self.not_found(arn.name));
            }
            (arn.region.to_string(), arn.name.to_string())
        } else if !r.name.is_empty() {
            validate::name(&r.name, "streamName")?;
            (region.to_string(), r.name.clone())
        } else {
            return Err(KinesisError::invalid("Either StreamName or StreamARN must be provided."));
        };
        let id = self
            .catalog
            .read()
            .stream_named(&region, &name)
            .map(|m| m.id)
            .ok_or_else(|| self.not_found(&name))?;
        Ok(Resolved { id, region, name })
    }

    /// A copy of a stream's catalog entry.
    pub(crate) fn meta(&self, id: u64) -> Result<StreamMeta> {
        self.catalog
            .read()
            .streams
            .get(&id)
            .cloned()
            .ok_or_else(|| KinesisError::ResourceNotFound(format!("Stream under account {} not found.", self.account())))
    }

    pub(crate) fn handle(&self, id: u64) -> Result<Arc<StreamHandle>> {
        self.streams
            .read()
            .unwrap()
            .get(&id)
            .cloned()
            .ok_or_else(|| KinesisError::ResourceNotFound(format!("Stream under account {} not found.", self.account())))
    }

    /// Whether a shard has outlived retention: closed, and closed longer
    /// ago than the retention period (its every record has expired).
    pub(crate) fn expired(&self, meta: &StreamMeta, shard: &ShardMeta, now_ms: i64) -> bool {
        !shard.is_open() && shard.closed_ms + retention_ms(meta) <= now_ms
    }

    /// A shard of the stream named by `shard_id`, if it exists and has not
    /// expired.
    pub(crate) fn shard_of(&self, meta: &StreamMeta, shard_id: &str) -> Result<(ShardMeta, Arc<ShardHandle>)> {
        validate::name(shard_id, "shardId")?;
        let missing = || {
            KinesisError::ResourceNotFound(format!(
                "Shard {shard_id} in stream {} under account {} does not exist",
                meta.name,
                self.account()
            ))
        };
        let index = keys::shard_index(shard_id).ok_or_else(missing)?;
        let s = meta.shards.get(&index).ok_or_else(missing)?;
        if self.expired(meta, s, self.now_ms()) {
            return Err(missing());
        }
        let h = self.handle(meta.id)?.shard(index).ok_or_else(missing)?;
        Ok((s.clone(), h))
    }

    pub(crate) fn streams_dir(&self) -> std::path::PathBuf {
        self.cfg.dir.join("streams")
    }

    /// Ends every subscription (each sees the end of its stream at its next
    /// poll), as a stopping server must before it waits for calls to finish.
    pub fn stop_subscriptions(&self) {
        self.stopping.store(true, Ordering::SeqCst);
    }

    /// Checkpoints every shard and the catalog, stops their writers and
    /// releases the data directory; later calls fail. Idempotent.
    pub fn close(&self) {
        self.stop_subscriptions();
        for s in self.streams.read().unwrap().values() {
            s.close_all();
        }
        self.catalog.close();
        self.lock.lock().unwrap().take();
    }

    /// Stops every writer as a crash would (no final checkpoint). For tests.
    pub fn crash(&self) {
        for s in self.streams.read().unwrap().values() {
            s.crash_all();
        }
        self.catalog.crash();
        self.lock.lock().unwrap().take();
    }
}

impl Drop for KinesisEngine {
    fn drop(&mut self) {
        self.close();
    }
}

pub(crate) fn retention_ms(meta: &StreamMeta) -> i64 {
    meta.retention_hours as i64 * 3_600_000
}

/// Removes the entries of `dir` that are not in `keep`.
fn remove_unnamed(cfg: &KinesisConfig, dir: &std::path::Path, keep: Vec<String>) {
    for d in cfg.fs.read_dir(dir).unwrap_or_default() {
        if !keep.contains(&d) {
            let _ = cfg.fs.remove_dir_all(&dir.join(&d));
        }
    }
}

/// Makes the shards' logs agree with the catalog after a crash: a reshard
/// that closed its parents' logs but never committed is undone, and a close
/// the catalog holds but a shard's log lost (power failure with a relaxed
/// fsync policy) is written again.
fn reconcile(h: &StreamHandle, meta: &StreamMeta) -> Result<()> {
    for s in meta.shards.values() {
        let Some(shard) = h.shard(s.index) else { continue };
        let log_closed = shard.part.read().closed_lsn.is_some();
        match (s.is_open(), log_closed) {
            (true, true) => shard.reopen_log()?,
            (false, false) => {
                block_on(shard.close_log(s.closed_ms))?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Opens (creating it empty) the log of a new shard.
pub(crate) fn open_new_shard(cfg: &KinesisConfig, stream_dir: &std::path::Path, index: u32) -> Result<ShardHandle> {
    let dir = shard_dir(stream_dir, index);
    let _ = cfg.fs.remove_dir_all(&dir);
    ShardHandle::open(cfg, dir, index)
}
