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
use crate::cache::{CacheApi, CacheGrpc};
use crate::elasticache::{ElastiCacheApi, ElastiCacheGrpc};
use crate::proto::cache::cache_service_server::CacheServiceServer;
use crate::proto::elasticache::elasti_cache_service_server::ElastiCacheServiceServer;
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
    #[error("cannot start the default cache cluster's RESP endpoint: {0}")]
    Resp(labcloud_cache::CacheError),
}

/// The cache cluster `labcloud up` serves from the start, so that
/// redis-cli and redis-benchmark work without a create call first.
pub const DEFAULT_CACHE_CLUSTER: &str = "default";
/// Its node type: 6.38 GiB of maxmemory.
pub const DEFAULT_CACHE_NODE_TYPE: &str = "cache.m7g.large";

pub struct NodeHandle {
    pub addr: SocketAddr,
    pub engines: Arc<Engines>,
    /// The default cache cluster's RESP endpoint, when one was asked for.
    pub resp_addr: Option<SocketAddr>,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<Result<(), tonic::transport::Error>>,
    in_flight: InFlight,
}

/// What a node serves besides the engines' gRPC services.
#[derive(Default)]
pub struct NodeOptions {
    /// The control plane, whose services are answered on the same endpoint.
    pub control: Option<Arc<dyn ControlPlane>>,
    /// Also serve the cache cluster [`DEFAULT_CACHE_CLUSTER`] over RESP on
    /// this port (0 picks a free one).
    pub resp_port: Option<u16>,
}

/// Binds `addr` (port 0 picks a free port) and serves the engines, and what
/// `opts` adds, until [`NodeHandle::stop`].
pub async fn start(engines: Arc<Engines>, addr: SocketAddr, opts: NodeOptions) -> Result<NodeHandle, ServeError> {
    let NodeOptions { control, resp_port } = opts;
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
    let elasticache = ElastiCacheServiceServer::new(ElastiCacheGrpc::new(ElastiCacheApi::new(engines.cache.clone())));
    health.set_serving::<ElastiCacheServiceServer<ElastiCacheGrpc>>().await;
    let cache = CacheServiceServer::new(CacheGrpc::new(CacheApi::new(engines.cache.clone())));
    health.set_serving::<CacheServiceServer<CacheGrpc>>().await;
    let resp_addr = match resp_port {
        None => None,
        Some(port) => {
            let c = engines
                .cache
                .create_cache_cluster(labcloud_cache::CreateCacheCluster {
                    cache_cluster_id: DEFAULT_CACHE_CLUSTER.into(),
                    engine: "redis".into(),
                    cache_node_type: DEFAULT_CACHE_NODE_TYPE.into(),
                    num_cache_nodes: Some(1),
                    port,
                    az: String::new(),
                })
                .map_err(ServeError::Resp)?;
            let n = &c.nodes[0];
            format!("{}:{}", n.address, n.port).parse().ok()
        }
    };
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
        .add_service(kinesis)
        .add_service(elasticache)
        .add_service(cache);
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
        resp_addr,
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
