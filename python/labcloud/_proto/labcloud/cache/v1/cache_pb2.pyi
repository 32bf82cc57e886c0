from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class ExecuteRequest(_message.Message):
    __slots__ = ("cache_cluster_id", "args")
    CACHE_CLUSTER_ID_FIELD_NUMBER: _ClassVar[int]
    ARGS_FIELD_NUMBER: _ClassVar[int]
    cache_cluster_id: str
    args: _containers.RepeatedScalarFieldContainer[bytes]
    def __init__(self, cache_cluster_id: _Optional[str] = ..., args: _Optional[_Iterable[bytes]] = ...) -> None: ...

class ExecuteResponse(_message.Message):
    __slots__ = ("reply",)
    REPLY_FIELD_NUMBER: _ClassVar[int]
    reply: bytes
    def __init__(self, reply: _Optional[bytes] = ...) -> None: ...
