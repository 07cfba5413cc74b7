"""Nova's scheduler, as far as this cloud has one: a compute host for each new (or moved)
server, honouring the requested host and availability zone, the server group's policy and the
same/different host hints; the least loaded host first. Part of the compute backend
(`ComputeBackend.scheduler`)."""

from __future__ import annotations

from typing import Any

from ..store import Store
from . import hosts
from .aggregate_state import AggregateState
from .service_state import ServiceState

Row = dict[str, Any]


class Scheduler:
    """Placement over the enabled compute hosts and the servers already on them."""

    def __init__(self, store: Store, services: ServiceState,
                 aggregates: AggregateState) -> None:
        self.store = store
        self.services = services
        self.aggregates = aggregates

    def place(self, count: int, group: Row | None, host: str | None,
              same_host: list[str], different_host: list[str],
              zone: str | None = None) -> list[str | None]:
        """A host for each of `count` new servers (None where no host fits)."""
        enabled = [h for h in hosts.COMPUTE_HOSTS if h in self.services.enabled_compute_hosts()]
        load = {h: 0 for h in hosts.COMPUTE_HOSTS}
        for row in self.store.query("SELECT host, COUNT(*) AS n FROM servers WHERE host IS NOT"
                                    " NULL GROUP BY host"):
            if row["host"] in load:
                load[row["host"]] = row["n"]
        candidates = [host] if host else enabled
        if zone is not None:
            zones = self.aggregates.host_zones()
            candidates = [h for h in candidates if zones.get(h, hosts.DEFAULT_AZ) == zone]
        if same_host:
            wanted = set(self._hosts_of(same_host))
            candidates = [h for h in candidates if h in wanted]
        if different_host:
            avoid = set(self._hosts_of(different_host))
            candidates = [h for h in candidates if h not in avoid]
        members: dict[str, int] = {}
        if group is not None:
            for member_host in self._hosts_of(group["members"]):
                members[member_host] = members.get(member_host, 0) + 1
        placed: list[str | None] = []
        for _ in range(count):
            choice = _choose(candidates, load, group, members)
            placed.append(choice)
            if choice is not None:
                load[choice] += 1
                members[choice] = members.get(choice, 0) + 1
        return placed

    def _hosts_of(self, server_ids: list[str]) -> list[str]:
        if not server_ids:
            return []
        return self.store.column(
            f"SELECT host FROM servers WHERE host IS NOT NULL AND id IN"
            f" ({','.join('?' * len(server_ids))})", server_ids)


def _choose(candidates: list[str], load: dict[str, int], group: Row | None,
            members: dict[str, int]) -> str | None:
    if not candidates:
        return None
    by_load = sorted(candidates, key=lambda h: (load[h], h))
    if group is None:
        return by_load[0]
    policy = group["policy"]
    if policy == "affinity":
        used = [h for h in by_load if members.get(h)]
        if used:
            return used[0]
        return by_load[0] if not members else None
    if policy == "anti-affinity":
        limit = int(group["rules"].get("max_server_per_host", 1))
        free = [h for h in by_load if members.get(h, 0) < limit]
        return free[0] if free else None
    if policy == "soft-affinity":
        return max(by_load, key=lambda h: members.get(h, 0))
    return min(by_load, key=lambda h: members.get(h, 0))  # soft-anti-affinity
