"""Typed stubs for the native module (docs/native-interface.md).

Only modules of the labcloud package import ``labcloud._core``.
"""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal, TypedDict

_Buffer = bytes | bytearray | memoryview

class MessageStream(Iterator[bytes]):
    """The serialized messages of a server-streaming call, as they arrive.

    ``__next__`` waits with the GIL released; a failed call raises
    ServiceError (or TransportError) once, then the stream is over.
    ``close()``, leaving a ``with`` block or dropping the object cancels the
    call, also while another thread waits in ``__next__``.
    """

    def __iter__(self) -> MessageStream: ...
    def __next__(self) -> bytes: ...
    def close(self) -> None: ...
    def __enter__(self) -> MessageStream: ...
    def __exit__(self, *exc_info: object) -> None: ...

class Embedded:
    """Engines in this process, stored under data_dir (locked against a second opener)."""

    def __init__(
        self, data_dir: str, fsync: str = "always", limits: bool = True, virtual_time: bool = False
    ) -> None: ...
    def unary(self, method: str, request: bytes, region: str) -> bytes: ...
    def upload(self, method: str, header: bytes, body: _Buffer | Iterable[_Buffer], region: str) -> bytes: ...
    def download(self, method: str, request: bytes, region: str) -> tuple[bytes, bytes]: ...
    def stream(self, method: str, request: bytes, region: str) -> MessageStream: ...
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
    def stream(self, method: str, request: bytes, region: str) -> MessageStream: ...
    def close(self) -> None: ...

class Server:
    """The Rust gRPC server (S3, Kinesis, ElastiCache, health, reflection) and its RESP endpoints."""

    address: str
    """"host:port" actually bound (port 0 picks a free one)."""

    def __init__(
        self,
        data_dir: str,
        host: str = "127.0.0.1",
        port: int = 0,
        fsync: str = "always",
        limits: bool = True,
        virtual_time: bool = False,
        control: Any | None = None,
        resp_port: int | None = None,
    ) -> None:
        """``control``: the Python control plane answered on the same endpoint
        (an object with ``services()`` and ``handle(method, request, region)``);
        ``resp_port``: also serve the default cache cluster over RESP there."""
    resp_address: str | None
    """"host:port" of the default cache cluster's RESP endpoint, when resp_port was given."""
    def now(self) -> float:
        """The engines' time in seconds since the epoch."""
    def advance_time(self, seconds: float) -> None:
        """Move virtual time forward (ValueError on wall-clock time or a negative step)."""
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

class IamPolicy:
    """A policy document, parsed and validated once (labcloud-iam)."""

    def __init__(
        self, document: str, kind: Literal["identity", "resource", "trust"] = "identity", id: str = "policy"
    ) -> None:
        """Raises ServiceError with code "MalformedPolicyDocument" (http_status 400,
        fields["path"] where the problem is) for a document that breaks the grammar."""
    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> Literal["identity", "resource", "trust"]: ...
    @property
    def version(self) -> Literal["2012-10-17", "2008-10-17"]: ...
    @property
    def sids(self) -> list[str | None]: ...

class IamMatchedStatement(TypedDict):
    policy_id: str
    role: Literal["identity", "boundary", "session", "resource"]
    index: int
    sid: str | None
    effect: Literal["Allow", "Deny"]

class IamEvaluation(TypedDict):
    decision: Literal["Allow", "ExplicitDeny", "ImplicitDeny"]
    matched: list[IamMatchedStatement]
    missing_context_keys: list[str]
    identity_allows: bool
    boundary_allows: bool | None
    session_allows: bool | None
    resource_grant: Literal["direct", "parent", "account"] | None
    cross_account: bool

def iam_evaluate(
    principal: Mapping[str, Any],
    action: str,
    resource: str,
    *,
    identity: Sequence[IamPolicy] = ...,
    boundary: IamPolicy | None = None,
    session: Sequence[IamPolicy] = ...,
    resource_policy: IamPolicy | None = None,
    resource_account: str | None = None,
    resource_required: bool = False,
    context: Mapping[str, str | Sequence[str]] | None = None,
) -> IamEvaluation:
    """AWS's policy evaluation for one request. principal: {"type": root | user |
    role_session | federated_user | service | web_identity | anonymous, plus the
    fields the type needs (account, name, path, id; role, role_path, role_id,
    session; user_arn; provider), "tags", "context", "canonical_user"}."""
