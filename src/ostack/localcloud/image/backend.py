"""Glance's state (minimal for now): the images, seeded with one public CirrOS image.
No HTTP here: the handlers in images.py call these methods."""

from __future__ import annotations

import hashlib
from typing import Any

from .. import timestamps
from ..store import Store, loads

CIRROS_ID = "6f1ad2f8-5fa2-4b67-9d16-0c1e0dbd9a1a"
CIRROS_NAME = "cirros-0.6.2-x86_64-disk"
CIRROS_SIZE = 21430272

SORT_KEYS = ("name", "status", "container_format", "disk_format", "size", "id",
             "created_at", "updated_at", "visibility", "owner", "min_disk", "min_ram")


class ImageBackend:
    """All image state operations."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def bootstrap(self, owner: str) -> None:
        """Seed the public, active CirrOS image that servers boot from."""
        now = timestamps.now()
        digest = hashlib.sha512(CIRROS_NAME.encode()).hexdigest()
        self.store.execute(
            "INSERT INTO images (id, name, status, visibility, owner, disk_format,"
            " container_format, size, checksum, os_hash_algo, os_hash_value, created_at,"
            " updated_at, properties) VALUES (?, ?, 'active', 'public', ?, 'qcow2', 'bare', ?,"
            " ?, 'sha512', ?, ?, ?, ?)",
            (CIRROS_ID, CIRROS_NAME, owner, CIRROS_SIZE,
             hashlib.md5(CIRROS_NAME.encode()).hexdigest(), digest, now, now,
             '{"hw_rng_model": "virtio", "owner_specified.openstack.md5": "",'
             ' "owner_specified.openstack.sha256": "", "owner_specified.openstack.object":'
             ' "images/cirros-0.6.2-x86_64-disk"}'),
        )

    def get_image(self, image_id: str) -> dict[str, Any] | None:
        row = self.store.query_one("SELECT * FROM images WHERE id = ?", (image_id,))
        return _decode(row) if row is not None else None

    @staticmethod
    def visible(image: dict[str, Any], project_id: str | None, is_admin: bool) -> bool:
        """Whether a project may see (and boot from) an image."""
        return (is_admin or image["visibility"] in ("public", "community")
                or image["owner"] == project_id)

    def list_images(self, project_id: str | None, is_admin: bool, filters: dict[str, Any],
                    order_by: list[tuple[str, str]]) -> list[dict[str, Any]]:
        """Images the project may list, filtered (name, status, visibility, owner, tag)."""
        sql, params = "SELECT * FROM images WHERE 1=1", []
        visibility = filters.get("visibility")
        if visibility == "all":
            if not is_admin:
                sql += " AND (visibility IN ('public', 'community') OR owner = ?)"
                params.append(project_id)
        elif visibility is not None:
            sql += " AND visibility = ?"
            params.append(visibility)
            if not is_admin and visibility in ("private", "shared"):
                sql += " AND owner = ?"
                params.append(project_id)
        elif not is_admin:
            sql += " AND (visibility = 'public' OR owner = ?)"
            params.append(project_id)
        else:
            sql += " AND visibility != 'community'"
        for key in ("name", "status", "owner", "disk_format", "container_format", "id"):
            if key in filters:
                value = filters[key]
                if key != "owner" and value.startswith("in:"):
                    # Glance's `in` operator: `id=in:a,b,c` (values may be double-quoted).
                    values = [v.strip().strip('"') for v in value[3:].split(",")]
                    sql += f" AND {key} IN ({','.join('?' * len(values))})"
                    params.extend(values)
                else:
                    sql += f" AND {key} = ?"
                    params.append(value)
        if "tag" in filters:
            sql += " AND EXISTS (SELECT 1 FROM json_each(images.tags) WHERE value = ?)"
            params.append(filters["tag"])
        order = ", ".join(f"{key} {direction.upper()}" for key, direction in order_by)
        rows = self.store.query(f"{sql} ORDER BY {order}, id DESC", params)
        return [_decode(row) for row in rows]


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    row["tags"] = loads(row["tags"], [])
    row["properties"] = loads(row["properties"], {})
    return row
