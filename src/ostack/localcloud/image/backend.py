"""Glance's state: the image backend, the one object the image handlers (`backend_of`) and the
other services (the `Images` Protocol) hold. It composes the state of each part of Glance,
each in its own module:

- `images` (`image_state.py`): the image records;
- `members` (`member_state.py`): image sharing;
- `data` (`data_state.py`): uploads, staged data, imports; files in `image_data.py`;
- `transitions` (`transition_state.py`): status changes that take time, applied by `advance()`;
- `tasks`, `stores`, `cache`, `metadefs` (`task_state.py`, `store_state.py`, `cache_state.py`,
  `metadef_state.py`).

What compute and block storage call (server snapshots and backups, volume uploads, rotation,
deletion) is here; the other public methods delegate to the parts, so callers keep one object.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import timestamps
from ..store import Store, dumps, loads
from .cache_state import CacheState
from .data_state import DataState
from .image_data import (
    CIRROS_DATA_SIZE,
    CIRROS_ID,
    CIRROS_NAME,
    CIRROS_VIRTUAL_SIZE,
    DataHash,
    ImageFiles,
    generated_data,
    hash_of,
    virtual_size,
)
from .image_state import COLUMNS, SORT_KEYS, SQL_OPERATORS, ImageState
from .member_state import MemberState
from .metadef_state import MetadefState
from .store_state import StoreState
from .task_state import TaskState
from .transition_state import TransitionState

__all__ = ["CIRROS_ID", "CIRROS_NAME", "COLUMNS", "SORT_KEYS", "SQL_OPERATORS", "DataHash",
           "ImageBackend", "generated_data", "hash_of", "virtual_size"]

Image = dict[str, Any]


class ImageBackend:
    """All image state, composed of the parts of Glance."""

    def __init__(self, store: Store, data_dir: Path | None = None, task_delay: float = 0.5,
                 wake: Callable[[], None] | None = None) -> None:
        self.store = store
        self.data_dir = Path(data_dir) if data_dir is not None else None
        self.task_delay = task_delay
        self.wake = wake or (lambda: None)
        self.files = ImageFiles(self.data_dir)
        self.stores = StoreState(store, self.data_dir)
        self.tasks = TaskState(store, self.stores)
        self.cache = CacheState(store, task_delay)
        self.metadefs = MetadefState(store)
        self.transitions = TransitionState(store, self.files, self.tasks, self.wake)
        self.images = ImageState(store, self.stores, self.transitions.advance)
        self.members = MemberState(store)
        self.data = DataState(store, self.files, self.images, self.transitions, self.tasks,
                              task_delay)

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
            self.files.write(self.data_path(CIRROS_ID), data)
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

    def ensure_data(self, image: Image) -> Path | None:
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
        self.files.write(path, data)
        fields = hash_of(data)
        self.store.execute(
            "UPDATE images SET size = ?, checksum = ?, os_hash_algo = ?, os_hash_value = ?,"
            " virtual_size = ? WHERE id = ?",
            (fields["size"], fields["checksum"], fields["os_hash_algo"],
             fields["os_hash_value"], CIRROS_VIRTUAL_SIZE, image["id"]))
        image.update(fields, virtual_size=CIRROS_VIRTUAL_SIZE)
        return path

    def advance(self, now: float | None = None) -> float | None:
        """Apply the transitions that are due; when the next is due, None when idle."""
        return self.transitions.advance(now)

    def delete_image(self, image_id: str) -> bool:
        """Delete the image, its members, pending work and data; whether it existed."""
        with self.store.transaction() as db:
            gone = self.images.delete_rows(image_id, db)
            self.transitions.forget(image_id, db)
        self.files.remove(image_id)
        self.stores.forget(image_id)
        self.cache.forget(image_id)
        return gone

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
            self.transitions.schedule(image_id, "saving", now + self.task_delay / 2,
                                      {"expected": ["queued"]}, db=db)
            self.transitions.schedule(image_id, "active", now + self.task_delay,
                                      dict(data, expected=["queued", "saving"]), db=db)

    def rotate_backups(self, project_id: str, server_id: str, backup_type: str,
                       rotation: int) -> None:
        """Delete the oldest backups of the server with that `backup_type` beyond `rotation`
        (the newest `rotation` are kept)."""
        ids = self.images.ids_of_backups(project_id, server_id, backup_type)
        for image_id in ids[max(0, rotation):]:
            self.delete_image(image_id)

    # ----------------------------------------------------------------- delegates
    # The public surface of the parts, on the one object callers hold.
    def data_path(self, image_id: str) -> Path:
        return self.files.data_path(image_id)

    def staging_path(self, image_id: str) -> Path:
        return self.files.staging_path(image_id)

    def get_image(self, image_id: str) -> Image | None:
        return self.images.get_image(image_id)

    def list_images(self, project_id: str | None, is_admin: bool, filters: dict[str, Any],
                    order_by: list[tuple[str, str]]) -> list[Image]:
        return self.images.list_images(project_id, is_admin, filters, order_by)

    def create_image(self, owner: str | None, image: dict[str, Any],
                     properties: dict[str, str], tags: list[str]) -> Image:
        return self.images.create_image(owner, image, properties, tags)

    def update_image(self, image_id: str, columns: dict[str, Any],
                     properties: dict[str, str] | None = None,
                     tags: list[str] | None = None) -> Image:
        return self.images.update_image(image_id, columns, properties, tags)

    def set_status(self, image_id: str, status: str, expected: tuple[str, ...]) -> bool:
        return self.images.set_status(image_id, status, expected)

    def add_tag(self, image_id: str, tag: str) -> None:
        self.images.add_tag(image_id, tag)

    def remove_tag(self, image_id: str, tag: str) -> bool:
        return self.images.remove_tag(image_id, tag)

    def member_of(self, image_id: str, project_id: str | None) -> dict[str, Any] | None:
        return self.members.member_of(image_id, project_id)

    def visible(self, image: Image, project_id: str | None, is_admin: bool) -> bool:
        return self.members.visible(image, project_id, is_admin)

    def list_members(self, image_id: str) -> list[dict[str, Any]]:
        return self.members.list_members(image_id)

    def add_member(self, image_id: str, member_id: str) -> dict[str, Any]:
        return self.members.add_member(image_id, member_id)

    def set_member_status(self, image_id: str, member_id: str, status: str) -> dict[str, Any]:
        return self.members.set_member_status(image_id, member_id, status)

    def remove_member(self, image_id: str, member_id: str) -> bool:
        return self.members.remove_member(image_id, member_id)

    def begin_upload(self, image_id: str) -> Path:
        return self.data.begin_upload(image_id)

    def finish_upload(self, image_id: str, fields: dict[str, Any],
                      virtual_size: int | None = None) -> bool:
        return self.data.finish_upload(image_id, fields, virtual_size)

    def abort_upload(self, image_id: str, status: str = "queued") -> None:
        self.data.abort_upload(image_id, status)

    def begin_stage(self, image_id: str) -> Path:
        return self.data.begin_stage(image_id)

    def finish_stage(self, image_id: str, fields: dict[str, Any]) -> None:
        self.data.finish_stage(image_id, fields)

    def staged(self, image_id: str) -> dict[str, Any] | None:
        return self.data.staged(image_id)

    def import_staged(self, image_id: str) -> None:
        self.data.import_staged(image_id)

    def begin_web_download(self, image_id: str) -> Path:
        return self.data.begin_web_download(image_id)

    def finish_web_download(self, image_id: str, fields: dict[str, Any] | None) -> None:
        self.data.finish_web_download(image_id, fields)

    def begin_copy(self, image_id: str) -> None:
        self.data.begin_copy(image_id)
