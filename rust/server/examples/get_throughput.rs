//! GetObject throughput of a node for one large object, from a plain tonic
//! client: the ceiling for any client of the S3 service on this machine.
//!
//!     cargo run --release --example get_throughput -- [MIB] [ROUNDS]

use std::time::Instant;

use bytes::Bytes;
use labcloud_server::proto::s3::{self as pb, s3_service_client::S3ServiceClient};
use labcloud_server::{EngineOptions, Engines, start};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mib: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(64);
    let rounds: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(8);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    rt.block_on(async {
        let opts = EngineOptions { enforce_limits: false, ..Default::default() };
        let node = start(Engines::open(dir.path(), &opts).unwrap(), "127.0.0.1:0".parse().unwrap(), Default::default()).await.unwrap();
        let ch = tonic::transport::Endpoint::from_shared(format!("http://{}", node.addr))
            .unwrap()
            .initial_stream_window_size(Some(8 << 20))
            .initial_connection_window_size(Some(16 << 20))
            .connect()
            .await
            .unwrap();
        let mut c = S3ServiceClient::new(ch).max_decoding_message_size(16 << 20);
        c.create_bucket(pb::CreateBucketRequest { bucket: "tput".into(), ..Default::default() }).await.unwrap();
        let body = Bytes::from(vec![42u8; mib << 20]);
        let mut msgs = vec![pb::PutObjectRequest {
            payload: Some(pb::put_object_request::Payload::Header(pb::PutObjectHeader {
                bucket: "tput".into(),
                key: "big".into(),
                ..Default::default()
            })),
        }];
        for i in (0..body.len()).step_by(1 << 20) {
            msgs.push(pb::PutObjectRequest {
                payload: Some(pb::put_object_request::Payload::Chunk(body.slice(i..(i + (1 << 20)).min(body.len())))),
            });
        }
        c.put_object(futures_util::stream::iter(msgs)).await.unwrap();
        let t = Instant::now();
        for _ in 0..rounds {
            let mut s = c
                .get_object(pb::GetObjectRequest { bucket: "tput".into(), key: "big".into(), ..Default::default() })
                .await
                .unwrap()
                .into_inner();
            let mut n = 0;
            while let Some(m) = s.message().await.unwrap() {
                if let Some(pb::get_object_response::Payload::Chunk(c)) = m.payload {
                    n += c.len();
                }
            }
            assert_eq!(n, mib << 20);
        }
        println!("GetObject {mib} MiB: {:.0} MiB/s", (rounds * mib) as f64 / t.elapsed().as_secs_f64());
        node.stop().await;
    });
}
