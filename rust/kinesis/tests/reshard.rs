//! Resharding: splits, merges and uniform scaling close parents at an ending
//! sequence number, open children, and lose or duplicate nothing.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use common::*;
use labcloud_core::block_on;
use labcloud_kinesis::keys::SeqNo;
use labcloud_kinesis::*;

fn named(n: &str) -> StreamRef {
    StreamRef::named(n)
}

fn split(env: &Env, shard: &str, at: u128) -> Result<()> {
    block_on(env.engine.split_shard(REGION, &named("s"), shard, &at.to_string()))
}

fn merge(env: &Env, a: &str, b: &str) -> Result<()> {
    block_on(env.engine.merge_shards(REGION, &named("s"), a, b))
}

#[test]
fn a_split_closes_the_parent_and_its_readers_continue_into_the_children() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    env.create("s", 1);
    let before: Vec<Put> = (0..5).map(|i| env.put("s", &format!("k{i}"), b"before")).collect();
    let reader = env.iterator("s", "shardId-000000000000", "TRIM_HORIZON", "").unwrap();
    let mid = 1u128 << 127;
    split(&env, "shardId-000000000000", mid).unwrap();
    let shards = env.shards("s");
    assert_eq!(shards.len(), 3);
    let parent = &shards[0];
    let ending = SeqNo::parse(parent.ending_sequence_number.as_ref().unwrap(), "e").unwrap();
    assert!(before.iter().all(|p| SeqNo::parse(&p.sequence_number, "s").unwrap() < ending));
    assert_eq!(shards[1].hash_range, (0, mid - 1));
    assert_eq!(shards[2].hash_range, (mid, u128::MAX));
    for c in &shards[1..] {
        assert_eq!(c.parent_shard_id.as_deref(), Some("shardId-000000000000"));
        assert!(c.ending_sequence_number.is_none());
    }
    let after = env.put("s", "k0", b"after");
    assert_ne!(after.shard_id, parent.shard_id, "new records go to the children");
    assert!(after.sequence_number > before[0].sequence_number, "children's numbers are greater");
    // The iterator taken before the split reads the parent to its end...
    let (got, last) = env.drain(reader);
    assert_eq!(got.len(), 5);
    assert!(last.next_iterator.is_none(), "a closed shard read to its end has no next iterator");
    let children: Vec<_> = last.child_shards.iter().map(|c| c.shard_id.as_str()).collect();
    assert_eq!(children, ["shardId-000000000001", "shardId-000000000002"]);
    assert_eq!(last.child_shards[0].parent_shards, ["shardId-000000000000"]);
    // ...and the parent stays readable from its start.
    let again = env.iterator("s", "shardId-000000000000", "TRIM_HORIZON", "").unwrap();
    assert_eq!(env.drain(again).0.len(), 5);
    let at_end = env.iterator("s", "shardId-000000000000", "LATEST", "").unwrap();
    let r = env.engine.get_records(&at_end, None, "").unwrap();
    assert!(r.records.is_empty() && r.next_iterator.is_none() && r.child_shards.len() == 2);
}

#[test]
fn split_points_must_fall_strictly_inside_an_open_shard() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    env.create("s", 2);
    let (s0, e0) = env.shards("s")[0].hash_range;
    let code = |r: Result<()>| r.unwrap_err().code();
    assert_eq!(code(split(&env, "shardId-000000000000", s0 + 1)), "InvalidArgumentException");
    assert_eq!(code(split(&env, "shardId-000000000000", e0)), "InvalidArgumentException");
    assert_eq!(code(split(&env, "shardId-000000000000", e0 + 5)), "InvalidArgumentException");
    assert_eq!(code(split(&env, "shardId-000000000007", 100)), "ResourceNotFoundException");
    let e = block_on(env.engine.split_shard(REGION, &named("s"), "shardId-000000000000", "-3")).unwrap_err();
    assert_eq!(e.code(), "ValidationException");
    split(&env, "shardId-000000000000", s0 + 2).unwrap();
    assert_eq!(code(split(&env, "shardId-000000000000", 1 << 100)), "InvalidArgumentException", "already split");
}

