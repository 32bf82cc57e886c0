//! Enhanced fan-out: consumers and their subscriptions.

mod common;

use std::time::Duration;

use common::*;
use labcloud_core::{ManualClock, block_on};
use labcloud_kinesis::*;

fn stream_arn(env: &Env) -> String {
    env.engine.describe_stream_summary(REGION, &StreamRef::named("s")).unwrap().arn
}

fn register(env: &Env, name: &str) -> Consumer {
    block_on(env.engine.register_stream_consumer(&stream_arn(env), name)).unwrap()
}

fn from(kind: &str, seq: &str) -> StartingPosition {
    StartingPosition {
        kind: kind.into(),
        sequence_number: seq.into(),
        timestamp: None,
    }
}

fn event(sub: &mut Subscription) -> SubscriptionEvent {
    match sub.poll().unwrap() {
        SubscriptionPoll::Event(e) => e,
        other => panic!("expected an event, got {other:?}"),
    }
}

#[test]
fn consumers_register_once_are_found_by_arn_or_name_and_page_by_name() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    env.create("s", 1);
    let c = register(&env, "alpha");
    assert_eq!(c.arn, format!("{}/consumer/alpha:{}", stream_arn(&env), start().as_millis() / 1000));
    assert_eq!((c.status, c.created), ("ACTIVE", start()));
    let again = block_on(env.engine.register_stream_consumer(&stream_arn(&env), "alpha")).unwrap_err();
    assert_eq!(again.code(), "ResourceInUseException");
    let by_arn = env.engine.describe_stream_consumer(&ConsumerRef { arn: c.arn.clone(), ..Default::default() }).unwrap();
    let by_name = env
        .engine
        .describe_stream_consumer(&ConsumerRef { stream_arn: stream_arn(&env), name: "alpha".into(), ..Default::default() })
        .unwrap();
    assert_eq!(by_arn, by_name);
    assert_eq!(by_arn.stream_arn, stream_arn(&env));
    for n in ["delta", "beta", "gamma"] {
        register(&env, n);
    }
    let p1 = env.engine.list_stream_consumers(&stream_arn(&env), "", Some(3), None).unwrap();
    assert_eq!(p1.consumers.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["alpha", "beta", "delta"]);
    let token = p1.next_token.unwrap();
    let p2 = env.engine.list_stream_consumers(&stream_arn(&env), &token, Some(3), None).unwrap();
    assert_eq!((p2.consumers.len(), p2.next_token), (1, None));
    env.advance(Duration::from_secs(301));
    let e = env.engine.list_stream_consumers(&stream_arn(&env), &token, None, None).unwrap_err();
    assert_eq!(e.code(), "ExpiredNextTokenException");
    block_on(env.engine.deregister_stream_consumer(&ConsumerRef { arn: c.arn.clone(), ..Default::default() })).unwrap();
    let e = env.engine.describe_stream_consumer(&ConsumerRef { arn: c.arn, ..Default::default() }).unwrap_err();
    assert_eq!(e.code(), "ResourceNotFoundException");
}

#[test]
fn a_stream_takes_twenty_consumers_while_limits_hold() {
    let d = tempfile::tempdir().unwrap();
    let env = open_with(d.path(), ManualClock::new(start()), |c| c.limits.enforce = true);
    env.create("s", 1);
    for i in 0..20 {
        register(&env, &format!("c{i}"));
    }
    let e = block_on(env.engine.register_stream_consumer(&stream_arn(&env), "c20")).unwrap_err();
    assert_eq!(e.code(), "LimitExceededException");
}

