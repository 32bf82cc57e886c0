/// Failures of the ElastiCache control plane, each with the error code
/// the ElastiCache API returns for it.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum CacheError {
    /// A cache cluster with this id exists already.
    #[error("Cache cluster {0} already exists.")]
    CacheClusterAlreadyExists(String),
    /// No cache cluster has this id.
    #[error("CacheCluster not found: {0}")]
    CacheClusterNotFound(String),
    /// A replication group with this id exists already.
    #[error("Replication group {0} already exists.")]
    ReplicationGroupAlreadyExists(String),
    /// No replication group has this id.
    #[error("ReplicationGroup {0} not found.")]
    ReplicationGroupNotFound(String),
    /// A parameter is outside what ElastiCache accepts; the message names it.
    #[error("{0}")]
    InvalidParameterValue(String),
    /// Parameters that cannot be used together.
    #[error("{0}")]
    InvalidParameterCombination(String),
    /// The cluster cannot be deleted in its current state (it belongs to a
    /// replication group).
    #[error("{0}")]
    InvalidCacheClusterState(String),
    /// More shards than a replication group may have (500).
    #[error("The number of node groups requested exceeds the maximum of 500 allowed per replication group.")]
    NodeGroupsPerReplicationGroupQuotaExceeded,
    /// The RESP endpoint for a node could not be opened.
    #[error("cannot open a RESP endpoint: {0}")]
    Endpoint(String),
}

impl CacheError {
    /// The ElastiCache error code (botocore's `Error.Code`).
    pub fn code(&self) -> &'static str {
        match self {
            CacheError::CacheClusterAlreadyExists(_) => "CacheClusterAlreadyExists",
            CacheError::CacheClusterNotFound(_) => "CacheClusterNotFound",
            CacheError::ReplicationGroupAlreadyExists(_) => "ReplicationGroupAlreadyExists",
            CacheError::ReplicationGroupNotFound(_) => "ReplicationGroupNotFoundFault",
            CacheError::InvalidParameterValue(_) => "InvalidParameterValue",
            CacheError::InvalidParameterCombination(_) => "InvalidParameterCombination",
            CacheError::InvalidCacheClusterState(_) => "InvalidCacheClusterState",
            CacheError::NodeGroupsPerReplicationGroupQuotaExceeded => "NodeGroupsPerReplicationGroupQuotaExceeded",
            CacheError::Endpoint(_) => "InternalFailure",
        }
    }

    /// The HTTP status ElastiCache answers with.
    pub fn http_status(&self) -> u16 {
        match self {
            CacheError::CacheClusterNotFound(_) | CacheError::ReplicationGroupNotFound(_) => 404,
            CacheError::Endpoint(_) => 500,
            _ => 400,
        }
    }
}
