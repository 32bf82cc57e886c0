//! What the engine clock drives: per-shard throttling at the published rates
//! and retention (logical at once, on disk by whole segments).

mod common;

use std::time::Duration;

use common::*;
use labcloud_core::{ManualClock, block_on};
use labcloud_kinesis::*;

const MIB: usize = 1 << 20;

fn limited(dir: &std::path::Path) -> Env {
    open_with(dir, ManualClock::new(start()), |c| c.limits.enforce = true)
}

fn throttled(o: &PutOutcome) -> bool {
    matches!(o, PutOutcome::Failed { code: "ProvisionedThroughputExceededException", .. })
}

#[test]
fn a_shard_takes_1000_records_a_second_and_refuses_the_rest_record_by_record() {
    let d = tempfile::tempdir().unwrap();
    let env = limited(d.path());
    env.create("s", 1);
    for _ in 0..2 {
        let out = env.put_many("s", (0..500).map(|i| entry(&format!("{i}"), b"x")).collect());
        assert!(out.iter().all(|o| matches!(o, PutOutcome::Stored(_))));
    }
    let out = env.put_many("s", (0..3).map(|i| entry(&format!("{i}"), b"x")).collect());
    assert!(out.iter().all(throttled), "the 1001st record within the second is refused");
    let e = block_on(env.engine.put_record(REGION, &StreamRef::named("s"), entry("k", b"x"), "")).unwrap_err();
    assert_eq!(e.code(), "ProvisionedThroughputExceededException");
    env.advance(Duration::from_millis(10));
    let out = env.put_many("s", (0..12).map(|i| entry(&format!("{i}"), b"x")).collect());
    assert_eq!(out.iter().filter(|o| !throttled(o)).count(), 10, "10 ms refill 10 records");
    env.advance(Duration::from_secs(1));
    let out = env.put_many("s", (0..500).map(|i| entry(&format!("{i}"), b"x")).collect());
    assert!(out.iter().all(|o| !throttled(o)));
}

#[test]
fn a_shard_takes_one_mib_a_second_counting_partition_keys() {
    let d = tempfile::tempdir().unwrap();
    let env = limited(d.path());
    env.create("s", 1);
    env.put("s", "k", &vec![0; MIB - 1]);
    let small = env.put_many("s", vec![entry("k", b"")]);
    assert!(throttled(&small[0]), "the bucket is empty after 1 MiB of data and key");
    env.advance(Duration::from_millis(500));
    // Half a second buys half a MiB: a big record fails, a smaller one after it fits.
    let out = env.put_many("s", vec![entry("k", &vec![0; MIB / 2 + 10]), entry("k", &vec![0; MIB / 2 - 1])]);
    assert!(throttled(&out[0]));
    assert!(matches!(out[1], PutOutcome::Stored(_)));
    // Other shards have budgets of their own.
    env.create("t", 2);
    let shards = env.shards("t");
    let to = |i: usize| {
        let mut e = entry("k", &vec![0; MIB - 1]);
        e.explicit_hash_key = Some(shards[i].hash_range.0.to_string());
        e
    };
    let out = env.put_many("t", vec![to(0), to(1)]);
    assert!(out.iter().all(|o| matches!(o, PutOutcome::Stored(_))));
}

#[test]
fn reads_take_five_calls_and_two_mib_a_second_and_a_big_read_is_paid_for_after() {
    let d = tempfile::tempdir().unwrap();
    let env = limited(d.path());
    env.create("s", 1);
    let it = env.iterator("s", "shardId-000000000000", "TRIM_HORIZON", "").unwrap();
    for _ in 0..5 {
        env.engine.get_records(&it, None, "").unwrap();
    }
    let e = env.engine.get_records(&it, None, "").unwrap_err();
    assert_eq!(e.code(), "ProvisionedThroughputExceededException");
    env.advance(Duration::from_millis(200));
    env.engine.get_records(&it, None, "").unwrap();
    // Ten 1 MiB records, written at the write limit.
    for _ in 0..10 {
        env.put("s", "k", &vec![7; MIB - 1]);
        env.advance(Duration::from_secs(1));
    }
    let it = env.iterator("s", "shardId-000000000000", "TRIM_HORIZON", "").unwrap();
    let r = env.engine.get_records(&it, None, "").unwrap();
    assert_eq!(r.records.len(), 10, "one call may return 10 MiB");
    // It leaves the shard 8 MiB in debt: 4 s at 2 MiB/s.
    let next = r.next_iterator.unwrap();
    env.advance(Duration::from_millis(3_900));
    assert_eq!(env.engine.get_records(&next, None, "").unwrap_err().code(), "ProvisionedThroughputExceededException");
    env.advance(Duration::from_millis(200));
    env.engine.get_records(&next, None, "").unwrap();
}

#[test]
fn with_limits_off_nothing_is_throttled() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    env.create("s", 1);
    for _ in 0..5 {
        let out = env.put_many("s", (0..500).map(|i| entry(&format!("{i}"), &[0; 1000])).collect());
        assert!(out.iter().all(|o| matches!(o, PutOutcome::Stored(_))));
    }
    let it = env.iterator("s", "shardId-000000000000", "TRIM_HORIZON", "").unwrap();
    for _ in 0..20 {
        env.engine.get_records(&it, Some(1), "").unwrap();
    }
}

