//! ListShards: filters over a stream's history of shards, and pagination.

mod common;

use std::time::Duration;

use common::*;
use labcloud_core::{Clock, Timestamp, block_on};
use labcloud_kinesis::*;

fn list(env: &Env, f: impl FnOnce(&mut ListShards)) -> Result<ShardListing> {
    let mut req = ListShards {
        stream: StreamRef::named("s"),
        ..Default::default()
    };
    f(&mut req);
    env.engine.list_shards(REGION, &req)
}

fn ids(l: &ShardListing) -> Vec<u32> {
    l.shards.iter().map(|s| keys::shard_index(&s.shard_id).unwrap()).collect()
}

/// Shard 0 at t0, split at t0+1h into 1 and 2; shard 2 split at t0+2h into 3 and 4.
fn history(env: &Env) -> (Timestamp, Timestamp) {
    env.create("s", 1);
    env.advance(Duration::from_secs(3600));
    let t1 = env.clock.now();
    let mid = 1u128 << 127;
    block_on(env.engine.split_shard(REGION, &StreamRef::named("s"), "shardId-000000000000", &mid.to_string())).unwrap();
    env.advance(Duration::from_secs(3600));
    let t2 = env.clock.now();
    block_on(env.engine.split_shard(REGION, &StreamRef::named("s"), "shardId-000000000002", &(mid + (mid >> 1)).to_string()))
        .unwrap();
    env.advance(Duration::from_secs(60));
    (t1, t2)
}

#[test]
fn filters_pick_shards_by_when_they_were_open() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    let (t1, t2) = history(&env);
    let filter = |kind: &str, ts: Option<Timestamp>| {
        ids(&list(&env, |r| {
            r.filter_type = kind.into();
            r.filter_timestamp = ts;
        })
        .unwrap())
    };
    assert_eq!(filter("", None), [0, 1, 2, 3, 4]);
    assert_eq!(filter("FROM_TRIM_HORIZON", None), [0, 1, 2, 3, 4]);
    assert_eq!(filter("AT_TRIM_HORIZON", None), [0], "the stream is younger than its retention");
    assert_eq!(filter("AT_LATEST", None), [1, 3, 4]);
    let between = Timestamp(t1.0 + 1_000_000_000);
    assert_eq!(filter("AT_TIMESTAMP", Some(between)), [1, 2]);
    assert_eq!(filter("AT_TIMESTAMP", Some(t2)), [1, 3, 4], "at the split the children are open");
    assert_eq!(filter("FROM_TIMESTAMP", Some(between)), [1, 2, 3, 4]);
    let after = list(&env, |r| {
        r.filter_type = "AFTER_SHARD_ID".into();
        r.filter_shard_id = "shardId-000000000002".into();
    })
    .unwrap();
    assert_eq!(ids(&after), [3, 4]);
    let code = |f: &dyn Fn(&mut ListShards)| list(&env, f).unwrap_err().code();
    assert_eq!(code(&|r| r.filter_type = "AT_TIMESTAMP".into()), "InvalidArgumentException");
    assert_eq!(code(&|r| r.filter_type = "AFTER_SHARD_ID".into()), "InvalidArgumentException");
    assert_eq!(code(&|r| r.filter_type = "SOMETIME".into()), "ValidationException");
    // Once retention has passed since the split, the trim horizon is the split.
    env.advance(Duration::from_secs(24 * 3600 - 3600 - 60));
    assert_eq!(filter("AT_TRIM_HORIZON", None), [1, 2]);
}

#[test]
fn next_tokens_page_through_with_the_filter_and_expire() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    history(&env);
    let p1 = list(&env, |r| r.max_results = Some(2)).unwrap();
    assert_eq!(ids(&p1), [0, 1]);
    let token = p1.next_token.clone().unwrap();
    let next = |token: &str| {
        env.engine.list_shards(
            REGION,
            &ListShards {
                next_token: token.into(),
                max_results: Some(2),
                ..Default::default()
            },
        )
    };
    let p2 = next(&token).unwrap();
    assert_eq!(ids(&p2), [2, 3]);
    let p3 = next(p2.next_token.as_ref().unwrap()).unwrap();
    assert_eq!((ids(&p3), p3.next_token), (vec![4], None));
    let e = list(&env, |r| r.next_token = token.clone()).unwrap_err();
    assert_eq!(e.to_string(), "NextToken and StreamName cannot be provided together.");
    let open = list(&env, |r| {
        r.filter_type = "AT_LATEST".into();
        r.max_results = Some(1);
    })
    .unwrap();
    let rest = next(open.next_token.as_ref().unwrap()).unwrap();
    assert_eq!(ids(&rest), [3, 4], "the token keeps the filter");
    env.advance(Duration::from_secs(301));
    assert_eq!(next(&token).unwrap_err().code(), "ExpiredNextTokenException");
    assert_eq!(next("nonsense").unwrap_err().code(), "InvalidArgumentException");
}

#[test]
fn a_creation_timestamp_that_is_not_the_streams_finds_nothing() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    env.create("s", 1);
    assert_eq!(list(&env, |r| r.stream_created = Some(start())).unwrap().shards.len(), 1);
    let e = list(&env, |r| r.stream_created = Some(Timestamp::from_millis(5))).unwrap_err();
    assert_eq!(e.code(), "ResourceNotFoundException");
}
