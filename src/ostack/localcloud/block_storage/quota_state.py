"""Cinder's quotas: the limits of a project (`volume_quotas`), of the quota classes
(`volume_quota_classes`, the `default` class being Cinder's defaults), per volume type too,
what a project uses, and the 413 when a request would exceed a limit. Part of the block
storage backend (`BlockStorageBackend.quota_sets`); the HTTP side is `quotas.py` and
`quota_classes.py`."""

from __future__ import annotations

from ..store import Store
from .common import OverLimit

#: Cinder's default quotas (cinder.quota options).
DEFAULT_QUOTAS = {
    "volumes": 10, "snapshots": 10, "gigabytes": 1000, "backups": 10,
    "backup_gigabytes": 1000, "groups": 10, "per_volume_gigabytes": -1,
}


class QuotaState:
    """The volume_quotas and volume_quota_classes tables, and the usage they limit."""

    def __init__(self, store: Store) -> None:
        self.store = store

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

    def check_backup_quota(self, project_id: str, gigabytes: int) -> None:
        """413 (Cinder's messages) when one more backup of `gigabytes` exceeds a quota."""
        limits, used = self.quotas(project_id), self.usage(project_id)
        if 0 <= limits["backups"] < used["backups"] + 1:
            raise OverLimit(f"BackupLimitExceeded: Maximum number of backups allowed "
                            f"({limits['backups']}) exceeded")
        if 0 <= limits["backup_gigabytes"] < used["backup_gigabytes"] + gigabytes:
            raise OverLimit(f"VolumeBackupSizeExceedsAvailableQuota: Requested backup exceeds "
                            f"allowed Backup gigabytes quota. Requested {gigabytes}G, "
                            f"quota is {limits['backup_gigabytes']}G and "
                            f"{used['backup_gigabytes']}G has been consumed.")
