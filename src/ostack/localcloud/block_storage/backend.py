"""Cinder's state: volumes (with their background transitions), attachments, snapshots,
volume types and quotas. No HTTP here: the handlers in this package, and compute (through
`cloud.block_storage`), call these methods.

A pending transition is a pair of columns in the row (`pending_status`, `pending_at`):
`creating -> available`, `attaching -> in-use`, `detaching -> available`, `extending ->
available`, `deleting -> gone`. `advance()` applies the due ones; the app runs it in the
background and the handlers call it before reading, so the state is right across restarts.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from .. import timestamps
from ..declare import Peers
from ..errors import ApiError, BadRequest, NotFound
from ..interfaces import Images
from ..store import Store, dumps, loads
from .records import VolumeRecords

GiB = 1024 ** 3
DEFAULT_AZ = "nova"
HOST = "localcloud@lvmdriver-1#lvmdriver-1"
SERVICE_UUID = "1a3c6cd0-7b3f-4d2c-9f6e-3d8e5a0c0b11"
DEFAULT_TYPE = "__DEFAULT__"
#: The seeded volume types: (id, name, description, extra specs).
SEED_TYPES = (
    ("b6d1e1c5-0b0a-4a39-9d53-3f2c1b7d7a01", DEFAULT_TYPE, "Default Volume Type", {}),
    ("3f0b1a7e-5c9d-4f61-8e2a-6d4c2b9a8e02", "lvmdriver-1", None,
     {"volume_backend_name": "lvmdriver-1"}),
)
#: Cinder's default quotas (cinder.quota options).
DEFAULT_QUOTAS = {
    "volumes": 10, "snapshots": 10, "gigabytes": 1000, "backups": 10,
    "backup_gigabytes": 1000, "groups": 10, "per_volume_gigabytes": -1,
}
#: States from which a volume may be deleted (cinder.volume.api.API.delete).
DELETABLE = ("available", "error", "error_restoring", "error_extending", "error_managing")


class OverLimit(ApiError):
    """Cinder's 413 for quota errors (rendered as `overLimit`)."""

    status = 413


def invalid_volume(reason: str) -> BadRequest:
    """Cinder's InvalidVolume, answered as 400."""
    return BadRequest(f"Invalid volume: {reason}")


def _new_id() -> str:
    return str(uuid.uuid4())


