"""The same command script against redis-server and a labcloud cache
cluster, replies compared byte for byte on the wire.

The script avoids replies that differ between two correct servers: random
picks (SPOP, RANDOMKEY), clocks (PTTL mid-flight, TIME), ids (CLIENT ID),
and the member order of hash-table encoded sets (sets here hold integers,
which redis-server keeps sorted in an intset)."""

from __future__ import annotations

import random

import pytest

from _redis_server import RedisServer
from _wire import Wire

FIXED = [
    ["PING"], ["PING", "hello"], ["ECHO", "abc"], ["SELECT", "0"], ["DBSIZE"],
    # strings
    ["SET", "s1", "hello"], ["GET", "s1"], ["GET", "nokey"], ["SET", "s1", "x", "NX"], ["SET", "s1", "y", "XX"],
    ["SET", "s1", "z", "XX", "GET"], ["SET", "s2", "v", "EX", "100"], ["TTL", "s2"], ["SET", "s2", "w", "KEEPTTL"],
    ["TTL", "s2"], ["PERSIST", "s2"], ["TTL", "s2"], ["SETNX", "s3", "a"], ["SETNX", "s3", "b"],
    ["MSET", "m1", "1", "m2", "2"], ["MGET", "m1", "m2", "nokey"], ["MSETNX", "m1", "x", "m9", "y"],
    ["INCR", "cnt"], ["INCRBY", "cnt", "41"], ["DECR", "cnt"], ["DECRBY", "cnt", "-10"], ["INCR", "s1"],
    ["INCRBYFLOAT", "f", "10.5"], ["INCRBYFLOAT", "f", "0.25"], ["INCRBYFLOAT", "f", "-20"], ["INCRBYFLOAT", "f", "abc"],
    ["SET", "big", "9223372036854775807"], ["INCR", "big"], ["DECRBY", "cnt", "-9223372036854775808"],
    ["APPEND", "s4", "Hello"], ["APPEND", "s4", " World"], ["STRLEN", "s4"], ["GETRANGE", "s4", "0", "4"],
    ["GETRANGE", "s4", "-5", "-1"], ["GETRANGE", "s4", "5", "2"], ["GETRANGE", "s4", "0", "100"],
    ["SETRANGE", "s4", "6", "Redis"], ["GET", "s4"], ["SETRANGE", "s5", "3", "x"], ["GET", "s5"],
    ["SETRANGE", "s4", "-1", "x"], ["GETDEL", "s5"], ["GETDEL", "s5"], ["GETEX", "s4", "EX", "50"], ["TTL", "s4"],
    ["GETEX", "s4", "PERSIST"], ["TTL", "s4"], ["GETSET", "s4", "new"], ["SET", "s6", "v", "EX", "0"],
    ["SET", "s6", "v", "EX", "abc"], ["SET", "s6", "v", "NX", "XX"], ["SET", "s6", "v", "EX", "10", "PX", "100"],
    ["SETEX", "s6", "10", "v"], ["TTL", "s6"], ["PSETEX", "s6", "0", "v"],
    # keys
    ["EXISTS", "s1", "s2", "nokey", "s1"], ["TYPE", "s1"], ["TYPE", "nokey"], ["DEL", "s1", "nokey"],
    ["UNLINK", "s2"], ["EXPIRE", "s3", "100"], ["TTL", "s3"], ["EXPIRE", "s3", "50", "GT"], ["EXPIRE", "s3", "500", "GT"],
    ["TTL", "s3"], ["EXPIRE", "s3", "10", "NX"], ["EXPIRE", "s3", "10", "LT"], ["TTL", "s3"],
    ["EXPIRE", "s3", "1", "NX", "XX"], ["EXPIRE", "s3", "1", "GT", "LT"], ["EXPIRE", "s3", "1", "FOO"],
    ["PEXPIRE", "nokey", "100"], ["TTL", "nokey"], ["PTTL", "nokey"], ["PERSIST", "nokey"], ["EXPIREAT", "s3", "1"],
    ["EXISTS", "s3"], ["RENAME", "m1", "m3"], ["GET", "m3"], ["RENAME", "nokey", "x"], ["RENAMENX", "m3", "m2"],
    ["RENAMENX", "m3", "m4"], ["KEYS", "m4"], ["KEYS", "zz*"],
    # hashes
    ["HSET", "h", "f1", "v1", "f2", "v2"], ["HSET", "h", "f1", "v9"], ["HGET", "h", "f1"], ["HGET", "h", "nof"],
    ["HMGET", "h", "f1", "nof", "f2"], ["HGETALL", "h"], ["HKEYS", "h"], ["HVALS", "h"], ["HLEN", "h"],
    ["HEXISTS", "h", "f2"], ["HINCRBY", "h", "n", "5"], ["HINCRBY", "h", "f1", "1"], ["HINCRBYFLOAT", "h", "fl", "1.5"],
    ["HSTRLEN", "h", "f1"], ["HSETNX", "h", "f1", "x"], ["HSETNX", "h", "f3", "x"], ["HDEL", "h", "f2", "nof"],
    ["HGETALL", "h"], ["HSET", "h", "f1"], ["HGETALL", "nokey"], ["HMSET", "h", "a", "1"], ["HSCAN", "h", "0"],
    # lists
    ["RPUSH", "l", "a", "b", "c"], ["LPUSH", "l", "z"], ["LRANGE", "l", "0", "-1"], ["LRANGE", "l", "-2", "100"],
    ["LLEN", "l"], ["LINDEX", "l", "1"], ["LINDEX", "l", "-1"], ["LINDEX", "l", "10"], ["LPOP", "l"], ["RPOP", "l"],
    ["RPUSH", "l", "a", "x", "a", "a"], ["LREM", "l", "2", "a"], ["LRANGE", "l", "0", "-1"], ["LREM", "l", "-1", "a"],
    ["LTRIM", "l", "0", "0"], ["LRANGE", "l", "0", "-1"], ["LSET", "l", "0", "q"], ["LSET", "l", "5", "q"],
    ["LSET", "nokey", "0", "q"], ["LPOP", "l", "2"], ["LPOP", "l", "2"], ["RPOP", "nokey"], ["LPUSHX", "l", "v"],
    ["RPUSH", "l2", "1", "2", "3"], ["RPOP", "l2", "0"], ["LPOP", "l2", "-1"], ["BLPOP", "l2", "0.01"],
    ["BRPOP", "nokey", "0.01"],
    # sets (integer members)
    ["SADD", "st", "3", "1", "2", "3"], ["SMEMBERS", "st"], ["SCARD", "st"], ["SISMEMBER", "st", "2"],
    ["SMISMEMBER", "st", "1", "9"], ["SREM", "st", "2", "9"], ["SADD", "st2", "1", "5"], ["SINTER", "st", "st2"],
    ["SUNION", "st", "st2"], ["SDIFF", "st", "st2"], ["SINTERSTORE", "st3", "st", "st2"], ["SMEMBERS", "st3"],
    ["SUNIONSTORE", "st4", "st", "st2"], ["SMEMBERS", "st4"], ["SDIFFSTORE", "st5", "st2", "st"],
    ["SMOVE", "st", "st2", "3"], ["SMEMBERS", "st2"], ["SINTER", "st", "nokey"], ["SPOP", "nokey"], ["SSCAN", "st2", "0"],
    # sorted sets
    ["ZADD", "z", "1", "a", "2", "b", "3", "c"], ["ZADD", "z", "NX", "5", "a"], ["ZADD", "z", "XX", "CH", "4", "a", "9", "d"],
    ["ZADD", "z", "GT", "1", "a"], ["ZADD", "z", "LT", "1", "a"], ["ZADD", "z", "INCR", "2", "b"], ["ZSCORE", "z", "b"],
    ["ZSCORE", "z", "nom"], ["ZINCRBY", "z", "0.5", "c"], ["ZINCRBY", "z", "0.1", "c"], ["ZMSCORE", "z", "a", "nom"],
    ["ZCARD", "z"], ["ZCOUNT", "z", "1", "3.5"], ["ZCOUNT", "z", "(1", "+inf"], ["ZRANK", "z", "c"], ["ZREVRANK", "z", "c"],
    ["ZRANK", "z", "nom"], ["ZRANGE", "z", "0", "-1"], ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
    ["ZRANGE", "z", "0", "1", "REV"], ["ZRANGE", "z", "2", "+inf", "BYSCORE"], ["ZRANGE", "z", "(1", "4", "BYSCORE", "WITHSCORES"],
    ["ZRANGE", "z", "+inf", "-inf", "BYSCORE", "REV", "LIMIT", "0", "2"], ["ZRANGE", "z", "0", "1", "LIMIT", "0", "1"],
    ["ZREVRANGE", "z", "0", "0", "WITHSCORES"], ["ZRANGEBYSCORE", "z", "-inf", "3"], ["ZREVRANGEBYSCORE", "z", "10", "3"],
    ["ZADD", "zl", "0", "a", "0", "b", "0", "c", "0", "d"], ["ZRANGEBYLEX", "zl", "[b", "(d"], ["ZRANGE", "zl", "-", "+", "BYLEX"],
    ["ZRANGE", "zl", "[c", "-", "BYLEX", "REV"], ["ZRANGEBYLEX", "zl", "b", "c"], ["ZREM", "z", "a", "nom"],
    ["ZPOPMIN", "z"], ["ZPOPMAX", "z", "2"], ["ZPOPMIN", "nokey"], ["ZADD", "z", "x", "m"], ["ZADD", "z", "1"],
    ["ZADD", "z", "NX", "XX", "1", "m"], ["ZADD", "z", "INCR", "1", "a", "2", "b"], ["ZCOUNT", "z", "x", "1"],
    ["ZADD", "zi", "inf", "top", "-inf", "bottom", "1.5", "mid"], ["ZRANGE", "zi", "0", "-1", "WITHSCORES"],
    # wrong types and errors
    ["SET", "str", "v"], ["LPUSH", "str", "x"], ["HGET", "str", "f"], ["SADD", "str", "1"], ["ZSCORE", "str", "m"],
    ["GET", "h"], ["INCR", "l2"], ["GET"], ["SET", "k"], ["NOSUCHCMD", "a"], ["HSET", "h", "f"],
    # transactions
    ["MULTI"], ["SET", "t", "1"], ["INCR", "t"], ["GET", "t"], ["EXEC"], ["MULTI"], ["SET", "t", "2"], ["DISCARD"],
    ["GET", "t"], ["EXEC"], ["DISCARD"], ["MULTI"], ["MULTI"], ["SET", "t", "3"], ["BADCMD"], ["EXEC"], ["GET", "t"],
    ["MULTI"], ["INCR", "str"], ["SET", "t", "4"], ["EXEC"], ["WATCH", "t"], ["UNWATCH"],
    ["SELECT", "1"], ["SET", "db1", "x"], ["DBSIZE"], ["FLUSHDB"], ["DBSIZE"], ["SELECT", "0"], ["SELECT", "99"],
    ["PUBLISH", "chan", "nobody"],
]


