"""Bad input on the wire never crashes the server nor affects other
clients: protocol errors end only the offending connection, after the
reply redis-server gives."""

import os
import random
import socket
import time

import pytest
import redis


@pytest.fixture
def bystander(r):
    """A client with data, checked after each abuse."""
    r.set("canary", "alive")
    return r


def still_fine(bystander):
    assert bystander.get("canary") == "alive"
    assert bystander.ping()


def exchange(address, payload, wait=2.0):
    """Sends payload, returns everything the server wrote until it closed (or `wait` passed)."""
    with socket.create_connection(address, timeout=wait) as s:
        s.sendall(payload)
        got = b""
        deadline = time.monotonic() + wait
        try:
            while time.monotonic() < deadline:
                chunk = s.recv(65536)
                if not chunk:
                    return got, True
                got += chunk
        except (TimeoutError, socket.timeout):
            return got, False
        except ConnectionResetError:
            return got, True
    return got, False


@pytest.mark.parametrize(("payload", "reply"), [
    (b"*1\r\n$99999999999\r\n", b"-ERR Protocol error: invalid bulk length\r\n"),
    (b"*1\r\n$-3\r\n", b"-ERR Protocol error: invalid bulk length\r\n"),
    (b"*abc\r\n", b"-ERR Protocol error: invalid multibulk length\r\n"),
    (b"*2\r\n:1\r\n", b"-ERR Protocol error: expected '$', got ':'\r\n"),
    (b"x" * 70_000, b"-ERR Protocol error: too big inline request\r\n"),
])
def test_protocol_errors_reply_then_close(cache_endpoint, bystander, payload, reply):
    got, closed = exchange(cache_endpoint, payload)
    assert (got, closed) == (reply, True)
    still_fine(bystander)


def test_garbage_lines_are_unknown_inline_commands(cache_endpoint, bystander):
    got, closed = exchange(cache_endpoint, b"\x00\xff\xfe garbage\r\nPING\r\n", wait=0.5)
    assert got.startswith(b"-ERR unknown command '\x00\xff\xfe', with args beginning with: 'garbage' \r\n")
    assert got.endswith(b"+PONG\r\n") and not closed


def test_truncated_frames_and_mid_command_disconnects(cache_endpoint, bystander):
    whole = b"*3\r\n$3\r\nSET\r\n$6\r\ncanary\r\n$4\r\ndead\r\n"
    for cut in range(1, len(whole)):
        with socket.create_connection(cache_endpoint) as s:
            s.sendall(whole[:cut])
    # A declared 512 MB value that never comes.
    with socket.create_connection(cache_endpoint) as s:
        s.sendall(b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$536870912\r\n" + b"x" * 1000)
    still_fine(bystander)
    assert bystander.exists("k") == 0


def test_a_slow_client_sending_byte_by_byte_is_served(cache_endpoint, bystander):
    with socket.create_connection(cache_endpoint) as s:
        for b in b"*2\r\n$3\r\nGET\r\n$6\r\ncanary\r\n":
            s.send(bytes([b]))
        assert s.recv(100) == b"$5\r\nalive\r\n"


def test_disconnecting_with_a_large_pipeline_in_flight(cache_endpoint, bystander):
    bystander.set("big", "x" * 100_000)
    with socket.create_connection(cache_endpoint) as s:
        s.sendall(b"*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n" * 500)
    still_fine(bystander)


def test_random_garbage_never_hurts_the_server(cache_endpoint, bystander):
    rng = random.Random(6)
    host, port = cache_endpoint
    for i in range(150):
        kind = i % 3
        if kind == 0:
            payload = os.urandom(rng.randint(1, 2000))
        elif kind == 1:
            payload = b"*" + str(rng.randint(-5, 10**12)).encode() + b"\r\n" + os.urandom(rng.randint(0, 50))
        else:
            payload = b"*2\r\n$3\r\nGET\r\n$" + str(rng.randint(-10, 10**10)).encode() + b"\r\n" + os.urandom(10)
        try:
            with socket.create_connection((host, port), timeout=1) as s:
                s.sendall(payload)
                s.settimeout(0.05)
                try:
                    s.recv(4096)
                except (TimeoutError, socket.timeout, ConnectionResetError):
                    pass
        except (BrokenPipeError, ConnectionResetError):
            pass
    still_fine(bystander)
    assert redis.Redis(host=host, port=port).ping()
