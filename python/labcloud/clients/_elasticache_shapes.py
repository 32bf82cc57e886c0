"""The ElastiCache client's inputs and error codes, as botocore's ElastiCache model names them."""

from __future__ import annotations

from labcloud.clients._schema import BOOLEAN, INTEGER, STRING, ListOf, String, Structure

# Error code -> the exception class name botocore gives it.
ERRORS = {
    "CacheClusterAlreadyExists": "CacheClusterAlreadyExistsFault",
    "CacheClusterNotFound": "CacheClusterNotFoundFault",
    "ReplicationGroupAlreadyExists": "ReplicationGroupAlreadyExistsFault",
    "ReplicationGroupNotFoundFault": "ReplicationGroupNotFoundFault",
    "InvalidParameterValue": "InvalidParameterValueException",
    "InvalidParameterCombination": "InvalidParameterCombinationException",
    "InvalidCacheClusterState": "InvalidCacheClusterStateFault",
    "NodeGroupsPerReplicationGroupQuotaExceeded": "NodeGroupsPerReplicationGroupQuotaExceededFault",
    "InternalFailure": "InternalFailure",
}

_ID = String(min_length=1)
_TAGS = ListOf(Structure({"Key": STRING, "Value": STRING}))

# Members labcloud honours, plus EngineVersion and Tags, which it accepts
# (the engine version is the one labcloud implements; tags are not kept).
CREATE_CACHE_CLUSTER = Structure(
    {
        "CacheClusterId": _ID, "Engine": STRING, "EngineVersion": STRING, "CacheNodeType": STRING,
        "NumCacheNodes": INTEGER, "Port": INTEGER, "PreferredAvailabilityZone": STRING, "Tags": _TAGS,
    },
    required=("CacheClusterId",),
)
DESCRIBE_CACHE_CLUSTERS = Structure({
    "CacheClusterId": STRING, "ShowCacheNodeInfo": BOOLEAN, "MaxRecords": INTEGER, "Marker": STRING,
})
DELETE_CACHE_CLUSTER = Structure({"CacheClusterId": _ID}, required=("CacheClusterId",))
CREATE_REPLICATION_GROUP = Structure(
    {
        "ReplicationGroupId": _ID, "ReplicationGroupDescription": STRING, "Engine": STRING,
        "EngineVersion": STRING, "CacheNodeType": STRING, "NumCacheClusters": INTEGER,
        "NumNodeGroups": INTEGER, "ReplicasPerNodeGroup": INTEGER, "ClusterMode": STRING,
        "CacheParameterGroupName": STRING, "AutomaticFailoverEnabled": BOOLEAN, "MultiAZEnabled": BOOLEAN,
        "Port": INTEGER, "Tags": _TAGS,
    },
    required=("ReplicationGroupId", "ReplicationGroupDescription"),
)
DESCRIBE_REPLICATION_GROUPS = Structure({"ReplicationGroupId": STRING, "MaxRecords": INTEGER, "Marker": STRING})
DELETE_REPLICATION_GROUP = Structure(
    {"ReplicationGroupId": _ID, "RetainPrimaryCluster": BOOLEAN, "FinalSnapshotIdentifier": STRING},
    required=("ReplicationGroupId",),
)
