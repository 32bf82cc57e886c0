"""Error replies, byte for byte as redis-server 7.0 writes them."""

import pytest

from _wire import Wire


@pytest.fixture
def wire(cache_endpoint):
    w = Wire(cache_endpoint)
    yield w
    w.close()


@pytest.mark.parametrize(("command", "reply"), [
    (["NOSUCH"], b"-ERR unknown command 'NOSUCH', with args beginning with: \r\n"),
    (["nosuch", "a", "b"], b"-ERR unknown command 'nosuch', with args beginning with: 'a' 'b' \r\n"),
    (["GET"], b"-ERR wrong number of arguments for 'get' command\r\n"),
    (["SET", "k"], b"-ERR wrong number of arguments for 'set' command\r\n"),
    (["HSET", "h", "f"], b"-ERR wrong number of arguments for 'hset' command\r\n"),
    (["MSET", "a", "1", "b"], b"-ERR wrong number of arguments for 'mset' command\r\n"),
    (["CONFIG", "GET"], b"-ERR wrong number of arguments for 'config|get' command\r\n"),
    (["CONFIG", "NOPE"], b"-ERR unknown subcommand 'NOPE'. Try CONFIG HELP.\r\n"),
    (["INCRBY", "n", "1.5"], b"-ERR value is not an integer or out of range\r\n"),
    (["EXPIRE", "k", "soon"], b"-ERR value is not an integer or out of range\r\n"),
    (["LRANGE", "l", "a", "1"], b"-ERR value is not an integer or out of range\r\n"),
    (["SELECT", "x"], b"-ERR value is not an integer or out of range\r\n"),
    (["ZADD", "z", "x", "m"], b"-ERR value is not a valid float\r\n"),
    (["SET", "k", "v", "EX", "-1"], b"-ERR invalid expire time in 'set' command\r\n"),
    (["SET", "k", "v", "BOGUS"], b"-ERR syntax error\r\n"),
    (["RENAME", "nokey", "x"], b"-ERR no such key\r\n"),
    (["BLPOP", "l", "x"], b"-ERR timeout is not a float or out of range\r\n"),
    (["CLUSTER", "SLOTS"], b"-ERR This instance has cluster support disabled\r\n"),
])
def test_error_replies_match_redis(wire, command, reply):
    assert wire.call(*command) == reply


def test_wrongtype_for_every_family(wire):
    wrongtype = b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    assert wire.call("SET", "s", "v") == b"+OK\r\n"
    assert wire.call("RPUSH", "l", "x") == b":1\r\n"
    for command in (["LPUSH", "s", "x"], ["HGET", "s", "f"], ["SADD", "s", "m"], ["ZADD", "s", "1", "m"],
                    ["GET", "l"], ["INCR", "l"], ["APPEND", "l", "x"], ["SMEMBERS", "l"], ["ZSCORE", "l", "m"],
                    ["HGETALL", "l"], ["SET", "l", "v", "GET"]):
        assert wire.call(*command) == wrongtype, command
    assert wire.call("LRANGE", "l", "0", "-1") == b"*1\r\n$1\r\nx\r\n", "a refused SET ... GET changed nothing"


def test_oom_under_noeviction(wire):
    assert wire.call("CONFIG", "SET", "maxmemory-policy", "noeviction") == b"+OK\r\n"
    assert wire.call("CONFIG", "SET", "maxmemory", "1") == b"+OK\r\n"
    assert wire.call("SET", "a", "v") == b"+OK\r\n", "the first write lands: memory was under the limit"
    assert wire.call("SET", "b", "v") == b"-OOM command not allowed when used memory > 'maxmemory'.\r\n"
    assert wire.call("GET", "a") == b"$1\r\nv\r\n"
    assert wire.call("DEL", "a") == b":1\r\n"
