"""Fixtures for the cache tests: an ElastiCache client over both transports,
and redis-py connected to a fresh cache cluster's RESP endpoint."""

from __future__ import annotations

import pytest
import redis

from labcloud import Cloud


def endpoint(elasticache, cluster_id: str) -> tuple[str, int]:
    """The RESP endpoint describe_cache_clusters reports for a cluster's node."""
    cluster = elasticache.describe_cache_clusters(CacheClusterId=cluster_id, ShowCacheNodeInfo=True)["CacheClusters"][0]
    e = cluster["CacheNodes"][0]["Endpoint"]
    return e["Address"], e["Port"]


@pytest.fixture
def elasticache(cloud):
    return cloud.client("elasticache")


@pytest.fixture
def cache_endpoint(elasticache):
    elasticache.create_cache_cluster(CacheClusterId="test", Engine="redis", CacheNodeType="cache.t3.micro",
                                     NumCacheNodes=1)
    return endpoint(elasticache, "test")


@pytest.fixture
def r(cache_endpoint):
    """redis-py (RESP2, replies decoded as str) on a fresh cluster."""
    host, port = cache_endpoint
    client = redis.Redis(host=host, port=port, decode_responses=True, protocol=2)
    yield client
    client.close()


@pytest.fixture
def r3(cache_endpoint):
    """redis-py speaking RESP3 (HELLO 3)."""
    host, port = cache_endpoint
    client = redis.Redis(host=host, port=port, decode_responses=True, protocol=3)
    yield client
    client.close()


@pytest.fixture
def vcloud(tmp_path):
    """A local cloud on virtual time, for expiry."""
    with Cloud.local(tmp_path, virtual_time=True) as c:
        yield c


@pytest.fixture
def vr(vcloud):
    """redis-py on a cluster of the virtual-time cloud."""
    ec = vcloud.client("elasticache")
    ec.create_cache_cluster(CacheClusterId="timed", Engine="redis", CacheNodeType="cache.t3.micro")
    host, port = endpoint(ec, "timed")
    client = redis.Redis(host=host, port=port, decode_responses=True)
    yield client
    client.close()
