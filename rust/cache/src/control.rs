//! The ElastiCache control plane's shapes and rules: what a create request
//! may ask for (ids, engines, node types, shard and replica counts) and
//! what describe reports, as the ElastiCache API names them.

use crate::error::CacheError;
use crate::slots::SlotRange;

/// Largest `NumNodeGroups` (shards) of a replication group.
pub const MAX_SHARDS: u32 = 500;
/// Largest `ReplicasPerNodeGroup`.
pub const MAX_REPLICAS: u32 = 5;

/// maxmemory in bytes for a node type, as ElastiCache's node-type-specific
/// parameters set it (the memory left for data after the node's overhead).
pub fn node_type_memory(node_type: &str) -> Option<u64> {
    const GIB: f64 = 1024.0 * 1024.0 * 1024.0;
    let gib = match node_type {
        "cache.t2.micro" => 0.555,
        "cache.t2.small" => 1.55,
        "cache.t2.medium" => 3.22,
        "cache.t3.micro" | "cache.t4g.micro" => 0.5,
        "cache.t3.small" | "cache.t4g.small" => 1.37,
        "cache.t3.medium" | "cache.t4g.medium" => 3.09,
        "cache.m5.large" | "cache.m6g.large" | "cache.m7g.large" => 6.38,
        "cache.m5.xlarge" | "cache.m6g.xlarge" | "cache.m7g.xlarge" => 12.93,
        "cache.m5.2xlarge" | "cache.m6g.2xlarge" | "cache.m7g.2xlarge" => 26.04,
        "cache.r5.large" | "cache.r6g.large" | "cache.r7g.large" => 13.07,
        "cache.r5.xlarge" | "cache.r6g.xlarge" | "cache.r7g.xlarge" => 26.32,
        "cache.r5.2xlarge" | "cache.r6g.2xlarge" | "cache.r7g.2xlarge" => 52.82,
        _ => return None,
    };
    Some((gib * GIB) as u64)
}

/// ElastiCache's id rule: 1-40 (clusters: 1-50) characters, letters,
/// digits and hyphens, starting with a letter, no "--", no trailing hyphen.
/// Ids are stored in lower case, as ElastiCache stores them.
pub fn check_id(id: &str, what: &str, max: usize) -> Result<String, CacheError> {
    let ok = !id.is_empty()
        && id.len() <= max
        && id.starts_with(|c: char| c.is_ascii_alphabetic())
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !id.contains("--")
        && !id.ends_with('-');
    if ok {
        Ok(id.to_ascii_lowercase())
    } else {
        Err(CacheError::InvalidParameterValue(format!(
            "{what} must begin with a letter; must contain only ASCII letters, digits, and hyphens; \
             and must not end with a hyphen or contain two consecutive hyphens; at most {max} characters."
        )))
    }
}

/// The engine a request names: "redis" and "valkey" speak RESP; memcached
/// is refused because labcloud serves only the RESP protocol.
pub fn check_engine(engine: &str) -> Result<String, CacheError> {
    match engine.to_ascii_lowercase().as_str() {
        "" | "redis" => Ok("redis".into()),
        "valkey" => Ok("valkey".into()),
        "memcached" => Err(CacheError::InvalidParameterValue(
            "Engine memcached is not supported by labcloud, which serves the RESP protocol (redis, valkey) only.".into(),
        )),
        other => Err(CacheError::InvalidParameterValue(format!("Invalid engine: {other}. Valid engines: redis, valkey."))),
    }
}

pub fn check_node_type(t: &str) -> Result<u64, CacheError> {
    node_type_memory(t).ok_or_else(|| CacheError::InvalidParameterValue(format!("Invalid CacheNodeType: {t}")))
}

#[derive(Clone, Debug, Default)]
pub struct CreateCacheCluster {
    pub cache_cluster_id: String,
    pub engine: String,
    pub cache_node_type: String,
    /// Redis clusters have exactly one node.
    pub num_cache_nodes: Option<u32>,
    /// 0 picks a free port.
    pub port: u16,
    pub az: String,
}

#[derive(Clone, Debug, Default)]
pub struct CreateReplicationGroup {
    pub replication_group_id: String,
    pub description: String,
    pub engine: String,
    pub cache_node_type: String,
    /// Cluster mode disabled: the primary plus replicas (1-6).
    pub num_cache_clusters: Option<u32>,
    /// Cluster mode enabled: shards (1-500).
    pub num_node_groups: Option<u32>,
    pub replicas_per_node_group: Option<u32>,
    /// "enabled", "disabled" or "" (enabled when NumNodeGroups is given).
    pub cluster_mode: String,
    pub automatic_failover: Option<bool>,
    pub multi_az: Option<bool>,
    pub port: u16,
    pub region: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CacheNodeInfo {
    /// "0001".
    pub cache_node_id: String,
    pub address: String,
    pub port: u16,
    pub az: String,
    pub create_time_ms: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CacheCluster {
    pub cache_cluster_id: String,
    pub engine: String,
    pub engine_version: String,
    pub cache_node_type: String,
    pub status: String,
    pub num_cache_nodes: u32,
    pub az: String,
    pub create_time_ms: i64,
    pub replication_group_id: String,
    pub arn: String,
    pub nodes: Vec<CacheNodeInfo>,
    pub parameter_group: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeGroupMember {
    pub cache_cluster_id: String,
    pub cache_node_id: String,
    pub address: String,
    pub port: u16,
    pub az: String,
    /// "primary" or "replica".
    pub role: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeGroup {
    /// "0001".
    pub node_group_id: String,
    pub slots: Option<SlotRange>,
    pub primary: (String, u16),
    /// The reader endpoint: the first replica, or the primary without one.
    pub reader: (String, u16),
    pub members: Vec<NodeGroupMember>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplicationGroup {
    pub replication_group_id: String,
    pub description: String,
    pub status: String,
    pub engine: String,
    pub cache_node_type: String,
    pub cluster_enabled: bool,
    pub member_clusters: Vec<String>,
    pub node_groups: Vec<NodeGroup>,
    /// Cluster mode: where a cluster client starts (any node answers CLUSTER SLOTS).
    pub configuration_endpoint: Option<(String, u16)>,
    pub automatic_failover: bool,
    pub multi_az: bool,
    pub arn: String,
    pub create_time_ms: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_elasticache_rule() {
        assert_eq!(check_id("My-Cache1", "x", 50).unwrap(), "my-cache1");
        for bad in ["", "1abc", "a--b", "abc-", "a_b", &"a".repeat(51)] {
            assert!(check_id(bad, "x", 50).is_err(), "{bad}");
        }
    }

    #[test]
    fn node_types_set_maxmemory_and_memcached_is_refused() {
        assert_eq!(node_type_memory("cache.t3.micro"), Some(512 << 20));
        assert!(check_node_type("cache.z9.huge").is_err());
        assert_eq!(check_engine("Valkey").unwrap(), "valkey");
        assert_eq!(check_engine("memcached").unwrap_err().code(), "InvalidParameterValue");
    }
}
