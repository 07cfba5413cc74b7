"""How an image is shown by `image show`, `image create` and `image import`, and where the
data of `image create` and `image stage` comes from.

The official client prints some of openstacksdk's attributes under their wire names (status,
name, protected, owner ...) and folds every other non-empty one, declared or not, into
`properties` (so `os_hidden`, `os_hash_algo` and `hw_rng_model` appear there); tags are a
list column. The same rules are applied to ostack's `Image`, whose attributes carry the same
names and read values as the same types.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from ostack.cli.columns import DictColumn, ListColumn, format_size

#: Wire names shown as fields of their own; every other value goes into `properties`.
SHOWN = frozenset({
    "status", "name", "container_format", "created_at", "size", "disk_format", "updated_at",
    "visibility", "min_disk", "protected", "id", "file", "checksum", "owner", "virtual_size",
    "min_ram", "schema", "is_hidden", "hash_algo", "hash_value",
})


def image_fields(image: Any, human_readable: bool = False) -> dict[str, Any]:
    """The image's fields, sorted by name, as `image show` prints them."""
    info: dict[str, Any] = {}
    properties: dict[str, Any] = {}
    seen: set[str] = set()
    for name, field in type(image).fields().items():
        if name == "owner_id":  # openstacksdk keeps the undeclared keys at this place
            properties.update(image.properties)
        if name == "tags" or field.wire in seen:
            continue
        seen.add(field.wire)
        value = getattr(image, name)
        if value is not None:
            (info if field.wire in SHOWN else properties)[field.wire] = value
    if human_readable:
        info["size"] = format_size(image.size)
    info["tags"] = ListColumn(image.tags or [])
    if properties:
        info["properties"] = DictColumn(properties)
    return {key: info[key] for key in sorted(info)}


def stdin_data() -> Any:
    """Image data piped on stdin, taken as the official client takes it: None when stdin is
    closed or a terminal."""
    try:
        os.fstat(0)
    except OSError:
        return None
    if sys.stdin is None or sys.stdin.isatty():
        return None
    return getattr(sys.stdin, "buffer", sys.stdin)


def image_size(text: str) -> int:
    """An argparse `type` for `--size`: a positive number of bytes."""
    try:
        size = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a valid size (use a positive integer)") from None
    if size <= 0:
        raise argparse.ArgumentTypeError("Size must be a positive integer")
    return size
