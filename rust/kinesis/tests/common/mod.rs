#![allow(dead_code)]

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use labcloud_core::{ManualClock, Timestamp, block_on};
use labcloud_kinesis::*;

pub const REGION: &str = "us-east-1";

/// An engine on virtual time, limits off unless a test turns them on, no
/// background retention pass (tests run it themselves).
pub struct Env {
    pub engine: Arc<KinesisEngine>,
    pub clock: Arc<ManualClock>,
}

pub fn start() -> Timestamp {
    Timestamp::from_millis(1_700_000_000_000)
}

pub fn config(dir: &Path, clock: &Arc<ManualClock>) -> KinesisConfig {
    let mut c = KinesisConfig::new(dir);
    c.maintenance = None;
    c.limits.enforce = false;
    c.clock = clock.clone();
    c
}

pub fn open(dir: &Path) -> Env {
    open_with(dir, ManualClock::new(start()), |_| {})
}

pub fn open_with(dir: &Path, clock: Arc<ManualClock>, f: impl FnOnce(&mut KinesisConfig)) -> Env {
    let mut c = config(dir, &clock);
    f(&mut c);
    Env {
        engine: KinesisEngine::open(c).unwrap(),
        clock,
    }
}

impl Env {
    pub fn advance(&self, d: Duration) {
        self.clock.advance(d);
    }

    pub fn create(&self, name: &str, shards: i32) {
        block_on(self.engine.create_stream(
            REGION,
            CreateStream {
                name: name.into(),
                shard_count: Some(shards),
                ..Default::default()
            },
        ))
        .unwrap();
    }

    pub fn put(&self, stream: &str, key: &str, data: &[u8]) -> Put {
        block_on(self.engine.put_record(REGION, &StreamRef::named(stream), entry(key, data), "")).unwrap()
    }

    pub fn put_many(&self, stream: &str, entries: Vec<PutEntry>) -> Vec<PutOutcome> {
        block_on(self.engine.put_records(REGION, &StreamRef::named(stream), entries)).unwrap()
    }

    pub fn iterator(&self, stream: &str, shard: &str, kind: &str, seq: &str) -> Result<String> {
        self.engine.get_shard_iterator(
            REGION,
            &GetShardIterator {
                stream: StreamRef::named(stream),
                shard_id: shard.into(),
                iterator_type: kind.into(),
                starting_sequence_number: seq.into(),
                timestamp: None,
            },
        )
    }

    /// Every record from the iterator on, following NextShardIterator until
    /// a call returns nothing (or the shard ends); the last response too.
    pub fn drain(&self, iterator: String) -> (Vec<Record>, Records) {
        let mut it = iterator;
        let mut out = vec![];
        loop {
            let r = self.engine.get_records(&it, None, "").unwrap();
            out.extend(r.records.iter().cloned());
            match &r.next_iterator {
                Some(next) if !r.records.is_empty() => it = next.clone(),
                _ => return (out, r),
            }
        }
    }

    pub fn shards(&self, stream: &str) -> Vec<Shard> {
        self.engine
            .list_shards(
                REGION,
                &ListShards {
                    stream: StreamRef::named(stream),
                    ..Default::default()
                },
            )
            .unwrap()
            .shards
    }
}

pub fn entry(key: &str, data: &[u8]) -> PutEntry {
    PutEntry {
        partition_key: key.into(),
        explicit_hash_key: None,
        data: Bytes::copy_from_slice(data),
    }
}

/// Deterministic bytes, so a test can recompute what it wrote.
pub fn body_for(seed: u64, len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| ((seed.wrapping_mul(0x9E37_79B9) ^ i as u64).wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect()
}

pub fn files_under(dir: &Path, ext: &str) -> Vec<std::path::PathBuf> {
    let mut out = vec![];
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p, ext));
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
    out.sort();
    out
}
