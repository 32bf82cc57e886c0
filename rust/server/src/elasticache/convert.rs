//! Engine shapes to proto messages.

use labcloud_cache as e;

use crate::proto::elasticache as pb;

fn ts(ms: i64) -> Option<prost_types::Timestamp> {
    Some(prost_types::Timestamp { seconds: ms.div_euclid(1000), nanos: (ms.rem_euclid(1000) * 1_000_000) as i32 })
}

fn endpoint(host: &str, port: u16) -> Option<pb::Endpoint> {
    Some(pb::Endpoint { address: host.to_string(), port: port as i32 })
}

pub fn cluster(c: e::CacheCluster, show_nodes: bool) -> pb::CacheCluster {
    pb::CacheCluster {
        cache_nodes: if show_nodes {
            c.nodes
                .iter()
                .map(|n| pb::CacheNode {
                    cache_node_id: n.cache_node_id.clone(),
                    cache_node_status: c.status.clone(),
                    cache_node_create_time: ts(n.create_time_ms),
                    endpoint: endpoint(&n.address, n.port),
                    customer_availability_zone: n.az.clone(),
                    parameter_group_status: "in-sync".into(),
                })
                .collect()
        } else {
            vec![]
        },
        cache_cluster_id: c.cache_cluster_id,
        cache_node_type: c.cache_node_type,
        engine: c.engine,
        engine_version: c.engine_version,
        cache_cluster_status: c.status,
        num_cache_nodes: c.num_cache_nodes as i32,
        preferred_availability_zone: c.az,
        cache_cluster_create_time: ts(c.create_time_ms),
        replication_group_id: c.replication_group_id,
        arn: c.arn,
        cache_parameter_group_name: c.parameter_group,
    }
}

fn enabled(b: bool) -> String {
    if b { "enabled" } else { "disabled" }.into()
}

pub fn group(g: e::ReplicationGroup) -> pb::ReplicationGroup {
    let cluster_enabled = g.cluster_enabled;
    pb::ReplicationGroup {
        replication_group_id: g.replication_group_id,
        description: g.description,
        status: g.status.clone(),
        member_clusters: g.member_clusters,
        node_groups: g
            .node_groups
            .into_iter()
            .map(|ng| pb::NodeGroup {
                node_group_id: ng.node_group_id,
                status: g.status.clone(),
                // ElastiCache reports per-shard endpoints only without cluster mode.
                primary_endpoint: if cluster_enabled { None } else { endpoint(&ng.primary.0, ng.primary.1) },
                reader_endpoint: if cluster_enabled { None } else { endpoint(&ng.reader.0, ng.reader.1) },
                slots: ng.slots.map(|s| s.to_string()).unwrap_or_default(),
                node_group_members: ng
                    .members
                    .into_iter()
                    .map(|m| pb::NodeGroupMember {
                        read_endpoint: endpoint(&m.address, m.port),
                        cache_cluster_id: m.cache_cluster_id,
                        cache_node_id: m.cache_node_id,
                        preferred_availability_zone: m.az,
                        current_role: if cluster_enabled { String::new() } else { m.role },
                    })
                    .collect(),
            })
            .collect(),
        automatic_failover: enabled(g.automatic_failover),
        multi_az: enabled(g.multi_az),
        configuration_endpoint: g.configuration_endpoint.and_then(|(h, p)| endpoint(&h, p)),
        cluster_enabled,
        cache_node_type: g.cache_node_type,
        arn: g.arn,
        cluster_mode: enabled(cluster_enabled),
        engine: g.engine,
        replication_group_create_time: ts(g.create_time_ms),
    }
}
