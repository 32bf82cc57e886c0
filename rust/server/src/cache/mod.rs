//! The cache data-plane adapter: one Redis command per call, run on the
//! node behind a cache cluster id, the reply returned as RESP3 bytes.

use std::sync::Arc;

use labcloud_cache::{CacheEngine, CacheError, Flow, Out};
use tonic::{Request, Response, Status};

use crate::proto::cache as pb;
use crate::proto::cache::cache_service_server::CacheService;
use crate::status::elasticache_status;

#[derive(Clone)]
pub struct CacheApi {
    engine: Arc<CacheEngine>,
}

impl CacheApi {
    pub fn new(engine: Arc<CacheEngine>) -> Self {
        CacheApi { engine }
    }

    pub async fn execute(&self, _: &str, r: pb::ExecuteRequest) -> Result<pb::ExecuteResponse, Status> {
        let (node, role) = self
            .engine
            .node(&r.cache_cluster_id)
            .ok_or_else(|| elasticache_status(CacheError::CacheClusterNotFound(r.cache_cluster_id.clone())))?;
        let mut session = node.connect(role);
        session.resp3 = true;
        let mut out = Out::new(true);
        let argv: Vec<&[u8]> = r.args.iter().map(|a| a.as_ref()).collect();
        if argv.is_empty() {
            out.error("ERR empty command");
        } else if let Flow::Block { .. } = node.execute(&mut session, &argv, &mut out) {
            // Nothing to wait with on a one-call session: answer as a timeout.
            out.nil_array();
        }
        node.disconnect(&mut session);
        Ok(pb::ExecuteResponse { reply: out.buf.into() })
    }
}

/// The in-process transport's route to [`CacheApi`].
pub async fn call_unary(api: &CacheApi, method: &str, req: &[u8], region: &str) -> Result<Vec<u8>, Status> {
    use prost::Message;
    match method {
        "Execute" => {
            let r = pb::ExecuteRequest::decode(req).map_err(|e| {
                crate::status::bad_request(crate::status::ELASTICACHE_DOMAIN, format!("malformed ExecuteRequest: {e}"))
            })?;
            Ok(api.execute(region, r).await?.encode_to_vec())
        }
        other => Err(Status::unimplemented(format!("CacheService has no method {other}"))),
    }
}

pub struct CacheGrpc {
    api: CacheApi,
}

impl CacheGrpc {
    pub fn new(api: CacheApi) -> Self {
        CacheGrpc { api }
    }
}

#[tonic::async_trait]
impl CacheService for CacheGrpc {
    async fn execute(&self, r: Request<pb::ExecuteRequest>) -> Result<Response<pb::ExecuteResponse>, Status> {
        let region = crate::meta::region(&r);
        self.api.execute(&region, r.into_inner()).await.map(Response::new)
    }
}
