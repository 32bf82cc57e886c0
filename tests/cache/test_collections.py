"""Hash, list, set and sorted-set commands through redis-py."""

import threading
import time

import pytest
import redis


def test_hash_commands(r):
    assert r.hset("h", mapping={"a": "1", "b": "2"}) == 2
    assert r.hset("h", "a", "10") == 0
    assert r.hget("h", "a") == "10"
    assert r.hmget("h", ["a", "b", "x"]) == ["10", "2", None]
    assert r.hgetall("h") == {"a": "10", "b": "2"}
    assert r.hkeys("h") == ["a", "b"] and r.hvals("h") == ["10", "2"]
    assert r.hlen("h") == 2 and r.hexists("h", "a") and not r.hexists("h", "x")
    assert r.hincrby("h", "a", 5) == 15
    assert r.hincrbyfloat("h", "c", 1.5) == 1.5
    assert r.hstrlen("h", "a") == 2
    assert r.hsetnx("h", "a", "x") == 0
    assert dict(r.hscan_iter("h", match="a*")) == {"a": "15"}
    assert r.hdel("h", "a", "b", "c", "x") == 3
    assert r.exists("h") == 0, "an emptied hash is deleted"
    r.hset("h", "s", "abc")
    with pytest.raises(redis.ResponseError, match="hash value is not an integer"):
        r.hincrby("h", "s", 1)


def test_list_commands(r):
    assert r.rpush("l", "a", "b", "c") == 3
    assert r.lpush("l", "z") == 4
    assert r.lrange("l", 0, -1) == ["z", "a", "b", "c"]
    assert r.llen("l") == 4 and r.lindex("l", -1) == "c" and r.lindex("l", 99) is None
    assert r.lpop("l") == "z" and r.rpop("l") == "c"
    r.rpush("l", "a", "x", "a")
    assert r.lrem("l", 2, "a") == 2
    assert r.lrange("l", 0, -1) == ["b", "x", "a"]
    assert r.ltrim("l", 1, -1) is True
    assert r.lrange("l", 0, -1) == ["x", "a"]
    assert r.lpop("l", 5) == ["x", "a"]
    assert r.exists("l") == 0
    assert r.lpop("l", 2) is None
    assert r.lpushx("l", "v") == 0
    with pytest.raises(redis.ResponseError, match="value is out of range, must be positive"):
        r.lpop("l", -1)


def test_blpop_waits_for_a_push_and_times_out(r, cache_endpoint):
    host, port = cache_endpoint
    other = redis.Redis(host=host, port=port, decode_responses=True)
    threading.Timer(0.2, lambda: other.rpush("queue", "job")).start()
    start = time.monotonic()
    assert list(r.blpop(["empty", "queue"], timeout=5)) == ["queue", "job"]
    assert time.monotonic() - start < 4
    start = time.monotonic()
    assert r.brpop(["queue"], timeout=0.3) is None
    assert time.monotonic() - start >= 0.25
    r.rpush("ready", "now")
    assert list(r.brpop(["ready"], timeout=1)) == ["ready", "now"]
    other.close()


def test_set_commands(r):
    assert r.sadd("s", "a", "b", "c", "a") == 3
    assert r.srem("s", "c", "x") == 1
    assert r.smembers("s") == {"a", "b"}
    assert r.sismember("s", "a") and not r.sismember("s", "x")
    assert r.smismember("s", ["a", "x"]) == [1, 0]
    assert r.scard("s") == 2
    r.sadd("t", "b", "c")
    assert r.sinter("s", "t") == {"b"}
    assert r.sunion("s", "t") == {"a", "b", "c"}
    assert r.sdiff("s", "t") == {"a"}
    assert r.sinterstore("dst", ["s", "t"]) == 1 and r.smembers("dst") == {"b"}
    assert r.smove("s", "t", "a") is True and r.smembers("t") == {"a", "b", "c"}
    assert r.spop("t") in {"a", "b", "c"}
    assert len(r.srandmember("t", 5)) == 2
    assert len(r.srandmember("t", -5)) == 5
    assert set(r.sscan_iter("t")) == r.smembers("t")
    r.sadd("ints", 3, 1, 2)
    assert r.sscan("ints") == (0, ["1", "2", "3"]), "small integer sets list in order, as an intset does"


def test_sorted_set_commands(r):
    assert r.zadd("z", {"a": 1, "b": 2, "c": 3}) == 3
    assert r.zadd("z", {"a": 5}, nx=True) == 0
    assert r.zadd("z", {"a": 0.5}, gt=True) == 0
    assert r.zadd("z", {"a": 4, "d": 9}, xx=True, ch=True) == 1
    assert r.zadd("z", {"a": 1}, incr=True) == 5.0
    assert r.zscore("z", "a") == 5.0 and r.zscore("z", "x") is None
    assert r.zincrby("z", 2, "b") == 4.0
    assert r.zcard("z") == 3 and r.zcount("z", "(3", "+inf") == 2
    assert r.zrank("z", "c") == 0 and r.zrevrank("z", "c") == 2
    assert r.zrange("z", 0, -1, withscores=True) == [("c", 3.0), ("b", 4.0), ("a", 5.0)]
    assert r.zrange("z", 0, 0, desc=True) == ["a"]
    assert r.zrange("z", "4", "+inf", byscore=True) == ["b", "a"]
    assert r.zrange("z", "+inf", "-inf", byscore=True, desc=True, offset=1, num=1) == ["b"]
    assert r.zrangebyscore("z", 3, 4) == ["c", "b"]
    r.zadd("lex", {"a": 0, "b": 0, "c": 0})
    assert r.zrange("lex", "[b", "+", bylex=True) == ["b", "c"]
    assert r.zpopmin("z") == [("c", 3.0)]
    assert r.zpopmax("z", 2) == [("a", 5.0), ("b", 4.0)]
    assert r.exists("z") == 0
    with pytest.raises(redis.ResponseError, match="value is not a valid float"):
        r.zadd("z", {"m": "abc"})
    with pytest.raises(redis.ResponseError, match="XX and NX options at the same time are not compatible"):
        r.execute_command("ZADD", "z", "NX", "XX", "1", "m")
    with pytest.raises(redis.ResponseError, match="min or max is not a float"):
        r.zcount("z", "x", "1")


def test_resp3_replies_use_maps_sets_and_doubles(r3):
    r3.hset("h", mapping={"a": "1"})
    assert r3.hgetall("h") == {"a": "1"}
    r3.sadd("s", "x")
    assert r3.smembers("s") == {"x"}
    r3.zadd("z", {"m": 1.5})
    assert r3.zscore("z", "m") == 1.5
    assert [list(p) for p in r3.zrange("z", 0, -1, withscores=True)] == [["m", 1.5]]
    assert r3.get("missing") is None
