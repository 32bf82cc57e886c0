"""``StreamingBody``: the ``Body`` of a get_object response, read like botocore's."""

from __future__ import annotations

import io
from collections.abc import Iterator

__all__ = ["StreamingBody"]


class StreamingBody(io.IOBase):
    """A read-once view of a downloaded body with botocore's StreamingBody methods.

    The transport hands over the whole body, so this reads from memory; the
    interface is the streaming one so that code written for boto3 runs as is.
    """

    _DEFAULT_CHUNK_SIZE = 1024

    def __init__(self, data: bytes):
        super().__init__()
        self._stream = io.BytesIO(data)
        self._content_length = len(data)

    @property
    def content_length(self) -> int:
        return self._content_length

    def readable(self) -> bool:
        return True

    def read(self, amt: int | None = None) -> bytes:
        self._checkClosed()
        return self._stream.read(amt)

    def readinto(self, buffer: bytearray | memoryview) -> int:
        self._checkClosed()
        return self._stream.readinto(buffer)

    def tell(self) -> int:
        return self._stream.tell()

    def readlines(self, hint: int = -1) -> list[bytes]:  # type: ignore[override]
        return self._stream.readlines(hint)

    def __iter__(self) -> Iterator[bytes]:  # type: ignore[override]
        # botocore iterates a body in fixed-size chunks, not in lines.
        return self.iter_chunks(self._DEFAULT_CHUNK_SIZE)

    def __next__(self) -> bytes:
        chunk = self.read(self._DEFAULT_CHUNK_SIZE)
        if not chunk:
            raise StopIteration
        return chunk

    def iter_chunks(self, chunk_size: int = _DEFAULT_CHUNK_SIZE) -> Iterator[bytes]:
        while chunk := self.read(chunk_size):
            yield chunk

    def iter_lines(self, chunk_size: int = _DEFAULT_CHUNK_SIZE, keepends: bool = False) -> Iterator[bytes]:
        pending = b""
        for chunk in self.iter_chunks(chunk_size):
            lines = (pending + chunk).splitlines(True)
            for line in lines[:-1]:
                yield line.splitlines(keepends)[0]
            pending = lines[-1]
        if pending:
            yield pending.splitlines(keepends)[0]

    def close(self) -> None:
        self._stream.close()
        super().close()
