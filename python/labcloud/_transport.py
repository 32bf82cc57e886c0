"""One object per Cloud that moves serialized messages to the engines.

It wraps ``_core.Embedded`` (engines in this process) or ``_core.Remote`` (a
gRPC connection) so clients never see which one they run over, and turns the
native exceptions into the Python ones callers catch: ``ServiceError`` into the
client's ``ClientError`` subclass, ``TransportError`` into
``EndpointConnectionError``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any, Protocol

from labcloud import _core
from labcloud.errors import EndpointConnectionError

if TYPE_CHECKING:
    from labcloud.clients._base import ServiceExceptions
    from labcloud.control import ControlPlane

__all__ = ["CHUNK_SIZE", "LocalNative", "Messages", "Transport", "file_chunks"]

# File-like bodies are read and sent this much at a time, well under gRPC's
# 4 MiB message limit, so memory stays flat for objects of any size.
CHUNK_SIZE = 1024 * 1024


class _Native(Protocol):
    def unary(self, method: str, request: bytes, region: str) -> bytes: ...
    def upload(self, method: str, header: bytes, body: Any, region: str) -> bytes: ...
    def download(self, method: str, request: bytes, region: str) -> tuple[bytes, bytes]: ...
    def stream(self, method: str, request: bytes, region: str) -> _core.MessageStream: ...
    def close(self) -> None: ...


class LocalNative:
    """A local cloud's native side: the engines for the data plane, the Python
    control plane for its own services (``labcloud up`` makes the same split
    in the Rust server)."""

    def __init__(self, engines: _core.Embedded, control: ControlPlane, virtual_time: bool = False):
        self.engines = engines
        self.control = control
        self.virtual_time = virtual_time

    def unary(self, method: str, request: bytes, region: str) -> bytes:
        if self.control.serves(method):
            return self.control.handle(method, request, region)
        return self.engines.unary(method, request, region)

    def upload(self, method: str, header: bytes, body: Any, region: str) -> bytes:
        return self.engines.upload(method, header, body, region)

    def download(self, method: str, request: bytes, region: str) -> tuple[bytes, bytes]:
        return self.engines.download(method, request, region)

    def stream(self, method: str, request: bytes, region: str) -> Any:
        return self.engines.stream(method, request, region)

    def close(self) -> None:
        try:
            self.engines.close()
        finally:
            self.control.close()


class Transport:
    def __init__(self, native: _Native, endpoint: str):
        self._native: _Native | None = native
        self.endpoint = endpoint

    def __repr__(self) -> str:
        state = "closed" if self._native is None else "open"
        return f"<labcloud transport {self.endpoint} ({state})>"

    @property
    def native(self) -> _Native:
        """The native transport, for calls that are not service methods (the clock)."""
        if self._native is None:
            raise RuntimeError(f"the Cloud ({self.endpoint}) is closed")
        return self._native

    def unary(self, method: str, request: bytes, *, region: str, errors: ServiceExceptions) -> bytes:
        return self._call(errors, method, "unary", request, region)

    def upload(self, method: str, header: bytes, body: Any, *, region: str, errors: ServiceExceptions) -> bytes:
        """``body``: a bytes-like object (sent as is) or an iterable of bytes-like chunks."""
        return self._call(errors, method, "upload", header, body, region)

    def download(self, method: str, request: bytes, *, region: str, errors: ServiceExceptions) -> tuple[bytes, bytes]:
        return self._call(errors, method, "download", request, region)

    def stream(self, method: str, request: bytes, *, region: str, errors: ServiceExceptions) -> Messages:
        """The serialized messages of a server-streaming call, as they come."""
        native = self._call(errors, method, "stream", request, region)
        return Messages(native, errors, method.rsplit("/", 1)[-1], self.endpoint)

    def close(self) -> None:
        native, self._native = self._native, None
        if native is not None:
            native.close()

    def _call(self, errors: ServiceExceptions, method: str, kind: str, *args: Any) -> Any:
        native = self._native
        if native is None:
            raise RuntimeError(f"cannot call {method}: the Cloud ({self.endpoint}) is closed")
        try:
            return getattr(native, kind)(method, *args)
        except _core.ServiceError as error:
            raise errors.from_service_error(error, method.rsplit("/", 1)[-1]) from None
        except _core.TransportError as error:
            raise EndpointConnectionError(self.endpoint, str(error)) from error


class Messages:
    """A server stream's messages, raising what the service says as the
    client's exceptions. ``close()`` (or leaving a ``with`` block) cancels
    the call, also from another thread while one waits for a message."""

    def __init__(self, native: _core.MessageStream, errors: ServiceExceptions, operation: str, endpoint: str):
        self._native = native
        self._errors = errors
        self._operation = operation
        self._endpoint = endpoint

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        try:
            return next(self._native)
        except _core.ServiceError as error:
            raise self._errors.from_service_error(error, self._operation) from None
        except _core.TransportError as error:
            raise EndpointConnectionError(self._endpoint, str(error)) from error

    def close(self) -> None:
        self._native.close()

    def __enter__(self) -> Messages:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def file_chunks(source: IO[Any]) -> Iterator[bytes]:
    """Read a file-like object from where it stands to its end, a chunk at a time."""
    while chunk := source.read(CHUNK_SIZE):
        yield chunk.encode() if isinstance(chunk, str) else chunk