#[test]
fn merges_take_two_adjacent_open_shards_into_one_with_both_as_parents() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    env.create("s", 3);
    let code = |r: Result<()>| r.unwrap_err().code();
    assert_eq!(code(merge(&env, "shardId-000000000000", "shardId-000000000002")), "InvalidArgumentException");
    assert_eq!(code(merge(&env, "shardId-000000000001", "shardId-000000000001")), "InvalidArgumentException");
    env.put("s", "k", b"x");
    merge(&env, "shardId-000000000002", "shardId-000000000001").unwrap();
    let shards = env.shards("s");
    let child = shards.last().unwrap();
    assert_eq!(child.shard_id, "shardId-000000000003");
    assert_eq!(child.parent_shard_id.as_deref(), Some("shardId-000000000002"));
    assert_eq!(child.adjacent_parent_shard_id.as_deref(), Some("shardId-000000000001"));
    assert_eq!(child.hash_range, (shards[1].hash_range.0, u128::MAX));
    assert!(shards[1].ending_sequence_number.is_some() && shards[2].ending_sequence_number.is_some());
    assert_eq!(code(merge(&env, "shardId-000000000000", "shardId-000000000001")), "InvalidArgumentException");
}

#[test]
fn uniform_scaling_reaches_equal_ranges_within_its_limits() {
    let d = tempfile::tempdir().unwrap();
    let env = open_with(d.path(), labcloud_core::ManualClock::new(start()), |c| c.limits.enforce = true);
    env.create("s", 2);
    let scale = |n| block_on(env.engine.update_shard_count(REGION, &named("s"), n, "UNIFORM_SCALING"));
    assert_eq!(scale(5).unwrap_err().code(), "LimitExceededException", "more than double");
    let u = scale(4).unwrap();
    assert_eq!((u.current, u.target), (2, 4));
    let u = scale(3).unwrap();
    assert_eq!((u.current, u.target), (4, 3));
    let open: Vec<(u128, u128)> =
        env.shards("s").iter().filter(|s| s.ending_sequence_number.is_none()).map(|s| s.hash_range).collect();
    assert_eq!(open, keys::uniform_ranges(3));
    for s in env.shards("s") {
        // Every shard names at most two parents, all of which exist.
        for p in [&s.parent_shard_id, &s.adjacent_parent_shard_id].into_iter().flatten() {
            assert!(env.shards("s").iter().any(|x| &x.shard_id == p));
        }
    }
    assert_eq!(scale(3).unwrap().current, 3, "the same count is a no-op");
    let e = block_on(env.engine.update_shard_count(REGION, &named("s"), 4, "LOPSIDED")).unwrap_err();
    assert_eq!(e.code(), "ValidationException");
    for n in [4, 3, 4, 3, 4, 3, 4, 3] {
        scale(n).unwrap();
    }
    assert_eq!(scale(4).unwrap_err().code(), "LimitExceededException", "the 11th scaling in a day");
    env.advance(std::time::Duration::from_secs(86_401));
    scale(4).unwrap();
}

/// A consumer as KCL runs one: reads every shard, and a child only once
/// its parents are read to their end.
struct Follower {
    iterators: BTreeMap<String, String>,
    finished: BTreeSet<String>,
    waiting: BTreeMap<String, Vec<String>>,
    got: Vec<Record>,
}

impl Follower {
    fn new(env: &Env) -> Follower {
        let mut f = Follower { iterators: BTreeMap::new(), finished: BTreeSet::new(), waiting: BTreeMap::new(), got: vec![] };
        for s in env.shards("s") {
            if s.parent_shard_id.is_none() {
                f.iterators.insert(s.shard_id.clone(), env.iterator("s", &s.shard_id, "TRIM_HORIZON", "").unwrap());
            }
        }
        f
    }