class BlockStorageBackend:
    """All block storage state operations."""

    def __init__(self, store: Store, task_delay: float = 0.5,
                 wake: Callable[[], None] | None = None, peers: Peers | None = None) -> None:
        self.store = store
        self.task_delay = task_delay
        self._wake = wake
        self.peers = peers or Peers()  # the image service, for volumes made from images
        self._next_due: float | None = 0.0  # 0: look in the database at the first call
        #: QoS specs, transfers, encryption specs, messages, groups (records.py).
        self.records = VolumeRecords(store)
        columns = {row["name"] for row in store.query("PRAGMA table_info(volumes)")}
        if "group_id" not in columns:  # generic volume groups (groups.py)
            store.execute("ALTER TABLE volumes ADD COLUMN group_id TEXT")
        self.bootstrap()  # older state folders gain the seeded types too

    @property
    def images(self) -> Images | None:
        """The image service (volumes made from images, uploads to images)."""
        return self.peers.get(Images)

    # ----------------------------------------------------------------- bootstrap
    def bootstrap(self) -> None:
        """Seed the volume types `__DEFAULT__` and `lvmdriver-1`."""
        now = timestamps.now()
        with self.store.transaction() as db:
            for type_id, name, description, specs in SEED_TYPES:
                db.execute(
                    "INSERT OR IGNORE INTO volume_types (id, name, description, is_public,"
                    " extra_specs, created_at) VALUES (?, ?, ?, 1, ?, ?)",
                    (type_id, name, description, dumps(specs), now))

    # ----------------------------------------------------------------- background work
    def advance(self, now: float | None = None) -> float | None:
        """Apply the transitions that are due; return when the next one is due (None: idle)."""
        now = timestamps.now() if now is None else now
        if self._next_due is None or now < self._next_due:
            return self._next_due
        with self.store.transaction() as db:
            rows = db.execute(
                "SELECT id, pending_status FROM volumes WHERE pending_at IS NOT NULL"
                " AND pending_at <= ?", (now,)).fetchall()
            for volume_id, target in rows:
                self._finish_volume(db, volume_id, target, now)
            db.execute("DELETE FROM snapshots WHERE pending_status = 'deleted'"
                       " AND pending_at <= ?", (now,))
            db.execute(
                "UPDATE snapshots SET status = pending_status, pending_status = NULL,"
                " pending_at = NULL, updated_at = ?, progress = '100%'"
                " WHERE pending_at IS NOT NULL AND pending_at <= ?", (now, now))
            db.execute("DELETE FROM backups WHERE pending_status = 'deleted'"
                       " AND pending_at <= ?", (now,))
            db.execute(
                "UPDATE backups SET status = pending_status, pending_status = NULL,"
                " pending_at = NULL, updated_at = ? WHERE pending_at IS NOT NULL"
                " AND pending_at <= ?", (now, now))
            row = db.execute(
                "SELECT MIN(t) FROM (SELECT MIN(pending_at) AS t FROM volumes UNION ALL"
                " SELECT MIN(pending_at) FROM snapshots UNION ALL"
                " SELECT MIN(pending_at) FROM backups)").fetchone()
        self._next_due = row[0] if row else None
        return self._next_due

    def _finish_volume(self, db: Any, volume_id: str, target: str, now: float) -> None:
        if target == "deleted":
            db.execute("DELETE FROM volume_attachments WHERE volume_id = ?", (volume_id,))
            db.execute("DELETE FROM volumes WHERE id = ?", (volume_id,))
            return
        if target == "detached":
            db.execute("DELETE FROM volume_attachments WHERE volume_id = ?"
                       " AND attach_status = 'detaching'", (volume_id,))
            left = db.execute("SELECT COUNT(*) FROM volume_attachments WHERE volume_id = ?",
                              (volume_id,)).fetchone()[0]
            target = "in-use" if left else "available"
        if target == "in-use":
            db.execute("UPDATE volume_attachments SET attach_status = 'attached',"
                       " attached_at = COALESCE(attached_at, ?), updated_at = ?"
                       " WHERE volume_id = ? AND attach_status = 'attaching'",
                       (now, now, volume_id))
        attach_status = "attached" if target == "in-use" else "detached"
        db.execute(
            "UPDATE volumes SET status = ?, attach_status = ?, pending_status = NULL,"
            " pending_at = NULL, updated_at = ?, launched_at = COALESCE(launched_at, ?)"
            " WHERE id = ?", (target, attach_status, now, now, volume_id))
        retype = db.execute("SELECT data FROM volume_records WHERE kind = 'retype' AND id = ?",
                            (volume_id,)).fetchone()
        if retype is not None:  # a retype ends with the new type, as the status comes back
            db.execute("UPDATE volumes SET volume_type_id = ? WHERE id = ?",
                       (loads(retype[0])["volume_type_id"], volume_id))
            db.execute("DELETE FROM volume_records WHERE kind = 'retype' AND id = ?",
                       (volume_id,))

    def _schedule(self, due: float) -> None:
        if self._next_due is None or due < self._next_due:
            self._next_due = due
        if self._wake is not None:
            self._wake()

    def _pending(self, delay: float | None = None) -> float:
        due = timestamps.now() + (self.task_delay if delay is None else delay)
        return due

    # ----------------------------------------------------------------- volume types
    def get_type(self, ident: str) -> dict[str, Any] | None:
        """A volume type by id, or by name."""
        row = self.store.query_one("SELECT * FROM volume_types WHERE id = ?", (ident,))
        if row is None:
            row = self.store.query_one("SELECT * FROM volume_types WHERE name = ?", (ident,))
        return _decode_type(row) if row is not None else None

    def default_type(self) -> dict[str, Any]:
        found = self.get_type(DEFAULT_TYPE)
        assert found is not None
        return found

    def list_types(self, project_id: str | None, is_admin: bool,
                   is_public: bool | None = True) -> list[dict[str, Any]]:
        """The types a project may see: public ones and those shared with it. Admins may ask
        for the private ones only (`is_public=False`) or all (`None`)."""
        rows = [_decode_type(r) for r in self.store.query(
            "SELECT * FROM volume_types ORDER BY created_at, name")]
        if is_admin and is_public is None:
            return rows
        if is_admin and is_public is False:
            return [r for r in rows if not r["is_public"]]
        access = self._type_access()
        return [r for r in rows if r["is_public"] or project_id in access.get(r["id"], ())]

    def type_visible(self, volume_type: dict[str, Any], project_id: str | None,
                     is_admin: bool) -> bool:
        if is_admin or volume_type["is_public"]:
            return True
        return project_id in self._type_access().get(volume_type["id"], ())

    def _type_access(self) -> dict[str, set[str]]:
        access: dict[str, set[str]] = {}
        for row in self.store.query("SELECT type_id, project_id FROM volume_type_access"):
            access.setdefault(row["type_id"], set()).add(row["project_id"])
        return access

    def create_type(self, name: str, description: str | None, is_public: bool,
                    extra_specs: dict[str, str]) -> dict[str, Any]:
        if self.store.scalar("SELECT 1 FROM volume_types WHERE name = ?", (name,)):
            raise ApiError(f"Volume Type {name} already exists.", status=409)
        type_id = _new_id()
        self.store.execute(
            "INSERT INTO volume_types (id, name, description, is_public, extra_specs,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (type_id, name, description, int(is_public), dumps(extra_specs),
             timestamps.now()))
        return self.get_type(type_id)  # type: ignore[return-value]

    def update_type(self, type_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        if "name" in changes and self.store.scalar(
                "SELECT 1 FROM volume_types WHERE name = ? AND id != ?",
                (changes["name"], type_id)):
            raise ApiError(f"Volume Type {changes['name']} already exists.", status=409)
        for column in ("name", "description", "is_public"):
            if column in changes:
                value = changes[column]
                self.store.execute(
                    f"UPDATE volume_types SET {column} = ?, updated_at = ? WHERE id = ?",
                    (int(value) if column == "is_public" else value, timestamps.now(),
                     type_id))
        return self.get_type(type_id)  # type: ignore[return-value]

    def delete_type(self, type_id: str) -> None:
        volume_type = self.get_type(type_id)
        if volume_type is None:
            raise NotFound(f"Volume type {type_id} could not be found.")
        if volume_type["name"] == DEFAULT_TYPE:
            raise BadRequest("Target volume type is still in use. Default volume type can "
                             "not be deleted.")
        if self.store.scalar("SELECT 1 FROM volumes WHERE volume_type_id = ?", (type_id,)):
            raise BadRequest(f"Target volume type is still in use. Volume Type {type_id} "
                             f"deletion is not allowed with volumes present with the type.")
        with self.store.transaction() as db:
            db.execute("DELETE FROM volume_type_access WHERE type_id = ?", (type_id,))
            db.execute("DELETE FROM volume_types WHERE id = ?", (type_id,))

    def set_extra_specs(self, type_id: str, specs: dict[str, str],
                        replace: bool = False) -> dict[str, str]:
        volume_type = self.get_type(type_id)
        if volume_type is None:
            raise NotFound(f"Volume type {type_id} could not be found.")
        merged = dict(specs) if replace else dict(volume_type["extra_specs"], **specs)
        self.store.execute("UPDATE volume_types SET extra_specs = ?, updated_at = ?"
                           " WHERE id = ?", (dumps(merged), timestamps.now(), type_id))
        return merged

    def type_access(self, type_id: str) -> list[str]:
        return sorted(self._type_access().get(type_id, ()))

    def add_type_access(self, type_id: str, project_id: str) -> None:
        if self.store.scalar("SELECT 1 FROM volume_type_access WHERE type_id = ? AND"
                             " project_id = ?", (type_id, project_id)):
            raise ApiError(f"Volume type access for {type_id} / {project_id} combination "
                           f"already exists.", status=409)
        self.store.execute("INSERT INTO volume_type_access (type_id, project_id) VALUES"
                           " (?, ?)", (type_id, project_id))

    def remove_type_access(self, type_id: str, project_id: str) -> None:
        if self.store.execute("DELETE FROM volume_type_access WHERE type_id = ? AND"
                              " project_id = ?", (type_id, project_id)) == 0:
            raise NotFound(f"Volume type access not found for {type_id} / {project_id} "
                           f"combination.")

    # ----------------------------------------------------------------- quotas
    def quotas(self, project_id: str) -> dict[str, int]:
        """The hard limits of a project: defaults, per-type entries, then its overrides."""
        limits = self.default_quotas()
        for row in self.store.query("SELECT resource, hard_limit FROM volume_quotas WHERE"
                                    " project_id = ?", (project_id,)):
            limits[row["resource"]] = row["hard_limit"]
        return limits

    def default_quotas(self) -> dict[str, int]:
        """The `default` quota class: Cinder's defaults, then what an admin set."""
        return self.quota_class("default")

    def quota_class(self, class_name: str) -> dict[str, int]:
        """A quota class's limits (per-type entries unlimited unless set)."""
        limits = dict(DEFAULT_QUOTAS)
        for row in self.store.query("SELECT name FROM volume_types ORDER BY name"):
            for resource in ("volumes", "gigabytes", "snapshots"):
                limits[f"{resource}_{row['name']}"] = -1
        for row in self.store.query("SELECT resource, hard_limit FROM volume_quota_classes"
                                    " WHERE class_name = ?", (class_name,)):
            limits[row["resource"]] = row["hard_limit"]
        return limits

    def set_quota_class(self, class_name: str, changes: dict[str, int]) -> dict[str, int]:
        with self.store.transaction() as db:
            for resource, limit in changes.items():
                db.execute("INSERT OR REPLACE INTO volume_quota_classes (class_name, resource,"
                           " hard_limit) VALUES (?, ?, ?)", (class_name, resource, limit))
        return self.quota_class(class_name)

    def set_quotas(self, project_id: str, changes: dict[str, int]) -> dict[str, int]:
        with self.store.transaction() as db:
            for resource, limit in changes.items():
                db.execute("INSERT OR REPLACE INTO volume_quotas (project_id, resource,"
                           " hard_limit) VALUES (?, ?, ?)", (project_id, resource, limit))
        return self.quotas(project_id)

    def reset_quotas(self, project_id: str) -> None:
        self.store.execute("DELETE FROM volume_quotas WHERE project_id = ?", (project_id,))

    def usage(self, project_id: str) -> dict[str, int]:
        """What a project uses now, per quota resource (per type too)."""
        used: dict[str, int] = {key: 0 for key in self.quotas(project_id)}
        for row in self.store.query(
                "SELECT t.name AS type_name, COUNT(*) AS n, COALESCE(SUM(v.size), 0) AS gb"
                " FROM volumes v LEFT JOIN volume_types t ON t.id = v.volume_type_id"
                " WHERE v.project_id = ? GROUP BY t.name", (project_id,)):
            used["volumes"] += row["n"]
            used["gigabytes"] += row["gb"]
            if row["type_name"]:
                used[f"volumes_{row['type_name']}"] = row["n"]
                used[f"gigabytes_{row['type_name']}"] = row["gb"]
        for row in self.store.query(
                "SELECT t.name AS type_name, COUNT(*) AS n, COALESCE(SUM(s.size), 0) AS gb"
                " FROM snapshots s JOIN volumes v ON v.id = s.volume_id"
                " LEFT JOIN volume_types t ON t.id = v.volume_type_id"
                " WHERE s.project_id = ? GROUP BY t.name", (project_id,)):
            used["snapshots"] += row["n"]
            used["gigabytes"] += row["gb"]
            if row["type_name"]:
                used[f"snapshots_{row['type_name']}"] = row["n"]
                key = f"gigabytes_{row['type_name']}"
                used[key] = used.get(key, 0) + row["gb"]
        row = self.store.query_one(
            "SELECT COUNT(*) AS n, COALESCE(SUM(size), 0) AS gb FROM backups"
            " WHERE project_id = ?", (project_id,))
        if row is not None:
            used["backups"], used["backup_gigabytes"] = row["n"], row["gb"]
        return used

    def check_quota(self, project_id: str, type_name: str | None, volumes: int = 0,
                    snapshots: int = 0, gigabytes: int = 0) -> None:
        """413 (Cinder's messages) when the request would exceed a quota."""
        limits, used = self.quotas(project_id), self.usage(project_id)
        per_volume = limits.get("per_volume_gigabytes", -1)
        if volumes and per_volume >= 0 and gigabytes > per_volume:
            raise OverLimit(f"VolumeSizeExceedsLimit: Requested volume size {gigabytes}G is "
                            f"larger than maximum allowed limit {per_volume}G.")
        checks = [("gigabytes", gigabytes), ("volumes", volumes), ("snapshots", snapshots)]
        if type_name:
            checks += [(f"gigabytes_{type_name}", gigabytes),
                       (f"volumes_{type_name}", volumes),
                       (f"snapshots_{type_name}", snapshots)]
        for resource, wanted in checks:
            limit = limits.get(resource, -1)
            if not wanted or limit < 0 or used.get(resource, 0) + wanted <= limit:
                continue
            consumed = used.get(resource, 0)
            if resource.startswith("gigabytes"):
                raise OverLimit(f"VolumeSizeExceedsAvailableQuota: Requested volume or "
                                f"snapshot exceeds allowed {resource} quota. Requested "
                                f"{wanted}G, quota is {limit}G and {consumed}G has been "
                                f"consumed.")
            if resource.startswith("volumes"):
                raise OverLimit(f"VolumeLimitExceeded: Maximum number of volumes allowed "
                                f"({limit}) exceeded for quota '{resource}'.")
            raise OverLimit(f"SnapshotLimitExceeded: Maximum number of snapshots allowed "
                            f"({limit}) exceeded for quota '{resource}'.")

    # ----------------------------------------------------------------- volumes
    def get_volume(self, volume_id: str) -> dict[str, Any] | None:
        self.advance()
        row = self.store.query_one("SELECT * FROM volumes WHERE id = ?", (volume_id,))
        if row is None:
            return None
        return self._decorate([_decode_volume(row)])[0]

    def list_volumes(self, where: list[str], params: list[Any],
                     order_by: list[tuple[str, str]]) -> list[dict[str, Any]]:
        """Volumes matching SQL conditions (built by the handler from Cinder's filters)."""
        self.advance()
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        order = ", ".join([f"{c} {d.upper()}" for c, d in order_by] + ["seq DESC"])
        rows = self.store.query(f"SELECT * FROM volumes{clause} ORDER BY {order}", params)
        return self._decorate([_decode_volume(r) for r in rows])

    def _decorate(self, volumes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Add each volume's type record and attachments (one query each)."""
        if not volumes:
            return volumes
        types = {r["id"]: _decode_type(r) for r in self.store.query("SELECT * FROM volume_types")}
        ids = [v["id"] for v in volumes]
        by_volume: dict[str, list[dict[str, Any]]] = {}
        for chunk in _chunks(ids, 500):
            for row in self.store.query(
                    f"SELECT * FROM volume_attachments WHERE volume_id IN"
                    f" ({','.join('?' * len(chunk))}) ORDER BY created_at", chunk):
                by_volume.setdefault(row["volume_id"], []).append(row)
        for volume in volumes:
            volume["type"] = types.get(volume["volume_type_id"])
            volume["attachments"] = by_volume.get(volume["id"], [])
        return volumes

    def create_volume(self, project_id: str, user_id: str, spec: dict[str, Any],
                      status: str = "creating") -> dict[str, Any]:
        """A new volume (`creating`, then `available` after the task delay).

        `spec`: size, name, description, volume_type (a type record), availability_zone,
        metadata, image (an image record), snapshot (a record), source (a volume record),
        multiattach.
        """
        volume_type = spec.get("volume_type") or self.default_type()
        size = int(spec["size"])
        self.check_quota(project_id, volume_type["name"], volumes=1, gigabytes=size)
        now = timestamps.now()
        volume_id = _new_id()
        image = spec.get("image")
        image_metadata: dict[str, str] | None = None
        bootable = False
        if image is not None:
            image_metadata = image_metadata_of(image)
            bootable = True
        source = spec.get("source") or None
        snapshot = spec.get("snapshot") or None
        if source is not None:
            image_metadata = source.get("image_metadata")
            bootable = bool(source["bootable"])
        if snapshot is not None:
            parent = self.store.query_one("SELECT bootable, image_metadata FROM volumes"
                                          " WHERE id = ?", (snapshot["volume_id"],))
            if parent is not None:
                bootable = bool(parent["bootable"])
                image_metadata = loads(parent["image_metadata"])
        self.store.execute(
            "INSERT INTO volumes (id, project_id, user_id, name, description, size, status,"
            " attach_status, volume_type_id, availability_zone, bootable, multiattach,"
            " metadata, image_metadata, snapshot_id, source_volid, host, created_at,"
            " pending_status, pending_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'detached', ?, ?, ?,"
            " ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (volume_id, project_id, user_id, spec.get("name"), spec.get("description"), size,
             status, volume_type["id"], spec.get("availability_zone") or DEFAULT_AZ,
             int(bootable), int(bool(spec.get("multiattach")) or str(
                 volume_type["extra_specs"].get("multiattach", "")).lower() == "<is> true"),
             dumps(spec.get("metadata") or {}),
             dumps(image_metadata) if image_metadata is not None else None,
             snapshot["id"] if snapshot else None, source["id"] if source else None,
             HOST, now, "available" if status == "creating" else None,
             self._pending() if status == "creating" else None))
        if status == "creating":
            self._schedule(self._pending())
        return self.get_volume(volume_id)  # type: ignore[return-value]

    def update_volume(self, volume_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        """Change columns of a volume (name, description, metadata, bootable, status ...)."""
        allowed = ("name", "description", "metadata", "bootable", "status", "attach_status",
                   "migration_status", "readonly", "volume_type_id", "size", "image_metadata")
        columns = [c for c in changes if c in allowed]
        if columns:
            values = [dumps(changes[c]) if c in ("metadata", "image_metadata")
                      else int(changes[c]) if c in ("bootable", "readonly") else changes[c]
                      for c in columns]
            sets = ", ".join(f"{c} = ?" for c in columns)
            self.store.execute(f"UPDATE volumes SET {sets}, updated_at = ? WHERE id = ?",
                               (*values, timestamps.now(), volume_id))
        return self.get_volume(volume_id)  # type: ignore[return-value]

    def transition(self, volume_id: str, status: str, target: str,
                   delay: float | None = None, **changes: Any) -> dict[str, Any]:
        """Put a volume in `status` now and `target` after the task delay."""
        due = self._pending(delay)
        sets = ", ".join(f"{c} = ?" for c in changes)
        self.store.execute(
            f"UPDATE volumes SET status = ?, pending_status = ?, pending_at = ?,"
            f" updated_at = ?{', ' + sets if sets else ''} WHERE id = ?",
            (status, target, due, timestamps.now(), *changes.values(), volume_id))
        self._schedule(due)
        return self.get_volume(volume_id)  # type: ignore[return-value]

    def delete_volume(self, volume: dict[str, Any], force: bool = False,
                      cascade: bool = False) -> None:
        """Start deleting (`deleting`, gone after the task delay); Cinder's 400s otherwise."""
        volume_id = volume["id"]
        if not force and volume["status"] not in DELETABLE:
            raise invalid_volume("Volume status must be available or error or "
                                 "error_restoring or error_extending or error_managing and "
                                 "must not be migrating, attached, belong to a group, have "
                                 "snapshots, awaiting a transfer, or be disassociated from "
                                 "snapshots after volume transfer.")
        if volume["attachments"] and not force:
            raise invalid_volume("Volume cannot be deleted while in attached state")
        snapshots = self.store.column("SELECT id FROM snapshots WHERE volume_id = ?",
                                      (volume_id,))
        if snapshots and not cascade:
            raise invalid_volume(f"Volume still has {len(snapshots)} dependent snapshots.")
        due = self._pending()
        with self.store.transaction() as db:
            if snapshots:
                db.execute("UPDATE snapshots SET status = 'deleting', pending_status ="
                           " 'deleted', pending_at = ? WHERE volume_id = ?", (due, volume_id))
            db.execute("UPDATE volumes SET status = 'deleting', pending_status = 'deleted',"
                       " pending_at = ?, updated_at = ? WHERE id = ?",
                       (due, timestamps.now(), volume_id))
        self._schedule(due)

    # ----------------------------------------------------------------- attachments
    def get_attachment(self, attachment_id: str) -> dict[str, Any] | None:
        self.advance()
        return self.store.query_one("SELECT * FROM volume_attachments WHERE id = ?",
                                    (attachment_id,))

    def list_attachments(self, project_id: str | None) -> list[dict[str, Any]]:
        """Cinder attachment records (all projects when `project_id` is None)."""
        self.advance()
        if project_id is None:
            return self.store.query("SELECT * FROM volume_attachments ORDER BY created_at DESC")
        return self.store.query("SELECT * FROM volume_attachments WHERE project_id = ?"
                                " ORDER BY created_at DESC", (project_id,))

    def reserve(self, volume: dict[str, Any], server_id: str | None,
                project_id: str, host: str | None = None, device: str | None = None,
                mode: str = "rw", tag: str | None = None,
                delete_on_termination: bool = False, status: str = "reserved",
                ) -> dict[str, Any]:
        """Record an attachment of a volume (status `reserved`, or `attaching` when a
        server attaches it through compute); the volume moves to `reserved`/`attaching`."""
        if volume["status"] not in ("available", "in-use", "downloading") or (
                volume["status"] == "in-use" and not volume["multiattach"]):
            raise invalid_volume(
                f"Volume {volume['id']} status must be available or downloading to reserve, "
                f"but the current status is {volume['status']}.")
        if server_id is not None and any(a["server_id"] == server_id
                                         for a in volume["attachments"]):
            raise invalid_volume(f"Volume {volume['id']} is already attached to server "
                                 f"{server_id}.")
        now = timestamps.now()
        attachment_id = _new_id()
        self.store.execute(
            "INSERT INTO volume_attachments (id, volume_id, project_id, server_id, host,"
            " device, attach_status, attach_mode, tag, delete_on_termination, bdm_uuid,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (attachment_id, volume["id"], project_id, server_id, host, device,
             "attaching" if status == "attaching" else "reserved", mode, tag,
             int(delete_on_termination), _new_id(), now))
        if volume["status"] != "in-use":
            self.store.execute("UPDATE volumes SET status = ?, attach_status = 'attaching',"
                               " updated_at = ? WHERE id = ?",
                               ("attaching" if status == "attaching" else "reserved", now,
                                volume["id"]))
        return self.get_attachment(attachment_id)  # type: ignore[return-value]

    def complete_attachment(self, attachment_id: str, device: str | None = None,
                            host: str | None = None, mode: str | None = None,
                            delay: float | None = 0.0) -> dict[str, Any]:
        """The attachment is made: `attaching` now, `in-use` after `delay` (0: at once)."""
        attachment = self.get_attachment(attachment_id)
        assert attachment is not None
        self.store.execute(
            "UPDATE volume_attachments SET attach_status = 'attaching', device ="
            " COALESCE(?, device), host = COALESCE(?, host), attach_mode = COALESCE(?,"
            " attach_mode), updated_at = ? WHERE id = ?",
            (device, host, mode, timestamps.now(), attachment_id))
        if delay == 0.0:
            with self.store.transaction() as db:
                self._finish_volume(db, attachment["volume_id"], "in-use", timestamps.now())
        else:
            self.transition(attachment["volume_id"], "attaching", "in-use", delay,
                            attach_status="attaching")
        return self.get_attachment(attachment_id)  # type: ignore[return-value]

    def remove_attachment(self, attachment_id: str, delay: float | None = 0.0) -> None:
        """Detach: the attachment goes (now, or after `delay` with the volume `detaching`)."""
        attachment = self.get_attachment(attachment_id)
        if attachment is None:
            return
        volume_id = attachment["volume_id"]
        self.store.execute("UPDATE volume_attachments SET attach_status = 'detaching',"
                           " updated_at = ? WHERE id = ?", (timestamps.now(), attachment_id))
        if delay == 0.0:
            with self.store.transaction() as db:
                self._finish_volume(db, volume_id, "detached", timestamps.now())
        else:
            self.transition(volume_id, "detaching", "detached", delay)

    def update_attachment(self, attachment_id: str, changes: dict[str, Any]) -> None:
        columns = [c for c in changes if c in ("delete_on_termination", "tag", "device")]
        if columns:
            sets = ", ".join(f"{c} = ?" for c in columns)
            self.store.execute(f"UPDATE volume_attachments SET {sets}, updated_at = ? WHERE"
                               f" id = ?", (*[changes[c] for c in columns], timestamps.now(),
                                            attachment_id))

    # ----------------------------------------------------------------- calls from compute
    def volumes_for_boot(self, project_id: str, server_id: str,
                         mappings: list[dict[str, Any]], user_id: str = "") -> None:
        """Create what `block_device_mapping_v2` asks for (source image, snapshot, blank)
        and attach every volume of destination `volume` to the server (`in-use`, devices
        /dev/vda, /dev/vdb ... in boot order)."""
        wanted = [m for m in mappings if m.get("destination_type") == "volume"]
        if not wanted:
            return
        plan = []
        for mapping in wanted:
            source = mapping.get("source_type") or "volume"
            uuid_ = mapping.get("uuid")
            size = mapping.get("volume_size")
            if size is not None:
                try:
                    size = int(size)
                except (TypeError, ValueError):
                    raise BadRequest(f"Invalid volume_size {size!r}.") from None
                if size < 1:
                    raise BadRequest("Block Device Mapping is Invalid: Volume size must be "
                                     "greater than zero.")
            if source == "volume":
                volume = self.get_volume(str(uuid_))
                if volume is None or volume["project_id"] != project_id:
                    raise BadRequest(f"Block Device Mapping is Invalid: failed to get volume "
                                     f"{uuid_}.")
                if volume["status"] != "available":
                    raise BadRequest(f"Invalid volume: Volume {uuid_} status must be "
                                     f"available or downloading to reserve, but the current "
                                     f"status is {volume['status']}.")
                if str(mapping.get("boot_index")) == "0" and not volume["bootable"]:
                    raise BadRequest(f"Block Device {uuid_} is not bootable.")  # as Nova
                plan.append((mapping, volume, None))
            elif source == "image":
                image = self.images.get_image(str(uuid_)) if self.images else None
                if image is None:
                    raise BadRequest(f"Block Device Mapping is Invalid: failed to get image "
                                     f"{uuid_}.")
                need = image_min_size(image)
                if size is None:
                    raise BadRequest("Block Device Mapping is Invalid: Images with "
                                     "destination_type 'volume' need to have a non-zero size "
                                     "specified")
                if size < need:
                    raise BadRequest(f"Volume is smaller than the minimum size specified in "
                                     f"image metadata. Volume size is {size} bytes, minimum "
                                     f"size is {need * GiB} bytes.")
                plan.append((mapping, None, {"image": image, "size": size}))
            elif source == "snapshot":
                snapshot = self.get_snapshot(str(uuid_))
                if snapshot is None or snapshot["project_id"] != project_id:
                    raise BadRequest(f"Block Device Mapping is Invalid: failed to get "
                                     f"snapshot {uuid_}.")
                plan.append((mapping, None, {"snapshot": snapshot,
                                             "size": size or snapshot["size"]}))
            elif source == "blank":
                if size is None:
                    raise BadRequest("Block Device Mapping is Invalid: Blank volumes "
                                     "(source: 'blank', dest: 'volume') need to have non-zero "
                                     "size")
                plan.append((mapping, None, {"size": size}))
            else:
                raise BadRequest(f"Block Device Mapping is Invalid: unknown source_type "
                                 f"{source}.")
        new = [p for p in plan if p[1] is None]
        if new:
            self.check_quota(project_id, DEFAULT_TYPE, volumes=len(new),
                             gigabytes=sum(p[2]["size"] for p in new))  # type: ignore[index]
        order = sorted(range(len(plan)), key=lambda i: (
            _boot_index(plan[i][0]), i))
        for position, index in enumerate(order):
            mapping, volume, spec = plan[index]
            if volume is None:
                assert spec is not None
                volume_type = self.get_type(mapping["volume_type"]) if mapping.get(
                    "volume_type") else None
                volume = self.create_volume(project_id, user_id, {
                    "size": spec["size"], "image": spec.get("image"),
                    "snapshot": spec.get("snapshot"), "volume_type": volume_type,
                    "name": "", "description": ""}, status="available")
            device = mapping.get("device_name") or _device(position)
            attachment = self.reserve(volume, server_id, project_id, host="localcloud",
                                      device=device, tag=mapping.get("tag"),
                                      delete_on_termination=bool(
                                          mapping.get("delete_on_termination")),
                                      status="attaching")
            self.complete_attachment(attachment["id"], delay=0.0)

    def attach(self, project_id: str, server_id: str, volume_id: str,
               device: str | None = None, tag: str | None = None,
               delete_on_termination: bool = False) -> dict[str, Any]:
        """Attach a volume to a server through compute: the attachment at once, the volume
        `attaching` then `in-use` after the task delay."""
        volume = self.get_volume(volume_id)
        if volume is None or volume["project_id"] != project_id:
            raise NotFound(f"Volume {volume_id} could not be found.")
        if device is None:
            used = {a["device"] for a in self._server_attachments(server_id)}
            device = next(_device(i) for i in range(1, 26) if _device(i) not in used)
        attachment = self.reserve(volume, server_id, project_id, host="localcloud",
                                  device=device, tag=tag,
                                  delete_on_termination=delete_on_termination,
                                  status="attaching")
        attachment = self.complete_attachment(attachment["id"], delay=None)
        return _compute_view(attachment)

    def detach(self, server_id: str, volume_id: str) -> None:
        """Detach a volume from a server: `detaching`, then `available` after the delay."""
        for row in self._server_attachments(server_id):
            if row["volume_id"] == volume_id:
                self.remove_attachment(row["id"], delay=None)
                return
        raise NotFound(f"Volume {volume_id} is not attached to server {server_id}.")

    def attachments(self, server_id: str) -> list[dict[str, Any]]:
        """The volumes attached to a server, in Nova's `volumeAttachment` terms (plus
        `attachment_id` and `bdm_uuid`)."""
        return [_compute_view(row) for row in self._server_attachments(server_id)]

    def attachments_for_servers(self, server_ids: Iterable[str],
                                ) -> dict[str, list[dict[str, Any]]]:
        """`os-extended-volumes:volumes_attached` per server, in one query per 500 ids."""
        self.advance()
        found: dict[str, list[dict[str, Any]]] = {}
        for chunk in _chunks(list(server_ids), 500):
            for row in self.store.query(
                    f"SELECT server_id, volume_id, delete_on_termination FROM"
                    f" volume_attachments WHERE server_id IN ({','.join('?' * len(chunk))})"
                    f" ORDER BY created_at", chunk):
                found.setdefault(row["server_id"], []).append({
                    "id": row["volume_id"],
                    "delete_on_termination": bool(row["delete_on_termination"])})
        return found

    def release_server(self, server_id: str) -> None:
        """The server is gone: detach everything; delete the volumes marked
        `delete_on_termination`."""
        self.advance()
        rows = self.store.query("SELECT * FROM volume_attachments WHERE server_id = ?",
                                (server_id,))
        for row in rows:
            self.remove_attachment(row["id"], delay=0.0)
            if row["delete_on_termination"]:
                volume = self.get_volume(row["volume_id"])
                if volume is not None and not volume["attachments"]:
                    self.delete_volume(volume, force=True, cascade=True)

    def _server_attachments(self, server_id: str) -> list[dict[str, Any]]:
        self.advance()
        return self.store.query("SELECT * FROM volume_attachments WHERE server_id = ?"
                                " ORDER BY created_at", (server_id,))

    # ----------------------------------------------------------------- snapshots
    def get_snapshot(self, snapshot_id: str) -> dict[str, Any] | None:
        self.advance()
        row = self.store.query_one("SELECT * FROM snapshots WHERE id = ?", (snapshot_id,))
        return _decode_snapshot(row) if row is not None else None

    def list_snapshots(self, where: list[str], params: list[Any],
                       order_by: list[tuple[str, str]]) -> list[dict[str, Any]]:
        self.advance()
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        order = ", ".join([f"{c} {d.upper()}" for c, d in order_by] + ["seq DESC"])
        return [_decode_snapshot(r) for r in self.store.query(
            f"SELECT * FROM snapshots{clause} ORDER BY {order}", params)]

    def create_snapshot(self, project_id: str, user_id: str, volume: dict[str, Any],
                        name: str | None, description: str | None,
                        metadata: dict[str, str], force: bool = False) -> dict[str, Any]:
        """A snapshot of a volume (`creating`, then `available` after the task delay)."""
        allowed = ("available", "in-use") if force else ("available",)
        if volume["status"] not in allowed:
            raise invalid_volume(f"Volume {volume['id']} status must be available, but "
                                 f"current status is: {volume['status']}.")
        type_name = volume["type"]["name"] if volume.get("type") else None
        self.check_quota(project_id, type_name, snapshots=1, gigabytes=volume["size"])
        snapshot_id = _new_id()
        now = timestamps.now()
        due = self._pending()
        self.store.execute(
            "INSERT INTO snapshots (id, project_id, user_id, volume_id, name, description,"
            " size, status, progress, metadata, created_at, pending_status, pending_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, 'creating', '0%', ?, ?, 'available', ?)",
            (snapshot_id, project_id, user_id, volume["id"], name, description,
             volume["size"], dumps(metadata), now, due))
        self._schedule(due)
        return self.get_snapshot(snapshot_id)  # type: ignore[return-value]

    def update_snapshot(self, snapshot_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        columns = [c for c in changes if c in ("name", "description", "metadata", "status",
                                               "progress")]
        if columns:
            values = [dumps(changes[c]) if c == "metadata" else changes[c] for c in columns]
            sets = ", ".join(f"{c} = ?" for c in columns)
            self.store.execute(f"UPDATE snapshots SET {sets}, updated_at = ? WHERE id = ?",
                               (*values, timestamps.now(), snapshot_id))
        return self.get_snapshot(snapshot_id)  # type: ignore[return-value]

    def delete_snapshot(self, snapshot: dict[str, Any], force: bool = False) -> None:
        if not force and snapshot["status"] not in ("available", "error", "error_deleting"):
            raise BadRequest("Invalid snapshot: Snapshot status must be available or error "
                             "and must not be part of a group.")
        if self.store.scalar("SELECT 1 FROM volumes WHERE snapshot_id = ? AND status ="
                             " 'creating'", (snapshot["id"],)):
            raise BadRequest("Invalid snapshot: Snapshot is in use by a volume being created.")
        due = self._pending()
        self.store.execute("UPDATE snapshots SET status = 'deleting', pending_status ="
                           " 'deleted', pending_at = ?, updated_at = ? WHERE id = ?",
                           (due, timestamps.now(), snapshot["id"]))
        self._schedule(due)


    # ----------------------------------------------------------------- backups
    def get_backup(self, backup_id: str) -> dict[str, Any] | None:
        self.advance()
        row = self.store.query_one("SELECT * FROM backups WHERE id = ?", (backup_id,))
        return self._decorate_backups([_decode_snapshot(row)])[0] if row is not None else None

    def list_backups(self, where: list[str], params: list[Any],
                     order_by: list[tuple[str, str]]) -> list[dict[str, Any]]:
        self.advance()
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        order = ", ".join([f"{c} {d.upper()}" for c, d in order_by] + ["seq DESC"])
        return self._decorate_backups([_decode_snapshot(r) for r in self.store.query(
            f"SELECT * FROM backups{clause} ORDER BY {order}", params)])

    def _decorate_backups(self, backups: list[dict[str, Any]]) -> list[dict[str, Any]]:
        parents = set(self.store.column("SELECT DISTINCT parent_id FROM backups"
                                        " WHERE parent_id IS NOT NULL"))
        for backup in backups:
            backup["has_dependent_backups"] = backup["id"] in parents
        return backups

    def create_backup(self, project_id: str, user_id: str, volume: dict[str, Any],
                      spec: dict[str, Any]) -> dict[str, Any]:
        """A backup of a volume (`creating`, then `available`; the volume is `backing-up`
        meanwhile). `spec`: name, description, container, incremental, force, snapshot,
        metadata, availability_zone."""
        allowed = ("available", "in-use") if spec.get("force") else ("available",)
        if volume["status"] not in allowed:
            if volume["status"] == "in-use":
                raise invalid_volume("Backing up an in-use volume must use the force flag.")
            raise invalid_volume(f"Volume to be backed up must be available or in-use, but "
                                 f"the current status is \"{volume['status']}\".")
        parent = None
        if spec.get("incremental"):
            parent = self.store.query_one(
                "SELECT id FROM backups WHERE volume_id = ? AND status = 'available'"
                " ORDER BY created_at DESC, seq DESC LIMIT 1", (volume["id"],))
            if parent is None:
                raise BadRequest("Invalid backup: No backups available to do an incremental "
                                 "backup.")
        limits, used = self.quotas(project_id), self.usage(project_id)
        if 0 <= limits["backups"] < used["backups"] + 1:
            raise OverLimit(f"BackupLimitExceeded: Maximum number of backups allowed "
                            f"({limits['backups']}) exceeded")
        if 0 <= limits["backup_gigabytes"] < used["backup_gigabytes"] + volume["size"]:
            raise OverLimit(f"VolumeBackupSizeExceedsAvailableQuota: Requested backup exceeds "
                            f"allowed Backup gigabytes quota. Requested {volume['size']}G, "
                            f"quota is {limits['backup_gigabytes']}G and "
                            f"{used['backup_gigabytes']}G has been consumed.")
        backup_id = _new_id()
        now = timestamps.now()
        due = self._pending()
        snapshot = spec.get("snapshot")
        self.store.execute(
            "INSERT INTO backups (id, project_id, user_id, volume_id, snapshot_id, parent_id,"
            " name, description, size, status, container, availability_zone, metadata,"
            " created_at, data_timestamp, pending_status, pending_at) VALUES (?, ?, ?, ?, ?,"
            " ?, ?, ?, ?, 'creating', ?, ?, ?, ?, ?, 'available', ?)",
            (backup_id, project_id, user_id, volume["id"],
             snapshot["id"] if snapshot else None, parent["id"] if parent else None,
             spec.get("name"), spec.get("description"), volume["size"],
             spec.get("container") or "volumebackups",
             spec.get("availability_zone") or volume["availability_zone"],
             dumps(spec.get("metadata") or {}), now,
             snapshot["created_at"] if snapshot else now, due))
        self.transition(volume["id"], "backing-up", volume["status"])
        return self.get_backup(backup_id)  # type: ignore[return-value]

    def update_backup(self, backup_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        """Change a backup's name, description, metadata, or (reset) status."""
        columns = [c for c in changes if c in ("name", "description", "metadata", "status")]
        if columns:
            values = [dumps(changes[c]) if c == "metadata" else changes[c] for c in columns]
            sets = ", ".join(f"{c} = ?" for c in columns)
            if "status" in columns:  # a reset: no pending transition any more
                sets += ", pending_status = NULL, pending_at = NULL"
            self.store.execute(f"UPDATE backups SET {sets}, updated_at = ? WHERE id = ?",
                               (*values, timestamps.now(), backup_id))
        return self.get_backup(backup_id)  # type: ignore[return-value]

    def delete_backup(self, backup: dict[str, Any], force: bool = False) -> None:
        allowed = ("available", "error", "creating", "restoring") if force else (
            "available", "error")
        if backup["status"] not in allowed:
            raise BadRequest("Invalid backup: Backup status must be available or error")
        if backup["has_dependent_backups"]:
            raise BadRequest("Invalid backup: Incremental backups exist for this backup.")
        due = self._pending()
        self.store.execute("UPDATE backups SET status = 'deleting', pending_status = 'deleted',"
                           " pending_at = ?, updated_at = ? WHERE id = ?",
                           (due, timestamps.now(), backup["id"]))
        self._schedule(due)

    def restore_backup(self, project_id: str, user_id: str, backup: dict[str, Any],
                       volume: dict[str, Any] | None, name: str | None) -> dict[str, Any]:
        """Restore into `volume` (available, at least as large) or into a new volume; the
        backup is `restoring` and the volume `restoring-backup` until the task is done."""
        if backup["status"] != "available":
            raise BadRequest(f"Invalid backup: Backup status must be available but current "
                             f"status is {backup['status']}.")
        if volume is None:
            source = self.get_volume(backup["volume_id"])
            volume = self.create_volume(project_id, user_id, {
                "size": backup["size"],
                "name": name or f"restore_backup_{backup['id']}",
                "volume_type": source.get("type") if source else None,
                # the backup carries the volume's metadata, which the restore puts back
                "metadata": dict(source["metadata"]) if source else {},
                "description": None}, status="available")
        else:
            if volume["status"] != "available":
                raise invalid_volume(f"Volume to be restored to must be available but the "
                                     f"current status is \"{volume['status']}\".")
            if volume["size"] < backup["size"]:
                raise invalid_volume(f"volume size {volume['size']} is too small to restore "
                                     f"backup of size {backup['size']}.")
        due = self._pending()
        self.store.execute("UPDATE backups SET status = 'restoring', pending_status ="
                           " 'available', pending_at = ?, updated_at = ? WHERE id = ?",
                           (due, timestamps.now(), backup["id"]))
        return self.transition(volume["id"], "restoring-backup", "available")


# --------------------------------------------------------------------- helpers
def image_min_size(image: dict[str, Any]) -> int:
    """The smallest volume (GiB) an image fits in: its size rounded up, or min_disk."""
    size = math.ceil((image.get("size") or 0) / GiB)
    return max(1, size, int(image.get("min_disk") or 0))


def image_metadata_of(image: dict[str, Any]) -> dict[str, str]:
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


def _compute_view(row: dict[str, Any]) -> dict[str, Any]:
    view = {"id": row["volume_id"], "volumeId": row["volume_id"],
            "serverId": row["server_id"], "device": row["device"], "tag": row["tag"],
            "delete_on_termination": bool(row["delete_on_termination"]),
            "attachment_id": row["id"], "bdm_uuid": row["bdm_uuid"]}
    return view


def _device(position: int) -> str:
    return f"/dev/vd{chr(ord('a') + position)}"


def _boot_index(mapping: dict[str, Any]) -> int:
    value = mapping.get("boot_index")
    try:
        index = int(value) if value is not None else -1
    except (TypeError, ValueError):
        index = -1
    return index if index >= 0 else 1000


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _decode_type(row: dict[str, Any]) -> dict[str, Any]:
    row["extra_specs"] = loads(row["extra_specs"], {})
    row["is_public"] = bool(row["is_public"])
    return row


def _decode_volume(row: dict[str, Any]) -> dict[str, Any]:
    row["metadata"] = loads(row["metadata"], {})
    row["image_metadata"] = loads(row["image_metadata"])
    row["bootable"] = bool(row["bootable"])
    row["multiattach"] = bool(row["multiattach"])
    row["readonly"] = bool(row["readonly"])
    return row


def _decode_snapshot(row: dict[str, Any]) -> dict[str, Any]:
    row["metadata"] = loads(row["metadata"], {})
    return row
