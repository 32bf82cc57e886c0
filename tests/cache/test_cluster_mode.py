"""Cluster mode: a replication group's shards split the 16,384 slots, each
shard a real RESP endpoint; keys addressed to the wrong shard get MOVED,
and redis-py's cluster client finds its way with CLUSTER SLOTS."""

import pytest
import redis
from redis.cluster import RedisCluster, key_slot

from _wire import Wire


@pytest.fixture
def group(elasticache):
    return elasticache.create_replication_group(
        ReplicationGroupId="shop", ReplicationGroupDescription="sharded", Engine="redis",
        CacheNodeType="cache.t3.micro", NumNodeGroups=3, ReplicasPerNodeGroup=1,
    )["ReplicationGroup"]


def shard_nodes(elasticache, group):
    """(slot range, primary (host, port), replica (host, port)) per shard."""
    out = []
    for ng in group["NodeGroups"]:
        lo, hi = map(int, ng["Slots"].split("-"))
        primary, replica = [
            endpoint_of(elasticache, m["CacheClusterId"]) for m in ng["NodeGroupMembers"]
        ]
        out.append(((lo, hi), primary, replica))
    return out


def endpoint_of(elasticache, cluster_id):
    c = elasticache.describe_cache_clusters(CacheClusterId=cluster_id, ShowCacheNodeInfo=True)["CacheClusters"][0]
    e = c["CacheNodes"][0]["Endpoint"]
    return e["Address"], e["Port"]


def test_shards_split_the_slots_evenly(group):
    assert group["ClusterEnabled"] is True and group["ClusterMode"] == "enabled"
    assert [ng["Slots"] for ng in group["NodeGroups"]] == ["0-5461", "5462-10922", "10923-16383"]
    assert len(group["MemberClusters"]) == 6
    assert group["MemberClusters"][:2] == ["shop-0001-001", "shop-0001-002"]
    assert "ConfigurationEndpoint" in group


def test_cluster_client_reads_and_writes_across_shards(group):
    e = group["ConfigurationEndpoint"]
    rc = RedisCluster(host=e["Address"], port=e["Port"], decode_responses=True)
    for i in range(200):
        rc.set(f"user:{i}", i)
    assert [rc.get(f"user:{i}") for i in range(200)] == [str(i) for i in range(200)]
    assert rc.mset_nonatomic({"{t}a": "1", "{t}b": "2"}) == [True]
    assert rc.mget_nonatomic(["{t}a", "{t}b"]) == ["1", "2"]
    rc.close()


def test_wrong_shard_answers_moved_and_crossslot(elasticache, group):
    shards = shard_nodes(elasticache, group)
    (lo, hi), primary, _ = shards[0]
    w = Wire(primary)
    key = next(f"k{i}" for i in range(1000) if not lo <= key_slot(f"k{i}".encode()) <= hi)
    slot = key_slot(key.encode())
    owner = next(p for (a, b), p, _ in shards if a <= slot <= b)
    assert w.call("SET", key, "v") == f"-MOVED {slot} {owner[0]}:{owner[1]}\r\n".encode()
    assert w.call("CLUSTER", "KEYSLOT", key) == b":%d\r\n" % slot
    mine = next(f"k{i}" for i in range(1000) if lo <= key_slot(f"k{i}".encode()) <= hi)
    assert w.call("SET", mine, "v") == b"+OK\r\n"
    assert w.call("MSET", "{a}x", "1", "{b}y", "2") == b"-CROSSSLOT Keys in request don't hash to the same slot\r\n"
    assert w.call("SELECT", "1") == b"-ERR SELECT is not allowed in cluster mode\r\n"
    w.close()


def test_cluster_slots_and_info_describe_the_group(elasticache, group):
    shards = shard_nodes(elasticache, group)
    r = redis.Redis(*shards[1][1], decode_responses=True)
    slots = r.execute_command("CLUSTER", "SLOTS")
    assert sorted((s[0], s[1], s[2][1], s[3][1]) for s in slots) == sorted(
        (lo, hi, p[1], rep[1]) for (lo, hi), p, rep in shards
    )
    info = r.execute_command("CLUSTER", "INFO")
    assert "cluster_state:ok" in info and "cluster_size:3" in info
    assert r.info("cluster")["cluster_enabled"] == 1
    r.close()


def test_replica_endpoints_serve_reads_and_refuse_writes(elasticache, group):
    (lo, hi), primary, replica = shard_nodes(elasticache, group)[0]
    key = next(f"k{i}" for i in range(1000) if lo <= key_slot(f"k{i}".encode()) <= hi)
    p, rep = Wire(primary), Wire(replica)
    assert p.call("SET", key, "v") == b"+OK\r\n"
    assert rep.call("GET", key) == b"$1\r\nv\r\n"
    assert rep.call("SET", key, "w") == b"-READONLY You can't write against a read only replica.\r\n"
    p.close()
    rep.close()
