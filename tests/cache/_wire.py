"""Raw RESP over a socket, for replies compared byte for byte."""

from __future__ import annotations

import socket


def encode(*args: str | bytes) -> bytes:
    parts = [b"*%d\r\n" % len(args)]
    for a in args:
        b = a.encode() if isinstance(a, str) else a
        parts.append(b"$%d\r\n%s\r\n" % (len(b), b))
    return b"".join(parts)


def read_reply(sock: socket.socket, buf: bytearray) -> bytes:
    """Reads exactly one RESP2/RESP3 reply (its raw bytes) from the socket."""
    while True:
        end = _reply_end(bytes(buf), 0)
        if end is not None:
            reply = bytes(buf[:end])
            del buf[:end]
            return reply
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed with {bytes(buf)!r} unread")
        buf += chunk


def _reply_end(b: bytes, i: int) -> int | None:
    nl = b.find(b"\r\n", i)
    if nl < 0:
        return None
    kind, head = b[i:i + 1], b[i + 1:nl]
    after = nl + 2
    if kind in b"+-:_,#(":
        return after
    if kind in b"$=!":
        n = int(head)
        if n < 0:
            return after
        return after + n + 2 if len(b) >= after + n + 2 else None
    if kind in b"*~>%|":
        n = int(head)
        count = n * 2 if kind in b"%|" else n
        for _ in range(max(count, 0)):
            nxt = _reply_end(b, after)
            if nxt is None:
                return None
            after = nxt
        return after
    raise ValueError(f"not a RESP reply at {b[i:i + 20]!r}")


class Wire:
    """One connection; ``call`` sends a command and returns its raw reply."""

    def __init__(self, address: tuple[str, int]):
        self.sock = socket.create_connection(address, timeout=10)
        self.buf = bytearray()

    def call(self, *args: str | bytes) -> bytes:
        self.sock.sendall(encode(*args))
        return read_reply(self.sock, self.buf)

    def close(self) -> None:
        self.sock.close()
