"""Object data in motion: sources read chunk by chunk while their MD5 is computed (checked
against the ETag Swift answers), iterators of chunks as sources, and downloads written as
they arrive and checked against the object's ETag.

The MD5 of a big chunk is computed in a worker thread while the chunk is sent or written
(hashlib lets go of the GIL): hashing costs about as much CPU as Swift's own hashing of the
upload, and done in line it would leave the connection idle for that long per chunk.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterable, Iterator
from typing import Any

from ostack import exceptions
from ostack.common.transfers import Progress

#: Chunks at least this big are hashed in a worker thread.
THREADED_HASH = 256 * 1024


class RunningMD5:
    """An MD5 fed chunk by chunk; a big chunk is hashed in a worker thread while the caller
    goes on with it (sends or writes it). One chunk at a time: the next update, `hexdigest()`
    and `reset()` wait for the one in progress, so chunks are hashed in order and at most
    one extra chunk is held."""

    def __init__(self) -> None:
        self._md5 = hashlib.md5(usedforsecurity=False)
        self._worker: threading.Thread | None = None

    def wait(self) -> None:
        if self._worker is not None:
            self._worker.join()
            self._worker = None

    def update(self, data: bytes) -> None:
        self.wait()
        if len(data) < THREADED_HASH:
            self._md5.update(data)
            return
        if not isinstance(data, bytes):
            data = bytes(data)  # a buffer its owner may fill again while it is hashed
        self._worker = threading.Thread(target=self._md5.update, args=(data,), daemon=True)
        self._worker.start()

    def hexdigest(self) -> str:
        self.wait()
        return self._md5.hexdigest()

    def reset(self) -> None:
        self.wait()
        self._md5 = hashlib.md5(usedforsecurity=False)


class HashingReader:
    """A file-like source whose reads feed an MD5; seeking back starts the hash over (a
    request sent again reads the body from its start)."""

    def __init__(self, source: Any) -> None:
        self.source = source
        self.md5 = RunningMD5()

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        if isinstance(data, str):
            data = data.encode()
        if data:
            self.md5.update(data)
        return data

    def seekable(self) -> bool:
        seekable = getattr(self.source, "seekable", None)
        return bool(seekable and seekable())

    def tell(self) -> int:
        return self.source.tell()

    def seek(self, offset: int, whence: int = 0) -> int:
        self.md5.reset()
        return self.source.seek(offset, whence)

    def hexdigest(self) -> str:
        return self.md5.hexdigest()

    @property
    def async_chunks(self) -> Any:
        """For an AsyncSource: its chunks, hashed as they pass (None for other sources)."""
        inner = getattr(self.source, "async_chunks", None)
        if inner is None:
            return None

        async def chunks() -> Any:
            async for data in inner():
                self.md5.update(data)
                yield data

        return chunks


class ChunkSource:
    """An iterator of bytes (or str) chunks read as a file (read once, not seekable)."""

    def __init__(self, chunks: Iterable[Any]) -> None:
        self.chunks: Iterator[Any] = iter(chunks)
        self.pending = b""

    def read(self, size: int = -1) -> bytes:
        while not self.pending:
            try:
                chunk = next(self.chunks)
            except StopIteration:
                return b""
            self.pending = chunk.encode() if isinstance(chunk, str) else bytes(chunk)
        data = self.pending if size is None or size < 0 else self.pending[:size]
        self.pending = self.pending[len(data):]
        return data


def as_source(data: Any) -> Any:
    """A file-like source for bytes, str, a file object or an iterator of chunks."""
    if isinstance(data, str):
        data = data.encode()
    if isinstance(data, bytes | bytearray | memoryview):
        import io

        return io.BytesIO(bytes(data))
    if hasattr(data, "read") or hasattr(data, "async_chunks"):
        return data
    return ChunkSource(data)


def plain_etag(headers: Any) -> str | None:
    """The MD5 an object's data must have, None for large objects (their ETag is a hash of
    their segments' ETags, quoted) or when there is none."""
    if headers.get("x-static-large-object") or headers.get("x-object-manifest"):
        return None
    etag = headers.get("etag") or ""
    if not etag or etag.startswith('"'):
        return None
    return etag


def check_upload(etag: str | None, digest: str, where: str) -> None:
    sent = (etag or "").strip('"')
    if sent and sent != digest:
        raise exceptions.OstackError(
            f"Upload of {where} was corrupted: Swift stored MD5 {sent}, the data sent has "
            f"{digest}")


class Sink:
    """Where downloaded chunks go: a path (opened at the first chunk), a binary file object
    or memory; each chunk is hashed and reported to `progress`."""

    def __init__(self, output: Any = None, progress: Progress | None = None) -> None:
        self.output = output
        self.progress = progress
        self.md5 = RunningMD5()
        self.parts: list[bytes] = []
        self.written = 0
        self._file: Any = None
        self._owned = False

    def write(self, data: bytes) -> None:
        if self.output is None:
            self.parts.append(data)
        else:
            if self._file is None:
                if isinstance(self.output, str | os.PathLike):
                    self._file = open(self.output, "wb")  # noqa: SIM115 - closed in close()
                    self._owned = True
                else:
                    self._file = self.output
            if data:
                self._file.write(data)
        if data:
            self.md5.update(data)
            self.written += len(data)
            if self.progress is not None:
                self.progress(len(data))

    def close(self, complete: bool = True) -> None:
        """Close the file; a complete download of an empty object still makes its file, a
        failed one that received nothing leaves none behind."""
        if complete and self.output is not None and self._file is None:
            self.write(b"")
        if self._owned:
            self._file.close()
        elif self._file is not None:
            try:
                self._file.flush()
            except (AttributeError, OSError, ValueError):
                pass

    def content(self) -> bytes:
        return b"".join(self.parts)

    def verify(self, etag: str | None, where: str) -> None:
        if etag and self.md5.hexdigest() != etag:
            raise exceptions.OstackError(
                f"Download of {where} was corrupted: its ETag is {etag}, the data received "
                f"has MD5 {self.md5.hexdigest()}")
