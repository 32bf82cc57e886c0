//! Crash recovery: every acknowledged record comes back at its sequence
//! number, nothing torn or duplicated is served, and a reshard a crash
//! interrupted is either whole or undone.

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;

use common::*;
use labcloud_core::fs::{Faults, FaultyFs};
use labcloud_core::{ManualClock, block_on};
use labcloud_kinesis::*;

/// Reads every record of every shard, keyed by sequence number.
fn everything(env: &Env, stream: &str) -> BTreeMap<String, Record> {
    let mut out = BTreeMap::new();
    for s in env.shards(stream) {
        let it = env.iterator(stream, &s.shard_id, "TRIM_HORIZON", "").unwrap();
        for r in env.drain(it).0 {
            assert!(out.insert(r.sequence_number.clone(), r).is_none(), "a record read twice");
        }
    }
    out
}

#[test]
fn acknowledged_records_survive_a_crash_at_their_sequence_numbers() {
    let d = tempfile::tempdir().unwrap();
    let env = Arc::new(open_with(d.path(), ManualClock::new(start()), |c| c.log.segment_bytes = 256 << 10));
    env.create("s", 3);
    let writers: Vec<_> = (0..4u64)
        .map(|t| {
            let env = env.clone();
            std::thread::spawn(move || {
                let mut acked = vec![];
                for b in 0..20u64 {
                    let seeds: Vec<u64> = (0..25).map(|i| t * 1_000_000 + b * 100 + i).collect();
                    let entries = seeds.iter().map(|s| entry(&format!("k{s}"), &body_for(*s, (*s % 5000) as usize))).collect();
                    for (o, seed) in env.put_many("s", entries).into_iter().zip(seeds) {
                        let PutOutcome::Stored(p) = o else { panic!("{o:?}") };
                        acked.push((p.sequence_number, seed));
                    }
                }
                acked
            })
        })
        .collect();
    let acked: Vec<(String, u64)> = writers.into_iter().flat_map(|w| w.join().unwrap()).collect();
    env.engine.crash();
    drop(env);
    let env = open(d.path());
    let found = everything(&env, "s");
    assert_eq!(found.len(), acked.len(), "nothing lost, nothing duplicated");
    for (seq, seed) in &acked {
        let r = &found[seq];
        assert_eq!(r.partition_key, format!("k{seed}"));
        assert_eq!(&r.data[..], &body_for(*seed, (*seed % 5000) as usize)[..], "{seq}");
    }
    let later = env.put("s", "k0", b"after the crash");
    let max = acked.iter().filter(|(s, _)| s[2..12] == later.sequence_number[2..12]).map(|(s, _)| s).max().unwrap();
    assert!(&later.sequence_number > max, "sequence numbers go on increasing after recovery");
}

#[test]
fn a_torn_tail_loses_only_the_record_being_written() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    env.create("s", 1);
    let puts: Vec<Put> = (0..20).map(|i| env.put("s", "k", &body_for(i, 1000))).collect();
    env.engine.crash();
    drop(env);
    let seg = files_under(&d.path().join("streams"), "seg").pop().unwrap();
    let len = std::fs::metadata(&seg).unwrap().len();
    std::fs::OpenOptions::new().write(true).open(&seg).unwrap().set_len(len - 300).unwrap();
    let env = open(d.path());
    let found = everything(&env, "s");
    assert_eq!(found.len(), 19);
    for (i, p) in puts[..19].iter().enumerate() {
        assert_eq!(&found[&p.sequence_number].data[..], &body_for(i as u64, 1000)[..]);
    }
    assert!(!found.contains_key(&puts[19].sequence_number));
    env.put("s", "k", b"the shard takes writes again");
    assert_eq!(everything(&env, "s").len(), 20);
}

#[test]
fn a_split_whose_catalog_write_failed_is_undone_at_the_next_open() {
    let d = tempfile::tempdir().unwrap();
    let faults = Faults::new();
    let fs = Arc::new(FaultyFs::new(faults.clone()));
    let env = open_with(d.path(), ManualClock::new(start()), |c| c.fs = fs);
    env.create("s", 1);
    let before: Vec<Put> = (0..5).map(|i| env.put("s", "k", &[i])).collect();
    faults.only_paths_containing("catalog");
    faults.set_space_left(0);
    let e = block_on(env.engine.split_shard(REGION, &StreamRef::named("s"), "shardId-000000000000", &(1u128 << 127).to_string()))
        .unwrap_err();
    assert_eq!(e.code(), "InternalFailure");
    // The parent's log was closed before the catalog failed: it takes no
    // more writes until a restart settles what happened.
    let out = env.put_many("s", vec![entry("k", b"refused")]);
    assert!(matches!(out[0], PutOutcome::Failed { code: "InternalFailure", .. }), "{out:?}");
    env.engine.crash();
    drop(env);
    let env = open(d.path());
    let shards = env.shards("s");
    assert_eq!(shards.len(), 1, "the split never committed");
    assert!(shards[0].ending_sequence_number.is_none(), "the parent is open again");
    let found = everything(&env, "s");
    assert!(before.iter().all(|p| found.contains_key(&p.sequence_number)));
    assert_eq!(found.len(), 5);
    assert_eq!(env.put("s", "k", b"x").shard_id, "shardId-000000000000");
    assert_eq!(files_under(&d.path().join("streams"), "seg").iter().filter(|p| p.to_string_lossy().contains("000000000001")).count(), 0);
}

#[test]
fn a_committed_reshard_survives_a_crash_whole() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    env.create("s", 2);
    (0..10).for_each(|i| _ = env.put("s", &format!("k{i}"), b"before"));
    block_on(env.engine.merge_shards(REGION, &StreamRef::named("s"), "shardId-000000000000", "shardId-000000000001")).unwrap();
    (0..10).for_each(|i| _ = env.put("s", &format!("k{i}"), b"after"));
    let shards_before = env.shards("s");
    env.engine.crash();
    drop(env);
    let env = open(d.path());
    assert_eq!(env.shards("s"), shards_before);
    let found = everything(&env, "s");
    assert_eq!(found.len(), 20);
    assert_eq!(env.put("s", "k", b"x").shard_id, "shardId-000000000002");
}
