//! The proto is a usable contract: a plain tonic client, built from the same
//! .proto files any Go or Java client would use, talks to a running node.

use bytes::Bytes;
use labcloud_server::proto::s3::{self as pb, s3_service_client::S3ServiceClient};
use labcloud_server::{EngineOptions, Engines, start};
use tonic::Code;
use tonic::transport::Channel;
use tonic_types::StatusExt;

async fn node(dir: &std::path::Path) -> labcloud_server::NodeHandle {
    let engines = Engines::open(dir, &EngineOptions::default()).unwrap();
    start(engines, "127.0.0.1:0".parse().unwrap(), Default::default()).await.unwrap()
}

async fn channel(addr: std::net::SocketAddr) -> Channel {
    Channel::from_shared(format!("http://{addr}")).unwrap().connect().await.unwrap()
}

fn put_stream(bucket: &str, key: &str, body: &[u8], chunk: usize) -> Vec<pb::PutObjectRequest> {
    use pb::put_object_request::Payload;
    let mut msgs = vec![pb::PutObjectRequest {
        payload: Some(Payload::Header(pb::PutObjectHeader {
            bucket: bucket.into(),
            key: key.into(),
            content_length: Some(body.len() as i64),
            attributes: Some(pb::ObjectAttributes {
                content_type: "application/x-test".into(),
                metadata: [("colour".to_string(), "blue".to_string())].into(),
                ..Default::default()
            }),
            ..Default::default()
        })),
    }];
    for c in body.chunks(chunk) {
        msgs.push(pb::PutObjectRequest {
            payload: Some(Payload::Chunk(Bytes::copy_from_slice(c))),
        });
    }
    msgs
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typed_tonic_client_round_trips_a_streamed_object() {
    let dir = tempfile::tempdir().unwrap();
    let node = node(dir.path()).await;
    let mut s3 = S3ServiceClient::new(channel(node.addr).await);

    s3.create_bucket(pb::CreateBucketRequest {
        bucket: "contract".into(),
        ..Default::default()
    })
    .await
    .unwrap();
    let body: Vec<u8> = (0..(9 << 20) + 123).map(|i| (i * 7 % 251) as u8).collect();
    let put = s3
        .put_object(futures_util::stream::iter(put_stream("contract", "big", &body, 1 << 20)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(put.size, body.len() as i64);

    let mut stream = s3
        .get_object(pb::GetObjectRequest {
            bucket: "contract".into(),
            key: "big".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let mut head = None;
    let mut got = Vec::new();
    let mut messages = 0;
    while let Some(m) = stream.message().await.unwrap() {
        messages += 1;
        match m.payload.unwrap() {
            pb::get_object_response::Payload::Head(h) => head = Some(h),
            pb::get_object_response::Payload::Chunk(c) => got.extend_from_slice(&c),
        }
    }
    let head = head.expect("a head message comes first");
    assert_eq!(got, body);
    assert!(messages > 5, "the body streamed in chunks, not one message");
    assert_eq!(head.content_length, body.len() as i64);
    assert_eq!(head.etag, put.etag);
    let attrs = head.attributes.unwrap();
    assert_eq!(attrs.content_type, "application/x-test");
    assert_eq!(attrs.metadata["colour"], "blue");
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_carry_the_s3_code_in_error_info() {
    let dir = tempfile::tempdir().unwrap();
    let node = node(dir.path()).await;
    let mut s3 = S3ServiceClient::new(channel(node.addr).await);
    let err = s3
        .head_bucket(pb::HeadBucketRequest {
            bucket: "missing".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::NotFound);
    let info = err.get_details_error_info().expect("ErrorInfo detail");
    assert_eq!(info.reason, "NoSuchBucket");
    assert_eq!(info.domain, "s3.labcloud.dev");
    assert_eq!(info.metadata["http_status"], "404");
    assert_eq!(info.metadata["BucketName"], "missing");

    let err = s3
        .create_bucket(pb::CreateBucketRequest {
            bucket: "Not_Valid".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);
    assert_eq!(err.get_details_error_info().unwrap().reason, "InvalidBucketName");

    // A stream that does not start with its header is refused, not guessed at.
    let bad = vec![pb::PutObjectRequest {
        payload: Some(pb::put_object_request::Payload::Chunk(Bytes::from_static(b"x"))),
    }];
    let err = s3.put_object(futures_util::stream::iter(bad)).await.unwrap_err();
    assert_eq!(err.get_details_error_info().unwrap().reason, "InvalidRequest");
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_and_reflection_services_answer() {
    use tonic_health::pb::{HealthCheckRequest, health_check_response::ServingStatus, health_client::HealthClient};
    use tonic_reflection::pb::v1::{
        ServerReflectionRequest, server_reflection_client::ServerReflectionClient,
        server_reflection_request::MessageRequest, server_reflection_response::MessageResponse,
    };
    let dir = tempfile::tempdir().unwrap();
    let node = node(dir.path()).await;
    let ch = channel(node.addr).await;
    for service in ["", "labcloud.s3.v1.S3Service"] {
        let r = HealthClient::new(ch.clone())
            .check(HealthCheckRequest { service: service.into() })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(r.status(), ServingStatus::Serving, "{service:?}");
    }
    let req = ServerReflectionRequest {
        host: String::new(),
        message_request: Some(MessageRequest::ListServices(String::new())),
    };
    let mut resp = ServerReflectionClient::new(ch)
        .server_reflection_info(futures_util::stream::iter(vec![req]))
        .await
        .unwrap()
        .into_inner();
    let Some(MessageResponse::ListServicesResponse(list)) = resp.message().await.unwrap().unwrap().message_response
    else {
        panic!("expected a service list")
    };
    let names: Vec<_> = list.service.into_iter().map(|s| s.name).collect();
    assert!(names.contains(&"labcloud.s3.v1.S3Service".to_string()), "{names:?}");
    assert!(names.contains(&"grpc.health.v1.Health".to_string()), "{names:?}");
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graceful_stop_keeps_acknowledged_writes() {
    let dir = tempfile::tempdir().unwrap();
    let node1 = node(dir.path()).await;
    let mut s3 = S3ServiceClient::new(channel(node1.addr).await);
    s3.create_bucket(pb::CreateBucketRequest {
        bucket: "keep".into(),
        ..Default::default()
    })
    .await
    .unwrap();
    for i in 0..20 {
        s3.put_object(futures_util::stream::iter(put_stream("keep", &format!("k{i}"), b"v", 1)))
            .await
            .unwrap();
    }
    node1.stop().await;
    let node2 = node(dir.path()).await;
    let mut s3 = S3ServiceClient::new(channel(node2.addr).await);
    let l = s3
        .list_objects_v2(pb::ListObjectsV2Request {
            bucket: "keep".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(l.key_count, 20);
    node2.stop().await;
}