    /// One pass over the shards being read; returns how many records came.
    fn pass(&mut self, env: &Env) -> usize {
        let mut n = 0;
        for (shard, it) in std::mem::take(&mut self.iterators) {
            let r = env.engine.get_records(&it, None, "").unwrap();
            n += r.records.len();
            self.got.extend(r.records);
            match r.next_iterator {
                Some(next) => {
                    self.iterators.insert(shard, next);
                }
                None => {
                    self.finished.insert(shard);
                    for c in r.child_shards {
                        self.waiting.insert(c.shard_id, c.parent_shards);
                    }
                }
            }
        }
        let ready: Vec<String> = self
            .waiting
            .iter()
            .filter(|(_, parents)| parents.iter().all(|p| self.finished.contains(p)))
            .map(|(c, _)| c.clone())
            .collect();
        for c in ready {
            self.waiting.remove(&c);
            self.iterators.insert(c.clone(), env.iterator("s", &c, "TRIM_HORIZON", "").unwrap());
        }
        n
    }
}

#[test]
fn a_reader_following_parents_to_children_gets_every_record_once_in_key_order_while_writes_go_on() {
    let d = tempfile::tempdir().unwrap();
    let env = Arc::new(open(d.path()));
    env.create("s", 1);
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (env, stop) = (env.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut acked: Vec<(String, u64)> = vec![];
            let mut next: BTreeMap<String, u64> = BTreeMap::new();
            while !stop.load(Ordering::Relaxed) {
                let batch: Vec<(String, u64)> = (0..20)
                    .map(|i| {
                        let key = format!("key-{}", (acked.len() + i) % 13);
                        let n = *next.entry(key.clone()).and_modify(|n| *n += 1).or_insert(0);
                        (key, n)
                    })
                    .collect();
                let entries = batch.iter().map(|(k, n)| entry(k, n.to_string().as_bytes())).collect();
                for (o, kn) in env.put_many("s", entries).into_iter().zip(batch) {
                    assert!(matches!(o, PutOutcome::Stored(_)), "{o:?}");
                    acked.push(kn);
                }
            }
            acked
        })
    };
    let mut follower = Follower::new(&env);
    // Open shards in hash key order: neighbours are adjacent.
    let open_ids = |env: &Env| -> Vec<(String, (u128, u128))> {
        let mut open: Vec<_> =
            env.shards("s").into_iter().filter(|s| s.ending_sequence_number.is_none()).map(|s| (s.shard_id, s.hash_range)).collect();
        open.sort_by_key(|(_, r)| r.0);
        open
    };
    for round in 0..6 {
        for _ in 0..5 {
            follower.pass(&env);
        }
        let open = open_ids(&env);
        if round % 3 == 2 && open.len() >= 2 {
            merge(&env, &open[0].0, &open[1].0).unwrap();
        } else {
            let (id, (lo, hi)) = &open[open.len() - 1];
            split(&env, id, lo + (hi - lo) / 2).unwrap();
        }
        block_on(env.engine.update_shard_count(REGION, &named("s"), open_ids(&env).len() as i32 + 1, "UNIFORM_SCALING"))
            .unwrap();
    }
    stop.store(true, Ordering::Relaxed);
    let acked = writer.join().unwrap();
    while follower.pass(&env) > 0 || !follower.waiting.is_empty() {}
    assert_eq!(follower.got.len(), acked.len(), "every acknowledged record is read exactly once");
    let seqs: BTreeSet<(String, String)> =
        follower.got.iter().map(|r| (r.partition_key.clone(), r.sequence_number.clone())).collect();
    assert_eq!(seqs.len(), acked.len(), "no record is read twice");
    let mut per_key: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for r in &follower.got {
        per_key.entry(r.partition_key.clone()).or_default().push(std::str::from_utf8(&r.data).unwrap().parse().unwrap());
    }
    for (k, values) in per_key {
        let expect: Vec<u64> = (0..values.len() as u64).collect();
        assert_eq!(values, expect, "records of {k} come in the order they were written");
    }
    assert!(env.shards("s").len() > 10, "the stream went through many reshards");
}