def random_script(seed: int, n: int) -> list[list[str]]:
    """Commands over a small keyspace shared by every type, so WRONGTYPE and
    empty-key cases come up by themselves."""
    rng = random.Random(seed)
    keys = ["a", "b", "c", "d"]

    def num() -> str:
        return str(rng.randint(-3, 12))

    makers = [
        lambda k: ["SET", k, rng.choice(["x", "10", "hello"])],
        lambda k: ["GET", k],
        lambda k: ["APPEND", k, "yz"],
        lambda k: ["INCRBY", k, num()],
        lambda k: ["STRLEN", k],
        lambda k: ["RPUSH", k, *rng.sample(["p", "q", "r", "s"], rng.randint(1, 3))],
        lambda k: ["LPUSH", k, "m"],
        lambda k: ["LRANGE", k, num(), num()],
        lambda k: ["LPOP", k],
        lambda k: ["RPOP", k, str(rng.randint(0, 3))],
        lambda k: ["LLEN", k],
        lambda k: ["HSET", k, rng.choice(["f", "g", "h"]), num()],
        lambda k: ["HGET", k, rng.choice(["f", "g"])],
        lambda k: ["HINCRBY", k, "f", num()],
        lambda k: ["HDEL", k, "g"],
        lambda k: ["HGETALL", k],
        lambda k: ["SADD", k, num(), num()],
        lambda k: ["SREM", k, num()],
        lambda k: ["SMEMBERS", k],
        lambda k: ["SCARD", k],
        lambda k: ["ZADD", k, num(), rng.choice(["u", "v", "w"])],
        lambda k: ["ZINCRBY", k, num(), "u"],
        lambda k: ["ZRANGE", k, "0", "-1", "WITHSCORES"],
        lambda k: ["ZRANGE", k, num(), "+inf", "BYSCORE"],
        lambda k: ["ZREM", k, "v"],
        lambda k: ["ZPOPMIN", k],
        lambda k: ["TYPE", k],
        lambda k: ["EXISTS", k],
        lambda k: ["DEL", k],
        lambda k: ["EXPIRE", k, "1000"],
        lambda k: ["TTL", k],
        lambda k: ["RENAME", k, rng.choice(keys)],
    ]
    return [rng.choice(makers)(rng.choice(keys)) for _ in range(n)]


@pytest.fixture(scope="module")
def redis_server():
    server = RedisServer()
    yield server
    server.close()


def run(address, script):
    w = Wire(address)
    try:
        w.call("FLUSHALL")
        return [w.call(*cmd) for cmd in script]
    finally:
        w.close()


def test_replies_match_redis_server_byte_for_byte(redis_server, cache_endpoint):
    commands = FIXED + [["FLUSHALL"]] + random_script(seed=6, n=400)
    assert len(commands) >= 600
    expected = run(redis_server.address, commands)
    got = run(cache_endpoint, commands)
    diffs = [(i, c, e, g) for i, (c, e, g) in enumerate(zip(commands, expected, got)) if e != g]
    report = "\n".join(f"#{i} {' '.join(c)}\n  redis-server: {e!r}\n  labcloud:     {g!r}" for i, c, e, g in diffs[:15])
    assert not diffs, f"{len(diffs)} of {len(commands)} replies differ:\n{report}"
