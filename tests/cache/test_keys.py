"""Keyspace commands: DEL, EXISTS, EXPIRE family, TTL, PERSIST, TYPE, RENAME, KEYS, SCAN, DBSIZE, FLUSH."""

import pytest
import redis


def test_del_unlink_exists(r):
    r.mset({"a": "1", "b": "2", "c": "3"})
    assert r.exists("a", "b", "missing", "a") == 3
    assert r.delete("a", "missing") == 1
    assert r.unlink("b", "c") == 2
    assert r.dbsize() == 0


def test_expire_ttl_persist_and_options(r):
    r.set("k", "v")
    assert r.ttl("k") == -1
    assert r.ttl("missing") == -2
    assert r.pttl("missing") == -2
    assert r.expire("k", 100) is True
    assert r.expire("k", 50, gt=True) is False
    assert r.expire("k", 200, gt=True) is True
    assert r.expire("k", 300, nx=True) is False
    assert r.pexpire("k", 10_000, lt=True) is True
    assert 9_000 < r.pttl("k") <= 10_000
    assert r.persist("k") is True
    assert r.persist("k") is False
    assert r.expire("missing", 10) is False
    with pytest.raises(redis.ResponseError, match="NX and XX, GT or LT options at the same time are not compatible"):
        r.execute_command("EXPIRE", "k", "10", "NX", "XX")


def test_expire_in_the_past_deletes(r):
    r.set("k", "v")
    assert r.expireat("k", 1) is True
    assert r.exists("k") == 0


def test_type_and_rename(r):
    r.set("s", "v")
    r.rpush("l", "x")
    r.hset("h", "f", "v")
    r.sadd("set", "m")
    r.zadd("z", {"m": 1})
    assert [r.type(k) for k in ("s", "l", "h", "set", "z", "none")] == ["string", "list", "hash", "set", "zset", "none"]
    r.expire("s", 100)
    assert r.rename("s", "t") is True
    assert r.get("t") == "v" and 0 < r.ttl("t") <= 100
    assert r.renamenx("t", "l") is False
    with pytest.raises(redis.ResponseError, match="^no such key$"):
        r.rename("missing", "x")


def test_keys_scan_with_match_count_type(r):
    for i in range(300):
        r.set(f"user:{i}", i)
    r.hset("user:hash", "f", "v")
    assert len(r.keys("user:*")) == 301
    assert sorted(r.keys("user:1?")) == sorted(f"user:{i}" for i in range(10, 20))
    seen = list(r.scan_iter(match="user:*", count=20))
    assert len(seen) == len(set(seen)) == 301
    assert list(r.scan_iter(_type="hash")) == ["user:hash"]
    cursor, page = r.scan(0, count=1000)
    assert cursor == 0 and len(page) == 301
    with pytest.raises(redis.ResponseError, match="invalid cursor"):
        r.execute_command("SCAN", "abc")


def test_dbsize_flushdb_flushall_select_randomkey(r):
    assert r.randomkey() is None
    r.set("a", "1")
    assert r.randomkey() == "a"
    r.execute_command("SELECT", "1")
    assert r.dbsize() == 0
    r.set("b", "2")
    assert r.dbsize() == 1
    r.flushdb()
    assert r.dbsize() == 0
    r.execute_command("SELECT", "0")
    assert r.dbsize() == 1
    r.flushall()
    assert r.dbsize() == 0
    with pytest.raises(redis.ResponseError, match="DB index is out of range"):
        r.execute_command("SELECT", "16")
