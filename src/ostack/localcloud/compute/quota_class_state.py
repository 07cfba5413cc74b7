"""Nova's quota classes: named sets of limits over Nova's defaults; the `default` class gives
every project its defaults. Part of the compute backend (`ComputeBackend.quota_classes`); the
HTTP side is `quota_classes.py`."""

from __future__ import annotations

from ..store import Store

# Nova's default quotas ([quota] options).
DEFAULT_QUOTAS = {
    "instances": 10, "cores": 20, "ram": 51200, "key_pairs": 100, "server_groups": 10,
    "server_group_members": 10, "metadata_items": 128, "injected_files": 5,
    "injected_file_content_bytes": 10240, "injected_file_path_bytes": 255,
}


class QuotaClasses:
    """The compute_quota_classes table."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, class_name: str = "default") -> dict[str, int]:
        """A class's limits: Nova's defaults overridden by what an admin set."""
        limits = dict(DEFAULT_QUOTAS)
        for row in self.store.query("SELECT resource, hard_limit FROM compute_quota_classes"
                                    " WHERE class_name = ?", (class_name,)):
            limits[row["resource"]] = row["hard_limit"]
        return limits

    def set(self, class_name: str, limits: dict[str, int]) -> None:
        with self.store.transaction() as db:
            for resource, value in limits.items():
                db.execute("INSERT OR REPLACE INTO compute_quota_classes (class_name, resource,"
                           " hard_limit) VALUES (?, ?, ?)", (class_name, resource, value))
