"""What the block storage state classes share: Cinder's constants (the one back end, its zone
and host), its errors (413 `overLimit`, 400 `Invalid volume`), new ids, and the decoding of the
stored rows (JSON columns, SQLite's integers for booleans)."""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable
from typing import Any

from ..errors import ApiError, BadRequest
from ..store import dumps, loads

Row = dict[str, Any]

GiB = 1024 ** 3
DEFAULT_AZ = "nova"
HOST = "localcloud@lvmdriver-1#lvmdriver-1"
SERVICE_UUID = "1a3c6cd0-7b3f-4d2c-9f6e-3d8e5a0c0b11"
DEFAULT_TYPE = "__DEFAULT__"


class OverLimit(ApiError):
    """Cinder's 413 for quota errors (rendered as `overLimit`)."""

    status = 413


def invalid_volume(reason: str) -> BadRequest:
    """Cinder's InvalidVolume, answered as 400."""
    return BadRequest(f"Invalid volume: {reason}")


def new_id() -> str:
    return str(uuid.uuid4())


def chunks(items: list[str], size: int) -> Iterable[list[str]]:
    """`items` in slices of `size` (SQLite's limit on the `?` of one query)."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def order_clause(order_by: list[tuple[str, str]]) -> str:
    """`ORDER BY` columns of a listing: the handler's (column, direction) pairs, then the
    newest row first (the insertion sequence breaks ties)."""
    return ", ".join([f"{c} {d.upper()}" for c, d in order_by] + ["seq DESC"])


def image_min_size(image: Row) -> int:
    """The smallest volume (GiB) an image fits in: its size rounded up, or min_disk."""
    size = math.ceil((image.get("size") or 0) / GiB)
    return max(1, size, int(image.get("min_disk") or 0))


def image_metadata_of(image: Row) -> dict[str, str]:
    """Cinder's `volume_image_metadata` for a volume made from an image (all strings)."""
    meta = {"image_id": image["id"], "image_name": image.get("name") or "",
            "checksum": image.get("checksum") or "",
            "container_format": image.get("container_format") or "",
            "disk_format": image.get("disk_format") or "",
            "min_disk": str(image.get("min_disk") or 0),
            "min_ram": str(image.get("min_ram") or 0),
            "size": str(image.get("size") or 0)}
    properties = image.get("properties") or {}
    if isinstance(properties, dict):
        for key, value in properties.items():
            meta.setdefault(key, value if isinstance(value, str) else dumps(value))
    return meta


def decode_type(row: Row) -> Row:
    row["extra_specs"] = loads(row["extra_specs"], {})
    row["is_public"] = bool(row["is_public"])
    return row


def decode_volume(row: Row) -> Row:
    row["metadata"] = loads(row["metadata"], {})
    row["image_metadata"] = loads(row["image_metadata"])
    row["bootable"] = bool(row["bootable"])
    row["multiattach"] = bool(row["multiattach"])
    row["readonly"] = bool(row["readonly"])
    return row


def decode_metadata(row: Row) -> Row:
    """A snapshot or backup row: its metadata decoded."""
    row["metadata"] = loads(row["metadata"], {})
    return row
