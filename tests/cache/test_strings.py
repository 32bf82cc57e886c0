"""String commands through redis-py against a cache cluster's RESP endpoint."""

import pytest
import redis


def test_set_get_and_missing_keys(r):
    assert r.set("k", "v") is True
    assert r.get("k") == "v"
    assert r.get("missing") is None


def test_set_nx_xx_get_and_keepttl(r):
    assert r.set("k", "1", nx=True) is True
    assert r.set("k", "2", nx=True) is None
    assert r.set("other", "x", xx=True) is None
    assert r.set("k", "3", xx=True) is True
    assert r.set("k", "4", get=True) == "3"
    r.expire("k", 100)
    r.set("k", "5", keepttl=True)
    assert 0 < r.ttl("k") <= 100
    r.set("k", "6")
    assert r.ttl("k") == -1


def test_set_with_expiry_options(r):
    r.set("ex", "v", ex=10)
    assert 9 <= r.ttl("ex") <= 10
    r.set("px", "v", px=5000)
    assert 4000 < r.pttl("px") <= 5000
    with pytest.raises(redis.ResponseError, match="invalid expire time in 'set' command"):
        r.set("bad", "v", ex=0)
    with pytest.raises(redis.ResponseError, match="syntax error"):
        r.execute_command("SET", "k", "v", "NX", "XX")


def test_mget_mset_msetnx_setnx(r):
    assert r.mset({"a": "1", "b": "2"}) is True
    assert r.mget("a", "b", "c") == ["1", "2", None]
    assert r.msetnx({"c": "3", "a": "x"}) is False
    assert r.get("c") is None
    assert r.setnx("c", "3") is True
    assert r.setnx("c", "4") is False


def test_incr_family(r):
    assert r.incr("n") == 1
    assert r.incrby("n", 10) == 11
    assert r.decr("n") == 10
    assert r.decrby("n", 5) == 5
    assert r.incrbyfloat("f", 10.5) == 10.5
    assert r.incrbyfloat("f", 0.1) == pytest.approx(10.6)
    r.set("s", "abc")
    with pytest.raises(redis.ResponseError, match="^value is not an integer or out of range$"):
        r.incr("s")
    r.set("big", str(2**63 - 1))
    with pytest.raises(redis.ResponseError, match="increment or decrement would overflow"):
        r.incr("big")
    with pytest.raises(redis.ResponseError, match="value is not a valid float"):
        r.incrbyfloat("s", 1)


def test_append_strlen_getrange_setrange(r):
    assert r.append("s", "Hello") == 5
    assert r.append("s", " World") == 11
    assert r.strlen("s") == 11
    assert r.getrange("s", 0, 4) == "Hello"
    assert r.getrange("s", -5, -1) == "World"
    assert r.setrange("s", 6, "Redis") == 11
    assert r.get("s") == "Hello Redis"
    assert r.setrange("pad", 3, "x") == 4
    assert r.get("pad") == "\x00\x00\x00x"
    with pytest.raises(redis.ResponseError, match="offset is out of range"):
        r.setrange("s", -1, "x")


def test_getdel_getex_getset(r):
    r.set("k", "v")
    assert r.getdel("k") == "v"
    assert r.exists("k") == 0
    r.set("k", "v")
    assert r.getex("k", ex=50) == "v"
    assert 0 < r.ttl("k") <= 50
    assert r.getex("k", persist=True) == "v"
    assert r.ttl("k") == -1
    assert r.getset("k", "w") == "v"
    assert r.get("k") == "w"


def test_binary_values_round_trip(cache_endpoint):
    host, port = cache_endpoint
    raw = redis.Redis(host=host, port=port)
    value = bytes(range(256)) * 10 + b"\r\n$-1\r\n"
    raw.set(b"\x00bin\xff", value)
    assert raw.get(b"\x00bin\xff") == value
    big = b"x" * (3 << 20)
    raw.set("big", big)
    assert raw.get("big") == big
    raw.close()
