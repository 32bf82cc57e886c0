//! The tonic service: unwraps requests, calls [`ElastiCacheApi`], wraps responses.

use tonic::{Request, Response, Status};

use super::ElastiCacheApi;
use crate::proto::elasticache as pb;
use crate::proto::elasticache::elasti_cache_service_server::ElastiCacheService;
use crate::meta::region;

pub struct ElastiCacheGrpc {
    api: ElastiCacheApi,
}

impl ElastiCacheGrpc {
    pub fn new(api: ElastiCacheApi) -> Self {
        ElastiCacheGrpc { api }
    }
}

macro_rules! unary {
    ($($f:ident($req:ty) -> $resp:ty;)*) => {
        #[tonic::async_trait]
        impl ElastiCacheService for ElastiCacheGrpc {
            $(
                async fn $f(&self, r: Request<$req>) -> Result<Response<$resp>, Status> {
                    let region = region(&r);
                    self.api.$f(&region, r.into_inner()).await.map(Response::new)
                }
            )*
        }
    };
}

unary! {
    create_cache_cluster(pb::CreateCacheClusterRequest) -> pb::CreateCacheClusterResponse;
    describe_cache_clusters(pb::DescribeCacheClustersRequest) -> pb::DescribeCacheClustersResponse;
    delete_cache_cluster(pb::DeleteCacheClusterRequest) -> pb::DeleteCacheClusterResponse;
    create_replication_group(pb::CreateReplicationGroupRequest) -> pb::CreateReplicationGroupResponse;
    describe_replication_groups(pb::DescribeReplicationGroupsRequest) -> pb::DescribeReplicationGroupsResponse;
    delete_replication_group(pb::DeleteReplicationGroupRequest) -> pb::DeleteReplicationGroupResponse;
}