fn small_segments(dir: &std::path::Path) -> Env {
    open_with(dir, ManualClock::new(start()), |c| c.log.segment_bytes = 64 << 10)
}

#[test]
fn records_past_retention_are_gone_from_reads_at_once_and_from_disk_by_segment() {
    let d = tempfile::tempdir().unwrap();
    let env = small_segments(d.path());
    env.create("s", 1);
    let shard = "shardId-000000000000";
    let old: Vec<Put> = (0..200).map(|i| env.put("s", "k", &body_for(i, 4000))).collect();
    env.advance(Duration::from_secs(23 * 3600));
    let young: Vec<Put> = (0..10).map(|i| env.put("s", "k", &body_for(1000 + i, 4000))).collect();
    let segments_before = files_under(d.path(), "seg").len();
    env.advance(Duration::from_secs(3600) + Duration::from_millis(1));
    // 24 h after the old records: reads no longer see them...
    let (got, _) = env.drain(env.iterator("s", shard, "TRIM_HORIZON", "").unwrap());
    assert_eq!(got.iter().map(|r| &r.sequence_number).collect::<Vec<_>>(), young.iter().map(|p| &p.sequence_number).collect::<Vec<_>>());
    let at_old = env.iterator("s", shard, "AT_SEQUENCE_NUMBER", &old[5].sequence_number).unwrap();
    assert_eq!(env.drain(at_old).0.len(), 10, "an iterator into trimmed records starts at the trim horizon");
    // ...and a retention pass deletes their segments.
    let report = env.engine.enforce_retention().unwrap();
    assert!(report.segments_deleted > 5, "{report:?}");
    let segments_after = files_under(d.path(), "seg").len();
    assert!(segments_after < segments_before - 5, "{segments_before} -> {segments_after}");
    assert_eq!(env.drain(env.iterator("s", shard, "TRIM_HORIZON", "").unwrap()).0.len(), 10);
    // A restart recovers the trimmed shard as it was.
    env.engine.crash();
    drop(env);
    let env = small_segments(d.path());
    env.advance(Duration::from_secs(24 * 3600 + 1));
    let (got, _) = env.drain(env.iterator("s", shard, "TRIM_HORIZON", "").unwrap());
    assert_eq!(got.len(), 10);
}

#[test]
fn a_shard_written_once_has_its_last_segment_sealed_so_it_can_go() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    env.create("s", 1);
    env.put("s", "k", &[1; 1000]);
    env.advance(Duration::from_secs(25 * 3600));
    let report = env.engine.enforce_retention().unwrap();
    assert_eq!(report.segments_deleted, 1);
    let again = env.engine.enforce_retention().unwrap();
    assert_eq!(again, RetentionReport::default(), "a second pass has nothing to do");
    assert!(env.drain(env.iterator("s", "shardId-000000000000", "TRIM_HORIZON", "").unwrap()).0.is_empty());
    env.put("s", "k", b"later");
    assert_eq!(env.drain(env.iterator("s", "shardId-000000000000", "TRIM_HORIZON", "").unwrap()).0.len(), 1);
}

#[test]
fn a_closed_shard_outlives_its_close_by_the_retention_period_then_is_dropped() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    env.create("s", 1);
    env.put("s", "k", b"in the parent");
    block_on(env.engine.split_shard(REGION, &StreamRef::named("s"), "shardId-000000000000", &(1u128 << 127).to_string())).unwrap();
    env.advance(Duration::from_secs(24 * 3600 - 1));
    assert_eq!(env.shards("s").len(), 3);
    env.iterator("s", "shardId-000000000000", "TRIM_HORIZON", "").unwrap();
    env.advance(Duration::from_secs(1));
    let ids: Vec<String> = env.shards("s").into_iter().map(|s| s.shard_id).collect();
    assert_eq!(ids, ["shardId-000000000001", "shardId-000000000002"]);
    assert_eq!(
        env.iterator("s", "shardId-000000000000", "TRIM_HORIZON", "").unwrap_err().code(),
        "ResourceNotFoundException"
    );
    let dirs = || std::fs::read_dir(d.path().join("streams/1/shards")).unwrap().count();
    assert_eq!(dirs(), 3);
    assert_eq!(env.engine.enforce_retention().unwrap().shards_expired, 1);
    assert_eq!(dirs(), 2, "the parent's log is deleted");
    // The children still name it as their parent, as in AWS.
    assert_eq!(env.shards("s")[0].parent_shard_id.as_deref(), Some("shardId-000000000000"));
}

#[test]
fn the_background_pass_trims_on_its_own() {
    let d = tempfile::tempdir().unwrap();
    let clock = ManualClock::new(start());
    let env = open_with(d.path(), clock, |c| c.maintenance = Some(Duration::from_millis(20)));
    env.create("s", 1);
    env.put("s", "k", &[1; 1000]);
    let first = d.path().join("streams/1/shards/000000000000/log/000000000000.seg");
    assert!(first.exists());
    env.advance(Duration::from_secs(25 * 3600));
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while first.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!first.exists(), "the expired segment was deleted in the background");
}
