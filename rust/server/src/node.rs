//! A node: the engines served over gRPC, with the standard health and
//! reflection services, on one address.

use std::net::SocketAddr;
use std::time::{Duration, Instant};
use std::sync::Arc;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tonic::service::Routes;
use tonic::transport::Server;
use tonic_health::ServingStatus;
use tonic::transport::server::TcpIncoming;

use crate::control::{ControlPlane, ControlService};
use crate::engines::Engines;
use crate::inflight::InFlight;
use crate::kinesis::{KinesisApi, KinesisGrpc};
use crate::proto::kinesis::kinesis_service_server::KinesisServiceServer;
use crate::proto::s3::s3_service_server::S3ServiceServer;
use crate::s3::{S3Api, S3Grpc};

/// How long a stopping node waits for calls in flight.
pub const DRAIN_TIMEOUT: Duration = Duration::from_secs(30);

/// gRPC messages this large pass (bodies stream in smaller chunks).
const MAX_MESSAGE: usize = 16 << 20;

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("reflection service: {0}")]
    Reflection(#[from] tonic_reflection::server::Error),
}

pub struct NodeHandle {
    pub addr: SocketAddr,
    pub engines: Arc<Engines>,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<Result<(), tonic::transport::Error>>,
    in_flight: InFlight,
}

/// Binds `addr` (port 0 picks a free port) and serves the engines, and the
/// control plane's services if one is given, until [`NodeHandle::stop`].
pub async fn start(
    engines: Arc<Engines>,
    addr: SocketAddr,
    control: Option<Arc<dyn ControlPlane>>,
) -> Result<NodeHandle, ServeError> {
    let incoming = TcpIncoming::bind(addr)
        .map_err(|source| ServeError::Bind { addr, source })?
        .with_nodelay(Some(true));
    let addr = incoming.local_addr().map_err(|source| ServeError::Bind { addr, source })?;

    let (health, health_svc) = tonic_health::server::health_reporter();
    let s3 = S3ServiceServer::new(S3Grpc::new(S3Api::new(engines.s3.clone())))
        .max_decoding_message_size(MAX_MESSAGE)
        .max_encoding_message_size(MAX_MESSAGE);
    let kinesis = KinesisServiceServer::new(KinesisGrpc::new(KinesisApi::new(engines.kinesis.clone())))
        .max_decoding_message_size(MAX_MESSAGE)
        .max_encoding_message_size(MAX_MESSAGE);
    health.set_serving::<S3ServiceServer<S3Grpc>>().await;
    health.set_serving::<KinesisServiceServer<KinesisGrpc>>().await;
    let reflection = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(crate::proto::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1()?;
    let reflection_alpha = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(crate::proto::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1alpha()?;

    let mut routes = Routes::builder();
    routes
        .add_service(health_svc)
        .add_service(reflection)
        .add_service(reflection_alpha)
        .add_service(s3)
        .add_service(kinesis);
    let mut router = routes.routes().into_axum_router();
    if let Some(plane) = control {
        let service = ControlService::new(plane);
        for name in service.names() {
            health.set_service_status(name, ServingStatus::Serving).await;
        }
        router = router.fallback_service(service);
    }

    let (tx, rx) = oneshot::channel::<()>();
    let in_flight = InFlight::default();
    let router = Server::builder()
        .layer(in_flight.clone())
        .initial_stream_window_size(Some(8 << 20))
        .initial_connection_window_size(Some(16 << 20))
        .add_routes(Routes::from(router));
    let task = tokio::spawn(router.serve_with_incoming_shutdown(incoming, async {
        let _ = rx.await;
    }));
    Ok(NodeHandle {
        addr,
        engines,
        shutdown: Some(tx),
        task,
        in_flight,
    })
}

impl NodeHandle {
    /// Stops accepting calls, lets the calls in flight finish (for at most
    /// [`DRAIN_TIMEOUT`]), drops the connections, then closes the engines
    /// (final checkpoint; every acknowledged write is on disk). Idle
    /// connections are not waited for: a client that never reads the
    /// server's goodbye must not keep it up.
    pub async fn stop(mut self) {
        // Subscriptions last minutes; they end now rather than hold the drain up.
        self.engines.kinesis.stop_subscriptions();
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let start = Instant::now();
        let mut done = false;
        while !done && self.in_flight.count() > 0 && start.elapsed() < DRAIN_TIMEOUT {
            done = tokio::time::timeout(Duration::from_millis(5), &mut self.task).await.is_ok();
        }
        // Connections that close on their own get a moment to do so.
        if !done && tokio::time::timeout(Duration::from_millis(100), &mut self.task).await.is_err() {
            self.task.abort();
        }
        let engines = self.engines.clone();
        let _ = tokio::task::spawn_blocking(move || engines.close()).await;
    }
}
