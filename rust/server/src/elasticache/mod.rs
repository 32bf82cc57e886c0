//! The ElastiCache service adapter: proto request in, engine call, proto
//! response out. [`ElastiCacheApi`] holds the conversions once for the
//! tonic service and the in-process dispatcher.

mod convert;
mod grpc;

use std::sync::Arc;

use labcloud_cache::{CacheEngine, CacheError, CreateCacheCluster, CreateReplicationGroup};
use tonic::Status;

use crate::proto::elasticache as pb;
use crate::status::elasticache_status;

pub use grpc::ElastiCacheGrpc;

#[derive(Clone)]
pub struct ElastiCacheApi {
    engine: Arc<CacheEngine>,
}

type R<T> = Result<T, Status>;

fn ec<T>(r: Result<T, CacheError>) -> R<T> {
    r.map_err(elasticache_status)
}

fn count(v: Option<i32>, field: &str) -> R<Option<u32>> {
    v.map(|n| u32::try_from(n).map_err(|_| elasticache_status(CacheError::InvalidParameterValue(format!("{field} must not be negative.")))))
        .transpose()
}

fn port(v: Option<i32>) -> R<u16> {
    match v {
        None => Ok(0),
        Some(p) => u16::try_from(p)
            .ok()
            .filter(|&p| p > 0)
            .ok_or_else(|| elasticache_status(CacheError::InvalidParameterValue(format!("Invalid port {p}: use 1-65535.")))),
    }
}

impl ElastiCacheApi {
    pub fn new(engine: Arc<CacheEngine>) -> Self {
        ElastiCacheApi { engine }
    }

    pub async fn create_cache_cluster(&self, region: &str, r: pb::CreateCacheClusterRequest) -> R<pb::CreateCacheClusterResponse> {
        let az = if r.preferred_availability_zone.is_empty() {
            format!("{}a", if region.is_empty() { "us-east-1" } else { region })
        } else {
            r.preferred_availability_zone
        };
        let req = CreateCacheCluster {
            cache_cluster_id: r.cache_cluster_id,
            engine: r.engine,
            cache_node_type: r.cache_node_type,
            num_cache_nodes: count(r.num_cache_nodes, "NumCacheNodes")?,
            port: port(r.port)?,
            az,
        };
        let c = ec(self.engine.create_cache_cluster(req))?;
        Ok(pb::CreateCacheClusterResponse { cache_cluster: Some(convert::cluster(c, false)) })
    }

    pub async fn describe_cache_clusters(&self, _: &str, r: pb::DescribeCacheClustersRequest) -> R<pb::DescribeCacheClustersResponse> {
        let id = (!r.cache_cluster_id.is_empty()).then_some(r.cache_cluster_id.as_str());
        let list = ec(self.engine.describe_cache_clusters(id))?;
        Ok(pb::DescribeCacheClustersResponse {
            cache_clusters: list.into_iter().map(|c| convert::cluster(c, r.show_cache_node_info)).collect(),
        })
    }

    pub async fn delete_cache_cluster(&self, _: &str, r: pb::DeleteCacheClusterRequest) -> R<pb::DeleteCacheClusterResponse> {
        let c = ec(self.engine.delete_cache_cluster(&r.cache_cluster_id))?;
        Ok(pb::DeleteCacheClusterResponse { cache_cluster: Some(convert::cluster(c, false)) })
    }

    pub async fn create_replication_group(&self, region: &str, r: pb::CreateReplicationGroupRequest) -> R<pb::CreateReplicationGroupResponse> {
        let req = CreateReplicationGroup {
            replication_group_id: r.replication_group_id,
            description: r.replication_group_description,
            engine: r.engine,
            cache_node_type: r.cache_node_type,
            num_cache_clusters: count(r.num_cache_clusters, "NumCacheClusters")?,
            num_node_groups: count(r.num_node_groups, "NumNodeGroups")?,
            replicas_per_node_group: count(r.replicas_per_node_group, "ReplicasPerNodeGroup")?,
            cluster_mode: r.cluster_mode,
            automatic_failover: r.automatic_failover_enabled,
            multi_az: r.multi_az_enabled,
            port: port(r.port)?,
            region: region.to_string(),
        };
        let g = ec(self.engine.create_replication_group(req))?;
        Ok(pb::CreateReplicationGroupResponse { replication_group: Some(convert::group(g)) })
    }

    pub async fn describe_replication_groups(&self, _: &str, r: pb::DescribeReplicationGroupsRequest) -> R<pb::DescribeReplicationGroupsResponse> {
        let id = (!r.replication_group_id.is_empty()).then_some(r.replication_group_id.as_str());
        let list = ec(self.engine.describe_replication_groups(id))?;
        Ok(pb::DescribeReplicationGroupsResponse { replication_groups: list.into_iter().map(convert::group).collect() })
    }

    pub async fn delete_replication_group(&self, _: &str, r: pb::DeleteReplicationGroupRequest) -> R<pb::DeleteReplicationGroupResponse> {
        let g = ec(self.engine.delete_replication_group(&r.replication_group_id))?;
        Ok(pb::DeleteReplicationGroupResponse { replication_group: Some(convert::group(g)) })
    }
}

/// Dispatches a unary ElastiCache call by method name (the in-process transport).
pub async fn call_unary(api: &ElastiCacheApi, method: &str, req: &[u8], region: &str) -> R<Vec<u8>> {
    use prost::Message;
    macro_rules! route {
        ($($name:literal => $f:ident($t:ty)),* $(,)?) => {
            match method {
                $($name => {
                    let r = <$t>::decode(req).map_err(|e| crate::status::bad_request(crate::status::ELASTICACHE_DOMAIN, format!("malformed {}: {e}", $name)))?;
                    Ok(api.$f(region, r).await?.encode_to_vec())
                })*
                other => Err(Status::unimplemented(format!("ElastiCacheService has no method {other}"))),
            }
        };
    }
    route! {
        "CreateCacheCluster" => create_cache_cluster(pb::CreateCacheClusterRequest),
        "DescribeCacheClusters" => describe_cache_clusters(pb::DescribeCacheClustersRequest),
        "DeleteCacheCluster" => delete_cache_cluster(pb::DeleteCacheClusterRequest),
        "CreateReplicationGroup" => create_replication_group(pb::CreateReplicationGroupRequest),
        "DescribeReplicationGroups" => describe_replication_groups(pb::DescribeReplicationGroupsRequest),
        "DeleteReplicationGroup" => delete_replication_group(pb::DeleteReplicationGroupRequest),
    }
}
