"""The cache data-plane client: Redis commands on a cache cluster over
labcloud's transport (gRPC or in-process), for code that has no RESP
connection at hand. ``cloud.client("cache")``; not an AWS API, so its one
operation is labcloud's own: ``execute_command``.

Each call runs one command as a fresh connection would (database 0; see
proto/labcloud/cache/v1/cache.proto). The RESP3 reply is decoded into
Python values: simple strings as ``str``, bulk strings as ``bytes``,
integers, doubles, booleans, ``None``, lists, sets and dicts. An error
reply raises ``ReplyError``.
"""

from __future__ import annotations

from typing import Any

from labcloud._proto.labcloud.cache.v1 import cache_pb2 as pb
from labcloud.clients import _elasticache_shapes as ec_shapes
from labcloud.clients._base import BaseClient, ServiceExceptions, operation, response_metadata
from labcloud.clients._schema import BLOB, ListOf, String, Structure

__all__ = ["CacheClient", "ReplyError", "decode_resp3"]

EXECUTE_COMMAND = Structure(
    {"CacheClusterId": String(min_length=1), "Command": ListOf(BLOB)},
    required=("CacheClusterId", "Command"),
)


class ReplyError(Exception):
    """The command's error reply; ``code`` is its first word ("ERR", "WRONGTYPE", ...)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.code = message.split(" ", 1)[0]


class CacheClient(BaseClient):
    SERVICE_NAME = "cache"
    METHOD_PREFIX = f"/{pb.DESCRIPTOR.services_by_name['CacheService'].full_name}/"
    EXCEPTIONS = ServiceExceptions(ec_shapes.ERRORS, names=ec_shapes.ERRORS)

    @operation(EXECUTE_COMMAND)
    def execute_command(self, p: dict) -> dict:
        """Run ``Command`` on the node of ``CacheClusterId``; ``Reply`` is the decoded reply."""
        args = [a.encode() if isinstance(a, str) else bytes(a) for a in p["Command"]]
        r = self._unary("Execute", pb.ExecuteRequest(cache_cluster_id=p["CacheClusterId"], args=args),
                        pb.ExecuteResponse)
        value, end = decode_resp3(r.reply)
        if end != len(r.reply):
            raise ValueError(f"trailing bytes after the reply: {r.reply[end:]!r}")
        if isinstance(value, ReplyError):
            raise value
        return {"Reply": value, "ResponseMetadata": response_metadata(200)}


def decode_resp3(b: bytes, i: int = 0) -> tuple[Any, int]:
    """One RESP3 value starting at ``b[i]``, and where it ends."""
    nl = b.index(b"\r\n", i)
    kind, head, after = b[i:i + 1], b[i + 1:nl], nl + 2
    if kind == b"+":
        return head.decode(), after
    if kind == b"-":
        return ReplyError(head.decode(errors="replace")), after
    if kind in (b":", b"("):
        return int(head), after
    if kind == b",":
        return float(head), after
    if kind == b"#":
        return head == b"t", after
    if kind == b"_":
        return None, after
    if kind in (b"$", b"=", b"!"):
        n = int(head)
        if n < 0:
            return None, after
        data = b[after:after + n]
        if kind == b"=":
            return data[4:].decode(), after + n + 2
        if kind == b"!":
            return ReplyError(data.decode(errors="replace")), after + n + 2
        return data, after + n + 2
    if kind in (b"*", b"~", b">"):
        n = int(head)
        if n < 0:
            return None, after
        items = []
        for _ in range(n):
            item, after = decode_resp3(b, after)
            items.append(item)
        return (set(items) if kind == b"~" else items), after
    if kind == b"%":
        out = {}
        for _ in range(int(head)):
            k, after = decode_resp3(b, after)
            v, after = decode_resp3(b, after)
            out[k] = v
        return out, after
    raise ValueError(f"not a RESP3 value at byte {i}: {b[i:i + 20]!r}")
