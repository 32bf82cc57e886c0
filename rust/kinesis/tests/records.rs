//! Putting and reading records: routing, sequence numbers, iterator types,
//! iterator lifetimes, page limits.

mod common;

use std::time::Duration;

use bytes::Bytes;
use common::*;
use labcloud_core::{Clock, Timestamp};
use labcloud_kinesis::keys::{SeqNo, hash_key_of};
use labcloud_kinesis::*;

#[test]
fn records_come_back_in_order_with_strictly_increasing_sequence_numbers_naming_their_shard() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    env.create("s", 1);
    let puts: Vec<Put> = (0..50).map(|i| env.put("s", &format!("k{}", i % 7), &body_for(i, 100))).collect();
    for w in puts.windows(2) {
        assert!(w[1].sequence_number > w[0].sequence_number);
    }
    for p in &puts {
        assert_eq!(p.shard_id, "shardId-000000000000");
        assert_eq!(SeqNo::parse(&p.sequence_number, "s").unwrap().shard, 0);
    }
    let it = env.iterator("s", "shardId-000000000000", "TRIM_HORIZON", "").unwrap();
    let (got, last) = env.drain(it);
    assert_eq!(got.len(), 50);
    for (i, r) in got.iter().enumerate() {
        assert_eq!(r.sequence_number, puts[i].sequence_number);
        assert_eq!(r.data, Bytes::from(body_for(i as u64, 100)));
        assert_eq!(r.partition_key, format!("k{}", i % 7));
        assert_eq!(r.arrival, Timestamp::from_millis(start().as_millis()));
    }
    assert!(last.next_iterator.is_some(), "an open shard always has a next iterator");
    assert_eq!(last.millis_behind_latest, 0);
}

#[test]
fn partition_keys_route_by_md5_and_explicit_hash_keys_override_them() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    env.create("s", 4);
    let shards = env.shards("s");
    let owner = |h: u128| shards.iter().find(|s| s.hash_range.0 <= h && h <= s.hash_range.1).unwrap().shard_id.clone();
    for i in 0..40 {
        let key = format!("key-{i}");
        assert_eq!(env.put("s", &key, b"x").shard_id, owner(hash_key_of(&key)), "{key}");
    }
    let mut e = entry("anything", b"x");
    e.explicit_hash_key = Some(shards[2].hash_range.0.to_string());
    let p = labcloud_core::block_on(env.engine.put_record(REGION, &StreamRef::named("s"), e, "")).unwrap();
    assert_eq!(p.shard_id, shards[2].shard_id);
}

#[test]
fn after_sequence_number_excludes_the_record_and_at_includes_it() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    env.create("s", 1);
    let puts: Vec<Put> = (0..10).map(|i| env.put("s", "k", &[i])).collect();
    let shard = "shardId-000000000000";
    let at = env.iterator("s", shard, "AT_SEQUENCE_NUMBER", &puts[4].sequence_number).unwrap();
    let after = env.iterator("s", shard, "AFTER_SEQUENCE_NUMBER", &puts[4].sequence_number).unwrap();
    let first = |it: String| env.engine.get_records(&it, Some(1), "").unwrap().records[0].data.clone();
    assert_eq!(first(at), Bytes::from_static(&[4]));
    assert_eq!(first(after), Bytes::from_static(&[5]));
    let last = env.iterator("s", shard, "AFTER_SEQUENCE_NUMBER", &puts[9].sequence_number).unwrap();
    assert!(env.engine.get_records(&last, None, "").unwrap().records.is_empty());
}

#[test]
fn latest_sees_only_later_records_and_at_timestamp_the_first_at_or_after_it() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    env.create("s", 1);
    let shard = "shardId-000000000000";
    env.put("s", "k", b"old");
    let latest = env.iterator("s", shard, "LATEST", "").unwrap();
    env.advance(Duration::from_secs(10));
    let t = env.clock.now();
    env.put("s", "k", b"new-1");
    env.advance(Duration::from_secs(10));
    env.put("s", "k", b"new-2");
    let (got, _) = env.drain(latest);
    assert_eq!(got.iter().map(|r| r.data.clone()).collect::<Vec<_>>(), [&b"new-1"[..], b"new-2"]);
    let at_t = env
        .engine
        .get_shard_iterator(
            REGION,
            &GetShardIterator {
                stream: StreamRef::named("s"),
                shard_id: shard.into(),
                iterator_type: "AT_TIMESTAMP".into(),
                timestamp: Some(t),
                ..Default::default()
            },
        )
        .unwrap();
    let (got, _) = env.drain(at_t);
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].arrival, t);
}

#[test]
fn iterators_expire_after_five_minutes_of_engine_time_and_next_iterators_are_fresh() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    env.create("s", 1);
    env.put("s", "k", b"a");
    let it = env.iterator("s", "shardId-000000000000", "TRIM_HORIZON", "").unwrap();
    env.advance(Duration::from_secs(299));
    let r = env.engine.get_records(&it, None, "").unwrap();
    assert_eq!(r.records.len(), 1);
    env.advance(Duration::from_secs(2));
    let e = env.engine.get_records(&it, None, "").unwrap_err();
    assert_eq!(e.code(), "ExpiredIteratorException");
    // The iterator returned 2 s ago is good for another 298 s.
    let next = r.next_iterator.unwrap();
    env.advance(Duration::from_secs(297));
    env.engine.get_records(&next, None, "").unwrap();
}

