//! The RESP front over real sockets: pipelining, many clients at once, and
//! a protocol error that ends only its own connection.

use std::time::Duration;

use labcloud_server::node::NodeOptions;
use labcloud_server::{EngineOptions, Engines, start};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn read_exactly(s: &mut TcpStream, n: usize) -> Vec<u8> {
    let mut buf = vec![0u8; n];
    tokio::time::timeout(Duration::from_secs(10), s.read_exact(&mut buf)).await.unwrap().unwrap();
    buf
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pipelined_commands_from_many_clients_get_their_replies_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let engines = Engines::open(dir.path(), &EngineOptions::default()).unwrap();
    let node = start(engines, "127.0.0.1:0".parse().unwrap(), NodeOptions { resp_port: Some(0), ..Default::default() }).await.unwrap();
    let addr = node.resp_addr.unwrap();

    let mut tasks = Vec::new();
    for c in 0..8 {
        tasks.push(tokio::spawn(async move {
            let mut s = TcpStream::connect(addr).await.unwrap();
            let mut req = Vec::new();
            let mut want = Vec::new();
            for i in 0..500 {
                let (k, v) = (format!("c{c}:k{i}"), format!("v{i}"));
                req.extend_from_slice(format!("*3\r\n$3\r\nSET\r\n${}\r\n{k}\r\n${}\r\n{v}\r\n", k.len(), v.len()).as_bytes());
                req.extend_from_slice(format!("*2\r\n$3\r\nGET\r\n${}\r\n{k}\r\n", k.len()).as_bytes());
                want.extend_from_slice(format!("+OK\r\n${}\r\n{v}\r\n", v.len()).as_bytes());
            }
            s.write_all(&req).await.unwrap();
            assert_eq!(read_exactly(&mut s, want.len()).await, want);
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }

    let mut bad = TcpStream::connect(addr).await.unwrap();
    bad.write_all(b"*1\r\n$-7\r\n").await.unwrap();
    let err = b"-ERR Protocol error: invalid bulk length\r\n";
    assert_eq!(read_exactly(&mut bad, err.len()).await, err);
    let mut rest = Vec::new();
    assert_eq!(bad.read_to_end(&mut rest).await.unwrap(), 0, "the server closes the connection");

    let mut good = TcpStream::connect(addr).await.unwrap();
    good.write_all(b"DBSIZE\r\n").await.unwrap();
    assert_eq!(read_exactly(&mut good, 7).await, b":4000\r\n");
    node.stop().await;
}
