//! An open stream: its shards' logs, the routing of hash keys to open
//! shards, and each shard's rate limits.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use labcloud_core::{Partition, Timestamp, TokenBucket, block_on};

use crate::catalog::StreamMeta;
use crate::config::{KinesisConfig, Limits};
use crate::error::Result;
use crate::keys;
use crate::shard_log::{self, ShardState};

/// A shard's token buckets, on the engine clock.
pub struct Rates {
    pub write_bytes: TokenBucket,
    pub write_records: TokenBucket,
    pub read_calls: TokenBucket,
    pub read_bytes: TokenBucket,
    /// Arrival stamp of the newest record submitted: stamps never go back,
    /// so arrival order is log order and AT_TIMESTAMP can seek.
    pub last_arrival_ms: i64,
}

impl Rates {
    fn new(l: &Limits, now: Timestamp, last_arrival_ms: i64) -> Rates {
        Rates {
            write_bytes: TokenBucket::new(l.shard_write_bytes, l.shard_write_bytes, now),
            write_records: TokenBucket::new(l.shard_write_records, l.shard_write_records, now),
            read_calls: TokenBucket::new(l.shard_read_calls, l.shard_read_calls, now),
            read_bytes: TokenBucket::new(l.shard_read_bytes, l.shard_read_bytes, now),
            last_arrival_ms,
        }
    }
}

pub struct ShardHandle {
    pub index: u32,
    pub id: String,
    pub dir: PathBuf,
    pub part: Partition<ShardState>,
    pub rates: Mutex<Rates>,
    /// Set from the moment the close record is submitted: nothing may be
    /// logged after it, since a reshard that then fails to commit reopens
    /// the log and would make such a record (refused at the time) visible.
    pub closed: AtomicBool,
}

impl ShardHandle {
    pub fn open(cfg: &KinesisConfig, dir: PathBuf, index: u32) -> Result<ShardHandle> {
        let part = Partition::open(cfg.fs.clone(), &dir, cfg.log.clone(), ShardState::restore)?;
        let (last, closed) = {
            let st = part.read();
            (st.last_arrival_ms, st.closed_lsn.is_some())
        };
        Ok(ShardHandle {
            index,
            id: keys::shard_id(index),
            dir,
            part,
            rates: Mutex::new(Rates::new(&cfg.limits, cfg.clock.now(), last)),
            closed: AtomicBool::new(closed),
        })
    }

    /// Closes the shard's log: no record after this one belongs to the
    /// shard. Resolves to the close record's LSN.
    pub async fn close_log(&self, at_ms: i64) -> Result<u64> {
        self.closed.store(true, Ordering::SeqCst);
        match self.part.submit(shard_log::close_header(at_ms), bytes::Bytes::new()).await? {
            shard_log::Applied::Closed(lsn) => Ok(lsn),
            other => unreachable!("a close record applies as Closed, not {other:?}"),
        }
    }

    pub fn reopen_log(&self) -> Result<()> {
        block_on(self.part.submit(shard_log::reopen_header(), bytes::Bytes::new()))?;
        self.closed.store(false, Ordering::SeqCst);
        Ok(())
    }
}

/// An open shard's hash key range.
pub struct Route {
    pub start: u128,
    pub end: u128,
    pub shard: Arc<ShardHandle>,
}

/// The open shards, ordered by hash key range: they cover the hash space.
#[derive(Default)]
pub struct Routing(pub Vec<Route>);

impl Routing {
    pub fn shard_for(&self, hash_key: u128) -> Option<&Arc<ShardHandle>> {
        let i = self.0.partition_point(|r| r.start <= hash_key);
        let r = self.0.get(i.checked_sub(1)?)?;
        (hash_key <= r.end).then_some(&r.shard)
    }
}

pub struct StreamHandle {
    pub dir: PathBuf,
    /// Every shard not yet expired, open or closed.
    pub shards: RwLock<BTreeMap<u32, Arc<ShardHandle>>>,
    /// Writers hold it shared while they route and submit; a reshard holds
    /// it exclusively from closing the parents to opening the children, so
    /// no record lands in a closed shard or in a child not yet committed.
    pub routing: tokio::sync::RwLock<Routing>,
}

pub fn shard_dir(stream_dir: &Path, index: u32) -> PathBuf {
    stream_dir.join("shards").join(format!("{index:012}"))
}

impl StreamHandle {
    /// Opens the logs of every shard the catalog names.
    pub fn open(cfg: &KinesisConfig, dir: PathBuf, meta: &StreamMeta) -> Result<StreamHandle> {
        let mut shards = BTreeMap::new();
        for s in meta.shards.values() {
            let h = ShardHandle::open(cfg, shard_dir(&dir, s.index), s.index)?;
            shards.insert(s.index, Arc::new(h));
        }
        let h = StreamHandle {
            dir,
            shards: RwLock::new(shards),
            routing: tokio::sync::RwLock::new(Routing::default()),
        };
        h.reroute(meta);
        Ok(h)
    }

    pub fn shard(&self, index: u32) -> Option<Arc<ShardHandle>> {
        self.shards.read().unwrap().get(&index).cloned()
    }

    pub fn all_shards(&self) -> Vec<Arc<ShardHandle>> {
        self.shards.read().unwrap().values().cloned().collect()
    }

    /// Rebuilds the routing from the catalog's open shards. Only called
    /// when nobody routes (at open, or holding the routing lock).
    pub fn routing_for(&self, meta: &StreamMeta) -> Routing {
        let shards = self.shards.read().unwrap();
        let mut routes: Vec<Route> = meta
            .open_shards()
            .filter_map(|s| {
                let (start, end) = s.range();
                Some(Route {
                    start,
                    end,
                    shard: shards.get(&s.index)?.clone(),
                })
            })
            .collect();
        routes.sort_by_key(|r| r.start);
        Routing(routes)
    }

    fn reroute(&self, meta: &StreamMeta) {
        let routing = self.routing_for(meta);
        *self.routing.try_write().expect("nobody routes while a stream opens") = routing;
    }

    pub fn close_all(&self) {
        for s in self.shards.read().unwrap().values() {
            s.part.close();
        }
    }

    pub fn crash_all(&self) {
        for s in self.shards.read().unwrap().values() {
            s.part.crash();
        }
    }
}
