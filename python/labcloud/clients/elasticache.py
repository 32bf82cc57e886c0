"""The ElastiCache client: boto3's ``client("elasticache")`` over labcloud's cache engine.

Each method turns boto3's keyword arguments into the request message and the
response message into boto3's dict. Every cache node is a real RESP endpoint
of the serving process: connect redis-py (or redis-cli) to the ``Endpoint``
that ``describe_cache_clusters(ShowCacheNodeInfo=True)`` reports, or a
cluster-mode client to a replication group's ``ConfigurationEndpoint``.
Fields ElastiCache always sends and labcloud does not model (security
groups, encryption, snapshots) carry ElastiCache's defaults for a cluster
created without them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from labcloud._proto.labcloud.elasticache.v1 import elasticache_pb2 as pb
from labcloud.clients import _elasticache_shapes as shapes
from labcloud.clients._base import BaseClient, ServiceExceptions, operation, response_metadata

__all__ = ["ElastiCacheClient"]


class ElastiCacheClient(BaseClient):
    SERVICE_NAME = "elasticache"
    METHOD_PREFIX = f"/{pb.DESCRIPTOR.services_by_name['ElastiCacheService'].full_name}/"
    EXCEPTIONS = ServiceExceptions(shapes.ERRORS, names=shapes.ERRORS)

    @operation(shapes.CREATE_CACHE_CLUSTER)
    def create_cache_cluster(self, p: dict) -> dict:
        request = pb.CreateCacheClusterRequest(
            cache_cluster_id=p["CacheClusterId"], engine=p.get("Engine", ""),
            cache_node_type=p.get("CacheNodeType", ""), num_cache_nodes=p.get("NumCacheNodes"),
            port=p.get("Port"), preferred_availability_zone=p.get("PreferredAvailabilityZone", ""),
        )
        r = self._unary("CreateCacheCluster", request, pb.CreateCacheClusterResponse)
        return _response({"CacheCluster": _cluster(r.cache_cluster)})

    @operation(shapes.DESCRIBE_CACHE_CLUSTERS)
    def describe_cache_clusters(self, p: dict) -> dict:
        request = pb.DescribeCacheClustersRequest(
            cache_cluster_id=p.get("CacheClusterId", ""), show_cache_node_info=p.get("ShowCacheNodeInfo", False),
        )
        r = self._unary("DescribeCacheClusters", request, pb.DescribeCacheClustersResponse)
        return _response({"CacheClusters": [_cluster(c) for c in r.cache_clusters]})

    @operation(shapes.DELETE_CACHE_CLUSTER)
    def delete_cache_cluster(self, p: dict) -> dict:
        r = self._unary("DeleteCacheCluster", pb.DeleteCacheClusterRequest(cache_cluster_id=p["CacheClusterId"]),
                        pb.DeleteCacheClusterResponse)
        return _response({"CacheCluster": _cluster(r.cache_cluster)})

    @operation(shapes.CREATE_REPLICATION_GROUP)
    def create_replication_group(self, p: dict) -> dict:
        mode = p.get("ClusterMode", "")
        if not mode and p.get("CacheParameterGroupName", "").endswith(".cluster.on"):
            mode = "enabled"
        request = pb.CreateReplicationGroupRequest(
            replication_group_id=p["ReplicationGroupId"],
            replication_group_description=p["ReplicationGroupDescription"],
            engine=p.get("Engine", ""), cache_node_type=p.get("CacheNodeType", ""),
            num_cache_clusters=p.get("NumCacheClusters"), num_node_groups=p.get("NumNodeGroups"),
            replicas_per_node_group=p.get("ReplicasPerNodeGroup"), cluster_mode=mode,
            automatic_failover_enabled=p.get("AutomaticFailoverEnabled"),
            multi_az_enabled=p.get("MultiAZEnabled"), port=p.get("Port"),
        )
        r = self._unary("CreateReplicationGroup", request, pb.CreateReplicationGroupResponse)
        return _response({"ReplicationGroup": _group(r.replication_group)})

    @operation(shapes.DESCRIBE_REPLICATION_GROUPS)
    def describe_replication_groups(self, p: dict) -> dict:
        request = pb.DescribeReplicationGroupsRequest(replication_group_id=p.get("ReplicationGroupId", ""))
        r = self._unary("DescribeReplicationGroups", request, pb.DescribeReplicationGroupsResponse)
        return _response({"ReplicationGroups": [_group(g) for g in r.replication_groups]})

    @operation(shapes.DELETE_REPLICATION_GROUP)
    def delete_replication_group(self, p: dict) -> dict:
        request = pb.DeleteReplicationGroupRequest(replication_group_id=p["ReplicationGroupId"])
        r = self._unary("DeleteReplicationGroup", request, pb.DeleteReplicationGroupResponse)
        return _response({"ReplicationGroup": _group(r.replication_group)})


def _response(body: dict[str, Any]) -> dict[str, Any]:
    return {**body, "ResponseMetadata": response_metadata(200, {"content-type": "text/xml"})}


def _time(message: Any, field: str) -> dict[str, dt.datetime]:
    if not message.HasField(field):
        return {}
    ts = getattr(message, field)
    # ElastiCache's XML carries milliseconds.
    moment = dt.datetime.fromtimestamp(ts.seconds, dt.timezone.utc) + dt.timedelta(milliseconds=ts.nanos // 1_000_000)
    return {_TIME_KEYS[field]: moment}


_TIME_KEYS = {
    "cache_cluster_create_time": "CacheClusterCreateTime",
    "cache_node_create_time": "CacheNodeCreateTime",
    "replication_group_create_time": "ReplicationGroupCreateTime",
}


def _endpoint(message: Any, field: str, key: str) -> dict[str, Any]:
    if not message.HasField(field):
        return {}
    e = getattr(message, field)
    return {key: {"Address": e.address, "Port": e.port}}


def _cluster(c: pb.CacheCluster) -> dict[str, Any]:
    out: dict[str, Any] = {
        "CacheClusterId": c.cache_cluster_id,
        "ClientDownloadLandingPage": "https://console.aws.amazon.com/elasticache/home#client-download:",
        "CacheNodeType": c.cache_node_type,
        "Engine": c.engine,
        "EngineVersion": c.engine_version,
        "CacheClusterStatus": c.cache_cluster_status,
        "NumCacheNodes": c.num_cache_nodes,
        "PreferredAvailabilityZone": c.preferred_availability_zone,
        **_time(c, "cache_cluster_create_time"),
        "PreferredMaintenanceWindow": "sun:05:00-sun:06:00",
        "PendingModifiedValues": {},
        "CacheSecurityGroups": [],
        "CacheParameterGroup": {
            "CacheParameterGroupName": c.cache_parameter_group_name,
            "ParameterApplyStatus": "in-sync",
            "CacheNodeIdsToReboot": [],
        },
        "CacheSubnetGroupName": "default",
        "AutoMinorVersionUpgrade": True,
        "SnapshotRetentionLimit": 0,
        "AuthTokenEnabled": False,
        "TransitEncryptionEnabled": False,
        "AtRestEncryptionEnabled": False,
        "ARN": c.arn,
        "ReplicationGroupLogDeliveryEnabled": False,
        "LogDeliveryConfigurations": [],
        "NetworkType": "ipv4",
        "IpDiscovery": "ipv4",
    }
    if c.replication_group_id:
        out["ReplicationGroupId"] = c.replication_group_id
    if c.cache_nodes:
        out["CacheNodes"] = [
            {
                "CacheNodeId": n.cache_node_id,
                "CacheNodeStatus": n.cache_node_status,
                **_time(n, "cache_node_create_time"),
                **_endpoint(n, "endpoint", "Endpoint"),
                "ParameterGroupStatus": n.parameter_group_status,
                "CustomerAvailabilityZone": n.customer_availability_zone,
            }
            for n in c.cache_nodes
        ]
    return out


def _group(g: pb.ReplicationGroup) -> dict[str, Any]:
    node_groups = []
    for ng in g.node_groups:
        members = [
            {
                "CacheClusterId": m.cache_cluster_id,
                "CacheNodeId": m.cache_node_id,
                **_endpoint(m, "read_endpoint", "ReadEndpoint"),
                "PreferredAvailabilityZone": m.preferred_availability_zone,
                **({"CurrentRole": m.current_role} if m.current_role else {}),
            }
            for m in ng.node_group_members
        ]
        node_groups.append({
            "NodeGroupId": ng.node_group_id,
            "Status": ng.status,
            **_endpoint(ng, "primary_endpoint", "PrimaryEndpoint"),
            **_endpoint(ng, "reader_endpoint", "ReaderEndpoint"),
            **({"Slots": ng.slots} if ng.slots else {}),
            "NodeGroupMembers": members,
        })
    return {
        "ReplicationGroupId": g.replication_group_id,
        "Description": g.description,
        "GlobalReplicationGroupInfo": {},
        "Status": g.status,
        "PendingModifiedValues": {},
        "MemberClusters": list(g.member_clusters),
        "NodeGroups": node_groups,
        "AutomaticFailover": g.automatic_failover,
        "MultiAZ": g.multi_az,
        **_endpoint(g, "configuration_endpoint", "ConfigurationEndpoint"),
        "SnapshotRetentionLimit": 0,
        "ClusterEnabled": g.cluster_enabled,
        "CacheNodeType": g.cache_node_type,
        "AuthTokenEnabled": False,
        "TransitEncryptionEnabled": False,
        "AtRestEncryptionEnabled": False,
        "ARN": g.arn,
        **_time(g, "replication_group_create_time"),
        "DataTiering": "disabled",
        "AutoMinorVersionUpgrade": True,
        "NetworkType": "ipv4",
        "IpDiscovery": "ipv4",
        "ClusterMode": g.cluster_mode,
        "Engine": g.engine,
    }
