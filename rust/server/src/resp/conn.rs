//! One RESP client connection: read what has arrived, run every complete
//! command in it against the node, write all the replies with one write.
//! That batching is what makes pipelining cheap. Bad input ends only this
//! connection, after a protocol error reply, as redis-server does.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use bytes::{Buf, Bytes, BytesMut};
use labcloud_cache::{Flow, Message, Node, Out, Role, Session};
use smallvec::SmallVec;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::watch;

use super::codec::{Parsed, parse};

/// Replies are written out once this much has accumulated, so a long
/// pipeline of large replies never holds them all in memory.
const FLUSH_AT: usize = 256 << 10;
/// redis-server's client-query-buffer-limit.
const MAX_QUERY_BUFFER: usize = 1 << 30;
/// How often a blocked client looks at the engine clock for its timeout
/// (virtual time moves without telling anyone).
const BLOCK_POLL: Duration = Duration::from_millis(10);

fn encode(m: Message, out: &mut Out) {
    match m {
        Message::Message { channel, payload } => {
            out.push(3);
            out.bulk(b"message");
            out.bulk(&channel);
            out.bulk(&payload);
        }
        Message::PMessage { pattern, channel, payload } => {
            out.push(4);
            out.bulk(b"pmessage");
            out.bulk(&pattern);
            out.bulk(&channel);
            out.bulk(&payload);
        }
    }
}

enum Wake {
    Ready,
    TimedOut,
    Gone,
}

struct Conn {
    stream: TcpStream,
    node: Arc<Node>,
    session: Session,
    inbuf: BytesMut,
    out: Out,
    shutdown: watch::Receiver<bool>,
}

pub async fn serve(stream: TcpStream, node: Arc<Node>, role: Role, shutdown: watch::Receiver<bool>) {
    let _ = stream.set_nodelay(true);
    let session = node.connect(role);
    let mut c = Conn { stream, node, session, inbuf: BytesMut::with_capacity(16 << 10), out: Out::new(false), shutdown };
    let _ = c.run().await;
    c.node.disconnect(&mut c.session);
}

impl Conn {
    async fn flush(&mut self) -> std::io::Result<()> {
        if !self.out.buf.is_empty() {
            self.stream.write_all(&self.out.buf).await?;
            self.out.buf.clear();
        }
        Ok(())
    }

    async fn run(&mut self) -> std::io::Result<()> {
        let mut args = Vec::new();
        loop {
            // Run every complete command in the buffer.
            let mut pos = 0;
            loop {
                match parse(&self.inbuf[pos..], &mut args) {
                    Parsed::Incomplete => break,
                    Parsed::Error(msg) => {
                        self.out.error(&format!("ERR Protocol error: {msg}"));
                        self.flush().await?;
                        return Ok(());
                    }
                    Parsed::Command { consumed } => {
                        let base = pos;
                        pos += consumed;
                        let (flow, blocked) = {
                            let argv: SmallVec<[&[u8]; 8]> =
                                args.iter().map(|r| &self.inbuf[base + r.start..base + r.end]).collect();
                            let flow = self.node.execute(&mut self.session, &argv, &mut self.out);
                            let blocked = matches!(flow, Flow::Block { .. })
                                .then(|| argv.iter().map(|a| Bytes::copy_from_slice(a)).collect::<Vec<_>>());
                            (flow, blocked)
                        };
                        match flow {
                            Flow::Continue => {}
                            Flow::Close => {
                                self.flush().await?;
                                return Ok(());
                            }
                            Flow::Block { wake, deadline_ms } => {
                                self.inbuf.advance(pos);
                                pos = 0;
                                if !self.block(blocked.unwrap_or_default(), wake, deadline_ms).await? {
                                    return Ok(());
                                }
                            }
                        }
                        if self.out.len() >= FLUSH_AT {
                            self.flush().await?;
                        }
                    }
                }
            }
            self.inbuf.advance(pos);
            while let Ok(m) = self.session.inbox.try_recv() {
                encode(m, &mut self.out);
            }
            self.flush().await?;
            self.node.flush_stats(&mut self.session);
            if self.inbuf.len() > MAX_QUERY_BUFFER {
                return Ok(());
            }
            self.inbuf.reserve(16 << 10);
            let subscribed = self.session.subscriptions() > 0;
            tokio::select! {
                r = self.stream.read_buf(&mut self.inbuf) => {
                    if r? == 0 {
                        return Ok(());
                    }
                }
                Some(m) = self.session.inbox.recv(), if subscribed => encode(m, &mut self.out),
                _ = self.shutdown.changed() => return Ok(()),
            }
        }
    }

    /// Waits until a blocked command can run (or times out), then runs it.
    /// False if the client went away meanwhile.
    async fn block(&mut self, argv: Vec<Bytes>, mut wake: Arc<tokio::sync::Notify>, deadline_ms: Option<i64>) -> std::io::Result<bool> {
        self.flush().await?;
        let node = self.node.clone();
        node.stats.blocked.fetch_add(1, Ordering::Relaxed);
        let result = loop {
            match self.wait(&wake, deadline_ms).await {
                Wake::Ready => {
                    let v: SmallVec<[&[u8]; 8]> = argv.iter().map(|a| a.as_ref()).collect();
                    match self.node.execute(&mut self.session, &v, &mut self.out) {
                        Flow::Block { wake: w, .. } => wake = w,
                        _ => break true,
                    }
                }
                Wake::TimedOut => {
                    self.out.nil_array();
                    break true;
                }
                Wake::Gone => break false,
            }
        };
        node.stats.blocked.fetch_sub(1, Ordering::Relaxed);
        Ok(result)
    }

    async fn wait(&mut self, wake: &tokio::sync::Notify, deadline_ms: Option<i64>) -> Wake {
        loop {
            if deadline_ms.is_some_and(|d| self.node.clock.now().as_millis() >= d) {
                return Wake::TimedOut;
            }
            tokio::select! {
                _ = wake.notified() => return Wake::Ready,
                _ = tokio::time::sleep(BLOCK_POLL) => {}
                // Commands sent meanwhile wait in the buffer; a closed
                // connection ends the wait.
                r = self.stream.read_buf(&mut self.inbuf) => {
                    if !matches!(r, Ok(n) if n > 0) {
                        return Wake::Gone;
                    }
                }
                _ = self.shutdown.changed() => return Wake::Gone,
            }
        }
    }
}