#[test]
fn bad_iterators_and_sequence_numbers_are_refused_with_the_right_codes() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    env.create("s", 2);
    let p = env.put("s", "k", b"a");
    let other = if p.shard_id.ends_with('0') { "shardId-000000000001" } else { "shardId-000000000000" };
    let code = |r: Result<String>| r.unwrap_err().code();
    assert_eq!(code(env.iterator("s", other, "AT_SEQUENCE_NUMBER", &p.sequence_number)), "InvalidArgumentException");
    assert_eq!(code(env.iterator("s", other, "AT_SEQUENCE_NUMBER", "12x")), "ValidationException");
    assert_eq!(code(env.iterator("s", other, "AT_SEQUENCE_NUMBER", "")), "InvalidArgumentException");
    assert_eq!(code(env.iterator("s", other, "SIDEWAYS", "")), "ValidationException");
    assert_eq!(code(env.iterator("s", "shardId-000000000009", "LATEST", "")), "ResourceNotFoundException");
    assert_eq!(code(env.iterator("nope", other, "LATEST", "")), "ResourceNotFoundException");
    let e = env.engine.get_records("garbage", None, "").unwrap_err();
    assert_eq!(e.code(), "InvalidArgumentException");
    let it = env.iterator("s", other, "LATEST", "").unwrap();
    let mut forged = it.clone().into_bytes();
    forged[20] = if forged[20] == b'0' { b'1' } else { b'0' };
    let e = env.engine.get_records(std::str::from_utf8(&forged).unwrap(), None, "").unwrap_err();
    assert_eq!(e.code(), "InvalidArgumentException", "a tampered iterator is invalid");
    assert_eq!(env.engine.get_records(&it, Some(0), "").unwrap_err().code(), "ValidationException");
    assert_eq!(env.engine.get_records(&it, Some(10_001), "").unwrap_err().code(), "InvalidArgumentException");
    let e = env.engine.get_records(&it, None, "arn:aws:kinesis:us-east-1:123456789012:stream/other").unwrap_err();
    assert_eq!(e.code(), "InvalidArgumentException");
}

#[test]
fn put_records_reports_per_record_results_in_request_order() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    env.create("s", 3);
    let entries: Vec<PutEntry> = (0..500).map(|i| entry(&format!("k{i}"), &body_for(i, 64))).collect();
    let out = env.put_many("s", entries);
    assert_eq!(out.len(), 500);
    let mut by_shard: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for (i, o) in out.iter().enumerate() {
        let PutOutcome::Stored(p) = o else { panic!("record {i} failed: {o:?}") };
        by_shard.entry(p.shard_id.clone()).or_default().push(p.sequence_number.clone());
    }
    for (shard, seqs) in by_shard {
        assert!(seqs.windows(2).all(|w| w[0] < w[1]), "request order is log order within {shard}");
        let it = env.iterator("s", &shard, "TRIM_HORIZON", "").unwrap();
        let (got, _) = env.drain(it);
        assert_eq!(got.iter().map(|r| r.sequence_number.clone()).collect::<Vec<_>>(), seqs);
    }
}

#[test]
fn request_size_rules_hold_even_with_limits_off() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    env.create("s", 1);
    let put = |entries: Vec<PutEntry>| labcloud_core::block_on(env.engine.put_records(REGION, &StreamRef::named("s"), entries));
    assert_eq!(put(vec![]).unwrap_err().code(), "ValidationException");
    let many: Vec<PutEntry> = (0..501).map(|_| entry("k", b"x")).collect();
    assert_eq!(put(many).unwrap_err().code(), "ValidationException");
    let big: Vec<PutEntry> = (0..6).map(|_| entry("k", &vec![0; 1 << 20])).collect();
    let e = put(big).unwrap_err();
    assert_eq!((e.code(), e.to_string().as_str()), ("InvalidArgumentException", "Records size exceeds 5 MB limit"));
    // Data plus key over 1 MiB, with the data alone under it.
    assert_eq!(put(vec![entry("kk", &vec![0; (1 << 20) - 1])]).unwrap_err().code(), "InvalidArgumentException");
    put(vec![entry("k", &vec![0; (1 << 20) - 1])]).unwrap();
    let e = put(vec![entry("k", b"ok"), entry(&"k".repeat(257), b"x")]).unwrap_err();
    assert_eq!(e.code(), "ValidationException");
    assert!(e.to_string().contains("'records.2.member.partitionKey'"), "{e}");
    let mut bad_hash = entry("k", b"x");
    bad_hash.explicit_hash_key = Some("340282366920938463463374607431768211456".into());
    assert_eq!(put(vec![bad_hash]).unwrap_err().code(), "InvalidArgumentException");
}

#[test]
fn get_records_honours_limit_and_ten_mib_and_says_how_far_behind_the_reader_is() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    env.create("s", 1);
    for i in 0..14 {
        env.put("s", "k", &vec![i as u8; (1 << 20) - 100]);
        env.advance(Duration::from_secs(1));
    }
    let it = env.iterator("s", "shardId-000000000000", "TRIM_HORIZON", "").unwrap();
    let r = env.engine.get_records(&it, Some(3), "").unwrap();
    assert_eq!(r.records.len(), 3);
    // The first unread record arrived 3 s after the start; it is now 14 s after.
    assert_eq!(r.millis_behind_latest, 11_000);
    let r = env.engine.get_records(r.next_iterator.as_ref().unwrap(), None, "").unwrap();
    let bytes: usize = r.records.iter().map(|x| x.data.len()).sum();
    assert_eq!(r.records.len(), 10, "ten ~1 MiB records fit in 10 MiB, eleven do not");
    assert!(bytes <= 10 << 20);
    assert_eq!(r.records[0].data[0], 3);
    assert_eq!(r.millis_behind_latest, 1_000);
    let r = env.engine.get_records(r.next_iterator.as_ref().unwrap(), None, "").unwrap();
    assert_eq!((r.records.len(), r.millis_behind_latest), (1, 0));
}
