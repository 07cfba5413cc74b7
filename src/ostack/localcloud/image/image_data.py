"""Image data as Glance records it, shared by the image service's state and handlers: where an
image's data file lives, the stand-in data this cloud generates, the size and digests Glance
records, and the virtual size its format inspector reads.

An image's data lives in `<state_dir>/images/<id>` (staged data for the interoperable import in
`<state_dir>/images/staging/<id>`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

CIRROS_ID = "6f1ad2f8-5fa2-4b67-9d16-0c1e0dbd9a1a"
CIRROS_NAME = "cirros-0.6.2-x86_64-disk"
CIRROS_DATA_SIZE = 16384          # bytes of the generated stand-in for the CirrOS disk
CIRROS_VIRTUAL_SIZE = 117440512   # what the real cirros-0.6.2 qcow2 declares (112 MiB)
SERVER_IMAGE_SIZE = 4096          # bytes of the data of a server snapshot or backup


def qcow2_header(virtual_size: int) -> bytes:
    """The first bytes of a qcow2 v3 file declaring `virtual_size` (so the data looks like the
    disk_format it claims)."""
    return (b"QFI\xfb" + (3).to_bytes(4, "big") + bytes(12) + (16).to_bytes(4, "big")
            + virtual_size.to_bytes(8, "big") + bytes(72))


def generated_data(seed: str, size: int, disk_format: str | None = "qcow2",
                   virtual_size: int = CIRROS_VIRTUAL_SIZE) -> bytes:
    """Deterministic stand-in data for an image (the same seed always gives the same bytes,
    so the file can be made again if it is lost)."""
    head = qcow2_header(virtual_size) if disk_format == "qcow2" else b""
    body = hashlib.shake_256(seed.encode()).digest(max(0, size - len(head)))
    return (head + body)[:size]


def virtual_size(head: bytes, disk_format: str | None, size: int) -> int | None:
    """What Glance's format inspector reads from the first bytes of image data: raw is its
    size, qcow2 declares it in its header; other formats stay unknown."""
    if disk_format == "raw":
        return size
    if disk_format == "qcow2" and len(head) >= 32 and head[:4] == b"QFI\xfb":
        return int.from_bytes(head[24:32], "big")
    return None


@contextlib.contextmanager
def part_file(path: Path) -> Iterator[BinaryIO]:
    """Write `path` through a `.part` file: in place when the block ends, removed when it
    fails (a reader never sees half the data)."""
    part = path.with_name(path.name + ".part")
    try:
        with open(part, "wb") as handle:
            yield handle
        os.replace(part, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            part.unlink()
        raise


class DataHash:
    """The size and digests Glance records for image data, fed chunk by chunk."""

    def __init__(self) -> None:
        self.size = 0
        self.md5 = hashlib.md5(usedforsecurity=False)
        self.sha512 = hashlib.sha512()

    def update(self, chunk: bytes) -> None:
        self.size += len(chunk)
        self.md5.update(chunk)
        self.sha512.update(chunk)

    def fields(self) -> dict[str, Any]:
        """`size`, `checksum`, `os_hash_algo`, `os_hash_value`."""
        return {"size": self.size, "checksum": self.md5.hexdigest(), "os_hash_algo": "sha512",
                "os_hash_value": self.sha512.hexdigest()}


def hash_of(data: bytes) -> dict[str, Any]:
    digest = DataHash()
    digest.update(data)
    return digest.fields()


class ImageFiles:
    """The data folder: each image's data file and its staging file."""

    def __init__(self, data_dir: Path | None) -> None:
        self.data_dir = data_dir

    def data_path(self, image_id: str) -> Path:
        """Where the image's data is (or will be) kept."""
        if self.data_dir is None:
            raise RuntimeError("this image backend keeps no data")
        return self.data_dir / image_id

    def staging_path(self, image_id: str) -> Path:
        """Where data staged for the interoperable import waits."""
        return self.data_path("staging") / image_id

    def write(self, path: Path, data: bytes) -> None:
        """Write `data` to `path` whole (through a `.part` file)."""
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with part_file(path) as handle:
            handle.write(data)

    def remove(self, image_id: str, keep_data: bool = False) -> None:
        """The image's files (data, staged data, unfinished parts); `keep_data` keeps the
        data file itself."""
        if self.data_dir is None:
            return
        for path in (self.data_path(image_id), self.staging_path(image_id),
                     self.data_path(image_id + ".part"), self.staging_path(image_id + ".part")):
            if keep_data and path == self.data_path(image_id):
                continue
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
