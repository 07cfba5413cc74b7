"""Nova's state, composed of a state class per resource: flavors (`flavor_state`), key pairs
(`keypair_state`), server groups (`server_group_state`), quotas and quota classes
(`quota_state`, `quota_class_state`), the fleet's services (`service_state`), aggregates,
migrations, console tokens, instance actions (`instance_action_state`) and the scheduler; the
servers and their state machine are here. No HTTP here: the handlers in this package call it
through `http.backend(request)`, the other services through `interfaces.ServerEvents`.

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
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from .. import paging, timestamps
from ..store import Store, dumps, loads
from . import hosts, states
from .aggregate_state import AggregateState
from .console_state import ConsoleTokens
from .flavor_state import FlavorState
from .instance_action_state import InstanceActionState
from .keypair_state import KeypairState
from .migration_state import MigrationState
from .quota_class_state import QuotaClasses
from .quota_state import QuotaState
from .scheduler import Scheduler
from .server_group_state import ServerGroupState
from .service_state import ServiceState

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
        self.flavors = FlavorState(store)
        self.keypairs = KeypairState(store)
        self.quotas = QuotaState(store, self.quota_classes, self.usage)
        self.server_groups = ServerGroupState(store, self.quotas)
        self.services = ServiceState(store, self.aggregates)
        self.scheduler = Scheduler(store, self.services, self.aggregates)
        self.actions = InstanceActionState(store, self.advance)
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
            self.services.seed()  # services deleted through the API register again

    # ----------------------------------------------------------------- bootstrap
    def bootstrap(self) -> None:
        """Seed the classic flavors m1.tiny (1) .. m1.xlarge (5) and the fleet's services."""
        self.flavors.seed()
        self.services.seed()

    def record_action(self, server_id: str, action: str, project_id: str, user_id: str,
                      request_id: str, events: list[str] | None = None,
                      finished: bool = True) -> None:
        """`interfaces.ServerEvents`: record an instance action (see `actions.record`)."""
        self.actions.record(server_id, action, project_id, user_id, request_id, events,
                            finished)

    def _notify(self) -> None:
        if self._wake is not None:
            self._wake()

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
                self.actions.finish_latest(db, gone, "delete", now)
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
            self.actions.finish(db, server_id, finished, changes["updated_at"],
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
                self.actions.insert(db, server_id, name, project_id, user_id,
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
                self.actions.insert(db, server_id, "create", request["project_id"],
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
        page_ids, next_marker = paging.page(ids, marker, limit, limit, key=str)
        if not page_ids:
            return [], False
        rows = self.store.query(
            f"SELECT * FROM servers WHERE id IN ({','.join('?' * len(page_ids))})", page_ids)
        by_id = {row["id"]: row for row in rows}
        page = [_decode(by_id[i]) for i in page_ids if i in by_id]
        return page, next_marker is not None

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
                self.actions.insert(db, server_id, "delete", project_id, user_id, request_id,
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

    def wake_at(self, due: float) -> None:
        """Have the background loop look again at `due` (e.g. a soft-deleted server's
        reclaim)."""
        self._schedule(due)

    def hurry(self, server_id: str) -> None:
        """Make the rest of a server's current task happen now (force-complete)."""
        self.migrations.finish_now(server_id)
        self._schedule(timestamps.now())



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
