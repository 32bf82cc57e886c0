//! Sequential unary-call latency of a node, from a plain tonic client: the
//! floor under any client of the S3 service.
//!
//!     cargo run --release --example rpc_latency -- [HOST:PORT] [CALLS]
//!
//! Without an address it starts a node in-process on a temporary directory.

use std::time::Instant;

use labcloud_server::proto::s3::{self as pb, s3_service_client::S3ServiceClient};
use labcloud_server::{EngineOptions, Engines, start};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let calls: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(20_000);
    let server_rt = if std::env::var("SERVER_RT").as_deref() == Ok("current") {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
    } else {
        tokio::runtime::Runtime::new().unwrap()
    };
    let dir = tempfile::tempdir().unwrap();
    let (addr, _node) = match args.get(1) {
        Some(a) => (a.clone(), None),
        None => {
            let opts = EngineOptions {
                enforce_limits: false,
                ..Default::default()
            };
            let engines = Engines::open(dir.path(), &opts).unwrap();
            let node = server_rt.block_on(start(engines, "127.0.0.1:0".parse().unwrap(), Default::default())).unwrap();
            (node.addr.to_string(), Some(node))
        }
    };
    let conc: usize = std::env::var("CONCURRENCY").ok().and_then(|n| n.parse().ok()).unwrap_or(64);
    {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let c = S3ServiceClient::connect(format!("http://{addr}")).await.unwrap();
            let _ = c.clone().create_bucket(pb::CreateBucketRequest { bucket: "latency".into(), ..Default::default() }).await;
            let t = Instant::now();
            let per = calls / conc;
            let tasks: Vec<_> = (0..conc).map(|_| {
                let mut c = c.clone();
                tokio::spawn(async move {
                    for _ in 0..per {
                        c.head_bucket(pb::HeadBucketRequest { bucket: "latency".into() }).await.unwrap();
                    }
                })
            }).collect();
            for t in tasks { t.await.unwrap(); }
            let dt = t.elapsed();
            println!("{conc} calls in flight: {:.0} calls/s", (per * conc) as f64 / dt.as_secs_f64());
        });
    }
    for (name, rt) in [
        ("client on a current-thread runtime", tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()),
        ("client on a multi-thread runtime", tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap()),
    ] {
        rt.block_on(async {
            let mut c = S3ServiceClient::connect(format!("http://{addr}")).await.unwrap();
            let _ = c
                .create_bucket(pb::CreateBucketRequest {
                    bucket: "latency".into(),
                    ..Default::default()
                })
                .await;
            let req = || pb::HeadBucketRequest { bucket: "latency".into() };
            for _ in 0..1000 {
                c.head_bucket(req()).await.unwrap();
            }
            let t = Instant::now();
            for _ in 0..calls {
                c.head_bucket(req()).await.unwrap();
            }
            let dt = t.elapsed();
            println!(
                "{name}: {:.1} us/call, {:.0} calls/s",
                dt.as_secs_f64() * 1e6 / calls as f64,
                calls as f64 / dt.as_secs_f64()
            );
        });
    }
}
