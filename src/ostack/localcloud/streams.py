"""Reading stored data back in pieces, for every service that serves files (Glance's image
data, Swift's objects): a byte range of an open file, in chunks of 64 KiB."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

CHUNK = 64 * 1024


def read_range(handle: BinaryIO, start: int, length: int, chunk: int = CHUNK) -> Iterator[bytes]:
    """`length` bytes of `handle` from `start` (fewer when the file ends first)."""
    handle.seek(start)
    remaining = length
    while remaining > 0:
        data = handle.read(min(chunk, remaining))
        if not data:
            return
        remaining -= len(data)
        yield data
