"""Neutron's quotas: a project's limits (the defaults unless set), and what it uses. The
limits are checked as resources are made (`Resources._check_quota`). Part of the network
backend (`NetworkBackend.quotas`); the HTTP side is `quotas.py`."""

from __future__ import annotations

from .resources import QUOTA_DEFAULTS, TABLES, Resources


class QuotaState(Resources):
    """The network_quotas table."""

    def quota(self, project_id: str) -> dict[str, int]:
        limits = dict(QUOTA_DEFAULTS)
        for row in self.store.query("SELECT resource, hard_limit FROM network_quotas WHERE"
                                    " project_id = ?", (project_id,)):
            limits[row["resource"]] = row["hard_limit"]
        return limits

    def details(self, project_id: str) -> dict[str, dict[str, int]]:
        limits = self.quota(project_id)
        details = {}
        for resource, limit in limits.items():
            used = 0
            if resource in TABLES:
                used = self.store.scalar(
                    f"SELECT COUNT(*) FROM {TABLES[resource]} WHERE project_id = ?",
                    (project_id,))
            details[resource] = {"used": used, "limit": limit, "reserved": 0}
        return details

    def projects(self) -> list[str]:
        return self.store.column("SELECT DISTINCT project_id FROM network_quotas ORDER BY"
                                 " project_id")

    def update(self, project_id: str, limits: dict[str, int]) -> dict[str, int]:
        with self._transaction() as db:
            for resource, limit in limits.items():
                db.execute("INSERT OR REPLACE INTO network_quotas (project_id, resource,"
                           " hard_limit) VALUES (?, ?, ?)", (project_id, resource, limit))
        return self.quota(project_id)

    def reset(self, project_id: str) -> None:
        self.store.execute("DELETE FROM network_quotas WHERE project_id = ?", (project_id,))
