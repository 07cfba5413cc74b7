"""Host aggregates as Nova keeps them: a named group of compute hosts with metadata; the
`availability_zone` metadata key puts its hosts in that zone. Part of the compute backend
(`ComputeBackend.aggregates`); the HTTP side is `aggregates.py`."""

from __future__ import annotations

import uuid
from typing import Any

from .. import timestamps
from ..errors import BadRequest, Conflict, NotFound
from ..store import Store, dumps, loads
from . import hosts

Row = dict[str, Any]

AZ_KEY = "availability_zone"


class AggregateState:
    """The aggregates table and which hosts each holds."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def _hosts(self) -> dict[int, list[str]]:
        found: dict[int, list[str]] = {}
        for row in self.store.query("SELECT aggregate_id, host FROM aggregate_hosts"
                                    " ORDER BY rowid"):
            found.setdefault(row["aggregate_id"], []).append(row["host"])
        return found

    def _decode(self, row: Row, members: dict[int, list[str]]) -> Row:
        row["metadata"] = loads(row["metadata"], {})
        row["hosts"] = members.get(row["id"], [])
        row["availability_zone"] = row["metadata"].get(AZ_KEY)
        return row

    def list(self) -> list[Row]:
        members = self._hosts()
        return [self._decode(row, members)
                for row in self.store.query("SELECT * FROM aggregates ORDER BY id")]

    def get(self, aggregate_id: int) -> Row:
        """The aggregate; 404 with Nova's message when there is none."""
        row = self.store.query_one("SELECT * FROM aggregates WHERE id = ?", (aggregate_id,))
        if row is None:
            raise NotFound(f"Aggregate {aggregate_id} could not be found.")
        return self._decode(row, self._hosts())

    def _check_name(self, name: str, aggregate_id: int | None = None) -> None:
        other = self.store.scalar("SELECT id FROM aggregates WHERE name = ?", (name,))
        if other is not None and other != aggregate_id:
            raise Conflict(f"Aggregate {name} already exists.")

    def _check_zone(self, zone: str | None) -> None:
        if zone == hosts.INTERNAL_AZ:
            raise BadRequest(f"Aggregates can not be assigned to the internal availability "
                             f"zone '{zone}'.")

    def create(self, name: str, zone: str | None) -> Row:
        self._check_name(name)
        self._check_zone(zone)
        metadata = {AZ_KEY: zone} if zone else {}
        now = timestamps.now()
        self.store.execute(
            "INSERT INTO aggregates (uuid, name, metadata, created_at) VALUES (?, ?, ?, ?)",
            (str(uuid.uuid4()), name, dumps(metadata), now))
        aggregate_id = self.store.scalar("SELECT id FROM aggregates WHERE name = ?", (name,))
        return self.get(aggregate_id)

    def update(self, aggregate_id: int, name: str | None, zone: Any = ...) -> Row:
        """Rename and/or move to another zone (`zone` None: no zone; `...`: unchanged)."""
        row = self.get(aggregate_id)
        if name is not None:
            self._check_name(name, aggregate_id)
        metadata = dict(row["metadata"])
        if zone is not ...:
            self._check_zone(zone)
            self._check_hosts_zone(row["hosts"], zone, aggregate_id)
            if zone:
                metadata[AZ_KEY] = zone
            else:
                metadata.pop(AZ_KEY, None)
        self.store.execute("UPDATE aggregates SET name = ?, metadata = ?, updated_at = ?"
                           " WHERE id = ?", (name or row["name"], dumps(metadata),
                                             timestamps.now(), aggregate_id))
        return self.get(aggregate_id)

    def delete(self, aggregate_id: int) -> None:
        row = self.get(aggregate_id)
        if row["hosts"]:
            raise BadRequest(f"Cannot remove aggregate {aggregate_id}. Reason: Host "
                             f"aggregate is not empty.")
        self.store.execute("DELETE FROM aggregates WHERE id = ?", (aggregate_id,))

    def _check_hosts_zone(self, members: list[str], zone: str | None,
                          aggregate_id: int) -> None:
        """A host is in one zone only: refuse a zone other aggregates of its hosts contradict."""
        if not zone:
            return
        for other in self.list():
            other_zone = other["availability_zone"]
            if other["id"] == aggregate_id or not other_zone or other_zone == zone:
                continue
            if set(other["hosts"]) & set(members):
                raise BadRequest(f"Cannot update aggregate {aggregate_id}. Reason: One or more "
                                 f"hosts already in availability zone(s) ['{other_zone}'].")

    def add_host(self, aggregate_id: int, host: str) -> Row:
        row = self.get(aggregate_id)
        if host in row["hosts"]:
            raise Conflict(f"Aggregate {aggregate_id} already has host {host}.")
        zone = row["availability_zone"]
        if zone:
            for other in self.list():
                if host in other["hosts"] and other["availability_zone"] not in (None, zone):
                    raise Conflict(f"Cannot add host to aggregate {aggregate_id}. Reason: One "
                                   f"or more hosts already in availability zone(s) "
                                   f"['{other['availability_zone']}'].")
        self.store.execute("INSERT INTO aggregate_hosts (aggregate_id, host) VALUES (?, ?)",
                           (aggregate_id, host))
        self._touch(aggregate_id)
        return self.get(aggregate_id)

    def remove_host(self, aggregate_id: int, host: str) -> Row:
        self.get(aggregate_id)
        if self.store.execute("DELETE FROM aggregate_hosts WHERE aggregate_id = ? AND"
                              " host = ?", (aggregate_id, host)) == 0:
            raise NotFound(f"Cannot remove host {host} in aggregate {aggregate_id}")
        self._touch(aggregate_id)
        return self.get(aggregate_id)

    def remove_host_everywhere(self, host: str) -> None:
        """A deleted compute service leaves every aggregate (as Nova does)."""
        self.store.execute("DELETE FROM aggregate_hosts WHERE host = ?", (host,))

    def set_metadata(self, aggregate_id: int, changes: dict[str, str | None]) -> Row:
        """Merge metadata; a None value removes the key."""
        row = self.get(aggregate_id)
        metadata = dict(row["metadata"])
        if AZ_KEY in changes:
            self._check_zone(changes[AZ_KEY])
            self._check_hosts_zone(row["hosts"], changes[AZ_KEY], aggregate_id)
        for key, value in changes.items():
            if value is None:
                metadata.pop(key, None)
            else:
                metadata[key] = value
        self.store.execute("UPDATE aggregates SET metadata = ?, updated_at = ? WHERE id = ?",
                           (dumps(metadata), timestamps.now(), aggregate_id))
        return self.get(aggregate_id)

    def _touch(self, aggregate_id: int) -> None:
        self.store.execute("UPDATE aggregates SET updated_at = ? WHERE id = ?",
                           (timestamps.now(), aggregate_id))

    def host_zones(self) -> dict[str, str]:
        """The zone of each compute host an aggregate with a zone holds (others: `nova`)."""
        zones: dict[str, str] = {}
        for row in self.list():
            for host in row["hosts"]:
                if row["availability_zone"]:
                    zones.setdefault(host, row["availability_zone"])
        return zones

    def zone_of(self, host: str | None) -> str:
        """A compute host's availability zone."""
        if host is None:
            return hosts.DEFAULT_AZ
        return self.host_zones().get(host, hosts.DEFAULT_AZ)
