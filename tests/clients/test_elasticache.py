"""The ElastiCache client (boto3's client("elasticache") shapes) over both transports."""

import socket

import pytest
import redis

from labcloud import ClientError


def create(ec, cluster_id="web", **kwargs):
    params = {"CacheClusterId": cluster_id, "Engine": "redis", "CacheNodeType": "cache.t3.small", "NumCacheNodes": 1}
    return ec.create_cache_cluster(**{**params, **kwargs})["CacheCluster"]


@pytest.fixture
def ec(cloud):
    return cloud.client("elasticache")


def test_create_describe_delete_a_cache_cluster(ec):
    created = create(ec, "Web-Cache")
    assert created["CacheClusterId"] == "web-cache", "ids are kept in lower case"
    assert created["CacheClusterStatus"] == "available"
    assert (created["Engine"], created["CacheNodeType"], created["NumCacheNodes"]) == ("redis", "cache.t3.small", 1)
    assert "CacheNodes" not in created
    assert created["ARN"] == "arn:aws:elasticache:us-east-1:000000000000:cluster:web-cache"

    described = ec.describe_cache_clusters(CacheClusterId="web-cache", ShowCacheNodeInfo=True)["CacheClusters"]
    node = described[0]["CacheNodes"][0]
    assert node["CacheNodeId"] == "0001" and node["CacheNodeStatus"] == "available"
    host, port = node["Endpoint"]["Address"], node["Endpoint"]["Port"]
    client = redis.Redis(host=host, port=port)
    assert client.ping() and client.info("memory")["maxmemory"] == int(1.37 * 1024**3)
    client.close()
    assert "CacheNodes" not in ec.describe_cache_clusters()["CacheClusters"][0]

    deleted = ec.delete_cache_cluster(CacheClusterId="web-cache")["CacheCluster"]
    assert deleted["CacheClusterStatus"] == "deleting"
    assert ec.describe_cache_clusters()["CacheClusters"] == []
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((host, port), timeout=2).close()


def test_cluster_errors_carry_elasticache_codes(ec):
    create(ec)
    with pytest.raises(ec.exceptions.CacheClusterAlreadyExistsFault) as e:
        create(ec)
    assert e.value.response["Error"]["Code"] == "CacheClusterAlreadyExists"
    with pytest.raises(ec.exceptions.CacheClusterNotFoundFault) as e:
        ec.describe_cache_clusters(CacheClusterId="nope")
    assert e.value.response["Error"] == {"Code": "CacheClusterNotFound", "Message": "CacheCluster not found: nope"}
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    with pytest.raises(ec.exceptions.InvalidParameterValueException, match="memcached"):
        create(ec, "mc", Engine="memcached")
    with pytest.raises(ClientError, match="Invalid CacheNodeType"):
        create(ec, "odd", CacheNodeType="cache.z9.huge")
    with pytest.raises(ClientError, match="exactly one node"):
        create(ec, "many", NumCacheNodes=3)
    with pytest.raises(ClientError, match="must begin with a letter"):
        create(ec, "1-bad")


def test_replication_group_without_cluster_mode(ec):
    g = ec.create_replication_group(
        ReplicationGroupId="sessions", ReplicationGroupDescription="primary and two replicas",
        Engine="valkey", CacheNodeType="cache.t3.micro", NumCacheClusters=3, AutomaticFailoverEnabled=True,
    )["ReplicationGroup"]
    assert g["MemberClusters"] == ["sessions-001", "sessions-002", "sessions-003"]
    assert g["ClusterEnabled"] is False and g["AutomaticFailover"] == "enabled"
    (ng,) = g["NodeGroups"]
    assert [m["CurrentRole"] for m in ng["NodeGroupMembers"]] == ["primary", "replica", "replica"]
    assert [m["PreferredAvailabilityZone"] for m in ng["NodeGroupMembers"]] == ["us-east-1a", "us-east-1b", "us-east-1c"]
    primary = redis.Redis(host=ng["PrimaryEndpoint"]["Address"], port=ng["PrimaryEndpoint"]["Port"])
    reader = redis.Redis(host=ng["ReaderEndpoint"]["Address"], port=ng["ReaderEndpoint"]["Port"])
    primary.set("k", "v")
    assert reader.get("k") == b"v"
    with pytest.raises(redis.ReadOnlyError):
        reader.set("k", "w")
    primary.close()
    reader.close()
    members = ec.describe_cache_clusters()["CacheClusters"]
    assert {c["ReplicationGroupId"] for c in members} == {"sessions"}
    with pytest.raises(ec.exceptions.InvalidCacheClusterStateFault):
        ec.delete_cache_cluster(CacheClusterId="sessions-002")
    assert ec.describe_replication_groups()["ReplicationGroups"][0]["ReplicationGroupId"] == "sessions"
    assert ec.delete_replication_group(ReplicationGroupId="sessions")["ReplicationGroup"]["Status"] == "deleting"
    assert ec.describe_cache_clusters()["CacheClusters"] == []
    with pytest.raises(ec.exceptions.ReplicationGroupNotFoundFault):
        ec.describe_replication_groups(ReplicationGroupId="sessions")


def test_replication_group_limits(ec):
    base = {"ReplicationGroupDescription": "d", "CacheNodeType": "cache.t3.micro"}
    with pytest.raises(ec.exceptions.NodeGroupsPerReplicationGroupQuotaExceededFault):
        ec.create_replication_group(ReplicationGroupId="big", NumNodeGroups=501, **base)
    with pytest.raises(ec.exceptions.InvalidParameterValueException, match="ReplicasPerNodeGroup"):
        ec.create_replication_group(ReplicationGroupId="big", NumNodeGroups=2, ReplicasPerNodeGroup=6, **base)
    with pytest.raises(ec.exceptions.InvalidParameterCombinationException):
        ec.create_replication_group(ReplicationGroupId="big", NumNodeGroups=2, ClusterMode="disabled", **base)
    ec.create_replication_group(ReplicationGroupId="big", NumNodeGroups=2, **base)
    with pytest.raises(ec.exceptions.ReplicationGroupAlreadyExistsFault):
        ec.create_replication_group(ReplicationGroupId="big", NumNodeGroups=2, **base)


def test_region_names_the_availability_zone(cloud):
    ec = cloud.client("elasticache", region_name="eu-west-1")
    c = create(ec, "eu")
    assert c["PreferredAvailabilityZone"] == "eu-west-1a"
    assert c["ARN"].startswith("arn:aws:elasticache:eu-west-1:")


def test_parameters_are_validated_before_sending(ec):
    from labcloud import ParamValidationError

    with pytest.raises(ParamValidationError, match='Missing required parameter in input: "CacheClusterId"'):
        ec.create_cache_cluster(Engine="redis")
