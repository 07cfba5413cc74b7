"""What every Neutron resource of this cloud shares: who asks (`Caller`), the standard
attributes (project, description, tags, times, revision), and `Resources`, the base of the
network service's state classes: the store's transaction, reads filtered by what the caller may
see, writes that bump the revision, quota and ownership checks, tags, and each project's
`default` security group (made on a project's first use, by whichever resource touches it).

Each resource is a row whose `data` column holds its attributes as the API shows them; a few
columns beside it serve the queries (visibility, ports of a device ...).
"""

from __future__ import annotations

import contextlib
import secrets
import sqlite3
import uuid
from collections.abc import Iterator
from typing import Any

from .. import timestamps
from ..interfaces import Caller
from ..store import Store, dumps, loads
from .exceptions import not_found, over_quota, policy_denied

Record = dict[str, Any]

HOST = "localcloud"  # the compute host that ports of servers are bound to (Nova's HOST)
COMPUTE_OWNER = "compute:nova"
ROUTER_INTERFACE = "network:router_interface"
ROUTER_GATEWAY = "network:router_gateway"
FLOATINGIP_OWNER = "network:floatingip"
ROUTER_OWNERS = (ROUTER_INTERFACE, ROUTER_GATEWAY, "network:router_interface_distributed",
                 "network:ha_router_replicated_interface", "network:router_centralized_snat")
SERVICE_OWNERS = ROUTER_OWNERS + (FLOATINGIP_OWNER,)

QUOTA_DEFAULTS = {"network": 100, "subnet": 100, "subnetpool": -1, "port": 500, "router": 10,
                  "floatingip": 50, "security_group": 10, "security_group_rule": 100,
                  "rbac_policy": 10}

# resource -> table (schema.py)
TABLES = {"network": "networks", "subnet": "subnets", "subnetpool": "subnetpools",
          "port": "ports", "router": "routers",
          "floatingip": "floatingips", "security_group": "security_groups",
          "security_group_rule": "security_group_rules"}


#: The networks an RBAC policy with `action` opens to the project bound to `?` (or to all).
RBAC_NETWORKS = ("SELECT json_extract(data, '$.object_id') FROM rbac_policies WHERE"
                 " json_extract(data, '$.object_type') = 'network' AND json_extract(data,"
                 " '$.action') = '{}' AND json_extract(data, '$.target_tenant') IN (?, '*')")
RBAC_VISIBLE = RBAC_NETWORKS.replace("json_extract(data, '$.action') = '{}' AND ", "")


def new_id() -> str:
    return str(uuid.uuid4())


def new_mac() -> str:
    return "fa:16:3e:" + ":".join(f"{b:02x}" for b in secrets.token_bytes(3))


def _stamp() -> str:
    return timestamps.iso_z(timestamps.now())


def standard_attrs(project_id: str, description: str = "") -> dict[str, Any]:
    """What every Neutron resource carries: project, description, tags, times, revision."""
    now = _stamp()
    return {"project_id": project_id, "tenant_id": project_id, "description": description,
            "tags": [], "created_at": now, "updated_at": now, "revision_number": 1}


