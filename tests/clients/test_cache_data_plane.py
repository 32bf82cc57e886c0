"""The cache data plane over labcloud's transport: the same node the RESP
endpoint serves, reached with execute_command over both transports."""

import pytest
import redis

from labcloud.clients.cache import ReplyError, decode_resp3


@pytest.fixture
def cache(cloud):
    ec = cloud.client("elasticache")
    ec.create_cache_cluster(CacheClusterId="dp", Engine="redis", CacheNodeType="cache.t3.micro")
    node = ec.describe_cache_clusters(CacheClusterId="dp", ShowCacheNodeInfo=True)["CacheClusters"][0]["CacheNodes"][0]
    return cloud.client("cache"), node["Endpoint"]


def test_commands_reach_the_node_the_resp_endpoint_serves(cache):
    client, endpoint = cache
    run = lambda *args: client.execute_command(CacheClusterId="dp", Command=list(args))["Reply"]  # noqa: E731
    assert run("SET", "k", b"\x00v") == "OK"
    assert run("GET", "k") == b"\x00v"
    assert run("INCRBY", "n", "5") == 5
    assert run("HSET", "h", "f", "1") == 1 and run("HGETALL", "h") == {b"f": b"1"}
    assert run("SADD", "s", "a") == 1 and run("SMEMBERS", "s") == {b"a"}
    assert run("ZADD", "z", "1.5", "m") == 1 and run("ZSCORE", "z", "m") == 1.5
    assert run("GET", "missing") is None
    assert run("BLPOP", "empty", "0") is None, "nothing to wait with: answered as a timeout"
    r = redis.Redis(host=endpoint["Address"], port=endpoint["Port"])
    assert r.get("k") == b"\x00v"
    r.set("from-resp", "1")
    r.close()
    assert run("GET", "from-resp") == b"1"
    with pytest.raises(ReplyError, match="WRONGTYPE") as e:
        run("LPUSH", "k", "x")
    assert e.value.code == "WRONGTYPE"


def test_an_unknown_cluster_is_cache_cluster_not_found(cache):
    client, _ = cache
    with pytest.raises(client.exceptions.CacheClusterNotFoundFault):
        client.execute_command(CacheClusterId="nope", Command=["PING"])


def test_resp3_decoding():
    assert decode_resp3(b"%1\r\n$1\r\na\r\n*2\r\n:1\r\n_\r\n") == ({b"a": [1, None]}, 22)
    assert decode_resp3(b"=8\r\ntxt:text\r\n")[0] == "text"
    assert decode_resp3(b"#f\r\n")[0] is False
