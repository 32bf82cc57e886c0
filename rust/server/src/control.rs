//! The control plane on the data plane's endpoint. Control-plane services
//! (IAM, EC2, CloudWatch, ...) are written in Python; the node answers their
//! methods by handing the serialized request to a [`ControlPlane`] on a
//! blocking thread, so a client needs one address for everything and the data
//! plane never waits on Python.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use tonic::{Code, Request, Response, Status};

use crate::codec::{Frame, RawCodec};

/// Something that answers control-plane methods, given as gRPC paths
/// ("/labcloud.ec2.v1.Ec2Service/DescribeRegions").
pub trait ControlPlane: Send + Sync + 'static {
    /// The fully qualified names of the services it implements.
    fn services(&self) -> Vec<String>;
    /// Answers one call. Runs on a blocking thread: it may take the GIL.
    fn call(&self, method: &str, request: Bytes, region: &str) -> Result<Bytes, Status>;
}

/// Serves the control plane's methods; any other path is UNIMPLEMENTED, as
/// for an unknown method of any gRPC server.
#[derive(Clone)]
pub struct ControlService {
    plane: Arc<dyn ControlPlane>,
    services: Arc<Vec<String>>,
}

impl ControlService {
    pub fn new(plane: Arc<dyn ControlPlane>) -> Self {
        let services = Arc::new(plane.services());
        ControlService { plane, services }
    }

    pub fn names(&self) -> Vec<String> {
        self.services.as_ref().clone()
    }

    fn serves(&self, path: &str) -> bool {
        path.strip_prefix('/')
            .and_then(|p| p.split_once('/'))
            .is_some_and(|(svc, _)| self.services.iter().any(|s| s == svc))
    }
}

struct Call {
    plane: Arc<dyn ControlPlane>,
    path: String,
}

impl tonic::server::UnaryService<Bytes> for Call {
    type Response = Frame;
    type Future = Pin<Box<dyn Future<Output = Result<Response<Frame>, Status>> + Send>>;

    fn call(&mut self, request: Request<Bytes>) -> Self::Future {
        let plane = self.plane.clone();
        let path = std::mem::take(&mut self.path);
        Box::pin(async move {
            let region = crate::meta::region(&request);
            let body = request.into_inner();
            let out = tokio::task::spawn_blocking(move || plane.call(&path, body, &region))
                .await
                .map_err(|e| Status::internal(format!("control plane call failed: {e}")))??;
            Ok(Response::new(Frame::Raw(out)))
        })
    }
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = Result<T, Infallible>> + Send>>;

impl tower_service::Service<http::Request<axum::body::Body>> for ControlService {
    type Response = http::Response<tonic::body::Body>;
    type Error = Infallible;
    type Future = BoxFuture<Self::Response>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: http::Request<axum::body::Body>) -> Self::Future {
        let path = req.uri().path().to_string();
        if !self.serves(&path) {
            return Box::pin(async move {
                Ok(Status::new(Code::Unimplemented, format!("unknown method {path}")).into_http())
            });
        }
        let call = Call {
            plane: self.plane.clone(),
            path,
        };
        Box::pin(async move {
            let mut grpc = tonic::server::Grpc::new(RawCodec);
            Ok(grpc.unary(call, req).await)
        })
    }
}
