"""Glance's state: images, their members, their data files and their background transitions.
No HTTP here: the handlers of this package call these methods, and compute calls
`get_image`, `visible`, `create_server_image`, `rotate_backups` and `delete_image`.

An image's data lives in `<state_dir>/images/<id>` (staged data for the interoperable import in
`<state_dir>/images/staging/<id>`). Work that takes time (a server snapshot saving, an import)
is a row in `image_transitions` (the status the image takes and when), applied by `advance()`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import timestamps
from ..errors import BadRequest, Conflict, NotFound
from ..store import Store, dumps, loads
from .cache_backend import CacheBackend
from .metadef_backend import MetadefBackend
from .store_backend import StoreBackend
from .task_backend import TaskBackend

CIRROS_ID = "6f1ad2f8-5fa2-4b67-9d16-0c1e0dbd9a1a"
CIRROS_NAME = "cirros-0.6.2-x86_64-disk"
CIRROS_DATA_SIZE = 16384          # bytes of the generated stand-in for the CirrOS disk
CIRROS_VIRTUAL_SIZE = 117440512   # what the real cirros-0.6.2 qcow2 declares (112 MiB)
SERVER_IMAGE_SIZE = 4096          # bytes of the data of a server snapshot or backup

SORT_KEYS = ("name", "status", "container_format", "disk_format", "size", "id",
             "created_at", "updated_at", "visibility", "owner", "min_disk", "min_ram")
MEMBER_STATUSES = ("pending", "accepted", "rejected")

# Columns of the images table a client may set (besides tags and extra properties).
COLUMNS = ("name", "visibility", "owner", "disk_format", "container_format", "min_disk",
           "min_ram", "protected", "os_hidden")


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


class ImageBackend:
    """All image state operations."""

    def __init__(self, store: Store, data_dir: Path | None = None, task_delay: float = 0.5,
                 wake: Callable[[], None] | None = None) -> None:
        self.store = store
        self.data_dir = Path(data_dir) if data_dir is not None else None
        self.task_delay = task_delay
        self.wake = wake or (lambda: None)
        self._next_due: float | None = 0.0  # 0: look in the database at the first call
        self._recovered = False
        # The parts of Glance kept in their own modules (see each for what it holds).
        self.stores = StoreBackend(store, self.data_dir)
        self.tasks = TaskBackend(store, self.stores)
        self.cache = CacheBackend(store, task_delay)
        self.metadefs = MetadefBackend(store)

    # ----------------------------------------------------------------- files
    def data_path(self, image_id: str) -> Path:
        """Where the image's data is (or will be) kept."""
        if self.data_dir is None:
            raise RuntimeError("this image backend keeps no data")
        return self.data_dir / image_id

    def staging_path(self, image_id: str) -> Path:
        """Where data staged for the interoperable import waits."""
        return self.data_path("staging") / image_id

    def _write(self, path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(data)
        os.replace(tmp, path)

    def _remove_files(self, image_id: str, keep_data: bool = False) -> None:
        if self.data_dir is None:
            return
        for path in (self.data_path(image_id), self.staging_path(image_id),
                     self.data_path(image_id + ".part"), self.staging_path(image_id + ".part")):
            if keep_data and path == self.data_path(image_id):
                continue
            with contextlib.suppress(FileNotFoundError):
                path.unlink()

    # ----------------------------------------------------------------- bootstrap
    def bootstrap(self, owner: str) -> None:
        """Seed the public, active CirrOS image that servers boot from, with small real data
        (a fresh store: data files left from an earlier state are removed)."""
        if self.data_dir is not None and self.data_dir.exists():
            shutil.rmtree(self.data_dir, ignore_errors=True)
        now = timestamps.now()
        data = generated_data(CIRROS_NAME, CIRROS_DATA_SIZE)
        fields = hash_of(data)
        if self.data_dir is not None:
            self._write(self.data_path(CIRROS_ID), data)
        self.store.execute(
            "INSERT INTO images (id, name, status, visibility, owner, disk_format,"
            " container_format, size, virtual_size, checksum, os_hash_algo, os_hash_value,"
            " created_at, updated_at, properties) VALUES (?, ?, 'active', 'public', ?, 'qcow2',"
            " 'bare', ?, ?, ?, 'sha512', ?, ?, ?, ?)",
            (CIRROS_ID, CIRROS_NAME, owner, fields["size"], CIRROS_VIRTUAL_SIZE,
             fields["checksum"], fields["os_hash_value"], now, now,
             dumps({"hw_rng_model": "virtio", "owner_specified.openstack.md5": "",
                    "owner_specified.openstack.sha256": "",
                    "owner_specified.openstack.object": f"images/{CIRROS_NAME}"})),
        )

    def ensure_data(self, image: dict[str, Any]) -> Path | None:
        """The image's data file; the seeded CirrOS data is made again when missing (state
        folders from before it had data). None when the image has no data."""
        if self.data_dir is None:
            return None
        path = self.data_path(image["id"])
        if path.exists():
            return path
        if image["id"] != CIRROS_ID or image["status"] not in ("active", "deactivated"):
            return None
        data = generated_data(CIRROS_NAME, CIRROS_DATA_SIZE)
        self._write(path, data)
        fields = hash_of(data)
        self.store.execute(
            "UPDATE images SET size = ?, checksum = ?, os_hash_algo = ?, os_hash_value = ?,"
            " virtual_size = ? WHERE id = ?",
            (fields["size"], fields["checksum"], fields["os_hash_algo"],
             fields["os_hash_value"], CIRROS_VIRTUAL_SIZE, image["id"]))
        image.update(fields, virtual_size=CIRROS_VIRTUAL_SIZE)
        return path

    # ----------------------------------------------------------------- background work
    def advance(self, now: float | None = None) -> float | None:
        """Apply the transitions that are due (queued -> saving -> active for server images,
        importing -> active for imports); return when the next is due, None when idle."""
        now = timestamps.now() if now is None else now
        if not self._recovered:
            self._recover(now)
        if self._next_due is None or now < self._next_due:
            return self._next_due
        due = self.store.query(
            "SELECT * FROM image_transitions WHERE due_at IS NOT NULL AND due_at <= ?"
            " ORDER BY due_at", (now,))
        for row in due:
            self._apply(row, now)
        self._next_due = self.store.scalar(
            "SELECT MIN(due_at) FROM image_transitions WHERE due_at IS NOT NULL")
        return self._next_due

    def _recover(self, now: float) -> None:
        """At the first step after a start: data transfers that the last run left unfinished
        (an upload, a stage, a web download) are lost; their images go back to `queued`."""
        self._recovered = True
        with self.store.transaction() as db:
            db.execute("DELETE FROM image_transitions WHERE status = 'fetching'")
            stale = [row[0] for row in db.execute(
                "SELECT id FROM images WHERE status IN ('saving', 'uploading', 'importing')"
                " AND NOT EXISTS (SELECT 1 FROM image_transitions t WHERE t.image_id ="
                " images.id AND (t.due_at IS NOT NULL OR t.status = 'staged'))")]
            for image_id in stale:
                db.execute("UPDATE images SET status = 'queued', updated_at = ? WHERE id = ?",
                           (now, image_id))
        for image_id in stale:
            self._remove_files(image_id, keep_data=False)

    def _schedule(self, image_id: str, status: str, due: float,
                  data: dict[str, Any] | None = None, db: Any = None) -> None:
        sql = ("INSERT OR REPLACE INTO image_transitions (image_id, status, due_at, data)"
               " VALUES (?, ?, ?, ?)")
        params = (image_id, status, due, dumps(data or {}))
        if db is not None:
            db.execute(sql, params)
        else:
            self.store.execute(sql, params)
        if self._next_due is None or due < self._next_due:
            self._next_due = due
        self.wake()

    def _apply(self, row: dict[str, Any], now: float) -> None:
        image_id, status = row["image_id"], row["status"]
        data = loads(row["data"], {})
        fields: dict[str, Any] = {}
        if status == "active" and data.get("kind") in ("server", "volume"):
            content = generated_data(image_id, SERVER_IMAGE_SIZE, data.get("disk_format"),
                                     data.get("virtual_size") or SERVER_IMAGE_SIZE)
            if self.data_dir is not None:
                self._write(self.data_path(image_id), content)
            fields = hash_of(content)
            fields["virtual_size"] = virtual_size(content[:64], data.get("disk_format"),
                                                  len(content))
        elif status == "active" and data.get("kind") == "import":
            staged = self.staging_path(image_id)
            if staged.exists():
                os.replace(staged, self.data_path(image_id))
            fields = {k: data[k] for k in ("size", "checksum", "os_hash_algo", "os_hash_value")
                      if k in data}
            image = self.store.query_one("SELECT disk_format FROM images WHERE id = ?",
                                         (image_id,))
            path = self.data_path(image_id)
            if image is not None and path.exists():
                with open(path, "rb") as handle:
                    head = handle.read(64)
                fields["virtual_size"] = virtual_size(head, image["disk_format"],
                                                      int(data.get("size") or 0))
        sets = ", ".join(["status = ?", "updated_at = ?"] + [f"{k} = ?" for k in fields])
        with self.store.transaction() as db:
            db.execute(f"UPDATE images SET {sets} WHERE id = ? AND status IN ({_q(data)})",
                       [status, now, *fields.values(), image_id, *_from(data)])
            db.execute("DELETE FROM image_transitions WHERE image_id = ? AND status = ?",
                       (image_id, status))
        if status == "active" and data.get("kind") in ("import", "copy"):
            self.tasks.finish(image_id)

    # ----------------------------------------------------------------- reads
    def get_image(self, image_id: str) -> dict[str, Any] | None:
        self.advance()
        row = self.store.query_one("SELECT * FROM images WHERE id = ?", (image_id,))
        return self.stores.attach([_decode(row)])[0] if row is not None else None

    def member_of(self, image_id: str, project_id: str | None) -> dict[str, Any] | None:
        """The membership of a project in an image, if any."""
        if project_id is None:
            return None
        return self.store.query_one(
            "SELECT * FROM image_members WHERE image_id = ? AND member_id = ?",
            (image_id, project_id))

    def visible(self, image: dict[str, Any], project_id: str | None, is_admin: bool) -> bool:
        """Whether a project may see (and boot from) an image: admins, public and community
        images, the owner, and the members of a shared image (whatever their status)."""
        if is_admin or image["visibility"] in ("public", "community"):
            return True
        if project_id is not None and image["owner"] == project_id:
            return True
        return (image["visibility"] == "shared"
                and self.member_of(image["id"], project_id) is not None)

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

    def delete_image(self, image_id: str) -> bool:
        """Delete the image, its members, pending work and data; whether it existed."""
        with self.store.transaction() as db:
            gone = db.execute("DELETE FROM images WHERE id = ?", (image_id,)).rowcount
            db.execute("DELETE FROM image_members WHERE image_id = ?", (image_id,))
            db.execute("DELETE FROM image_transitions WHERE image_id = ?", (image_id,))
        self._remove_files(image_id)
        self.stores.forget(image_id)
        self.cache.forget(image_id)
        return gone > 0

    # ----------------------------------------------------------------- data
    def begin_upload(self, image_id: str) -> Path:
        """queued -> saving for a `PUT .../file`; the path to write. 409 otherwise."""
        if not self.set_status(image_id, "saving", ("queued",)):
            image = self.get_image(image_id)
            status = image["status"] if image else "deleted"
            raise Conflict(f"Image status transition from {status} to saving is not allowed")
        path = self.data_path(image_id)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        return path

    def finish_upload(self, image_id: str, fields: dict[str, Any],
                      virtual_size: int | None = None) -> bool:
        """saving -> active with the data's size and digests; False when the image was
        deleted meanwhile."""
        now = timestamps.now()
        return self.store.execute(
            "UPDATE images SET status = 'active', size = ?, checksum = ?, os_hash_algo = ?,"
            " os_hash_value = ?, virtual_size = ?, updated_at = ? WHERE id = ?"
            " AND status = 'saving'",
            (fields["size"], fields["checksum"], fields["os_hash_algo"],
             fields["os_hash_value"], virtual_size, now, image_id)) > 0

    def abort_upload(self, image_id: str, status: str = "queued") -> None:
        """A failed upload: back to `queued` (Glance's behaviour on a broken connection)."""
        with contextlib.suppress(FileNotFoundError):
            self.data_path(image_id).unlink()
        self.set_status(image_id, status, ("saving", "uploading"))

    def begin_stage(self, image_id: str) -> Path:
        """queued -> uploading for a `PUT .../stage`; the staging path. 409 otherwise."""
        if not self.set_status(image_id, "uploading", ("queued",)):
            image = self.get_image(image_id)
            status = image["status"] if image else "deleted"
            raise Conflict(f"Image status transition from {status} to uploading is not"
                           " allowed")
        path = self.staging_path(image_id)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        return path

    def finish_stage(self, image_id: str, fields: dict[str, Any]) -> None:
        """Remember the staged data's size and digests until the import."""
        self.store.execute(
            "INSERT OR REPLACE INTO image_transitions (image_id, status, due_at, data)"
            " VALUES (?, 'staged', NULL, ?)", (image_id, dumps(fields)))

    def staged(self, image_id: str) -> dict[str, Any] | None:
        row = self.store.query_one(
            "SELECT data FROM image_transitions WHERE image_id = ? AND status = 'staged'",
            (image_id,))
        return loads(row["data"], {}) if row is not None else None

    def import_staged(self, image_id: str) -> None:
        """uploading -> importing now, -> active after the task delay (glance-direct)."""
        fields = self.staged(image_id)
        if fields is None or not self.set_status(image_id, "importing", ("uploading",)):
            raise Conflict(f"Image {image_id} has no data staged for import")
        with self.store.transaction() as db:
            db.execute("DELETE FROM image_transitions WHERE image_id = ? AND status = 'staged'",
                       (image_id,))
            self._schedule(image_id, "active", timestamps.now() + self.task_delay,
                           dict(fields, kind="import", expected=["importing"]), db=db)

    def begin_web_download(self, image_id: str) -> Path:
        """queued -> importing for `web-download`; the staging path the data goes to."""
        if not self.set_status(image_id, "importing", ("queued",)):
            raise Conflict("Image needs to be in queued state to use 'web-download' method")
        self.store.execute(
            "INSERT OR REPLACE INTO image_transitions (image_id, status, due_at, data)"
            " VALUES (?, 'fetching', NULL, ?)", (image_id, dumps({"started": timestamps.now()})))
        path = self.staging_path(image_id)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        return path

    def finish_web_download(self, image_id: str, fields: dict[str, Any] | None) -> None:
        """The data arrived (`fields`: its size and digests): active once the task delay since
        the import began has passed. None: the download failed, back to `queued`."""
        row = self.store.query_one(
            "SELECT data FROM image_transitions WHERE image_id = ? AND status = 'fetching'",
            (image_id,))
        if row is None:  # deleted meanwhile
            self._remove_files(image_id, keep_data=True)
            return
        started = loads(row["data"], {}).get("started", timestamps.now())
        with self.store.transaction() as db:
            db.execute("DELETE FROM image_transitions WHERE image_id = ? AND status ="
                       " 'fetching'", (image_id,))
            if fields is None:
                db.execute("UPDATE images SET status = 'queued', updated_at = ? WHERE id = ?"
                           " AND status = 'importing'", (timestamps.now(), image_id))
            else:
                self._schedule(image_id, "active",
                               max(timestamps.now(), started + self.task_delay),
                               dict(fields, kind="import", expected=["importing"]), db=db)
        if fields is None:
            self._remove_files(image_id, keep_data=True)
            self.tasks.fail(image_id, "Image import failed: the data could not be fetched.")

    def begin_copy(self, image_id: str) -> None:
        """`copy-image`: the image stays active; the copies are in place after the task
        delay (the import task records to which stores)."""
        self._schedule(image_id, "active", timestamps.now() + self.task_delay,
                       {"kind": "copy", "expected": ["active"]})

    # ----------------------------------------------------------------- members
    def list_members(self, image_id: str) -> list[dict[str, Any]]:
        return self.store.query(
            "SELECT * FROM image_members WHERE image_id = ? ORDER BY created_at, member_id",
            (image_id,))

    def add_member(self, image_id: str, member_id: str) -> dict[str, Any]:
        now = timestamps.now()
        with self.store.transaction() as db:
            if db.execute("SELECT 1 FROM image_members WHERE image_id = ? AND member_id = ?",
                          (image_id, member_id)).fetchone():
                raise Conflict(f"Member {member_id} already exists for image {image_id}")
            db.execute("INSERT INTO image_members (image_id, member_id, status, created_at,"
                       " updated_at) VALUES (?, ?, 'pending', ?, ?)",
                       (image_id, member_id, now, now))
        return self.member_of(image_id, member_id)  # type: ignore[return-value]

    def set_member_status(self, image_id: str, member_id: str, status: str) -> dict[str, Any]:
        self.store.execute(
            "UPDATE image_members SET status = ?, updated_at = ? WHERE image_id = ?"
            " AND member_id = ?", (status, timestamps.now(), image_id, member_id))
        return self.member_of(image_id, member_id)  # type: ignore[return-value]

    def remove_member(self, image_id: str, member_id: str) -> bool:
        return self.store.execute(
            "DELETE FROM image_members WHERE image_id = ? AND member_id = ?",
            (image_id, member_id)) > 0

    # ----------------------------------------------------------------- for compute
    def create_server_image(self, project_id: str, server: dict[str, Any], name: str,
                            metadata: dict[str, Any] | None = None,
                            image_type: str = "snapshot",
                            backup_type: str | None = None) -> dict[str, Any]:
        """The image of `createImage` / `createBackup` / shelve: owned by the project,
        `queued` now, `saving` after half the task delay, `active` (with a small data file)
        after the task delay. Properties as Nova sets them: `image_type`, `instance_uuid`,
        `base_image_ref`, `user_id`, `backup_type` for backups, plus `metadata`."""
        base_id = server.get("image_id") or ""
        base = self.get_image(base_id) if base_id else None
        flavor = server.get("flavor") or {}
        if isinstance(flavor, str):  # a server row's JSON column, not yet decoded
            flavor = loads(flavor, {})
        properties: dict[str, str] = {}
        if base is not None:
            # Nova passes on the base image's own properties (image_* system metadata).
            properties.update({k: v for k, v in base["properties"].items()
                               if not k.startswith(("owner_specified.", "os_glance"))})
        properties.update({
            "image_type": image_type,
            "instance_uuid": server["id"],
            "base_image_ref": base_id,
            "user_id": str(server.get("user_id") or ""),
            "owner_project_name": str(server.get("project_name") or ""),
            "boot_roles": str(server.get("boot_roles") or ""),
        })
        if not properties["owner_project_name"]:
            del properties["owner_project_name"]
        if not properties["boot_roles"]:
            del properties["boot_roles"]
        if backup_type is not None:
            properties["backup_type"] = backup_type
        properties.update({str(k): str(v) for k, v in (metadata or {}).items()})
        min_disk = max(int(flavor.get("disk") or 0), int(base["min_disk"]) if base else 0)
        columns = {
            "name": name, "visibility": "private",
            "disk_format": base["disk_format"] if base else "qcow2",
            "container_format": base["container_format"] if base else "bare",
            "min_disk": min_disk, "min_ram": int(base["min_ram"]) if base else 0,
        }
        image = self.create_image(project_id, columns, properties, [])
        self._save_generated(image["id"], "server", columns["disk_format"],
                             int(flavor.get("disk") or 1))
        return image

    def create_volume_image(self, project_id: str, volume: dict[str, Any], name: str,
                            disk_format: str, container_format: str, visibility: str,
                            protected: bool) -> dict[str, Any]:
        """The image of Cinder's `os-volume_upload_image`: `queued`, `saving`, then `active`
        with generated data after the task delay; it carries the volume's image metadata."""
        properties = {str(k): str(v) for k, v in
                      (volume.get("volume_image_metadata") or {}).items()
                      if k not in ("checksum", "size", "image_id", "image_name",
                                   "container_format", "disk_format", "min_disk", "min_ram")}
        columns = {"name": name, "visibility": visibility, "protected": protected,
                   "disk_format": disk_format, "container_format": container_format,
                   "min_disk": int(volume.get("size") or 0)}
        image = self.create_image(project_id, columns, properties, [])
        self._save_generated(image["id"], "volume", disk_format, int(volume.get("size") or 1))
        return image

    def _save_generated(self, image_id: str, kind: str, disk_format: str, gigabytes: int) -> None:
        """Schedule `saving` then `active` with generated data of a disk of `gigabytes`."""
        now = timestamps.now()
        data = {"kind": kind, "disk_format": disk_format, "virtual_size": gigabytes * 1024 ** 3}
        with self.store.transaction() as db:
            self._schedule(image_id, "saving", now + self.task_delay / 2,
                           {"expected": ["queued"]}, db=db)
            self._schedule(image_id, "active", now + self.task_delay,
                           dict(data, expected=["queued", "saving"]), db=db)

    def rotate_backups(self, project_id: str, server_id: str, backup_type: str,
                       rotation: int) -> None:
        """Delete the oldest backups of the server with that `backup_type` beyond `rotation`
        (the newest `rotation` are kept)."""
        ids = self.store.column(
            "SELECT id FROM images WHERE owner = ? AND"
            " json_extract(properties, '$.image_type') = 'backup' AND"
            " json_extract(properties, '$.instance_uuid') = ? AND"
            " json_extract(properties, '$.backup_type') = ?"
            " ORDER BY created_at DESC, rowid DESC", (project_id, server_id, backup_type))
        for image_id in ids[max(0, rotation):]:
            self.delete_image(image_id)


SQL_OPERATORS = {"eq": "=", "neq": "!=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


def _from(data: dict[str, Any]) -> list[str]:
    return list(data.get("expected") or ["queued", "saving", "importing", "uploading"])


def _q(data: dict[str, Any]) -> str:
    return ",".join("?" * len(_from(data)))


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    row["tags"] = loads(row["tags"], [])
    row["properties"] = loads(row["properties"], {})
    return row
