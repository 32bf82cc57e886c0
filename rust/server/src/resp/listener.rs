//! RESP listeners: the [`Frontend`] the cache engine asks for an endpoint
//! per node. Each listener accepts on its own port and runs every
//! connection as a task on the runtime it was started from, so
//! connections spread over all cores.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use labcloud_cache::{Frontend, Listener, Node, Role};
use tokio::net::TcpSocket;
use tokio::sync::watch;

use super::conn;

/// The RESP front: binds listeners on the tokio runtime of the caller.
#[derive(Default)]
pub struct RespFront;

pub struct RespListener {
    addr: SocketAddr,
    shutdown: watch::Sender<bool>,
}

impl Listener for RespListener {
    fn addr(&self) -> SocketAddr {
        self.addr
    }
    fn close(&self) {
        let _ = self.shutdown.send(true);
    }
}

impl Drop for RespListener {
    fn drop(&mut self) {
        self.close();
    }
}

fn resolve(host: &str, port: u16) -> Result<SocketAddr, String> {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    let ip: std::net::IpAddr = if h == "localhost" {
        std::net::Ipv4Addr::LOCALHOST.into()
    } else {
        h.parse().map_err(|e| format!("bad host {host:?}: {e}"))?
    };
    Ok(SocketAddr::new(ip, port))
}

impl Frontend for RespFront {
    fn serve(&self, node: Arc<Node>, role: Role, host: &str, port: u16) -> Result<Box<dyn Listener>, String> {
        let rt = tokio::runtime::Handle::try_current()
            .map_err(|_| "RESP endpoints are started from within the server's runtime".to_string())?;
        let _guard = rt.enter();
        let want = resolve(host, port)?;
        let socket = if want.is_ipv4() { TcpSocket::new_v4() } else { TcpSocket::new_v6() }.map_err(|e| e.to_string())?;
        socket.set_reuseaddr(true).map_err(|e| e.to_string())?;
        socket.bind(want).map_err(|e| format!("cannot listen on {want}: {e}"))?;
        let listener = socket.listen(1024).map_err(|e| format!("cannot listen on {want}: {e}"))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let (tx, mut rx) = watch::channel(false);
        rt.spawn(async move {
            loop {
                tokio::select! {
                    r = listener.accept() => match r {
                        Ok((stream, _)) => {
                            tokio::spawn(conn::serve(stream, node.clone(), role, rx.clone()));
                        }
                        // Out of descriptors or a reset in the backlog:
                        // keep serving the clients we have.
                        Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
                    },
                    _ = rx.changed() => return,
                }
            }
        });
        Ok(Box::new(RespListener { addr, shutdown: tx }))
    }
}
