//! The Kinesis proto is a usable contract: a plain tonic client built from
//! the .proto files puts and reads records, follows a subscription's
//! server stream, and reads the AWS error code from a status; the
//! in-process dispatcher streams the same messages.

use bytes::Bytes;
use futures_util::StreamExt;
use labcloud_server::proto::kinesis::{self as pb, kinesis_service_client::KinesisServiceClient};
use labcloud_server::{Dispatcher, EngineOptions, Engines, start};
use prost::Message;
use tonic::Code;
use tonic::transport::Channel;
use tonic_types::StatusExt;

async fn client(node: &labcloud_server::NodeHandle) -> KinesisServiceClient<Channel> {
    let ch = Channel::from_shared(format!("http://{}", node.addr)).unwrap().connect().await.unwrap();
    KinesisServiceClient::new(ch)
}

fn put(key: &str, data: &'static [u8]) -> pb::PutRecordsRequestEntry {
    pb::PutRecordsRequestEntry {
        data: Bytes::from_static(data),
        explicit_hash_key: None,
        partition_key: key.into(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typed_client_puts_reads_and_follows_a_subscription() {
    let dir = tempfile::tempdir().unwrap();
    let engines = Engines::open(dir.path(), &EngineOptions::default()).unwrap();
    let node = start(engines, "127.0.0.1:0".parse().unwrap(), Default::default()).await.unwrap();
    let mut k = client(&node).await;
    k.create_stream(pb::CreateStreamRequest {
        stream_name: "contract".into(),
        shard_count: Some(1),
        ..Default::default()
    })
    .await
    .unwrap();
    let out = k
        .put_records(pb::PutRecordsRequest {
            stream_name: "contract".into(),
            records: vec![put("a", b"one"), put("b", b"two")],
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(out.failed_record_count, 0);
    let it = k
        .get_shard_iterator(pb::GetShardIteratorRequest {
            stream_name: "contract".into(),
            shard_id: out.records[0].shard_id.clone(),
            shard_iterator_type: "TRIM_HORIZON".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .shard_iterator;
    let got = k
        .get_records(pb::GetRecordsRequest {
            shard_iterator: it,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(got.records.iter().map(|r| &r.data[..]).collect::<Vec<_>>(), [&b"one"[..], b"two"]);
    assert!(got.next_shard_iterator.is_some());

    let arn = k
        .describe_stream_summary(pb::DescribeStreamSummaryRequest {
            stream_name: "contract".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .stream_description_summary
        .unwrap()
        .stream_arn;
    let consumer = k
        .register_stream_consumer(pb::RegisterStreamConsumerRequest {
            stream_arn: arn,
            consumer_name: "c".into(),
        })
        .await
        .unwrap()
        .into_inner()
        .consumer
        .unwrap();
    let mut events = k
        .subscribe_to_shard(pb::SubscribeToShardRequest {
            consumer_arn: consumer.consumer_arn,
            shard_id: "shardId-000000000000".into(),
            starting_position: Some(pb::StartingPosition {
                r#type: "TRIM_HORIZON".into(),
                ..Default::default()
            }),
        })
        .await
        .unwrap()
        .into_inner();
    let first = events.message().await.unwrap().unwrap();
    assert_eq!(first.records.len(), 2);
    assert_eq!(first.continuation_sequence_number, out.records[1].sequence_number);
    k.put_record(pb::PutRecordRequest {
        stream_name: "contract".into(),
        data: Bytes::from_static(b"three"),
        partition_key: "c".into(),
        ..Default::default()
    })
    .await
    .unwrap();
    let pushed = events.message().await.unwrap().unwrap();
    assert_eq!(&pushed.records[0].data[..], b"three", "records are pushed as they arrive");

    let err = k
        .describe_stream(pb::DescribeStreamRequest {
            stream_name: "missing".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::NotFound);
    let info = err.get_details_error_info().expect("ErrorInfo detail");
    assert_eq!(info.reason, "ResourceNotFoundException");
    assert_eq!(info.domain, "kinesis.labcloud.dev");
    assert_eq!(info.metadata["http_status"], "400");
    // Stopping the node ends the subscription rather than waiting for it.
    let t = std::time::Instant::now();
    node.stop().await;
    assert!(t.elapsed() < std::time::Duration::from_secs(10), "stop took {:?}", t.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dispatcher_streams_serialized_events_and_refuses_before_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let engines = Engines::open(dir.path(), &EngineOptions::default()).unwrap();
    let d = Dispatcher::new(&engines);
    let path = |m: &str| format!("/labcloud.kinesis.v1.KinesisService/{m}");
    let create = pb::CreateStreamRequest {
        stream_name: "s".into(),
        shard_count: Some(1),
        ..Default::default()
    };
    d.unary(&path("CreateStream"), &create.encode_to_vec(), "").await.unwrap();
    let summary = pb::DescribeStreamSummaryRequest {
        stream_name: "s".into(),
        ..Default::default()
    };
    let raw = d.unary(&path("DescribeStreamSummary"), &summary.encode_to_vec(), "").await.unwrap();
    let arn = pb::DescribeStreamSummaryResponse::decode(&raw[..]).unwrap().stream_description_summary.unwrap().stream_arn;
    let reg = pb::RegisterStreamConsumerRequest {
        stream_arn: arn,
        consumer_name: "c".into(),
    };
    let raw = d.unary(&path("RegisterStreamConsumer"), &reg.encode_to_vec(), "").await.unwrap();
    let consumer_arn = pb::RegisterStreamConsumerResponse::decode(&raw[..]).unwrap().consumer.unwrap().consumer_arn;
    let sub = |shard: &str| pb::SubscribeToShardRequest {
        consumer_arn: consumer_arn.clone(),
        shard_id: shard.into(),
        starting_position: Some(pb::StartingPosition {
            r#type: "LATEST".into(),
            ..Default::default()
        }),
    };
    let err = d.stream(&path("SubscribeToShard"), &sub("shardId-000000000009").encode_to_vec(), "").err().unwrap();
    assert_eq!(err.get_details_error_info().unwrap().reason, "ResourceNotFoundException");
    let mut events = d.stream(&path("SubscribeToShard"), &sub("shardId-000000000000").encode_to_vec(), "").unwrap();
    let put = pb::PutRecordRequest {
        stream_name: "s".into(),
        data: Bytes::from_static(b"hello"),
        partition_key: "k".into(),
        ..Default::default()
    };
    d.unary(&path("PutRecord"), &put.encode_to_vec(), "").await.unwrap();
    let ev = pb::SubscribeToShardEvent::decode(&events.next().await.unwrap().unwrap()[..]).unwrap();
    assert_eq!(&ev.records[0].data[..], b"hello");
    drop(events);
    // Dropping the stream ended the subscription: a new one is not refused
    // as a second subscriber.
    assert!(d.stream(&path("SubscribeToShard"), &sub("shardId-000000000000").encode_to_vec(), "").is_ok());
    let bad = d.stream(&path("Nope"), b"", "").err().unwrap();
    assert_eq!(bad.code(), Code::Unimplemented);
    engines.close();
}
