"""Typed stubs for the native module (docs/native-interface.md).

Only modules of the labcloud package import ``labcloud._core``.
"""

from collections.abc import Iterable

_Buffer = bytes | bytearray | memoryview

class Embedded:
    """Engines in this process, stored under data_dir (locked against a second opener)."""

    def __init__(
        self, data_dir: str, fsync: str = "always", limits: bool = True, virtual_time: bool = False
    ) -> None: ...
    def unary(self, method: str, request: bytes, region: str) -> bytes: ...
    def upload(self, method: str, header: bytes, body: _Buffer | Iterable[_Buffer], region: str) -> bytes: ...
    def download(self, method: str, request: bytes, region: str) -> tuple[bytes, bytes]: ...
    def close(self) -> None: ...
    def now(self) -> float:
        """The engines' time in seconds since the epoch."""
    def advance_time(self, seconds: float) -> None:
        """Move virtual time forward (ValueError on wall-clock time or a negative step)."""

class Remote:
    """A gRPC connection to `labcloud up` or `labcloud-node` at "host:port"."""

    def __init__(self, endpoint: str) -> None: ...
    def unary(self, method: str, request: bytes, region: str) -> bytes: ...
    def upload(self, method: str, header: bytes, body: _Buffer | Iterable[_Buffer], region: str) -> bytes: ...
    def download(self, method: str, request: bytes, region: str) -> tuple[bytes, bytes]: ...
    def close(self) -> None: ...

class Server:
    """The Rust gRPC server (S3, ElastiCache, health, reflection) and its RESP endpoints."""

    address: str
    """"host:port" actually bound (port 0 picks a free one)."""

    def __init__(
        self,
        data_dir: str,
        host: str = "127.0.0.1",
        port: int = 0,
        fsync: str = "always",
        limits: bool = True,
        resp_port: int | None = None,
    ) -> None: ...
    resp_address: str | None
    """"host:port" of the default cache cluster's RESP endpoint, when resp_port was given."""
    def stop(self) -> None:
        """Graceful: drains requests, checkpoints, releases the data dir."""

class ServiceError(Exception):
    code: str
    """AWS error code, e.g. "NoSuchKey"."""
    message: str
    http_status: int
    """What S3 would answer, e.g. 404."""
    fields: dict[str, str]
    """S3's extra error fields, e.g. {"Key": "a/b"}."""
    grpc_code: int

class TransportError(Exception):
    """Cannot reach the endpoint, or the stream broke."""
