"""What every control-plane service shares: how methods are declared, how
AWS errors are raised, and what a call knows about itself."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from labcloud import _core

if TYPE_CHECKING:
    from google.protobuf.message import Message

    from labcloud.control import ControlPlane

__all__ = ["Call", "Service", "fault", "rpc"]

M = TypeVar("M", bound=Callable[..., Any])


@dataclass(frozen=True)
class Call:
    """What a handler knows about the call it answers."""

    method: str
    region: str


def fault(code: str, message: str, http_status: int = 400, **fields: str) -> _core.ServiceError:
    """The AWS error a handler raises: the same exception the engines raise,
    so clients see control-plane and data-plane errors alike."""
    error = _core.ServiceError(message)
    error.code = code
    error.message = message
    error.http_status = http_status
    error.fields = {k: str(v) for k, v in fields.items()}
    error.grpc_code = 0
    return error


def rpc(request_type: type[Message]) -> Callable[[M], M]:
    """Marks a method ``Name(self, request, call) -> response`` as the gRPC
    method ``Name`` taking ``request_type``."""

    def mark(method: M) -> M:
        method.__rpc_request__ = request_type  # type: ignore[attr-defined]
        return method

    return mark


class Service:
    """A control-plane gRPC service; subclasses set NAME and define @rpc methods."""

    NAME: str

    def __init__(self, plane: ControlPlane):
        self.plane = plane

    def methods(self) -> dict[str, Callable[[bytes, Call], bytes]]:
        """gRPC path -> handler taking and returning serialized messages."""
        out = {}
        for attr in dir(type(self)):
            fn = getattr(self, attr)
            request_type = getattr(fn, "__rpc_request__", None)
            if request_type is not None:
                out[f"/{self.NAME}/{attr}"] = _wire(fn, request_type)
        return out


def _wire(fn: Callable[[Any, Call], Message], request_type: type[Message]) -> Callable[[bytes, Call], bytes]:
    def handle(data: bytes, call: Call) -> bytes:
        return fn(request_type.FromString(data), call).SerializeToString()

    return handle
