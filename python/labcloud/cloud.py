"""``Cloud``: one labcloud, in this process or at an endpoint, and its clients."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Literal, overload

from labcloud import _core
from labcloud._transport import Transport
from labcloud.errors import EndpointConnectionError, UnknownServiceError

if TYPE_CHECKING:
    from labcloud.clients._base import BaseClient
    from labcloud.clients.cache import CacheClient
    from labcloud.clients.elasticache import ElastiCacheClient
    from labcloud.clients.s3 import S3Client

__all__ = ["Cloud"]

# service name -> "module:Class"; imported on first use so `import labcloud` stays light.
_CLIENTS = {
    "s3": "labcloud.clients.s3:S3Client",
    "elasticache": "labcloud.clients.elasticache:ElastiCacheClient",
    "cache": "labcloud.clients.cache:CacheClient",
}


class Cloud:
    """A labcloud to make boto3-shaped clients for.

    ``Cloud.local()`` runs the engines in this process; ``Cloud.connect()``
    talks to ``labcloud up`` over gRPC. Clients behave the same on both.
    Close the cloud (or use it as a context manager) when done; its clients
    stop working then.
    """

    def __init__(self, transport: Transport, data_dir: Path | None = None,
                 scratch: tempfile.TemporaryDirectory | None = None):
        # Use Cloud.local() or Cloud.connect(); this is their common end.
        self._transport = transport
        self._data_dir = data_dir
        self._scratch = scratch

    @classmethod
    def local(cls, data_dir: str | os.PathLike[str] | None = None, *,
              fsync: str = "always", limits: bool = True, virtual_time: bool = False) -> Cloud:
        """Engines in this process, storing under ``data_dir``.

        Without ``data_dir`` the data lives in a temporary directory that
        ``close()`` removes. ``fsync`` is "always", "interval" or "never";
        ``limits=False`` turns off the modelled AWS limits (throttling, quotas).
        With ``virtual_time=True`` the engines' clock (timestamps, TTLs,
        retention, token buckets) starts now and moves only when
        ``advance_time`` says, so an hour of modelled time takes no time.
        """
        scratch = None
        if data_dir is None:
            scratch = tempfile.TemporaryDirectory(prefix="labcloud-")
            data_dir = scratch.name
        path = Path(data_dir).resolve()
        try:
            native = _core.Embedded(str(path), fsync=fsync, limits=limits, virtual_time=virtual_time)
        except BaseException:
            if scratch:
                scratch.cleanup()
            raise
        return cls(Transport(native, f"embedded:{path}"), data_dir=path, scratch=scratch)

    @classmethod
    def connect(cls, endpoint: str) -> Cloud:
        """A cloud served at ``endpoint`` ("host:port"), e.g. by ``labcloud up``."""
        try:
            native = _core.Remote(endpoint)
        except _core.TransportError as error:
            raise EndpointConnectionError(endpoint, str(error)) from error
        return cls(Transport(native, endpoint))

    @property
    def data_dir(self) -> Path | None:
        """Where a local cloud stores its data; None for a connected one."""
        return self._data_dir

    @property
    def endpoint(self) -> str:
        return self._transport.endpoint

    @overload
    def client(self, service_name: Literal["s3"], region_name: str = ...) -> S3Client: ...
    @overload
    def client(self, service_name: Literal["cache"], region_name: str = ...) -> CacheClient: ...
    @overload
    def client(self, service_name: Literal["elasticache"], region_name: str = ...) -> ElastiCacheClient: ...
    @overload
    def client(self, service_name: str, region_name: str = ...) -> BaseClient: ...

    def client(self, service_name: str, region_name: str = "us-east-1") -> BaseClient:
        """A boto3-shaped client, like ``boto3.client(service_name, region_name=...)``."""
        target = _CLIENTS.get(service_name)
        if target is None:
            raise UnknownServiceError(service_name, sorted(_CLIENTS))
        module, _, name = target.partition(":")
        return getattr(importlib.import_module(module), name)(self._transport, region_name)

    def now(self) -> dt.datetime:
        """The engines' current time (virtual time if the cloud runs on it)."""
        return dt.datetime.fromtimestamp(self._native_clock().now(), dt.timezone.utc)

    def advance_time(self, seconds: float) -> None:
        """Move a ``virtual_time`` cloud's clock forward by ``seconds``."""
        self._native_clock().advance_time(seconds)

    def _native_clock(self) -> _core.Embedded:
        native = self._transport.native
        if not isinstance(native, _core.Embedded):
            raise NotImplementedError(
                f"{self.endpoint} is a connected cloud; its clock belongs to the server. "
                "Use Cloud.local(virtual_time=True) to control time."
            )
        return native

    def close(self) -> None:
        """Release the engines or the connection (and a temporary data dir); idempotent."""
        try:
            self._transport.close()
        finally:
            if self._scratch is not None:
                self._scratch.cleanup()
                self._scratch = None

    def __enter__(self) -> Cloud:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<labcloud.Cloud {self.endpoint}>"
