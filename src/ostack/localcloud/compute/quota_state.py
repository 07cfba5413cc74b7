"""Nova's per-project quotas: the limits an admin set over the `default` quota class, and the
checks made before creating or growing servers. Part of the compute backend
(`ComputeBackend.quotas`); the HTTP side is `quotas.py` and `limits.py`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import Forbidden
from ..store import Store
from .quota_class_state import QuotaClasses

Row = dict[str, Any]
#: Instances, cores and RAM a project uses (`ComputeBackend.usage`).
Usage = Callable[[str], dict[str, int]]


class QuotaState:
    """The compute_quotas table and the quota checks."""

    def __init__(self, store: Store, classes: QuotaClasses, usage: Usage) -> None:
        self.store = store
        self.classes = classes
        self.usage = usage

    def limits(self, project_id: str) -> dict[str, int]:
        """The project's limits: the defaults overridden by what an admin set."""
        limits = self.classes.get()
        for row in self.store.query("SELECT resource, hard_limit FROM compute_quotas WHERE"
                                    " project_id = ?", (project_id,)):
            limits[row["resource"]] = row["hard_limit"]
        return limits

    def limit(self, project_id: str, resource: str) -> int:
        value = self.store.scalar("SELECT hard_limit FROM compute_quotas WHERE project_id = ?"
                                  " AND resource = ?", (project_id, resource))
        return self.classes.get()[resource] if value is None else value

    def set(self, project_id: str, limits: dict[str, int]) -> None:
        with self.store.transaction() as db:
            for resource, value in limits.items():
                db.execute("INSERT OR REPLACE INTO compute_quotas (project_id, resource,"
                           " hard_limit) VALUES (?, ?, ?)", (project_id, resource, value))

    def delete(self, project_id: str) -> None:
        self.store.execute("DELETE FROM compute_quotas WHERE project_id = ?", (project_id,))

    def check_instances(self, project_id: str, flavor: Row, min_count: int,
                        max_count: int) -> int:
        """How many of `max_count` servers of `flavor` the project may still create; 403 with
        Nova's message when not even `min_count` fit."""
        limits = self.limits(project_id)
        used = self.usage(project_id)
        headroom = {}
        for resource in ("instances", "cores", "ram"):
            limit = limits[resource]
            headroom[resource] = None if limit < 0 else max(0, limit - used[resource])
        allowed = max_count
        if headroom["instances"] is not None:
            allowed = min(allowed, headroom["instances"])
        if headroom["cores"] is not None and flavor["vcpus"]:
            allowed = min(allowed, headroom["cores"] // flavor["vcpus"])
        if headroom["ram"] is not None and flavor["ram"]:
            allowed = min(allowed, headroom["ram"] // flavor["ram"])
        if allowed >= min_count:
            return allowed
        requested = {"instances": min_count, "cores": min_count * flavor["vcpus"],
                     "ram": min_count * flavor["ram"]}
        overs = sorted(r for r in ("instances", "cores", "ram")
                       if headroom[r] is not None and requested[r] > headroom[r])
        raise Forbidden(quota_message(overs, requested, limits, used))

    def check_resize(self, project_id: str, old: Row, new: Row) -> None:
        """403 when growing a server from `old` to `new` flavor exceeds cores or RAM."""
        limits = self.limits(project_id)
        used = self.usage(project_id)
        deltas = {"cores": new["vcpus"] - old["vcpus"], "ram": new["ram"] - old["ram"]}
        overs = sorted(r for r, d in deltas.items()
                       if d > 0 and limits[r] >= 0 and used[r] + d > limits[r])
        if overs:
            raise Forbidden(quota_message(overs, deltas, limits, used))


def quota_message(overs: list[str], requested: dict[str, int], limits: dict[str, int],
                  used: dict[str, int]) -> str:
    """Nova's TooManyInstances message (several resources are joined with ', ')."""
    return (f"Quota exceeded for {', '.join(overs)}: Requested "
            f"{', '.join(str(requested[o]) for o in overs)}, but already used "
            f"{', '.join(str(used[o]) for o in overs)} of "
            f"{', '.join(str(limits[o]) for o in overs)} {', '.join(overs)}")
