"""Nova's state: flavors (with access lists and extra specs), servers and their state machine,
instance actions, server groups, keypairs, quotas and the services of the fleet. No HTTP here:
the handlers in this package call these methods.

A server's pending work is in its row: `due_at` and `pending` (the remaining steps of its
current task, see `states.steps`) and `delete_at` for deletion. `advance()` applies what is due;
the app runs it in the background and before reads, so the state is right even across a
restart.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import string
import uuid
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from .. import timestamps
from ..errors import BadRequest, Conflict, Forbidden, NotFound
from ..store import Store, dumps, loads
from . import hosts, states
from .aggregate_state import AggregateState
from .console_state import ConsoleTokens
from .migration_state import MigrationState
from .quota_class_state import QuotaClasses

# (id, name, ram MiB, disk GiB, vcpus): the classic devstack flavors.
SEED_FLAVORS = (
    ("1", "m1.tiny", 512, 1, 1),
    ("2", "m1.small", 2048, 20, 1),
    ("3", "m1.medium", 4096, 40, 2),
    ("4", "m1.large", 8192, 80, 4),
    ("5", "m1.xlarge", 16384, 160, 8),
)

DEFAULT_AZ = hosts.DEFAULT_AZ

# Server columns a step or an update may set (the JSON ones are encoded).
SETTABLE = {"name", "description", "access_ipv4", "access_ipv6", "hostname", "locked",
            "locked_reason", "vm_state", "task_state", "power_state", "metadata", "tags",
            "host", "flavor", "old_flavor", "image_id", "launched_at", "shelved_image_id",
            "fault", "user_data", "key_name", "disk_config", "config_drive",
            "availability_zone", "root_device_name", "trusted_image_certificates",
            "security_groups", "addresses"}
JSON_COLUMNS = {"metadata", "tags", "flavor", "old_flavor", "fault",
                "trusted_image_certificates", "security_groups", "addresses"}

# Columns added after the first release: added to older state folders at start.
LATER_COLUMNS = (
    ("host", "TEXT"), ("due_at", "REAL"), ("pending", "TEXT"), ("old_flavor", "TEXT"),
    ("security_groups", "TEXT NOT NULL DEFAULT '[]'"), ("shelved_image_id", "TEXT"),
    ("fault", "TEXT"), ("root_device_name", "TEXT"),
)

Row = dict[str, Any]


def server_status(row: Row) -> str:
    """The `status` Nova shows for a server row."""
    return states.status(row["vm_state"], row["task_state"])


def host_id(project_id: str, host: str | None) -> str:
    """Nova's `hostId`: a per-project hash of the host name ("" when unplaced)."""
    return hashlib.sha224((project_id + host).encode()).hexdigest() if host else ""


def _regexp(pattern: str, value: str | None) -> bool:
    if value is None:
        return False
    try:
        return re.search(pattern, value) is not None
    except re.error:
        return False


def _reservation_id() -> str:
    return "r-" + "".join(secrets.choice(string.ascii_lowercase + string.digits)
                          for _ in range(8))


