"""Connection, transaction, pub/sub and server commands through redis-py."""

import time

import pytest
import redis


def test_ping_echo_client_commands(r):
    assert r.ping() is True
    assert r.echo("hi") == "hi"
    assert r.client_setname("worker-1") is True
    assert r.client_getname() == "worker-1"
    assert isinstance(r.client_id(), int)
    with pytest.raises(redis.ResponseError, match="Client names cannot contain spaces"):
        r.client_setname("has space")
    with pytest.raises(redis.ResponseError, match="unknown subcommand 'NOPE'. Try CLIENT HELP."):
        r.execute_command("CLIENT", "NOPE")


def test_hello_switches_protocol_and_auth_follows_redis(r, r3, cache_endpoint):
    reply = r3.execute_command("HELLO", "3")
    assert reply["proto"] == 3 and reply["server"] == "redis" and reply["mode"] == "standalone"
    import socket

    with socket.create_connection(cache_endpoint) as s:
        s.sendall(b"HELLO 3\r\nGET missing\r\nHELLO 2\r\nGET missing\r\n")
        got = b""
        while not got.endswith(b"$-1\r\n"):
            got += s.recv(4096)
        assert got.startswith(b"%7\r\n") and b"_\r\n*14\r\n" in got, "RESP3 null, then a RESP2 HELLO reply"
    with pytest.raises(redis.ResponseError, match="NOPROTO unsupported protocol version"):
        r.execute_command("HELLO", "4")
    with pytest.raises(redis.AuthenticationError, match="without any password configured"):
        r.execute_command("AUTH", "secret")
    assert r.execute_command("AUTH", "default", "anything") in (True, "OK", b"OK")


def test_quit_closes_after_ok(cache_endpoint):
    import socket

    with socket.create_connection(cache_endpoint) as s:
        s.sendall(b"QUIT\r\n")
        assert s.recv(100) == b"+OK\r\n"
        assert s.recv(100) == b""


def test_multi_exec_discard_and_watch(r, cache_endpoint):
    pipe = r.pipeline(transaction=True)
    pipe.set("a", "1").incr("a").get("a")
    assert pipe.execute() == [True, 2, "2"]
    with pytest.raises(redis.ResponseError, match="EXEC without MULTI"):
        r.execute_command("EXEC")
    with pytest.raises(redis.ResponseError, match="DISCARD without MULTI"):
        r.execute_command("DISCARD")

    host, port = cache_endpoint
    other = redis.Redis(host=host, port=port, decode_responses=True)
    with r.pipeline() as p:
        p.watch("a")
        other.set("a", "changed")
        p.multi()
        p.set("a", "mine")
        with pytest.raises(redis.WatchError):
            p.execute()
    assert r.get("a") == "changed"
    with r.pipeline() as p:
        p.watch("a")
        p.multi()
        p.set("a", "mine")
        assert p.execute() == [True]
    assert r.get("a") == "mine"
    other.close()


def test_a_queued_error_aborts_the_transaction(cache_endpoint):
    import socket

    with socket.create_connection(cache_endpoint) as s:
        s.sendall(b"MULTI\r\nSET a 1\r\nNOSUCH x\r\nEXEC\r\nGET a\r\n")
        expected = (b"+OK\r\n+QUEUED\r\n-ERR unknown command 'NOSUCH', with args beginning with: 'x' \r\n"
                    b"-EXECABORT Transaction discarded because of previous errors.\r\n$-1\r\n")
        got = b""
        while len(got) < len(expected):
            got += s.recv(4096)
        assert got == expected


def test_pubsub_channels_and_patterns(r, cache_endpoint):
    host, port = cache_endpoint
    sub = redis.Redis(host=host, port=port, decode_responses=True).pubsub()
    sub.subscribe("news")
    sub.psubscribe("sport.*")
    for _ in range(2):
        assert sub.get_message(timeout=2)["type"] in ("subscribe", "psubscribe")
    assert r.publish("news", "hello") == 1
    assert r.publish("sport.tennis", "ace") == 1
    assert r.publish("nobody", "x") == 0
    got = [sub.get_message(timeout=2) for _ in range(2)]
    assert {(m["type"], m["channel"], m["data"]) for m in got} == {
        ("message", "news", "hello"), ("pmessage", "sport.tennis", "ace"),
    }
    assert r.pubsub_numsub("news") == [("news", 1)]
    sub.unsubscribe("news")
    assert sub.get_message(timeout=2)["type"] == "unsubscribe"
    deadline = time.monotonic() + 2
    while r.pubsub_numsub("news") != [("news", 0)] and time.monotonic() < deadline:
        time.sleep(0.01)
    assert r.pubsub_numsub("news") == [("news", 0)]
    sub.close()


def test_subscribed_resp2_connection_refuses_other_commands(cache_endpoint):
    import socket

    with socket.create_connection(cache_endpoint) as s:
        s.sendall(b"SUBSCRIBE c\r\nGET k\r\n")
        expected = (b"*3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:1\r\n"
                    b"-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET "
                    b"are allowed in this context\r\n")
        got = b""
        while len(got) < len(expected):
            got += s.recv(4096)
        assert got == expected


def test_info_sections_and_config(r):
    r.set("a", "1")
    r.get("a")
    r.get("missing")
    info = r.info()
    for field in ("redis_version", "used_memory", "maxmemory", "maxmemory_policy", "connected_clients",
                  "total_commands_processed", "keyspace_hits", "keyspace_misses", "expired_keys", "evicted_keys"):
        assert field in info, field
    assert info["db0"]["keys"] == 1
    assert info["keyspace_hits"] >= 1 and info["keyspace_misses"] >= 1
    assert info["maxmemory"] == 512 * 1024 * 1024, "cache.t3.micro's maxmemory"
    assert info["maxmemory_policy"] == "volatile-lru", "ElastiCache's default parameter group"
    assert r.config_set("maxmemory", "10mb") is True
    assert r.config_set("maxmemory-policy", "allkeys-lru") is True
    assert r.config_get("maxmemory*") == {"maxmemory": str(10 << 20), "maxmemory-policy": "allkeys-lru",
                                           "maxmemory-samples": "5"}
    with pytest.raises(redis.ResponseError, match="argument\\(s\\) must be one of the following"):
        r.config_set("maxmemory-policy", "lru")
    with pytest.raises(redis.ResponseError, match="Unknown option or number of arguments for CONFIG SET - 'nope'"):
        r.config_set("nope", "1")
    assert list(r.info("memory")) and "db0" not in r.info("memory")
