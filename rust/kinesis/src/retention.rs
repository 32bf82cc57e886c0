//! Retention on the engine clock. Reads already skip records older than the
//! retention period; this pass reclaims their space, whole segments at a
//! time (a trim record tells the shard's state to forget them, then the log
//! deletes them), and drops closed shards once all their records expired.

use std::sync::{Arc, Weak};
use std::time::Duration;

use bytes::Bytes;
use labcloud_core::block_on;

use crate::catalog::{Expire, Op};
use crate::engine::{KinesisEngine, retention_ms};
use crate::error::Result;
use crate::shard_log;
use crate::stream::ShardHandle;

/// What one retention pass did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RetentionReport {
    pub segments_deleted: u64,
    pub shards_expired: u64,
}

pub fn spawn_maintenance(engine: &Arc<KinesisEngine>, every: Duration) {
    let weak: Weak<KinesisEngine> = Arc::downgrade(engine);
    let _ = std::thread::Builder::new().name("kinesis-retention".into()).spawn(move || {
        loop {
            std::thread::sleep(every);
            let Some(e) = weak.upgrade() else { return };
            // A closed engine refuses the pass; the next upgrade fails once
            // it is dropped.
            let _ = e.enforce_retention();
        }
    });
}

/// Trims one shard's expired segments; returns how many were deleted.
fn trim_shard(shard: &ShardHandle, horizon_ms: i64) -> Result<u64> {
    if shard.part.read().newest_segment_expired(horizon_ms) {
        // Nothing newer will come soon enough to seal it: seal it now.
        block_on(shard.part.seal_segment())?;
    }
    let active = shard.part.segments().last().map_or(0, |(id, _)| *id);
    let Some(below) = shard.part.read().expired_below(horizon_ms, active) else {
        return Ok(0);
    };
    block_on(shard.part.submit(shard_log::trim_header(below), Bytes::new()))?;
    Ok(block_on(shard.part.drop_segments_below(below))? as u64)
}

impl KinesisEngine {
    /// Deletes the segments whose records have all expired and the closed
    /// shards whose records have all expired. Runs in the background every
    /// `maintenance` interval; tests call it directly.
    pub fn enforce_retention(&self) -> Result<RetentionReport> {
        let mut report = RetentionReport::default();
        let now = self.now_ms();
        let streams: Vec<(u64, i64)> = self
            .catalog
            .read()
            .streams
            .values()
            .map(|m| (m.id, retention_ms(m)))
            .collect();
        for (id, retention) in streams {
            let Ok(stream) = self.handle(id) else { continue };
            for shard in stream.all_shards() {
                report.segments_deleted += trim_shard(&shard, now - retention)?;
            }
            report.shards_expired += self.expire_shards(id)?;
        }
        Ok(report)
    }

    fn expire_shards(&self, id: u64) -> Result<u64> {
        let _control = block_on(self.control.lock());
        let now = self.now_ms();
        let Ok(meta) = self.meta(id) else { return Ok(0) };
        let expired: Vec<u32> = meta.shards.values().filter(|s| self.expired(&meta, s, now)).map(|s| s.index).collect();
        if expired.is_empty() {
            return Ok(0);
        }
        block_on(self.log(Op::Expire(Expire {
            stream: id,
            shards: expired.clone(),
        })))?
        .ok();
        let stream = self.handle(id)?;
        for i in &expired {
            let gone = stream.shards.write().unwrap().remove(i);
            if let Some(h) = gone {
                h.part.close();
                let _ = self.cfg.fs.remove_dir_all(&h.dir);
            }
        }
        Ok(expired.len() as u64)
    }
}
