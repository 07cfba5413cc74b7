"""Nova's state: flavors, servers (with their BUILD -> ACTIVE and deletion timers) and keypairs.
No HTTP here: the handlers in this package call these methods.

A server's pending transitions are timestamps in its row (`active_at`, `delete_at`), applied by
`advance()`; the app runs it in the background and before every compute request, so the state
is right even across a restart.
"""

from __future__ import annotations

import re
import secrets
import string
import uuid
from functools import lru_cache
from typing import Any

from .. import timestamps
from ..errors import BadRequest, Conflict, NotFound
from ..store import Store, dumps, loads

# (id, name, ram MiB, disk GiB, vcpus): the classic devstack flavors.
SEED_FLAVORS = (
    ("1", "m1.tiny", 512, 1, 1),
    ("2", "m1.small", 2048, 20, 1),
    ("3", "m1.medium", 4096, 40, 2),
    ("4", "m1.large", 8192, 80, 4),
    ("5", "m1.xlarge", 16384, 160, 8),
)

POWER_NOSTATE, POWER_RUNNING, POWER_SHUTDOWN = 0, 1, 4
HOST = "localcloud"
DEFAULT_AZ = "nova"

# Nova's status for a vm_state (nova.api.openstack.common._STATE_MAP, default column).
STATUS_BY_VM_STATE = {
    "building": "BUILD",
    "active": "ACTIVE",
    "stopped": "SHUTOFF",
    "error": "ERROR",
    "deleted": "DELETED",
}
VM_STATES_BY_STATUS = {status: vm for vm, status in STATUS_BY_VM_STATE.items()}


def server_status(row: dict[str, Any]) -> str:
    """The `status` Nova shows for a server row."""
    if row["vm_state"] == "active" and row["task_state"] == "rebooting":
        return "REBOOT"
    return STATUS_BY_VM_STATE.get(row["vm_state"], "UNKNOWN")


def _regexp(pattern: str, value: str | None) -> bool:
    if value is None:
        return False
    try:
        return re.search(pattern, value) is not None
    except re.error:
        return False


