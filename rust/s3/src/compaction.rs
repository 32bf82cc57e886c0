//! Space reclamation. Dead inline bodies are reclaimed when checkpoints delete
//! the segments holding them, dead blobs at the checkpoint after they died;
//! a segment that still holds a few live bodies is freed by relocating those
//! bodies to the head of the log first.

use std::collections::BTreeSet;
use std::sync::{Arc, Weak};
use std::time::Duration;

use labcloud_core::BodyRef;
use prost::Message;

use crate::bucket::Bucket;
use crate::engine::S3Engine;
use crate::error::Result;
use crate::record::{self, op::Kind};

/// What one compaction pass did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CompactionReport {
    pub relocated_bodies: u64,
    pub relocated_bytes: u64,
    pub buckets_checkpointed: u64,
}

/// Sealed segments with live bytes below this fraction are emptied.
const RELOCATE_BELOW: f64 = 0.5;
/// Reclaimable bytes (dead segments, dead blobs) that make a pass worthwhile.
pub const RECLAIM_THRESHOLD: u64 = 64 << 20;

struct Owner {
    key: String,
    version_id: String,
    upload_id: String,
    part_number: i32,
    extent: record::Extent,
}

/// Sealed segments whose few live bodies are worth moving, and the bytes a
/// checkpoint would free.
fn survey(b: &Bucket) -> (BTreeSet<u64>, u64) {
    let segs = b.part.segments();
    let current = segs.iter().map(|(id, _)| *id).max().unwrap_or(0);
    let st = b.part.read();
    let live = st.segment_live_bytes();
    let mut sparse = BTreeSet::new();
    let mut reclaimable = st.doomed_bytes;
    for (id, size) in segs.into_iter().filter(|(id, _)| *id < current) {
        let l = live.get(&id).copied().unwrap_or(0);
        reclaimable += size - l.min(size);
        if l > 0 && (l as f64) < size as f64 * RELOCATE_BELOW {
            sparse.insert(id);
        }
    }
    (sparse, reclaimable)
}

fn owners_in(b: &Bucket, segments: &BTreeSet<u64>) -> Vec<Owner> {
    let st = b.part.read();
    let in_sparse = |e: &&record::Extent| e.blob == 0 && segments.contains(&e.segment);
    let mut out = Vec::new();
    for (key, versions) in &st.objects {
        for v in versions {
            for e in v.data.iter().flat_map(|d| d.extents.iter()).filter(in_sparse) {
                out.push(Owner {
                    key: key.clone(),
                    version_id: v.version_id.clone(),
                    upload_id: String::new(),
                    part_number: 0,
                    extent: *e,
                });
            }
        }
    }
    for u in st.uploads.values() {
        for p in u.parts.values() {
            for e in p.extents.iter().filter(in_sparse) {
                out.push(Owner {
                    key: u.key.clone(),
                    version_id: String::new(),
                    upload_id: u.upload_id.clone(),
                    part_number: p.part_number,
                    extent: *e,
                });
            }
        }
    }
    out
}

async fn compact_bucket(b: &Bucket, force: bool, report: &mut CompactionReport) -> Result<()> {
    let (sparse, reclaimable) = survey(b);
    if !force && reclaimable < RECLAIM_THRESHOLD {
        return Ok(());
    }
    for o in owners_in(b, &sparse) {
        let r = BodyRef {
            segment: o.extent.segment,
            offset: o.extent.offset,
            len: o.extent.len,
        };
        let mut buf = vec![0u8; r.len as usize];
        b.part.read_body(&r, &mut buf, 0)?;
        let op = record::RelocateOp {
            key: o.key,
            version_id: o.version_id,
            upload_id: o.upload_id,
            part_number: o.part_number,
            old_segment: r.segment,
            old_offset: r.offset,
        };
        let header = record::Op::from(Kind::Relocate(op)).encode_to_vec();
        b.part.submit(header, buf.into()).await??;
        report.relocated_bodies += 1;
        report.relocated_bytes += r.len;
    }
    // Segments go behind the older of the two kept checkpoints: take two.
    b.part.checkpoint().await?;
    b.part.checkpoint().await?;
    report.buckets_checkpointed += 1;
    Ok(())
}

impl S3Engine {
    /// Reclaims disk space in every bucket. Without `force`, only buckets
    /// with at least 64 MiB to gain are touched.
    pub async fn compact(&self, force: bool) -> Result<CompactionReport> {
        let mut report = CompactionReport::default();
        for b in self.buckets() {
            if b.part.poisoned().is_none() {
                compact_bucket(&b, force, &mut report).await?;
            }
        }
        Ok(report)
    }
}

/// Runs [`S3Engine::compact`] every `every` until the engine is dropped.
pub fn spawn_maintenance(engine: &Arc<S3Engine>, every: Duration) {
    let weak: Weak<S3Engine> = Arc::downgrade(engine);
    let _ = std::thread::Builder::new()
        .name("s3-maintenance".into())
        .spawn(move || {
            loop {
                std::thread::sleep(every);
                let Some(e) = weak.upgrade() else { return };
                let _ = labcloud_core::block_on(e.compact(false));
            }
        });
}
