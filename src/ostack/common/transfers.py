"""Data in motion (image data, objects): a file sent as a request body chunk by chunk, and a
download written to a file chunk by chunk, each calling a progress callback; image downloads
are checked against the image's hash as openstacksdk checks them (`os_hash_value`, else the md5
`checksum`).

Neither holds the whole data in memory. The body is read by the sync transport through
`read()` and by the async one through `async for`; a request sent again (a retried PUT) reads
it again from its start.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
from collections.abc import AsyncIterable, AsyncIterator, Callable
from typing import Any

from ostack import exceptions

#: Bytes read from a file per chunk of a request body.
CHUNK = 1024 * 1024

Progress = Callable[[int], None]


def source_size(source: Any) -> int | None:
    """Bytes left to read in a file object (a regular file or a buffer), None if unknown."""
    if isinstance(source, bytes | bytearray | memoryview):
        return len(source)
    if isinstance(source, io.BytesIO):
        return source.getbuffer().nbytes - source.tell()
    try:
        info = os.fstat(source.fileno())
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    try:
        return max(0, info.st_size - source.tell())
    except (OSError, ValueError):
        return info.st_size


class UploadBody:
    """A request body read from `source` (a binary file object, bytes or str) chunk by chunk.

    `len()` is the size when known (sent as Content-Length; otherwise the body goes chunked);
    `progress(n)` is called with each chunk's size, and with minus what was sent when the body
    starts over.
    """

    def __init__(self, source: Any, size: int | None = None,
                 progress: Progress | None = None, chunk: int = CHUNK) -> None:
        if isinstance(source, str):
            source = source.encode()
        if isinstance(source, bytes | bytearray | memoryview):
            source = io.BytesIO(bytes(source))
        self.source = source
        self.size = size if size is not None else source_size(source)
        self.progress = progress
        self.chunk = chunk
        try:
            self._start: int | None = source.tell() if source.seekable() else None
        except (AttributeError, OSError, ValueError):
            self._start = None
        self._sent = 0
        self._ended = False

    @property
    def can_resend(self) -> bool:
        """Whether the body can be read again from its start (a seekable source)."""
        return self._start is not None

    def __len__(self) -> int:
        if self.size is None:
            raise TypeError("the size of this data is not known")
        return self.size

    def __bool__(self) -> bool:
        return True

    def _restart(self) -> None:
        if self._start is None:
            raise exceptions.OstackError(
                "the data cannot be sent again: its source cannot seek back")
        self.source.seek(self._start)
        if self.progress is not None and self._sent:
            self.progress(-self._sent)
        self._sent = 0
        self._ended = False

    def read(self, size: int = -1) -> bytes:
        """The next chunk (at least `size` bytes when that many are left); b"" at the end. A
        read after the end starts the body over (http.client reads it again to resend)."""
        if self._ended:
            self._restart()
        data = self.source.read(max(size, self.chunk))
        if not data:
            self._ended = True
            return b""
        if isinstance(data, str):
            data = data.encode()
        self._sent += len(data)
        if self.progress is not None:
            self.progress(len(data))
        return data

    async def __aiter__(self) -> AsyncIterator[bytes]:
        chunks = getattr(self.source, "async_chunks", None)
        if chunks is not None:  # an AsyncSource: streamed once as it arrives
            if self._sent or self._ended:
                raise exceptions.OstackError("the data cannot be sent again: it was streamed")
            async for data in chunks():
                self._sent += len(data)
                if self.progress is not None:
                    self.progress(len(data))
                yield data
            self._ended = True
            return
        if self._sent or self._ended:
            self._restart()
        while True:
            data = self.read(self.chunk)
            if not data:
                return
            yield data


class AsyncSource:
    """Data that arrives as an async iterable of bytes (e.g. a web request's body being
    received), sent by the async transport as it comes, once (it cannot be sent again)."""

    def __init__(self, chunks: AsyncIterable[bytes]) -> None:
        self.chunks = chunks

    async def async_chunks(self) -> AsyncIterator[bytes]:
        async for data in self.chunks:
            if data:
                yield bytes(data)


class Checksum:
    """The hash a download is checked against, chosen as openstacksdk chooses it: the image's
    `os_hash_algo`/`os_hash_value`, else its md5 `checksum` (or the Content-MD5 header)."""

    def __init__(self, hash_algo: str | None, hash_value: str | None,
                 md5: str | None) -> None:
        self.hasher: Any = None
        self.expected: str | None = None
        self.algo: str | None = None
        if hash_algo and hash_value:
            try:
                self.hasher = hashlib.new(str(hash_algo))
                self.expected, self.algo = hash_value, str(hash_algo)
            except ValueError as exc:
                if str(hash_algo) not in str(exc):
                    raise exceptions.OstackError(
                        f"Unsupported hash algorithm '{hash_algo}': {exc}") from exc
        if self.hasher is None and md5:
            self.use_md5(md5)

    def use_md5(self, md5: str) -> None:
        if self.hasher is None and md5:
            self.hasher = hashlib.md5(usedforsecurity=False)
            self.expected, self.algo = md5, "md5"

    def update(self, data: bytes) -> None:
        if self.hasher is not None:
            self.hasher.update(data)

    def verify(self) -> None:
        """Raise when the data read does not have the expected hash."""
        if self.hasher is None or not self.expected:
            return
        digest = self.hasher.hexdigest()
        if digest != self.expected:
            raise exceptions.OstackError(
                f"Unable to download image: checksum mismatch ({self.algo}): "
                f"{self.expected} != {digest}")


class DownloadTarget:
    """Where downloaded chunks go: a path (opened at the first chunk) or a binary file
    object, hashing each chunk and reporting it to `progress`."""

    def __init__(self, output: Any, checksum: Checksum,
                 progress: Progress | None = None) -> None:
        self.output = output
        self.checksum = checksum
        self.progress = progress
        self.written = 0
        self._file: Any = None
        self._owned = False

    def _handle(self) -> Any:
        if self._file is None:
            if isinstance(self.output, str | os.PathLike):
                self._file = open(self.output, "wb")  # noqa: SIM115 - closed in close()
                self._owned = True
            else:
                self._file = self.output
        return self._file

    def write(self, data: bytes) -> None:
        handle = self._handle()
        if data:
            self.checksum.update(data)
            handle.write(data)
            self.written += len(data)
            if self.progress is not None:
                self.progress(len(data))

    def close(self, complete: bool = True) -> None:
        """Close the file; a complete download of empty data still makes its file, a failed
        one that received nothing leaves none behind."""
        if not complete and self._file is None:
            return
        handle = self._handle()
        if self._owned:
            handle.close()
        else:
            try:
                handle.flush()
            except (AttributeError, OSError, ValueError):
                pass