class ComputeBackend:
    """All compute state operations."""

    def __init__(self, store: Store, build_delay: float = 1.0, delete_delay: float = 0.5) -> None:
        self.store = store
        self.build_delay = build_delay
        self.delete_delay = delete_delay
        self._next_due: float | None = 0.0  # 0: look in the database at the first call
        store.create_function("regexp", 2, _regexp)

    # ----------------------------------------------------------------- bootstrap
    def bootstrap(self) -> None:
        """Seed the classic flavors m1.tiny (1) .. m1.xlarge (5)."""
        now = timestamps.now()
        with self.store.transaction() as db:
            for flavor_id, name, ram, disk, vcpus in SEED_FLAVORS:
                db.execute(
                    "INSERT INTO flavors (id, name, ram, vcpus, disk, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?)", (flavor_id, name, ram, vcpus, disk, now))

    # ----------------------------------------------------------------- flavors
    def get_flavor(self, flavor_id: str) -> dict[str, Any] | None:
        row = self.store.query_one("SELECT * FROM flavors WHERE id = ?", (flavor_id,))
        if row is not None:
            row["extra_specs"] = loads(row["extra_specs"], {})
        return row

    def list_flavors(self, is_public: bool | None = True, min_ram: int | None = None,
                     min_disk: int | None = None, sort_key: str = "id",
                     sort_dir: str = "asc") -> list[dict[str, Any]]:
        sql, params = "SELECT * FROM flavors WHERE disabled = 0", []
        if is_public is not None:
            sql += " AND is_public = ?"
            params.append(int(is_public))
        if min_ram is not None:
            sql += " AND ram >= ?"
            params.append(min_ram)
        if min_disk is not None:
            sql += " AND disk >= ?"
            params.append(min_disk)
        sql += f" ORDER BY {sort_key} {sort_dir.upper()}, id ASC"
        rows = self.store.query(sql, params)
        for row in rows:
            row["extra_specs"] = loads(row["extra_specs"], {})
        return rows

    def create_flavor(self, flavor: dict[str, Any]) -> dict[str, Any]:
        flavor_id = flavor.get("id") or str(uuid.uuid4())
        if self.get_flavor(flavor_id) is not None:
            raise Conflict(f"Flavor with ID {flavor_id} already exists.")
        if self.store.scalar("SELECT 1 FROM flavors WHERE name = ?", (flavor["name"],)):
            raise Conflict(f"Flavor with name {flavor['name']} already exists.")
        self.store.execute(
            "INSERT INTO flavors (id, name, ram, vcpus, disk, ephemeral, swap, rxtx_factor,"
            " is_public, description, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (flavor_id, flavor["name"], flavor["ram"], flavor["vcpus"], flavor["disk"],
             flavor.get("ephemeral", 0), flavor.get("swap", 0), flavor.get("rxtx_factor", 1.0),
             int(flavor.get("is_public", True)), flavor.get("description"),
             timestamps.now()))
        return self.get_flavor(flavor_id)  # type: ignore[return-value]

    def delete_flavor(self, flavor_id: str) -> None:
        if self.store.execute("DELETE FROM flavors WHERE id = ?", (flavor_id,)) == 0:
            raise NotFound(f"Flavor {flavor_id} could not be found.")

    def set_extra_specs(self, flavor_id: str, specs: dict[str, str]) -> dict[str, str]:
        flavor = self.get_flavor(flavor_id)
        if flavor is None:
            raise NotFound(f"Flavor {flavor_id} could not be found.")
        merged = dict(flavor["extra_specs"], **specs)
        self.store.execute("UPDATE flavors SET extra_specs = ? WHERE id = ?",
                           (dumps(merged), flavor_id))
        return merged

    # ----------------------------------------------------------------- server lifecycle
    def advance(self, now: float | None = None) -> float | None:
        """Apply the transitions that are due (BUILD -> ACTIVE, deleting -> gone); return when
        the next one is due, or None when nothing is pending."""
        now = timestamps.now() if now is None else now
        if self._next_due is None or now < self._next_due:
            return self._next_due
        with self.store.transaction() as db:
            db.execute(
                "UPDATE servers SET vm_state = 'active', task_state = NULL, power_state = ?,"
                " launched_at = active_at, updated_at = active_at, active_at = NULL"
                " WHERE active_at IS NOT NULL AND active_at <= ? AND delete_at IS NULL",
                (POWER_RUNNING, now))
            db.execute("DELETE FROM servers WHERE delete_at IS NOT NULL AND delete_at <= ?",
                       (now,))
            row = db.execute(
                "SELECT MIN(t) FROM (SELECT MIN(active_at) AS t FROM servers WHERE delete_at IS"
                " NULL UNION ALL SELECT MIN(delete_at) FROM servers)").fetchone()
        self._next_due = row[0] if row else None
        return self._next_due

    def _schedule(self, due: float) -> None:
        if self._next_due is None or due < self._next_due:
            self._next_due = due

    def create_servers(self, request: dict[str, Any], count: int) -> list[dict[str, Any]]:
        """Create `count` servers (BUILD) from a validated request; names get `-<n>` suffixes
        when more than one is created, as Nova's multi-create does."""
        now = timestamps.now()
        reservation_id = "r-" + "".join(
            secrets.choice(string.ascii_lowercase + string.digits) for _ in range(8))
        ids = []
        with self.store.transaction() as db:
            for index in range(count):
                server_id = str(uuid.uuid4())
                name = request["name"] if count == 1 else f"{request['name']}-{index + 1}"
                hostname = request.get("hostname") or _hostname(name)
                addresses = self._allocate_addresses(db, request["networks"])
                db.execute(
                    "INSERT INTO servers (id, name, project_id, user_id, image_id, flavor,"
                    " vm_state, task_state, power_state, key_name, metadata, user_data,"
                    " description, tags, addresses, reservation_id, launch_index,"
                    " availability_zone, pinned_availability_zone, hostname, config_drive,"
                    " access_ipv4, access_ipv6, disk_config, trusted_image_certificates,"
                    " created_at, updated_at, active_at) VALUES (?, ?, ?, ?, ?, ?, 'building',"
                    " 'scheduling', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (server_id, name, request["project_id"], request["user_id"],
                     request["image_id"], dumps(request["flavor"]), POWER_NOSTATE,
                     request.get("key_name"), dumps(request.get("metadata") or {}),
                     request.get("user_data"), request.get("description"),
                     dumps(request.get("tags") or []), dumps(addresses), reservation_id, index,
                     request.get("availability_zone") or DEFAULT_AZ,
                     request.get("availability_zone"), hostname,
                     "True" if request.get("config_drive") else "",
                     request.get("access_ipv4") or "", request.get("access_ipv6") or "",
                     request.get("disk_config") or "MANUAL",
                     dumps(request["trusted_image_certificates"])
                     if request.get("trusted_image_certificates") else None,
                     now, now, now + self.build_delay),
                )
                ids.append(server_id)
        self._schedule(now + self.build_delay)
        servers = [self.get_server(i) for i in ids]
        for server in servers:
            assert server is not None
            server["reservation_id"] = reservation_id
        return servers  # type: ignore[return-value]

    def _allocate_addresses(self, db: Any, networks: Any) -> dict[str, Any]:
        if networks == "none":
            return {}
        row = db.execute("SELECT value FROM meta WHERE key = 'next_ip'").fetchone()
        n = int(row[0]) if row else 0
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('next_ip', ?)", (str(n + 1),))
        addr = f"10.0.{(n // 250) % 256}.{n % 250 + 3}"
        mac = "fa:16:3e:" + ":".join(f"{b:02x}" for b in secrets.token_bytes(3))
        return {"private": [{"version": 4, "addr": addr, "OS-EXT-IPS:type": "fixed",
                             "OS-EXT-IPS-MAC:mac_addr": mac}]}

    def get_server(self, server_id: str) -> dict[str, Any] | None:
        self.advance()
        row = self.store.query_one("SELECT * FROM servers WHERE id = ?", (server_id,))
        return _decode(row) if row is not None else None

    def list_servers(self, where: list[str], params: list[Any],
                     order_by: list[tuple[str, str]], marker: str | None = None,
                     limit: int = 1000) -> tuple[list[dict[str, Any]], bool]:
        """One page of the servers matching SQL conditions (built by the handler from Nova's
        filters), after `marker`; and whether the page is full (a next page may follow).

        Only the ids of all matches are read; full rows only for the page, so paging through
        thousands of servers stays cheap.
        """
        self.advance()
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        order = ", ".join([f"{column} {direction.upper()}" for column, direction in order_by]
                          + ["seq DESC"])
        ids = self.store.column(f"SELECT id FROM servers{clause} ORDER BY {order}", params)
        start = 0
        if marker is not None:
            try:
                start = ids.index(marker) + 1
            except ValueError:
                raise BadRequest(f"marker [{marker}] not found") from None
        page_ids = ids[start:start + limit]
        if not page_ids:
            return [], False
        rows = self.store.query(
            f"SELECT * FROM servers WHERE id IN ({','.join('?' * len(page_ids))})", page_ids)
        by_id = {row["id"]: row for row in rows}
        page = [_decode(by_id[i]) for i in page_ids if i in by_id]
        return page, len(page_ids) == limit

    def delete_server(self, server_id: str) -> None:
        """Start deleting: task_state `deleting`; the row disappears after the delete delay."""
        now = timestamps.now()
        self.store.execute(
            "UPDATE servers SET task_state = 'deleting', updated_at = ?, delete_at = ?"
            " WHERE id = ? AND delete_at IS NULL", (now, now + self.delete_delay, server_id))
        self._schedule(now + self.delete_delay)

    def update_server(self, server_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        allowed = ("name", "description", "access_ipv4", "access_ipv6", "hostname", "locked",
                   "locked_reason", "vm_state", "task_state", "power_state", "metadata")
        columns = [c for c in changes if c in allowed]
        if columns:
            values = [dumps(changes[c]) if c == "metadata" else changes[c] for c in columns]
            sets = ", ".join(f"{c} = ?" for c in columns)
            self.store.execute(f"UPDATE servers SET {sets}, updated_at = ? WHERE id = ?",
                               (*values, timestamps.now(), server_id))
        return self.get_server(server_id)  # type: ignore[return-value]

    def usage(self, project_id: str) -> dict[str, int]:
        """Instances, cores and RAM used by a project (for /limits)."""
        rows = self.store.query("SELECT flavor FROM servers WHERE project_id = ?", (project_id,))
        flavors = [loads(r["flavor"], {}) for r in rows]
        return {"instances": len(rows), "cores": sum(f.get("vcpus", 0) for f in flavors),
                "ram": sum(f.get("ram", 0) for f in flavors)}

    # ----------------------------------------------------------------- keypairs
    def get_keypair(self, user_id: str, name: str) -> dict[str, Any] | None:
        return self.store.query_one("SELECT * FROM keypairs WHERE user_id = ? AND name = ?",
                                    (user_id, name))

    def list_keypairs(self, user_id: str) -> list[dict[str, Any]]:
        return self.store.query("SELECT * FROM keypairs WHERE user_id = ? ORDER BY name",
                                (user_id,))

    def create_keypair(self, user_id: str, name: str, type_: str, public_key: str,
                       fingerprint: str) -> dict[str, Any]:
        try:
            self.store.execute(
                "INSERT INTO keypairs (user_id, name, type, public_key, fingerprint, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (user_id, name, type_, public_key, fingerprint, timestamps.now()))
        except Exception as exc:
            if "UNIQUE" in str(exc):
                raise Conflict(f"Key pair '{name}' already exists.") from None
            raise
        return self.get_keypair(user_id, name)  # type: ignore[return-value]

    def delete_keypair(self, user_id: str, name: str) -> bool:
        return self.store.execute("DELETE FROM keypairs WHERE user_id = ? AND name = ?",
                                  (user_id, name)) > 0

    def count_keypairs(self, user_id: str) -> int:
        return self.store.scalar("SELECT COUNT(*) FROM keypairs WHERE user_id = ?", (user_id,))


@lru_cache(maxsize=4096)
def _shared_json(text: str) -> Any:
    # Servers of one flavor carry the same JSON: parse it once. The values are read-only.
    return loads(text)


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    """JSON columns of a server row back to Python (treat the values as read-only)."""
    row["flavor"] = _shared_json(row["flavor"])
    row["metadata"] = _shared_json(row["metadata"])
    row["tags"] = _shared_json(row["tags"])
    row["addresses"] = loads(row["addresses"], {})
    row["trusted_image_certificates"] = loads(row["trusted_image_certificates"])
    return row


def _hostname(name: str) -> str:
    """Nova's sanitized hostname for a display name."""
    hostname = re.sub(r"[^\w.-]+", "-", name.lower()).strip("-.")
    return hostname[:63] or "server"
