"""Glance's image records: the `images` table (base attributes, tags, extra properties), read
with filters and sorting, created, updated and moved between statuses. Part of the image
backend (`ImageBackend.images`); the HTTP side is `images.py`, `tags.py` and `actions.py`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from .. import timestamps
from ..errors import BadRequest, Conflict, NotFound
from ..store import Store, dumps, loads
from .store_state import StoreState

SORT_KEYS = ("name", "status", "container_format", "disk_format", "size", "id",
             "created_at", "updated_at", "visibility", "owner", "min_disk", "min_ram")
SQL_OPERATORS = {"eq": "=", "neq": "!=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
# Columns of the images table a client may set (besides tags and extra properties).
COLUMNS = ("name", "visibility", "owner", "disk_format", "container_format", "min_disk",
           "min_ram", "protected", "os_hidden")

Image = dict[str, Any]


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _decode(row: dict[str, Any]) -> Image:
    row["tags"] = loads(row["tags"], [])
    row["properties"] = loads(row["properties"], {})
    return row


class ImageState:
    """The image records. `advance` applies the transitions that are due before each read."""

    def __init__(self, store: Store, stores: StoreState,
                 advance: Callable[[], Any] = lambda: None) -> None:
        self.store = store
        self.stores = stores
        self.advance = advance

    def get_image(self, image_id: str) -> Image | None:
        self.advance()
        row = self.store.query_one("SELECT * FROM images WHERE id = ?", (image_id,))
        return self.stores.attach([_decode(row)])[0] if row is not None else None

    def list_images(self, project_id: str | None, is_admin: bool, filters: dict[str, Any],
                    order_by: list[tuple[str, str]]) -> list[dict[str, Any]]:
        """Images the project may list, filtered and sorted (every match; the handler pages).

        `filters`: name, status, owner, disk_format, container_format, id (each a value or
        `in:a,b`), visibility (public|private|shared|community|all), member_status, tags
        (a list, all required), size_min, size_max, protected, os_hidden (bools),
        created_at / updated_at (lists of (operator, epoch)), properties (a dict).
        """
        self.advance()
        sql, params = "SELECT * FROM images WHERE 1=1", []
        member_status = filters.get("member_status", "accepted")
        if not is_admin:
            member_clause = "m.member_id = ?"
            member_params: list[Any] = [project_id]
            if member_status != "all":
                member_clause += " AND m.status = ?"
                member_params.append(member_status)
            sql += (" AND (visibility IN ('public', 'community') OR owner = ? OR"
                    " (visibility = 'shared' AND EXISTS (SELECT 1 FROM image_members m"
                    f" WHERE m.image_id = images.id AND {member_clause})))")
            params += [project_id, *member_params]
        visibility = filters.get("visibility")
        if visibility is None:
            sql += " AND (visibility != 'community' OR owner = ?)"
            params.append(project_id)
        elif visibility != "all":
            sql += " AND visibility = ?"
            params.append(visibility)
        for key in ("name", "status", "owner", "disk_format", "container_format", "id"):
            if key not in filters:
                continue
            value = filters[key]
            if key != "owner" and value.startswith("in:"):
                # Glance's `in` operator: `id=in:a,b,c` (values may be double-quoted).
                values = [v.strip().strip('"') for v in value[3:].split(",")]
                sql += f" AND {key} IN ({','.join('?' * len(values))})"
                params.extend(values)
            else:
                sql += f" AND {key} = ?"
                params.append(value)
        for tag in filters.get("tags", []):
            sql += " AND EXISTS (SELECT 1 FROM json_each(images.tags) WHERE value = ?)"
            params.append(tag)
        if "size_min" in filters:
            sql += " AND size >= ?"
            params.append(filters["size_min"])
        if "size_max" in filters:
            sql += " AND size <= ?"
            params.append(filters["size_max"])
        if "protected" in filters:
            sql += " AND protected = ?"
            params.append(int(filters["protected"]))
        sql += " AND os_hidden = ?"
        params.append(int(filters.get("os_hidden", False)))
        for column in ("created_at", "updated_at"):
            for operator, value in filters.get(column, []):
                sql += f" AND {column} {SQL_OPERATORS[operator]} ?"
                params.append(value)
        for key, value in filters.get("properties", {}).items():
            sql += (" AND EXISTS (SELECT 1 FROM json_each(images.properties)"
                    " WHERE key = ? AND value = ?)")
            params += [key, value]
        order = ", ".join([f"{key} {direction.upper()}" for key, direction in order_by]
                          + ["created_at DESC", "id DESC"])
        rows = self.store.query(f"{sql} ORDER BY {order}", params)
        return self.stores.attach([_decode(row) for row in rows])

    # ----------------------------------------------------------------- writes
    def create_image(self, owner: str | None, image: dict[str, Any],
                     properties: dict[str, str], tags: list[str]) -> dict[str, Any]:
        """A new image in `queued` (no data yet); `image` holds the columns given (and maybe
        `id`)."""
        image_id = image.get("id") or str(uuid.uuid4())
        now = timestamps.now()
        values = {"visibility": "shared", "min_disk": 0, "min_ram": 0, "protected": False,
                  "os_hidden": False}
        values.update({k: image[k] for k in COLUMNS if k in image})
        values["owner"] = owner
        with self.store.transaction() as db:
            if db.execute("SELECT 1 FROM images WHERE id = ?", (image_id,)).fetchone():
                raise Conflict(f"Image with identifier {image_id} already exists!")
            db.execute(
                "INSERT INTO images (id, name, status, visibility, owner, disk_format,"
                " container_format, min_disk, min_ram, protected, os_hidden, tags, properties,"
                " created_at, updated_at) VALUES (?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                " ?, ?)",
                (image_id, values.get("name"), values["visibility"], owner,
                 values.get("disk_format"), values.get("container_format"), values["min_disk"],
                 values["min_ram"], int(values["protected"]), int(values["os_hidden"]),
                 dumps(_unique(tags)), dumps(properties), now, now))
        return self.get_image(image_id)  # type: ignore[return-value]

    def update_image(self, image_id: str, columns: dict[str, Any],
                     properties: dict[str, str] | None = None,
                     tags: list[str] | None = None) -> dict[str, Any]:
        """Set columns, and replace the extra properties and tags when given."""
        sets, params = ["updated_at = ?"], [timestamps.now()]
        for key, value in columns.items():
            if key not in COLUMNS and key not in ("status",):
                raise BadRequest(f"Attribute {key} can not be updated")
            sets.append(f"{key} = ?")
            params.append(int(value) if isinstance(value, bool) else value)
        if properties is not None:
            sets.append("properties = ?")
            params.append(dumps(properties))
        if tags is not None:
            sets.append("tags = ?")
            params.append(dumps(_unique(tags)))
        if self.store.execute(f"UPDATE images SET {', '.join(sets)} WHERE id = ?",
                              [*params, image_id]) == 0:
            raise NotFound(f"No image found with ID {image_id}")
        return self.get_image(image_id)  # type: ignore[return-value]

    def set_status(self, image_id: str, status: str, expected: tuple[str, ...]) -> bool:
        """Move the image to `status` if it is in one of `expected`; whether it moved."""
        marks = ",".join("?" * len(expected))
        return self.store.execute(
            f"UPDATE images SET status = ?, updated_at = ? WHERE id = ? AND status IN ({marks})",
            (status, timestamps.now(), image_id, *expected)) > 0

    def add_tag(self, image_id: str, tag: str) -> None:
        image = self.get_image(image_id)
        if image is None:
            raise NotFound(f"No image found with ID {image_id}")
        if tag not in image["tags"]:
            self.update_image(image_id, {}, tags=image["tags"] + [tag])

    def remove_tag(self, image_id: str, tag: str) -> bool:
        """Whether the tag was there."""
        image = self.get_image(image_id)
        if image is None or tag not in image["tags"]:
            return False
        self.update_image(image_id, {}, tags=[t for t in image["tags"] if t != tag])
        return True


    def delete_rows(self, image_id: str, db: Any) -> bool:
        """The image's record and memberships, within the transaction `db`; whether it
        existed."""
        gone = db.execute("DELETE FROM images WHERE id = ?", (image_id,)).rowcount
        db.execute("DELETE FROM image_members WHERE image_id = ?", (image_id,))
        return gone > 0

    def ids_of_backups(self, project_id: str, server_id: str, backup_type: str) -> list[str]:
        """The server's backups of that `backup_type`, newest first."""
        return self.store.column(
            "SELECT id FROM images WHERE owner = ? AND"
            " json_extract(properties, '$.image_type') = 'backup' AND"
            " json_extract(properties, '$.instance_uuid') = ? AND"
            " json_extract(properties, '$.backup_type') = ?"
            " ORDER BY created_at DESC, rowid DESC", (project_id, server_id, backup_type))
