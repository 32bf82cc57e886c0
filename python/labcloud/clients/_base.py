"""What every boto3-shaped client shares: calls through the transport, error
classes, response metadata and paginators.

A service client declares its operations with ``@operation(shape)`` and
its paginators as ``PaginatorSpec``s; the methods themselves only translate
between boto3 dicts and the service's protobuf messages.
"""

from __future__ import annotations

import base64
import functools
import http
import json
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from labcloud._transport import file_chunks
from labcloud.clients import _retry
from labcloud.clients._retry import RetryPolicy
from labcloud.clients._schema import Structure, validate
from labcloud.errors import ClientError, ParamValidationError

if TYPE_CHECKING:
    from google.protobuf.message import Message

    from labcloud._transport import Messages, Transport

__all__ = [
    "BaseClient", "ClientMeta", "PaginatorSpec", "ServiceExceptions",
    "operation", "response_metadata",
]


def response_metadata(status: int, headers: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The ``ResponseMetadata`` block botocore puts in every response and error."""
    return {
        "RequestId": secrets.token_hex(8).upper(),
        "HTTPStatusCode": status,
        "HTTPHeaders": dict(headers or {}),
        "RetryAttempts": 0,
    }


# The class attribute ServiceExceptions.ClientError shadows the name in annotations.
_ClientError = ClientError


class ServiceExceptions:
    """``client.exceptions``: ``ClientError`` plus one subclass per error code.

    ``head_operations`` are HTTP HEAD calls: S3 answers them without a body, so
    botocore can only report the status ("404", "Not Found"), never the code.
    The same holds for any 304 Not Modified answer.
    """

    ClientError = ClientError

    def __init__(self, codes: Iterable[str], head_operations: Iterable[str] = (),
                 names: Mapping[str, str] | None = None):
        # ``names``: the class name botocore gives a code where the two differ
        # (ElastiCache's code "CacheClusterNotFound" is CacheClusterNotFoundFault).
        names = dict(names or {})
        self._by_code: dict[str, type[_ClientError]] = {}
        for code in codes:
            name = names.get(code, code)
            cls = type(name, (ClientError,), {"__module__": "labcloud.errors"})
            self._by_code[code] = cls
            setattr(self, name, cls)
        self._head_operations = frozenset(head_operations)

    def from_code(self, code: str) -> type[_ClientError]:
        """The class raised for ``code``; codes the service never declared get ClientError."""
        return self._by_code.get(code, ClientError)

    def from_service_error(self, error: Any, operation_name: str) -> _ClientError:
        """What botocore would raise for the native ``ServiceError``."""
        status = int(error.http_status)
        if operation_name in self._head_operations or status == 304:
            body = {"Code": str(status), "Message": _reason(status)}
        else:
            body = {"Code": error.code, "Message": error.message, **dict(error.fields)}
        response = {"Error": body, "ResponseMetadata": response_metadata(status)}
        return self.from_code(body["Code"])(response, operation_name)


def _reason(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


@dataclass(frozen=True)
class ClientMeta:
    service_name: str
    region_name: str


def operation(shape: Structure) -> Callable[[Callable[..., dict]], Callable[..., dict]]:
    """Mark a client method as an AWS operation whose input is ``shape``.

    The method receives the validated keyword arguments as one dict. Like
    boto3, positional arguments are refused.
    """

    def wrap(method: Callable[..., dict]) -> Callable[..., dict]:
        @functools.wraps(method)
        def call(self: BaseClient, *args: Any, **params: Any) -> dict:
            if args:
                raise TypeError(f"{method.__name__}() only accepts keyword arguments.")
            validate(shape, params)
            _retry.reset()
            result = method(self, params)
            if "ResponseMetadata" in result:
                result["ResponseMetadata"]["RetryAttempts"] = _retry.attempts_made()
            return result

        call.__doc__ = f"{method.__doc__ or method.__name__}\n\nParameters: {', '.join(shape.members)}."
        return call

    return wrap


@dataclass(frozen=True)
class PaginatorSpec:
    """How botocore pages an operation: which response keys feed the next request.

    Output tokens and ``more_results`` are paths into the response as
    botocore writes them ("NextToken", "StreamDescription.Shards[-1].ShardId");
    without ``more_results`` paging goes on while a token comes back.
    ``exclusive_with_token`` names input keys the service refuses beside a
    token (Kinesis ListShards: the token names the stream), dropped from the
    request once one is passed.
    """

    input_tokens: tuple[str, ...]
    output_tokens: tuple[str, ...]
    limit_key: str
    more_results: str | None = "IsTruncated"
    exclusive_with_token: tuple[str, ...] = ()


def _lookup(page: Any, path: str) -> Any:
    """The value at a botocore response path such as ``A.B[-1].C``, or None."""
    value = page
    for part in path.split("."):
        name, _, index = part.partition("[")
        if not isinstance(value, Mapping):
            return None
        value = value.get(name)
        if index:
            if not isinstance(value, list) or not value:
                return None
            value = value[int(index.rstrip("]"))]
    return value


class Paginator:
    _CONFIG_KEYS = ("PageSize", "StartingToken")

    def __init__(self, method: Callable[..., dict], spec: PaginatorSpec):
        self._method = method
        self._spec = spec

    def paginate(self, *, PaginationConfig: Mapping[str, Any] | None = None, **params: Any) -> Iterator[dict]:
        """Yield response pages, feeding each page's next-markers into the next call."""
        config = dict(PaginationConfig or {})
        unknown = [k for k in config if k not in self._CONFIG_KEYS]
        if unknown:
            raise ParamValidationError(
                f'Unknown parameter in PaginationConfig: "{unknown[0]}", '
                f"must be one of: {', '.join(self._CONFIG_KEYS)}"
            )
        if config.get("PageSize") is not None:
            params[self._spec.limit_key] = config["PageSize"]
        if config.get("StartingToken"):
            params.update(self._decode_token(config["StartingToken"]))
        return self._pages(params)

    def _pages(self, params: dict[str, Any]) -> Iterator[dict]:
        spec = self._spec
        seen: set[tuple] = set()
        while True:
            page = self._method(**params)
            yield page
            if spec.more_results is not None and not _lookup(page, spec.more_results):
                return
            tokens = tuple(_lookup(page, key) for key in spec.output_tokens)
            if all(token in (None, "") for token in tokens):
                return
            if tokens in seen:
                raise RuntimeError(f"the service returned the same next token twice: {tokens}")
            seen.add(tokens)
            for key in spec.exclusive_with_token:
                params.pop(key, None)
            for key, token in zip(spec.input_tokens, tokens, strict=True):
                if token in (None, ""):
                    params.pop(key, None)
                else:
                    params[key] = token

    def _decode_token(self, token: str) -> dict[str, Any]:
        keys = self._spec.input_tokens
        if len(keys) == 1:
            return {keys[0]: token}
        # Several markers travel as one opaque string, as botocore does.
        return json.loads(base64.b64decode(token))


class BaseClient:
    """A boto3-shaped client of one service over a shared transport."""

    SERVICE_NAME: str
    # "/<package>.<Service>/", the gRPC path prefix of every method.
    METHOD_PREFIX: str
    EXCEPTIONS: ServiceExceptions
    PAGINATORS: Mapping[str, PaginatorSpec] = {}

    def __init__(self, transport: Transport, region_name: str, retries: RetryPolicy | None = None):
        self._transport = transport
        self._retries = retries or RetryPolicy()
        self.meta = ClientMeta(service_name=self.SERVICE_NAME, region_name=region_name)
        self.exceptions = self.EXCEPTIONS

    def __repr__(self) -> str:
        return f"<labcloud {self.SERVICE_NAME} client, region {self.meta.region_name}>"

    def close(self) -> None:
        """Nothing to release: the transport belongs to the Cloud (boto3 compatibility)."""

    def can_paginate(self, operation_name: str) -> bool:
        return operation_name in self.PAGINATORS

    def get_paginator(self, operation_name: str) -> Paginator:
        spec = self.PAGINATORS.get(operation_name)
        if spec is None:
            raise ValueError(
                f"Operation cannot be paginated: {operation_name}; "
                f"paginated operations: {', '.join(self.PAGINATORS)}"
            )
        return Paginator(getattr(self, operation_name), spec)

    def _unary(self, operation_name: str, request: Message, response_type: type[Message]) -> Any:
        data = request.SerializeToString()
        raw = self._retries.call(lambda: self._transport.unary(
            self.METHOD_PREFIX + operation_name, data, region=self.meta.region_name, errors=self.exceptions,
        ))
        return response_type.FromString(raw)

    def _upload(self, operation_name: str, header: Message, body: Any, response_type: type[Message]) -> Any:
        """``body`` as boto3 takes it: bytes-like, str, a file-like object, or None."""
        data = header.SerializeToString()
        source = _UploadBody(body)
        raw = self._retries.call(lambda: self._transport.upload(
            self.METHOD_PREFIX + operation_name, data, source.chunks(), region=self.meta.region_name,
            errors=self.exceptions,
        ), rewind=source.rewind)
        return response_type.FromString(raw)

    def _stream(self, operation_name: str, request: Message) -> Messages:
        """A server-streaming call: its serialized messages as they come."""
        return self._transport.stream(
            self.METHOD_PREFIX + operation_name, request.SerializeToString(),
            region=self.meta.region_name, errors=self.exceptions,
        )

    def _download(self, operation_name: str, request: Message, response_type: type[Message]) -> tuple[Any, bytes]:
        data = request.SerializeToString()
        first, body = self._retries.call(lambda: self._transport.download(
            self.METHOD_PREFIX + operation_name, data, region=self.meta.region_name, errors=self.exceptions,
        ))
        return response_type.FromString(first), body


class _UploadBody:
    """A request body that can be sent again: bytes-like objects as they are
    (no copy), files as chunks from where they stood, rewound for a retry
    when they can seek."""

    def __init__(self, body: Any):
        if body is None:
            body = b""
        if isinstance(body, str):
            body = body.encode()
        self._data = body if isinstance(body, (bytes, bytearray, memoryview)) else None
        self._file = None if self._data is not None else body
        self._start = None
        if self._file is not None and getattr(self._file, "seekable", lambda: False)():
            self._start = self._file.tell()

    def chunks(self) -> Any:
        return self._data if self._data is not None else file_chunks(self._file)

    def rewind(self) -> bool:
        if self._data is not None:
            return True
        if self._start is None:
            return False
        self._file.seek(self._start)
        return True
