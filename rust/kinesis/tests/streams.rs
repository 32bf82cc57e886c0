//! Streams: create, describe, list, delete, retention, tags, modes.

mod common;

use common::*;
use labcloud_core::block_on;
use labcloud_kinesis::*;

fn named(n: &str) -> StreamRef {
    StreamRef::named(n)
}

#[test]
fn a_new_stream_has_uniform_shards_and_its_summary_says_so() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    env.create("orders", 3);
    let desc = env.engine.describe_stream(REGION, &named("orders"), None, "").unwrap();
    let s = &desc.summary;
    assert_eq!(s.arn, "arn:aws:kinesis:us-east-1:123456789012:stream/orders");
    assert_eq!((s.status, s.mode, s.retention_hours, s.open_shard_count), ("ACTIVE", "PROVISIONED", 24, 3));
    assert_eq!(s.created, start());
    let ids: Vec<_> = desc.shards.iter().map(|x| x.shard_id.as_str()).collect();
    assert_eq!(ids, ["shardId-000000000000", "shardId-000000000001", "shardId-000000000002"]);
    assert_eq!(desc.shards.iter().map(|x| x.hash_range).collect::<Vec<_>>(), keys::uniform_ranges(3));
    assert!(desc.shards.iter().all(|x| x.ending_sequence_number.is_none() && x.parent_shard_id.is_none()));
    assert!(!desc.has_more_shards);
    let page = env.engine.describe_stream(REGION, &named("orders"), Some(2), "shardId-000000000000").unwrap();
    assert_eq!(page.shards.len(), 2);
    assert_eq!(page.shards[0].shard_id, "shardId-000000000001");
    assert!(!page.has_more_shards);
}

#[test]
fn names_are_unique_per_region_and_checked_against_the_model() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    env.create("s", 1);
    let create = |region: &str, name: &str, count: Option<i32>, mode: &str| {
        block_on(env.engine.create_stream(
            region,
            CreateStream {
                name: name.into(),
                shard_count: count,
                mode: mode.into(),
                tags: vec![],
            },
        ))
    };
    assert_eq!(create(REGION, "s", Some(1), "").unwrap_err().code(), "ResourceInUseException");
    create("eu-west-1", "s", Some(2), "").unwrap();
    assert_eq!(create(REGION, "bad name", Some(1), "").unwrap_err().code(), "ValidationException");
    assert_eq!(create(REGION, "zero", Some(0), "").unwrap_err().code(), "ValidationException");
    assert_eq!(create(REGION, "none", None, "").unwrap_err().code(), "InvalidArgumentException");
    assert_eq!(create(REGION, "m", Some(1), "SOMETIMES").unwrap_err().code(), "ValidationException");
    let eu = env.engine.describe_stream_summary("eu-west-1", &named("s")).unwrap();
    assert_eq!((eu.open_shard_count, eu.arn.as_str()), (2, "arn:aws:kinesis:eu-west-1:123456789012:stream/s"));
    // By ARN from any region's endpoint.
    let by_arn = StreamRef { arn: eu.arn.clone(), name: String::new() };
    assert_eq!(env.engine.describe_stream_summary(REGION, &by_arn).unwrap().open_shard_count, 2);
    let e = env.engine.describe_stream_summary(REGION, &StreamRef::default()).unwrap_err();
    assert_eq!(e.code(), "InvalidArgumentException");
}

#[test]
fn on_demand_streams_start_with_four_shards_and_refuse_manual_scaling() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    block_on(env.engine.create_stream(
        REGION,
        CreateStream {
            name: "od".into(),
            mode: "ON_DEMAND".into(),
            ..Default::default()
        },
    ))
    .unwrap();
    let s = env.engine.describe_stream_summary(REGION, &named("od")).unwrap();
    assert_eq!((s.mode, s.open_shard_count), ("ON_DEMAND", 4));
    let e = block_on(env.engine.update_shard_count(REGION, &named("od"), 8, "UNIFORM_SCALING")).unwrap_err();
    assert_eq!(e.code(), "ValidationException");
    let e = block_on(env.engine.split_shard(REGION, &named("od"), "shardId-000000000000", "12345")).unwrap_err();
    assert_eq!(e.code(), "ValidationException");
}

#[test]
fn list_streams_pages_by_name_within_the_region() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    for n in ["c", "a", "e", "b", "d"] {
        env.create(n, 1);
    }
    block_on(env.engine.create_stream("eu-west-1", CreateStream { name: "x".into(), shard_count: Some(1), ..Default::default() })).unwrap();
    let p1 = env.engine.list_streams(REGION, Some(2), "", "").unwrap();
    assert_eq!(p1.streams.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["a", "b"]);
    assert!(p1.has_more);
    let p2 = env.engine.list_streams(REGION, Some(2), "", p1.next_token.as_deref().unwrap()).unwrap();
    assert_eq!(p2.streams.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["c", "d"]);
    let p3 = env.engine.list_streams(REGION, None, "d", "").unwrap();
    assert_eq!(p3.streams.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["e"]);
    assert!(!p3.has_more && p3.next_token.is_none());
}