class ComputeBackend:
    """All compute state operations."""

    def __init__(self, store: Store, build_delay: float = 1.0, delete_delay: float = 0.5,
                 task_delay: float = 0.5, wake: Callable[[], None] | None = None,
                 reclaim_instance_interval: float = 0.0) -> None:
        self.store = store
        self.build_delay = build_delay
        self.delete_delay = delete_delay
        self.task_delay = task_delay
        #: Nova's [DEFAULT] reclaim_instance_interval: > 0 makes DELETE a soft delete.
        self.reclaim_instance_interval = reclaim_instance_interval
        #: Called with the ids of soft-deleted servers when they are reclaimed (their ports
        #: and volumes are released by the cloud; see server_recovery.reclaim).
        self.on_reclaim: Callable[[list[str]], None] | None = None
        self._wake = wake
        self._next_due: float | None = 0.0  # 0: look in the database at the first call
        self.aggregates = AggregateState(store)
        self.migrations = MigrationState(store)
        self.consoles = ConsoleTokens(store)
        self.quota_classes = QuotaClasses(store)
        store.create_function("regexp", 2, _regexp)
        self._migrate()

    def _migrate(self) -> None:
        """Add the columns later versions need to an older state folder's servers table."""
        present = {row["name"] for row in self.store.query("PRAGMA table_info(servers)")}
        with self.store.transaction() as db:
            for column, kind in LATER_COLUMNS:
                if column not in present:
                    db.execute(f"ALTER TABLE servers ADD COLUMN {column} {kind}")
            if "host" not in present:
                db.execute("UPDATE servers SET host = ? WHERE vm_state != 'building'",
                           (hosts.COMPUTE_HOSTS[0],))
                db.execute("UPDATE servers SET due_at = active_at, pending = ? WHERE"
                           " active_at IS NOT NULL", (dumps(self._build_steps()),))
        if self.store.scalar("SELECT 1 FROM flavors LIMIT 1"):
            self._seed_services()  # services deleted through the API register again

    # ----------------------------------------------------------------- bootstrap
    def bootstrap(self) -> None:
        """Seed the classic flavors m1.tiny (1) .. m1.xlarge (5) and the fleet's services."""
        now = timestamps.now()
        with self.store.transaction() as db:
            for flavor_id, name, ram, disk, vcpus in SEED_FLAVORS:
                db.execute(
                    "INSERT INTO flavors (id, name, ram, vcpus, disk, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?)", (flavor_id, name, ram, vcpus, disk, now))
        self._seed_services()

    def _seed_services(self) -> None:
        now = timestamps.now()
        with self.store.transaction() as db:
            for seq, (binary, host, zone) in enumerate(hosts.SERVICES, start=1):
                db.execute(
                    "INSERT OR IGNORE INTO compute_services (id, seq, host, binary, zone,"
                    " updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (hosts.service_uuid(binary, host), seq, host, binary, zone, now))

    def _notify(self) -> None:
        if self._wake is not None:
            self._wake()

    # ----------------------------------------------------------------- flavors
    def get_flavor(self, flavor_id: str) -> Row | None:
        row = self.store.query_one("SELECT * FROM flavors WHERE id = ?", (flavor_id,))
        if row is not None:
            row["extra_specs"] = loads(row["extra_specs"], {})
        return row

    def flavor_visible(self, flavor: Row, project_id: str | None, is_admin: bool) -> bool:
        """Public flavors are seen by all; private ones by admins and projects with access."""
        if flavor["is_public"] or is_admin:
            return True
        return bool(self.store.scalar(
            "SELECT 1 FROM flavor_access WHERE flavor_id = ? AND project_id = ?",
            (flavor["id"], project_id)))

    def list_flavors(self, is_public: bool | None = True, min_ram: int | None = None,
                     min_disk: int | None = None, sort_key: str = "id",
                     sort_dir: str = "asc", project_id: str | None = None) -> list[Row]:
        """Flavors by `is_public` (None: all); with `project_id`, public ones plus the
        private ones the project has access to."""
        sql, params = "SELECT * FROM flavors WHERE disabled = 0", []
        if project_id is not None:
            sql += (" AND (is_public = 1 OR id IN (SELECT flavor_id FROM flavor_access WHERE"
                    " project_id = ?))")
            params.append(project_id)
        elif is_public is not None:
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

    def create_flavor(self, flavor: dict[str, Any]) -> Row:
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

    def update_flavor_description(self, flavor_id: str, description: str | None) -> Row:
        if self.store.execute("UPDATE flavors SET description = ? WHERE id = ?",
                              (description, flavor_id)) == 0:
            raise NotFound(f"Flavor {flavor_id} could not be found.")
        return self.get_flavor(flavor_id)  # type: ignore[return-value]

    def delete_flavor(self, flavor_id: str) -> None:
        with self.store.transaction() as db:
            if db.execute("DELETE FROM flavors WHERE id = ?", (flavor_id,)).rowcount == 0:
                raise NotFound(f"Flavor {flavor_id} could not be found.")
            db.execute("DELETE FROM flavor_access WHERE flavor_id = ?", (flavor_id,))

    def set_extra_specs(self, flavor_id: str, specs: dict[str, str]) -> dict[str, str]:
        flavor = self.get_flavor(flavor_id)
        if flavor is None:
            raise NotFound(f"Flavor {flavor_id} could not be found.")
        merged = dict(flavor["extra_specs"], **specs)
        self.store.execute("UPDATE flavors SET extra_specs = ? WHERE id = ?",
                           (dumps(merged), flavor_id))
        return merged

    def delete_extra_spec(self, flavor_id: str, key: str) -> None:
        flavor = self.get_flavor(flavor_id)
        if flavor is None:
            raise NotFound(f"Flavor {flavor_id} could not be found.")
        specs = dict(flavor["extra_specs"])
        if key not in specs:
            raise NotFound(f"Flavor {flavor_id} has no extra specs with key {key}.")
        del specs[key]
        self.store.execute("UPDATE flavors SET extra_specs = ? WHERE id = ?",
                           (dumps(specs), flavor_id))

    def flavor_access(self, flavor_id: str) -> list[str]:
        return self.store.column(
            "SELECT project_id FROM flavor_access WHERE flavor_id = ? ORDER BY rowid",
            (flavor_id,))

    def add_flavor_access(self, flavor_id: str, project_id: str) -> None:
        try:
            self.store.execute("INSERT INTO flavor_access (flavor_id, project_id) VALUES (?, ?)",
                               (flavor_id, project_id))
        except Exception as exc:
            if "UNIQUE" not in str(exc):
                raise
            raise Conflict(f"Flavor access already exists for flavor {flavor_id} and project "
                           f"{project_id} combination.") from None

    def remove_flavor_access(self, flavor_id: str, project_id: str) -> None:
        if self.store.execute("DELETE FROM flavor_access WHERE flavor_id = ? AND"
                              " project_id = ?", (flavor_id, project_id)) == 0:
            raise NotFound(f"Flavor access not found for {flavor_id} / {project_id} "
                           f"combination.")

    # ----------------------------------------------------------------- background steps
    def advance(self, now: float | None = None) -> float | None:
        """Apply the steps that are due (BUILD -> ACTIVE, task steps, deleting -> gone);
        return when the next one is due, or None when nothing is pending."""
        now = timestamps.now() if now is None else now
        if self._next_due is None or now < self._next_due:
            return self._next_due
        with self.store.transaction() as db:
            rows = db.execute(
                "SELECT id, due_at, pending FROM servers WHERE due_at IS NOT NULL AND"
                " due_at <= ? AND delete_at IS NULL", (now,)).fetchall()
            for row in rows:
                self._apply_steps(db, row["id"], row["due_at"], loads(row["pending"], []),
                                  now)
            gone = [r[0] for r in db.execute(
                "SELECT id FROM servers WHERE delete_at IS NOT NULL AND delete_at <= ?",
                (now,))]
            reclaimed = [r[0] for r in db.execute(
                "SELECT id FROM servers WHERE delete_at IS NOT NULL AND delete_at <= ? AND"
                " vm_state = 'soft-delete' AND task_state IS NULL", (now,))]
            if gone:
                self.migrations.forget(db, gone)
                marks = ",".join("?" * len(gone))
                db.execute(f"DELETE FROM servers WHERE id IN ({marks})", gone)
                db.execute(f"DELETE FROM server_group_members WHERE server_id IN ({marks})",
                           gone)
                self._finish_events(db, gone, "delete", now)
            due = db.execute(
                "SELECT MIN(t) FROM (SELECT MIN(due_at) AS t FROM servers WHERE delete_at IS"
                " NULL UNION ALL SELECT MIN(delete_at) FROM servers)").fetchone()
        self._next_due = due[0] if due else None
        if reclaimed and self.on_reclaim is not None:
            self.on_reclaim(reclaimed)
        return self._next_due

    def _apply_steps(self, db: Any, server_id: str, due: float, steps: list[states.Step],
                     now: float) -> None:
        changes: dict[str, Any] = {}
        finished: str | None = None
        failed = False
        while steps and due <= now:
            step = steps.pop(0)
            for key, value in step.items():
                if key == "launched_at":
                    changes["launched_at"] = due
                elif key == "finish":
                    finished = value
                elif key == "failed":
                    failed = bool(value)
                elif key == "migration":
                    self.migrations.apply(db, value, due)
                elif key in SETTABLE:
                    changes[key] = value
            changes["updated_at"] = due
            if steps:
                due += steps[0]["delay"]
        changes["due_at"] = due if steps else None
        changes["pending"] = dumps(steps) if steps else None
        columns = list(changes)
        values = [dumps(changes[c]) if c in JSON_COLUMNS and changes[c] is not None
                  else changes[c] for c in columns]
        db.execute(f"UPDATE servers SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
                   (*values, server_id))
        if finished is not None:
            self._finish_action(db, server_id, finished, changes["updated_at"],
                                "Error" if failed else "Success")

    def _schedule(self, due: float) -> None:
        if self._next_due is None or due < self._next_due:
            self._next_due = due
        self._notify()

    def _build_steps(self, final: states.Step | None = None) -> list[states.Step]:
        final = final or {"vm_state": states.ACTIVE, "power_state": states.RUNNING,
                          "launched_at": True, "root_device_name": "/dev/vda"}
        walk = states.steps(["networking", "block_device_mapping", "spawning"], final)
        for step in walk:
            step["delay"] = self.build_delay * step.pop("share")
        return walk

    def start_task(self, server_id: str, walk: list[states.Step], now_changes: Row,
                   action: tuple[str, str, str, str, list[str]] | None = None,
                   delay: float | None = None) -> Row:
        """Begin a task: apply `now_changes` at once, then walk the steps over the task delay
        (or `delay`). `action` (name, project, user, request id, events) is recorded as an
        instance action whose events finish with the last step (at once without steps)."""
        total = self.task_delay if delay is None else delay
        for step in walk:
            step["delay"] = total * step.pop("share", 1 / len(walk))
        now = timestamps.now()
        changes = dict(now_changes)
        if walk:
            changes["due_at"] = now + walk[0]["delay"]
            changes["pending"] = dumps(walk)
            if action is not None:
                walk[-1]["finish"] = action[3]
                changes["pending"] = dumps(walk)
        with self.store.transaction() as db:
            self._update(server_id, changes, now)
            if action is not None:
                name, project_id, user_id, request_id, events = action
                self._insert_action(db, server_id, name, project_id, user_id,
                                    request_id, now, events, finished=not walk)
        if walk:
            self._schedule(changes["due_at"])
        return self.get_server(server_id)  # type: ignore[return-value]

    def _update(self, server_id: str, changes: Row, now: float) -> None:
        columns = [c for c in changes
                   if c in SETTABLE or c in ("due_at", "pending", "delete_at")]
        values = [dumps(changes[c]) if c in JSON_COLUMNS and changes[c] is not None
                  else changes[c] for c in columns]
        sets = ", ".join([f"{c} = ?" for c in columns] + ["updated_at = ?"])
        self.store.execute(f"UPDATE servers SET {sets} WHERE id = ?",
                           (*values, now, server_id))

    # ----------------------------------------------------------------- servers
    def create_servers(self, request: dict[str, Any], ids: list[str],
                       placements: list[str | None], request_id: str) -> list[Row]:
        """Create servers (BUILD) from a validated request, one per id, each on its host
        (None: no valid host, the server ends in ERROR); names get `-<n>` suffixes when more
        than one is created, as Nova's multi-create does."""
        now = timestamps.now()
        reservation_id = _reservation_id()
        count = len(ids)
        group_id = request.get("group_id")
        with self.store.transaction() as db:
            for index, (server_id, host) in enumerate(zip(ids, placements, strict=True)):
                name = request["name"] if count == 1 else f"{request['name']}-{index + 1}"
                hostname = request.get("hostname") or _hostname(name)
                if request.get("hostname") and count > 1:
                    hostname = f"{request['hostname']}-{index + 1}"
                if host is None:
                    walk = self._build_steps({
                        "vm_state": states.ERROR, "power_state": states.NOSTATE,
                        "failed": True, "fault": {
                            "code": 500, "created": timestamps.iso_z(now + self.build_delay),
                            "message": "No valid host was found. There are not enough hosts "
                                       "available.",
                            "details": "Exceeded maximum number of retries."}})
                else:
                    walk = self._build_steps()
                walk[-1]["finish"] = request_id
                addresses = (self._fake_addresses(db, request["networks"])
                             if request.get("fake_addresses") else {})
                db.execute(
                    "INSERT INTO servers (id, name, project_id, user_id, image_id, flavor,"
                    " vm_state, task_state, power_state, key_name, metadata, user_data,"
                    " description, tags, addresses, reservation_id, launch_index,"
                    " availability_zone, pinned_availability_zone, hostname, config_drive,"
                    " access_ipv4, access_ipv6, disk_config, trusted_image_certificates,"
                    " created_at, updated_at, host, due_at, pending, security_groups)"
                    " VALUES (?, ?, ?, ?, ?, ?, 'building', 'scheduling', ?, ?, ?, ?, ?, ?, ?,"
                    " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (server_id, name, request["project_id"], request["user_id"],
                     request["image_id"], dumps(request["flavor"]), states.NOSTATE,
                     request.get("key_name"), dumps(request.get("metadata") or {}),
                     request.get("user_data"), request.get("description"),
                     dumps(request.get("tags") or []), dumps(addresses), reservation_id, index,
                     request.get("availability_zone") or self.aggregates.zone_of(host),
                     request.get("availability_zone"), hostname,
                     "True" if request.get("config_drive") else "",
                     request.get("access_ipv4") or "", request.get("access_ipv6") or "",
                     request.get("disk_config") or "MANUAL",
                     dumps(request["trusted_image_certificates"])
                     if request.get("trusted_image_certificates") else None,
                     now, now, host, now + walk[0]["delay"], dumps(walk),
                     dumps(request.get("security_groups") or ["default"])),
                )
                if group_id is not None:
                    db.execute("INSERT OR REPLACE INTO server_group_members (server_id,"
                               " group_id) VALUES (?, ?)", (server_id, group_id))
                self._insert_action(db, server_id, "create", request["project_id"],
                                    request["user_id"], request_id, now,
                                    ["conductor_schedule_and_build_instances",
                                     "compute__do_build_and_run_instance"])
        self._schedule(now + self.build_delay / 4)
        servers = [self.get_server(i) for i in ids]
        for server in servers:
            assert server is not None
            server["reservation_id"] = reservation_id
        return servers  # type: ignore[return-value]

    def _fake_addresses(self, db: Any, networks: Any) -> dict[str, Any]:
        """Addresses when the cloud has no network service: one private IPv4 per server."""
        if networks == "none":
            return {}
        row = db.execute("SELECT value FROM meta WHERE key = 'next_ip'").fetchone()
        n = int(row[0]) if row else 0
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('next_ip', ?)", (str(n + 1),))
        addr = f"10.0.{(n // 250) % 256}.{n % 250 + 3}"
        mac = "fa:16:3e:" + ":".join(f"{b:02x}" for b in secrets.token_bytes(3))
        return {"private": [{"version": 4, "addr": addr, "OS-EXT-IPS:type": "fixed",
                             "OS-EXT-IPS-MAC:mac_addr": mac}]}

    def place(self, count: int, group: Row | None, host: str | None,
              same_host: list[str], different_host: list[str],
              zone: str | None = None) -> list[str | None]:
        """The scheduler: a host for each of `count` new servers (None where no host fits),
        honouring a requested host and availability zone, the server group's policy and
        same/different host hints.
        """
        enabled = [h for h in hosts.COMPUTE_HOSTS if h in self.enabled_compute_hosts()]
        load = {h: 0 for h in hosts.COMPUTE_HOSTS}
        for row in self.store.query("SELECT host, COUNT(*) AS n FROM servers WHERE host IS NOT"
                                    " NULL GROUP BY host"):
            if row["host"] in load:
                load[row["host"]] = row["n"]
        candidates = [host] if host else enabled
        if zone is not None:
            zones = self.aggregates.host_zones()
            candidates = [h for h in candidates if zones.get(h, DEFAULT_AZ) == zone]
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
            choice = self._choose(candidates, load, group, members)
            placed.append(choice)
            if choice is not None:
                load[choice] += 1
                members[choice] = members.get(choice, 0) + 1
        return placed

    @staticmethod
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

    def _hosts_of(self, server_ids: list[str]) -> list[str]:
        if not server_ids:
            return []
        return self.store.column(
            f"SELECT host FROM servers WHERE host IS NOT NULL AND id IN"
            f" ({','.join('?' * len(server_ids))})", server_ids)

    def get_server(self, server_id: str) -> Row | None:
        self.advance()
        row = self.store.query_one("SELECT * FROM servers WHERE id = ?", (server_id,))
        return _decode(row) if row is not None else None

    def list_servers(self, where: list[str], params: list[Any],
                     order_by: list[tuple[str, str]], marker: str | None = None,
                     limit: int = 1000) -> tuple[list[Row], bool]:
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

    def delete_server(self, server_id: str, project_id: str, user_id: str,
                      request_id: str) -> None:
        """Start deleting: task_state `deleting`; the row disappears after the delete delay."""
        now = timestamps.now()
        with self.store.transaction() as db:
            changed = db.execute(
                "UPDATE servers SET task_state = 'deleting', updated_at = ?, delete_at = ?,"
                " due_at = NULL, pending = NULL WHERE id = ? AND delete_at IS NULL",
                (now, now + self.delete_delay, server_id)).rowcount
            if changed:
                self._insert_action(db, server_id, "delete", project_id, user_id, request_id,
                                    now, ["compute_terminate_instance"])
        self._schedule(now + self.delete_delay)

    def update_server(self, server_id: str, changes: Row) -> Row:
        """Set columns now (name, metadata, lock ...)."""
        if changes:
            self._update(server_id, changes, timestamps.now())
        return self.get_server(server_id)  # type: ignore[return-value]

    def usage(self, project_id: str) -> dict[str, int]:
        """Instances, cores and RAM used by a project (quotas, /limits)."""
        row = self.store.query_one(
            "SELECT COUNT(*) AS n, COALESCE(SUM(json_extract(flavor, '$.vcpus')), 0) AS cores,"
            " COALESCE(SUM(json_extract(flavor, '$.ram')), 0) AS ram FROM servers"
            " WHERE project_id = ? AND vm_state != 'soft-delete'", (project_id,)) or {}
        return {"instances": row.get("n", 0), "cores": int(row.get("cores", 0)),
                "ram": int(row.get("ram", 0))}

    def servers_on_hosts(self) -> dict[str, list[Row]]:
        """The servers of each compute host (id, name, flavor, vm_state) for hypervisors."""
        placed: dict[str, list[Row]] = {h: [] for h in hosts.COMPUTE_HOSTS}
        for row in self.store.query("SELECT id, name, host, flavor, vm_state FROM servers"
                                    " WHERE host IS NOT NULL ORDER BY seq"):
            if row["host"] in placed:
                row["flavor"] = _shared_json(row["flavor"])
                placed[row["host"]].append(row)
        return placed

    def servers_for_usage(self, project_id: str | None) -> list[Row]:
        """Rows for os-simple-tenant-usage (every project when None)."""
        self.advance()
        if project_id is None:
            rows = self.store.query("SELECT * FROM servers ORDER BY seq")
        else:
            rows = self.store.query("SELECT * FROM servers WHERE project_id = ? ORDER BY seq",
                                    (project_id,))
        return [_decode(r) for r in rows]

    # ----------------------------------------------------------------- instance actions
    def _insert_action(self, db: Any, server_id: str, action: str, project_id: str,
                       user_id: str, request_id: str, now: float, events: list[str],
                       finished: bool = False, message: str | None = None) -> None:
        items = [{"event": name, "start_time": now, "finish_time": now if finished else None,
                  "result": "Success" if finished else None, "host": None}
                 for name in events]
        db.execute(
            "INSERT INTO instance_actions (request_id, server_id, action, project_id, user_id,"
            " message, start_time, updated_at, events) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (request_id, server_id, action, project_id, user_id, message, now, now,
             dumps(items)))

    def record_action(self, server_id: str, action: str, project_id: str, user_id: str,
                      request_id: str, events: list[str] | None = None,
                      finished: bool = True) -> None:
        """Record an instance action (what `os-instance-actions` lists) with its events;
        `finished` ones are done at once (lock, interface and volume attachments ...)."""
        with self.store.transaction() as db:
            self._insert_action(db, server_id, action, project_id, user_id, request_id,
                                timestamps.now(), events or [], finished=finished)

    def _finish_action(self, db: Any, server_id: str, request_id: str, when: float,
                       result: str) -> None:
        row = db.execute("SELECT seq, events FROM instance_actions WHERE server_id = ? AND"
                         " request_id = ?", (server_id, request_id)).fetchone()
        if row is None:
            return
        events = loads(row["events"], [])
        host = db.execute("SELECT host FROM servers WHERE id = ?", (server_id,)).fetchone()
        for event in events:
            if event["finish_time"] is None:
                event.update(finish_time=when, result=result,
                             host=host[0] if host else None)
        db.execute("UPDATE instance_actions SET events = ?, updated_at = ?,"
                   " message = CASE WHEN ? = 'Error' THEN 'Error' ELSE message END"
                   " WHERE seq = ?", (dumps(events), when, result, row["seq"]))

    def _finish_events(self, db: Any, server_ids: list[str], action: str, when: float) -> None:
        for server_id in server_ids:
            row = db.execute("SELECT request_id FROM instance_actions WHERE server_id = ? AND"
                             " action = ? ORDER BY seq DESC LIMIT 1",
                             (server_id, action)).fetchone()
            if row is not None:
                self._finish_action(db, server_id, row[0], when, "Success")

    def list_actions(self, server_id: str) -> list[Row]:
        """The server's instance actions, newest first."""
        self.advance()
        rows = self.store.query("SELECT * FROM instance_actions WHERE server_id = ?"
                                " ORDER BY start_time DESC, seq DESC", (server_id,))
        for row in rows:
            row["events"] = loads(row["events"], [])
        return rows

    def action_owner(self, server_id: str) -> str | None:
        """The project of a (possibly deleted) server from its recorded actions."""
        return self.store.scalar("SELECT project_id FROM instance_actions WHERE server_id = ?"
                                 " ORDER BY seq LIMIT 1", (server_id,))

    # ----------------------------------------------------------------- server groups
    def create_server_group(self, project_id: str, user_id: str, name: str, policy: str,
                            rules: dict[str, Any]) -> Row:
        limit = self.quota_limit(project_id, "server_groups")
        used = self.store.scalar("SELECT COUNT(*) FROM server_groups WHERE project_id = ?",
                                 (project_id,))
        if 0 <= limit <= used:
            raise Forbidden("Quota exceeded, too many server groups.")
        group_id = str(uuid.uuid4())
        self.store.execute(
            "INSERT INTO server_groups (id, name, project_id, user_id, policy, rules,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (group_id, name, project_id, user_id, policy, dumps(rules), timestamps.now()))
        return self.get_server_group(group_id)  # type: ignore[return-value]

    def get_server_group(self, group_id: str) -> Row | None:
        row = self.store.query_one("SELECT * FROM server_groups WHERE id = ?", (group_id,))
        if row is None:
            return None
        row["rules"] = loads(row["rules"], {})
        row["members"] = self.store.column(
            "SELECT server_id FROM server_group_members WHERE group_id = ? ORDER BY rowid",
            (group_id,))
        return row

    def list_server_groups(self, project_id: str | None) -> list[Row]:
        if project_id is None:
            rows = self.store.query("SELECT * FROM server_groups ORDER BY created_at, id")
        else:
            rows = self.store.query("SELECT * FROM server_groups WHERE project_id = ?"
                                    " ORDER BY created_at, id", (project_id,))
        members: dict[str, list[str]] = {}
        for m in self.store.query("SELECT group_id, server_id FROM server_group_members"
                                  " ORDER BY rowid"):
            members.setdefault(m["group_id"], []).append(m["server_id"])
        for row in rows:
            row["rules"] = loads(row["rules"], {})
            row["members"] = members.get(row["id"], [])
        return rows

    def delete_server_group(self, group_id: str) -> None:
        with self.store.transaction() as db:
            db.execute("DELETE FROM server_groups WHERE id = ?", (group_id,))
            db.execute("DELETE FROM server_group_members WHERE group_id = ?", (group_id,))

    def groups_of_servers(self, server_ids: list[str]) -> dict[str, list[str]]:
        if not server_ids:
            return {}
        found: dict[str, list[str]] = {}
        for row in self.store.query(
                f"SELECT server_id, group_id FROM server_group_members WHERE server_id IN"
                f" ({','.join('?' * len(server_ids))})", server_ids):
            found.setdefault(row["server_id"], []).append(row["group_id"])
        return found

    def count_server_groups(self, project_id: str) -> int:
        return self.store.scalar("SELECT COUNT(*) FROM server_groups WHERE project_id = ?",
                                 (project_id,))

    # ----------------------------------------------------------------- quotas
    def quota_limits(self, project_id: str) -> dict[str, int]:
        """The project's limits: the defaults overridden by what an admin set."""
        limits = self.quota_classes.get()
        for row in self.store.query("SELECT resource, hard_limit FROM compute_quotas WHERE"
                                    " project_id = ?", (project_id,)):
            limits[row["resource"]] = row["hard_limit"]
        return limits

    def quota_limit(self, project_id: str, resource: str) -> int:
        value = self.store.scalar("SELECT hard_limit FROM compute_quotas WHERE project_id = ?"
                                  " AND resource = ?", (project_id, resource))
        return self.quota_classes.get()[resource] if value is None else value

    def set_quota_limits(self, project_id: str, limits: dict[str, int]) -> None:
        with self.store.transaction() as db:
            for resource, value in limits.items():
                db.execute("INSERT OR REPLACE INTO compute_quotas (project_id, resource,"
                           " hard_limit) VALUES (?, ?, ?)", (project_id, resource, value))

    def delete_quota_limits(self, project_id: str) -> None:
        self.store.execute("DELETE FROM compute_quotas WHERE project_id = ?", (project_id,))

    def check_instance_quota(self, project_id: str, flavor: Row, min_count: int,
                             max_count: int) -> int:
        """How many of `max_count` servers of `flavor` the project may still create; 403 with
        Nova's message when not even `min_count` fit."""
        limits = self.quota_limits(project_id)
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

    def check_resize_quota(self, project_id: str, old: Row, new: Row) -> None:
        """403 when growing a server from `old` to `new` flavor exceeds cores or RAM."""
        limits = self.quota_limits(project_id)
        used = self.usage(project_id)
        deltas = {"cores": new["vcpus"] - old["vcpus"], "ram": new["ram"] - old["ram"]}
        overs = sorted(r for r, d in deltas.items()
                       if d > 0 and limits[r] >= 0 and used[r] + d > limits[r])
        if overs:
            raise Forbidden(quota_message(overs, deltas, limits, used))

    # ----------------------------------------------------------------- services
    def list_services(self) -> list[Row]:
        return self.store.query("SELECT * FROM compute_services ORDER BY seq")

    def update_service(self, service_id: str, changes: Row) -> Row | None:
        columns = [c for c in ("disabled", "disabled_reason", "forced_down") if c in changes]
        if columns:
            self.store.execute(
                f"UPDATE compute_services SET {', '.join(f'{c} = ?' for c in columns)},"
                f" updated_at = ? WHERE id = ?",
                (*[changes[c] for c in columns], timestamps.now(), service_id))
        return self.store.query_one("SELECT * FROM compute_services WHERE id = ?",
                                    (service_id,))

    def delete_service(self, service_id: str) -> None:
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

    def wake_at(self, due: float) -> None:
        """Have the background loop look again at `due` (e.g. a soft-deleted server's
        reclaim)."""
        self._schedule(due)

    def hurry(self, server_id: str) -> None:
        """Make the rest of a server's current task happen now (force-complete)."""
        self.migrations.finish_now(server_id)
        self._schedule(timestamps.now())

    def enabled_compute_hosts(self) -> set[str]:
        return set(self.store.column(
            "SELECT host FROM compute_services WHERE binary = 'nova-compute' AND disabled = 0"
            " AND forced_down = 0"))

    # ----------------------------------------------------------------- keypairs
    def get_keypair(self, user_id: str, name: str) -> Row | None:
        return self.store.query_one("SELECT * FROM keypairs WHERE user_id = ? AND name = ?",
                                    (user_id, name))

    def list_keypairs(self, user_id: str) -> list[Row]:
        return self.store.query("SELECT * FROM keypairs WHERE user_id = ? ORDER BY name",
                                (user_id,))

    def create_keypair(self, user_id: str, name: str, type_: str, public_key: str,
                       fingerprint: str) -> Row:
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


def quota_message(overs: list[str], requested: dict[str, int], limits: dict[str, int],
                  used: dict[str, int]) -> str:
    """Nova's TooManyInstances message (several resources are joined with ', ')."""
    return (f"Quota exceeded for {', '.join(overs)}: Requested "
            f"{', '.join(str(requested[o]) for o in overs)}, but already used "
            f"{', '.join(str(used[o]) for o in overs)} of "
            f"{', '.join(str(limits[o]) for o in overs)} {', '.join(overs)}")


@lru_cache(maxsize=4096)
def _shared_json(text: str) -> Any:
    # Servers of one flavor carry the same JSON: parse it once. The values are read-only.
    return loads(text)


def _decode(row: Row) -> Row:
    """JSON columns of a server row back to Python (treat the values as read-only)."""
    row["flavor"] = _shared_json(row["flavor"])
    row["metadata"] = _shared_json(row["metadata"])
    row["tags"] = _shared_json(row["tags"])
    row["addresses"] = loads(row["addresses"], {})
    row["trusted_image_certificates"] = loads(row["trusted_image_certificates"])
    row["security_groups"] = _shared_json(row.get("security_groups") or "[]")
    row["old_flavor"] = loads(row.get("old_flavor"))
    row["fault"] = loads(row.get("fault"))
    return row


def _hostname(name: str) -> str:
    """Nova's sanitized hostname for a display name."""
    hostname = re.sub(r"[ _]", "-", name.lower())
    hostname = re.sub(r"[^\w.-]+", "", hostname).strip("-.")
    return hostname[:63] or "server"