#[test]
fn a_subscription_pushes_records_as_they_arrive_with_continuation_numbers() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    env.create("s", 1);
    let c = register(&env, "c");
    let first = env.put("s", "k", b"one");
    let mut sub = env.engine.subscribe_to_shard(&c.arn, "shardId-000000000000", &from("TRIM_HORIZON", "")).unwrap();
    let e = event(&mut sub);
    assert_eq!(e.records.len(), 1);
    assert_eq!(e.continuation_sequence_number.as_deref(), Some(first.sequence_number.as_str()));
    assert!(matches!(sub.poll().unwrap(), SubscriptionPoll::Wait), "nothing new yet");
    let second = env.put("s", "k", b"two");
    let e = event(&mut sub);
    assert_eq!(&e.records[0].data[..], b"two");
    assert_eq!(e.continuation_sequence_number.as_deref(), Some(second.sequence_number.as_str()));
    // An empty event every 5 s keeps the subscription alive.
    env.advance(Duration::from_secs(5));
    let e = event(&mut sub);
    assert!(e.records.is_empty());
    assert_eq!(e.continuation_sequence_number.as_deref(), Some(second.sequence_number.as_str()));
    // After 5 minutes the subscription ends; resubscribing after the
    // continuation number picks up exactly where it stopped.
    env.put("s", "k", b"three");
    env.advance(Duration::from_secs(300));
    assert!(matches!(sub.poll().unwrap(), SubscriptionPoll::End));
    drop(sub);
    let mut sub = env
        .engine
        .subscribe_to_shard(&c.arn, "shardId-000000000000", &from("AFTER_SEQUENCE_NUMBER", &second.sequence_number))
        .unwrap();
    let e = event(&mut sub);
    assert_eq!(e.records.iter().map(|r| &r.data[..]).collect::<Vec<_>>(), [&b"three"[..]]);
}

#[test]
fn a_second_subscription_is_refused_for_five_seconds_then_takes_over() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    env.create("s", 1);
    let c = register(&env, "c");
    let shard = "shardId-000000000000";
    let mut old = env.engine.subscribe_to_shard(&c.arn, shard, &from("LATEST", "")).unwrap();
    let e = env.engine.subscribe_to_shard(&c.arn, shard, &from("LATEST", "")).unwrap_err();
    assert_eq!(e.code(), "ResourceInUseException");
    env.advance(Duration::from_secs(5));
    let _new = env.engine.subscribe_to_shard(&c.arn, shard, &from("LATEST", "")).unwrap();
    assert_eq!(old.poll().unwrap_err().code(), "ResourceInUseException");
    // A dropped subscription frees the consumer's shard at once.
    drop(_new);
    env.engine.subscribe_to_shard(&c.arn, shard, &from("LATEST", "")).unwrap();
}

#[test]
fn a_subscription_at_the_end_of_a_closed_shard_names_the_children_and_ends() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    env.create("s", 1);
    let c = register(&env, "c");
    env.put("s", "k", b"last words");
    block_on(env.engine.split_shard(REGION, &StreamRef::named("s"), "shardId-000000000000", &(1u128 << 127).to_string())).unwrap();
    let mut sub = env.engine.subscribe_to_shard(&c.arn, "shardId-000000000000", &from("TRIM_HORIZON", "")).unwrap();
    let e = event(&mut sub);
    assert_eq!(e.records.len(), 1);
    assert_eq!(e.continuation_sequence_number, None);
    assert_eq!(e.child_shards.iter().map(|c| c.shard_id.as_str()).collect::<Vec<_>>(), ["shardId-000000000001", "shardId-000000000002"]);
    assert!(matches!(sub.poll().unwrap(), SubscriptionPoll::End));
}

#[test]
fn pushes_are_paced_at_two_mib_a_second_while_limits_hold() {
    let d = tempfile::tempdir().unwrap();
    let env = open_with(d.path(), ManualClock::new(start()), |c| c.limits.enforce = true);
    env.create("s", 1);
    let c = register(&env, "c");
    for _ in 0..8 {
        env.put("s", "k", &vec![0; (1 << 20) - 1]);
        env.advance(Duration::from_secs(1));
    }
    let mut sub = env.engine.subscribe_to_shard(&c.arn, "shardId-000000000000", &from("TRIM_HORIZON", "")).unwrap();
    let e = event(&mut sub);
    assert_eq!(e.records.len(), 4, "an event carries at most 4 MiB");
    assert!(matches!(sub.poll().unwrap(), SubscriptionPoll::Wait), "2 MiB of debt to work off first");
    env.advance(Duration::from_millis(1_100));
    assert_eq!(event(&mut sub).records.len(), 4);
}

#[test]
fn a_deregistered_consumer_loses_its_subscription() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    env.create("s", 1);
    let c = register(&env, "c");
    let mut sub = env.engine.subscribe_to_shard(&c.arn, "shardId-000000000000", &from("LATEST", "")).unwrap();
    block_on(env.engine.deregister_stream_consumer(&ConsumerRef { arn: c.arn.clone(), ..Default::default() })).unwrap();
    assert_eq!(sub.poll().unwrap_err().code(), "ResourceNotFoundException");
    let e = env.engine.subscribe_to_shard(&c.arn, "shardId-000000000000", &from("LATEST", "")).unwrap_err();
    assert_eq!(e.code(), "ResourceNotFoundException");
}