#[test]
fn delete_refuses_a_stream_with_consumers_unless_told_and_frees_the_name() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    env.create("s", 2);
    env.put("s", "k", b"gone soon");
    let arn = env.engine.describe_stream_summary(REGION, &named("s")).unwrap().arn;
    block_on(env.engine.register_stream_consumer(&arn, "c")).unwrap();
    let e = block_on(env.engine.delete_stream(REGION, &named("s"), false)).unwrap_err();
    assert_eq!(e.code(), "ResourceInUseException");
    block_on(env.engine.delete_stream(REGION, &named("s"), true)).unwrap();
    assert_eq!(env.engine.describe_stream_summary(REGION, &named("s")).unwrap_err().code(), "ResourceNotFoundException");
    assert!(files_under(&d.path().join("streams"), "seg").is_empty(), "the stream's logs are deleted");
    env.create("s", 1);
    let it = env.iterator("s", "shardId-000000000000", "TRIM_HORIZON", "").unwrap();
    assert!(env.drain(it).0.is_empty(), "a re-created stream starts empty");
}

#[test]
fn retention_moves_only_in_the_direction_named_and_within_range() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    env.create("s", 1);
    let inc = |h| block_on(env.engine.increase_stream_retention_period(REGION, &named("s"), h));
    let dec = |h| block_on(env.engine.decrease_stream_retention_period(REGION, &named("s"), h));
    inc(48).unwrap();
    assert_eq!(env.engine.describe_stream_summary(REGION, &named("s")).unwrap().retention_hours, 48);
    assert_eq!(inc(30).unwrap_err().code(), "InvalidArgumentException");
    assert_eq!(dec(72).unwrap_err().code(), "InvalidArgumentException");
    assert_eq!(dec(23).unwrap_err().code(), "InvalidArgumentException");
    assert_eq!(inc(8_761).unwrap_err().code(), "InvalidArgumentException");
    dec(24).unwrap();
    assert_eq!(env.engine.describe_stream_summary(REGION, &named("s")).unwrap().retention_hours, 24);
}

#[test]
fn tags_are_added_replaced_removed_and_listed_in_key_order() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    env.create("s", 1);
    let tags = |kv: &[(&str, &str)]| kv.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>();
    block_on(env.engine.add_tags_to_stream(REGION, &named("s"), tags(&[("b", "1"), ("a", "2"), ("c", "3")]))).unwrap();
    block_on(env.engine.add_tags_to_stream(REGION, &named("s"), tags(&[("b", "9")]))).unwrap();
    block_on(env.engine.remove_tags_from_stream(REGION, &named("s"), vec!["c".into(), "zz".into()])).unwrap();
    let all = env.engine.list_tags_for_stream(REGION, &named("s"), "", None).unwrap();
    assert_eq!(all.tags, tags(&[("a", "2"), ("b", "9")]));
    let page = env.engine.list_tags_for_stream(REGION, &named("s"), "", Some(1)).unwrap();
    assert_eq!((page.tags.len(), page.has_more), (1, true));
    let rest = env.engine.list_tags_for_stream(REGION, &named("s"), "a", Some(1)).unwrap();
    assert_eq!((rest.tags, rest.has_more), (tags(&[("b", "9")]), false));
    let fifty: Vec<(String, String)> = (0..49).map(|i| (format!("t{i}"), String::new())).collect();
    let e = block_on(env.engine.add_tags_to_stream(REGION, &named("s"), fifty)).unwrap_err();
    assert_eq!(e.code(), "InvalidArgumentException", "51 tags in all");
}

#[test]
fn the_catalog_and_every_shard_survive_a_restart() {
    let d = tempfile::tempdir().unwrap();
    let env = open(d.path());
    env.create("s", 2);
    let p = env.put("s", "k", b"kept");
    block_on(env.engine.increase_stream_retention_period(REGION, &named("s"), 100)).unwrap();
    env.engine.close();
    drop(env);
    let env = open(d.path());
    let s = env.engine.describe_stream_summary(REGION, &named("s")).unwrap();
    assert_eq!((s.retention_hours, s.open_shard_count), (100, 2));
    let it = env.iterator("s", &p.shard_id, "AT_SEQUENCE_NUMBER", &p.sequence_number).unwrap();
    assert_eq!(&env.drain(it).0[0].data[..], b"kept");
}