class Resources:
    """The rows of the network service's resources, as every state class reads and writes
    them (no HTTP here: the handlers pass attributes already checked by `attributes.py`)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # ----------------------------------------------------------------- plumbing
    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """The store's transaction, or the one already open in this thread (compute may call
        in while creating a server inside its own)."""
        store = self.store
        with store._lock:  # the store's RLock: held by the thread of an open transaction
            if store._conn.in_transaction:
                yield store._conn
                return
        with store.transaction() as db:
            yield db

    def bulk(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        """One transaction around several calls (Neutron's bulk create is all or nothing)."""
        return self._transaction()

    @staticmethod
    def _load(db: sqlite3.Connection, kind: str, ident: str) -> dict[str, Any] | None:
        row = db.execute(f"SELECT data FROM {TABLES[kind]} WHERE id = ?", (ident,)).fetchone()
        return loads(row[0]) if row else None

    @staticmethod
    def _save(db: sqlite3.Connection, kind: str, record: dict[str, Any], bump: bool = True,
              **columns: Any) -> None:
        """Write a changed record back: a new revision and `updated_at`."""
        if bump:
            record["revision_number"] = record.get("revision_number", 0) + 1
            record["updated_at"] = _stamp()
        sets = ", ".join([f"{c} = ?" for c in columns] + ["data = ?"])
        db.execute(f"UPDATE {TABLES[kind]} SET {sets} WHERE id = ?",
                   (*columns.values(), dumps(record), record["id"]))

    def _bump(self, db: sqlite3.Connection, kind: str, ident: str) -> None:
        record = self._load(db, kind, ident)
        if record is not None:
            self._save(db, kind, record)

    def _check_quota(self, db: sqlite3.Connection, resource: str, project_id: str,
                     adding: int = 1) -> None:
        """Neutron's OverQuota (409) when `adding` more would exceed the project's limit."""
        limit = self._quota_limit(db, project_id, resource)
        if limit < 0:
            return
        used = db.execute(f"SELECT COUNT(*) FROM {TABLES[resource]} WHERE project_id = ?",
                          (project_id,)).fetchone()[0]
        if used + adding > limit:
            raise over_quota(resource)

    @staticmethod
    def _quota_limit(db: sqlite3.Connection, project_id: str, resource: str) -> int:
        row = db.execute("SELECT hard_limit FROM network_quotas WHERE project_id = ? AND"
                         " resource = ?", (project_id, resource)).fetchone()
        return row[0] if row else QUOTA_DEFAULTS[resource]

    @staticmethod
    def _require_write(caller: Caller, action: str) -> None:
        if not (caller.is_admin or caller.can_write):
            raise policy_denied(f"rule:{action}")

    def _changeable(self, caller: Caller, kind: str, ident: str, action: str) -> Record:
        """The record for a change by the caller: 404 unless the caller may see it, 403
        unless it may change it (its project's member, or an admin)."""
        record = self.record(kind, caller, ident)
        self._require_write(caller, action)
        if not caller.is_admin and record.get("project_id") != caller.project_id:
            raise policy_denied(f"rule:{action}")
        return record

    # ----------------------------------------------------------------- visibility
    def _visible_clause(self, kind: str, caller: Caller) -> tuple[str, list[Any]]:
        if caller.is_admin:
            return "1", []
        project = caller.project_id or ""
        if kind == "network":
            return (f"(project_id = ? OR shared = 1 OR external = 1 OR id IN ({RBAC_VISIBLE}))",
                    [project, project])
        if kind == "subnet":
            return ("(project_id = ? OR network_id IN (SELECT id FROM networks WHERE shared = 1"
                    f" OR external = 1) OR network_id IN ({RBAC_VISIBLE}))", [project, project])
        if kind == "subnetpool":
            return "(project_id = ? OR shared = 1)", [project]
        if kind == "security_group_rule":
            return ("(project_id = ? OR security_group_id IN (SELECT id FROM security_groups"
                    " WHERE project_id = ?))", [project, project])
        return "project_id = ?", [project]

    def records(self, kind: str, caller: Caller, where: str = "1",
                params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        """Every record of `kind` the caller may see (in creation order), as the API shows
        them."""
        if kind == "security_group" and caller.project_id:
            self.ensure_default_security_group(caller.project_id)
        clause, args = self._visible_clause(kind, caller)
        rows = self.store.column(
            f"SELECT data FROM {TABLES[kind]} WHERE {clause} AND {where} ORDER BY seq",
            [*args, *params])
        return self._rbac_view(kind, caller, self._views(kind, [loads(r) for r in rows]))

    def record(self, kind: str, caller: Caller, ident: str) -> dict[str, Any]:
        """One record the caller may see; Neutron's 404 otherwise."""
        if kind == "security_group" and caller.project_id:
            self.ensure_default_security_group(caller.project_id)
        clause, args = self._visible_clause(kind, caller)
        row = self.store.scalar(f"SELECT data FROM {TABLES[kind]} WHERE id = ? AND {clause}",
                                [ident, *args])
        if row is None:
            raise not_found(kind, ident)
        return self._rbac_view(kind, caller, self._views(kind, [loads(row)]))[0]

    def _rbac_view(self, kind: str, caller: Caller, items: list[Record]) -> list[Record]:
        """Networks as the caller sees them: `shared` when an `access_as_shared` policy opens
        it to the caller's project (or to all), `router:external` when an
        `access_as_external` policy makes it external for that project (Neutron's RBAC)."""
        if kind != "network" or not items:
            return items
        project = caller.project_id or ""
        shared = set(self.store.column(RBAC_NETWORKS.format("access_as_shared"), (project,)))
        external = set(self.store.column(RBAC_NETWORKS.format("access_as_external"),
                                         (project,)))
        for item in items:
            if item["id"] in shared:
                item["shared"] = True
            if item["id"] in external:
                item["router:external"] = True
        return items

    def _views(self, kind: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Add the attributes computed from other rows (a network's subnets, a group's rules,
        a floating IP's port details)."""
        if not items:
            return items
        if kind == "network":
            subnets: dict[str, list[str]] = {}
            for row in self.store.query("SELECT id, network_id FROM subnets ORDER BY seq"):
                subnets.setdefault(row["network_id"], []).append(row["id"])
            for item in items:
                item["subnets"] = subnets.get(item["id"], [])
        elif kind == "subnet":
            external = set(self.store.column("SELECT id FROM networks WHERE external = 1"))
            for item in items:
                item["router:external"] = item["network_id"] in external
        elif kind == "security_group":
            rules = self._rows_by("security_group_rules", "security_group_id",
                                  [item["id"] for item in items])
            for item in items:
                item["security_group_rules"] = rules.get(item["id"], [])
        elif kind == "floatingip":
            port_ids = [item["port_id"] for item in items if item.get("port_id")]
            ports = {}
            if port_ids:
                marks = ",".join("?" * len(port_ids))
                ports = {p["id"]: p for p in map(loads, self.store.column(
                    f"SELECT data FROM ports WHERE id IN ({marks})", port_ids))}
            for item in items:
                port = ports.get(item.get("port_id") or "")
                item["port_details"] = None if port is None else {
                    key: port[key] for key in ("name", "network_id", "mac_address",
                                               "admin_state_up", "status", "device_id",
                                               "device_owner")}
        return items

    def _rows_by(self, table: str, column: str, values: list[str]) -> dict[str, list[Record]]:
        """The records of `table` whose `column` is one of `values`, in creation order,
        grouped by that column."""
        found: dict[str, list[Record]] = {}
        if not values:
            return found
        marks = ",".join("?" * len(values))
        for data in self.store.column(f"SELECT data FROM {table} WHERE {column} IN ({marks})"
                                      " ORDER BY seq", values):
            record = loads(data)
            found.setdefault(record[column], []).append(record)
        return found

    # ----------------------------------------------------------------- default group
    def ensure_default_security_group(self, project_id: str) -> str:
        """The project's `default` group, created with its four rules on first use (as
        Neutron does when a project first touches security groups or ports)."""
        found = self.store.scalar("SELECT security_group_id FROM default_security_groups WHERE"
                                  " project_id = ?", (project_id,))
        if found:
            return found
        with self._transaction() as db:
            row = db.execute("SELECT security_group_id FROM default_security_groups WHERE"
                             " project_id = ?", (project_id,)).fetchone()
            if row:
                return row[0]
            group = self._insert_group(db, project_id, "default", "Default security group",
                                       True)
            db.execute("INSERT INTO default_security_groups (project_id, security_group_id)"
                       " VALUES (?, ?)", (project_id, group["id"]))
            return group["id"]

    def _insert_group(self, db: sqlite3.Connection, project_id: str, name: str,
                      description: str, default: bool, stateful: bool = True) -> dict[str, Any]:
        record = {"id": new_id(), "name": name, "stateful": stateful, "shared": False,
                  **standard_attrs(project_id, description)}
        db.execute("INSERT INTO security_groups (id, project_id, name, data) VALUES"
                   " (?, ?, ?, ?)", (record["id"], project_id, name, dumps(record)))
        for rule in self._template(db, default):
            remote = rule.get("remote_group_id")
            self._insert_rule(db, project_id, {
                **rule, "security_group_id": record["id"],
                "remote_group_id": record["id"] if remote == "PARENT" else remote},
                default=default)
        return record

    def _template(self, db: sqlite3.Connection, default: bool) -> list[Record]:
        """The rules a new group gets: the `default security group rules` marked for
        `default` groups or for the others; Neutron's template until one is stored (egress to
        anywhere, and ingress from the group itself in `default` groups)."""
        if self.store.get_meta("seeded:default_security_group_rules"):
            flag = "used_in_default_sg" if default else "used_in_non_default_sg"
            return [r for r in map(loads, (d for (d,) in db.execute(
                "SELECT data FROM default_security_group_rules ORDER BY seq"))) if r.get(flag)]
        rules: list[Record] = [{"direction": "egress", "ethertype": e} for e in ("IPv4", "IPv6")]
        if default:
            rules += [{"direction": "ingress", "ethertype": e, "remote_group_id": "PARENT"}
                      for e in ("IPv4", "IPv6")]
        return rules

    @staticmethod
    def _insert_rule(db: sqlite3.Connection, project_id: str, attrs: dict[str, Any],
                     default: bool = False) -> dict[str, Any]:
        record = {
            "id": new_id(), "security_group_id": attrs["security_group_id"],
            "direction": attrs["direction"], "ethertype": attrs.get("ethertype", "IPv4"),
            "protocol": attrs.get("protocol"), "port_range_min": attrs.get("port_range_min"),
            "port_range_max": attrs.get("port_range_max"),
            "remote_ip_prefix": attrs.get("remote_ip_prefix"),
            "remote_group_id": attrs.get("remote_group_id"),
            "remote_address_group_id": attrs.get("remote_address_group_id"),
            "belongs_to_default_sg": default,
            **standard_attrs(project_id, attrs.get("description", "")),
        }
        del record["tags"]
        db.execute("INSERT INTO security_group_rules (id, project_id, security_group_id, data)"
                   " VALUES (?, ?, ?, ?)", (record["id"], project_id,
                                            record["security_group_id"], dumps(record)))
        return record

    # ----------------------------------------------------------------- tags
    def set_tags(self, caller: Caller, kind: str, ident: str, tags: list[str]) -> list[str]:
        """Replace a resource's tags (kept in order of first appearance, without repeats)."""
        with self._transaction() as db:
            self._changeable(caller, kind, ident, f"update_{kind}_tags")
            stored = self._load(db, kind, ident)
            assert stored is not None
            stored["tags"] = list(dict.fromkeys(tags))
            self._save(db, kind, stored)
            return stored["tags"]
