"""The nova services of the fleet (`hosts.SERVICES`): enabled, disabled, forced down or
deleted by an admin. Part of the compute backend (`ComputeBackend.services`); the HTTP side is
`services.py`, and the scheduler places servers on the enabled compute hosts."""

from __future__ import annotations

from typing import Any

from .. import timestamps
from ..errors import Conflict, NotFound
from ..store import Store
from . import hosts
from .aggregate_state import AggregateState

Row = dict[str, Any]


class ServiceState:
    """The compute_services table."""

    def __init__(self, store: Store, aggregates: AggregateState) -> None:
        self.store = store
        self.aggregates = aggregates

    def seed(self) -> None:
        """Register the fleet's services (again, for those deleted through the API)."""
        now = timestamps.now()
        with self.store.transaction() as db:
            for seq, (binary, host, zone) in enumerate(hosts.SERVICES, start=1):
                db.execute(
                    "INSERT OR IGNORE INTO compute_services (id, seq, host, binary, zone,"
                    " updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (hosts.service_uuid(binary, host), seq, host, binary, zone, now))

    def list(self) -> list[Row]:
        return self.store.query("SELECT * FROM compute_services ORDER BY seq")

    def update(self, service_id: str, changes: Row) -> Row | None:
        columns = [c for c in ("disabled", "disabled_reason", "forced_down") if c in changes]
        if columns:
            self.store.execute(
                f"UPDATE compute_services SET {', '.join(f'{c} = ?' for c in columns)},"
                f" updated_at = ? WHERE id = ?",
                (*[changes[c] for c in columns], timestamps.now(), service_id))
        return self.store.query_one("SELECT * FROM compute_services WHERE id = ?",
                                    (service_id,))

    def delete(self, service_id: str) -> None:
        """Remove a service record; a compute host also leaves its aggregates."""
        row = self.store.query_one("SELECT * FROM compute_services WHERE id = ?", (service_id,))
        if row is None:
            raise NotFound(f"Service {service_id} not found.")
        if row["binary"] == "nova-compute":
            if self.store.scalar("SELECT 1 FROM servers WHERE host = ? LIMIT 1",
                                 (row["host"],)):
                raise Conflict("Unable to delete compute service that is hosting instances. "
                               "Migrate or delete the instances first.")
            self.aggregates.remove_host_everywhere(row["host"])
        self.store.execute("DELETE FROM compute_services WHERE id = ?", (service_id,))

    def enabled_compute_hosts(self) -> set[str]:
        return set(self.store.column(
            "SELECT host FROM compute_services WHERE binary = 'nova-compute' AND disabled = 0"
            " AND forced_down = 0"))
