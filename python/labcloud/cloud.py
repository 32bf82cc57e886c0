"""``Cloud``: one labcloud, in this process or at an endpoint, and its clients."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import tempfile
from pathlib import Path
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, overload

from labcloud import _core
from labcloud._transport import LocalNative, Transport
from labcloud.clients._retry import RetryPolicy
from labcloud.control import ControlPlane
from labcloud.layout import CloudLayout
from labcloud.errors import EndpointConnectionError, UnknownServiceError

if TYPE_CHECKING:
    from labcloud.clients._base import BaseClient
    from labcloud.clients.cache import CacheClient
    from labcloud.clients.elasticache import ElastiCacheClient
    from labcloud.clients.kinesis import KinesisClient
    from labcloud.clients.s3 import S3Client

__all__ = ["Cloud"]

# service name -> "module:Class"; imported on first use so `import labcloud` stays light.
_CLIENTS = {
    "cache": "labcloud.clients.cache:CacheClient",
    "ec2": "labcloud.clients.ec2:Ec2Client",
    "elasticache": "labcloud.clients.elasticache:ElastiCacheClient",
    "kinesis": "labcloud.clients.kinesis:KinesisClient",
    "s3": "labcloud.clients.s3:S3Client",
}


class Cloud:
    """A labcloud to make boto3-shaped clients for.

    ``Cloud.local()`` runs the engines in this process; ``Cloud.connect()``
    talks to ``labcloud up`` over gRPC. Clients behave the same on both.
    Close the cloud (or use it as a context manager) when done; its clients
    stop working then.
    """

    def __init__(self, transport: Transport, data_dir: Path | None = None,
                 scratch: tempfile.TemporaryDirectory | None = None, local: LocalNative | None = None,
                 retries: Mapping[str, Any] | None = None):
        # Use Cloud.local() or Cloud.connect(); this is their common end.
        self._transport = transport
        self._data_dir = data_dir
        self._scratch = scratch
        self._local = local
        self._virtual_time = local is not None and local.virtual_time
        self._retries = retries

    @classmethod
    def local(cls, data_dir: str | os.PathLike[str] | None = None, *,
              fsync: str = "always", limits: bool = True, virtual_time: bool = False,
              layout: str | os.PathLike[str] | None = None,
              retries: Mapping[str, Any] | None = None) -> Cloud:
        """Engines in this process, storing under ``data_dir``.

        Without ``data_dir`` the data lives in a temporary directory that
        ``close()`` removes. ``fsync`` is "always", "interval" or "never";
        ``limits=False`` turns off the modelled AWS limits (throttling, quotas).
        With ``virtual_time=True`` the engines' clock (timestamps, TTLs,
        retention, token buckets) starts now and moves only when
        ``advance_time`` says, so an hour of modelled time takes no time.
        ``layout`` is "default", "tiny" or a layout TOML file (see
        ``labcloud.layout``); a data directory keeps the layout it started with.
        ``retries`` is the default retry setting of this cloud's clients (see
        ``client``).
        """
        scratch = None
        if data_dir is None:
            scratch = tempfile.TemporaryDirectory(prefix="labcloud-")
            data_dir = scratch.name
        path = Path(data_dir).resolve()
        try:
            engines = _core.Embedded(str(path), fsync=fsync, limits=limits, virtual_time=virtual_time)
            try:
                native = LocalNative(engines, ControlPlane(path, layout=layout, clock=engines.now), virtual_time)
            except BaseException:
                engines.close()
                raise
        except BaseException:
            if scratch:
                scratch.cleanup()
            raise
        return cls(Transport(native, f"embedded:{path}"), data_dir=path, scratch=scratch, local=native,
                   retries=retries)

    @classmethod
    def connect(cls, endpoint: str, *, retries: Mapping[str, Any] | None = None) -> Cloud:
        """A cloud served at ``endpoint`` ("host:port"), e.g. by ``labcloud up``.
        ``retries`` is the default retry setting of its clients (see ``client``)."""
        try:
            native = _core.Remote(endpoint)
        except _core.TransportError as error:
            raise EndpointConnectionError(endpoint, str(error)) from error
        return cls(Transport(native, endpoint), retries=retries)

    @property
    def data_dir(self) -> Path | None:
        """Where a local cloud stores its data; None for a connected one."""
        return self._data_dir

    @property
    def endpoint(self) -> str:
        return self._transport.endpoint

    @overload
    def client(self, service_name: Literal["s3"], region_name: str = ...,
               retries: Mapping[str, Any] | None = ...) -> S3Client: ...
    @overload
    def client(self, service_name: Literal["kinesis"], region_name: str = ...,
               retries: Mapping[str, Any] | None = ...) -> KinesisClient: ...
    @overload
    def client(self, service_name: Literal["cache"], region_name: str = ...,
               retries: Mapping[str, Any] | None = ...) -> CacheClient: ...
    @overload
    def client(self, service_name: Literal["elasticache"], region_name: str = ...,
               retries: Mapping[str, Any] | None = ...) -> ElastiCacheClient: ...
    @overload
    def client(self, service_name: str, region_name: str = ...,
               retries: Mapping[str, Any] | None = ...) -> BaseClient: ...

    def client(self, service_name: str, region_name: str = "us-east-1",
               retries: Mapping[str, Any] | None = None) -> BaseClient:
        """A boto3-shaped client, like ``boto3.client(service_name, region_name=...)``.

        ``retries`` is botocore's ``Config(retries=...)`` dict ("mode":
        "legacy" or "standard", "max_attempts"): throttling and transient
        errors are retried as boto3 retries them (by default 4 retries in
        legacy mode; none on a virtual-time cloud, whose throttles a real
        sleep cannot refill).
        """
        target = _CLIENTS.get(service_name)
        if target is None:
            raise UnknownServiceError(service_name, sorted(_CLIENTS))
        policy = RetryPolicy.from_config(retries if retries is not None else self._retries,
                                         virtual_time=self._virtual_time)
        module, _, name = target.partition(":")
        return getattr(importlib.import_module(module), name)(self._transport, region_name, policy)

    def now(self) -> dt.datetime:
        """The engines' current time (virtual time if the cloud runs on it)."""
        return dt.datetime.fromtimestamp(self._local_side("its clock").engines.now(), dt.timezone.utc)

    def advance_time(self, seconds: float) -> None:
        """Move a ``virtual_time`` cloud's clock forward by ``seconds``."""
        self._local_side("its clock").engines.advance_time(seconds)

    @property
    def layout(self) -> CloudLayout:
        """Where things live: the layout's regions, zones, hosts and links, and
        ``where(resource)`` for the hosts a resource was placed on."""
        control = self._local_side("its layout").control
        return CloudLayout(control.layout, control.placer)

    def _local_side(self, what: str) -> LocalNative:
        if self._local is None:
            raise NotImplementedError(
                f"{self.endpoint} is a connected cloud; {what} belongs to the server. "
                "Use Cloud.local(...) to reach it from Python."
            )
        return self._local

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
