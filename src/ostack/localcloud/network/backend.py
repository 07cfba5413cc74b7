"""Neutron's state: networks, subnets, ports (with their fixed IPs), routers, floating IPs,
security groups and their rules, quotas and tags. No HTTP here: the handlers of this package
call these methods with attributes already checked (`attributes.py`), and compute calls
`ports_for_server`, `release_server_ports`, `addresses_for_servers`,
`security_groups_for_servers`, `attach_interface`, `detach_interface`, `interfaces`,
`add_security_group` and `remove_security_group` (errors worded for Nova's fault body).

Each resource is a row whose `data` column holds its attributes as the API shows them; a few
columns beside it serve the queries (visibility, ports of a device ...). Fixed IPs are also
rows of `ip_allocations`, whose primary key (subnet_id, ip_address) makes a duplicate address
impossible, and every allocation happens inside one store transaction.
"""

from __future__ import annotations

import contextlib
import ipaddress
import secrets
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .. import timestamps
from ..errors import BadRequest, Conflict, NotFound
from ..store import Store, dumps, loads
from . import ipam
from .exceptions import (
    NeutronError,
    bad_request,
    conflict,
    invalid_input,
    not_found,
    over_quota,
    policy_denied,
)

HOST = "localcloud"  # the compute host that ports of servers are bound to (Nova's HOST)
COMPUTE_OWNER = "compute:nova"
ROUTER_INTERFACE = "network:router_interface"
ROUTER_GATEWAY = "network:router_gateway"
FLOATINGIP_OWNER = "network:floatingip"
ROUTER_OWNERS = (ROUTER_INTERFACE, ROUTER_GATEWAY, "network:router_interface_distributed",
                 "network:ha_router_replicated_interface", "network:router_centralized_snat")
SERVICE_OWNERS = ROUTER_OWNERS + (FLOATINGIP_OWNER,)
TENANT_MTU = 1442  # geneve networks of an OVN DevStack
FLAT_MTU = 1500

QUOTA_DEFAULTS = {"network": 100, "subnet": 100, "subnetpool": -1, "port": 500, "router": 10,
                  "floatingip": 50, "security_group": 10, "security_group_rule": 100,
                  "rbac_policy": 10}

# resource -> table (the tables of store.py)
TABLES = {"network": "networks", "subnet": "subnets", "port": "ports", "router": "routers",
          "floatingip": "floatingips", "security_group": "security_groups",
          "security_group_rule": "security_group_rules"}
COUNTED = ("network", "subnet", "port", "router", "floatingip", "security_group",
           "security_group_rule")


@dataclass(frozen=True)
class Caller:
    """Who asks: the token's project, and whether it is an admin / may write."""

    project_id: str | None
    is_admin: bool = False
    can_write: bool = True


SYSTEM = Caller(None, True, True)


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


class NetworkBackend:
    """All network state operations."""

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

    def _owned(self, caller: Caller, record: dict[str, Any], action: str) -> None:
        """403 unless the caller may change `record` (its project's member, or an admin)."""
        self._require_write(caller, action)
        if not caller.is_admin and record.get("project_id") != caller.project_id:
            raise policy_denied(f"rule:{action}")

    # ----------------------------------------------------------------- visibility
    def _visible_clause(self, kind: str, caller: Caller) -> tuple[str, list[Any]]:
        if caller.is_admin:
            return "1", []
        project = caller.project_id or ""
        if kind == "network":
            return "(project_id = ? OR shared = 1 OR external = 1)", [project]
        if kind == "subnet":
            return ("(project_id = ? OR network_id IN (SELECT id FROM networks WHERE shared = 1"
                    " OR external = 1))", [project])
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
        return self._views(kind, [loads(r) for r in rows])

    def record(self, kind: str, caller: Caller, ident: str) -> dict[str, Any]:
        """One record the caller may see; Neutron's 404 otherwise."""
        if kind == "security_group" and caller.project_id:
            self.ensure_default_security_group(caller.project_id)
        clause, args = self._visible_clause(kind, caller)
        row = self.store.scalar(f"SELECT data FROM {TABLES[kind]} WHERE id = ? AND {clause}",
                                [ident, *args])
        if row is None:
            raise not_found(kind, ident)
        return self._views(kind, [loads(row)])[0]

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
            rules: dict[str, list[dict[str, Any]]] = {}
            ids = [item["id"] for item in items]
            marks = ",".join("?" * len(ids))
            for data in self.store.column(
                    f"SELECT data FROM security_group_rules WHERE security_group_id IN ({marks})"
                    " ORDER BY seq", ids):
                rule = loads(data)
                rules.setdefault(rule["security_group_id"], []).append(rule)
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

    # ----------------------------------------------------------------- bootstrap
    def bootstrap(self, admin_project: str, demo_project: str | None) -> None:
        """DevStack's networks: `public` (external, shared, 172.24.4.0/24) owned by admin;
        for demo a `private` network (10.0.0.0/26) and `router1` between the two."""
        with self._transaction():
            public = self.create_network(SYSTEM, {
                "name": "public", "project_id": admin_project, "shared": True,
                "router:external": True, "provider:network_type": "flat",
                "provider:physical_network": "public"})
            self.create_subnet(SYSTEM, {
                "name": "public-subnet", "project_id": admin_project,
                "network_id": public["id"], "ip_version": 4, "cidr": "172.24.4.0/24",
                "gateway_ip": "172.24.4.1", "enable_dhcp": False})
            for project in (admin_project, demo_project):
                if project:
                    self.ensure_default_security_group(project)
            if demo_project is None:
                return
            private = self.create_network(SYSTEM, {"name": "private",
                                                   "project_id": demo_project})
            private_subnet = self.create_subnet(SYSTEM, {
                "name": "private-subnet", "project_id": demo_project,
                "network_id": private["id"], "ip_version": 4, "cidr": "10.0.0.0/26",
                "gateway_ip": "10.0.0.1"})
            router = self.create_router(SYSTEM, {
                "name": "router1", "project_id": demo_project,
                "external_gateway_info": {"network_id": public["id"]}})
            self.add_router_interface(SYSTEM, router["id"], {"subnet_id": private_subnet["id"]})

    # ----------------------------------------------------------------- networks
    def create_network(self, caller: Caller, attrs: dict[str, Any]) -> dict[str, Any]:
        project_id = attrs.get("project_id") or caller.project_id or ""
        self._require_write(caller, "create_network")
        network_type = attrs.get("provider:network_type") or "geneve"
        if project_id:
            self.ensure_default_security_group(project_id)  # as Neutron, before a network
        with self._transaction() as db:
            if caller is not SYSTEM:
                self._check_quota(db, "network", project_id)
            segmentation_id = attrs.get("provider:segmentation_id")
            if segmentation_id is None and network_type in ("geneve", "vxlan", "vlan", "gre"):
                segmentation_id = self._next_segment(db, network_type)
            record = {
                "id": new_id(), "name": attrs.get("name", ""),
                "admin_state_up": attrs.get("admin_state_up", True), "status": "ACTIVE",
                "shared": attrs.get("shared", False),
                "router:external": attrs.get("router:external", False),
                "mtu": attrs.get("mtu") or (FLAT_MTU if network_type in ("flat", "vlan")
                                            else TENANT_MTU),
                "port_security_enabled": attrs.get("port_security_enabled", True),
                "availability_zone_hints": attrs.get("availability_zone_hints", []),
                "availability_zones": ["nova"],
                "ipv4_address_scope": None, "ipv6_address_scope": None,
                "provider:network_type": network_type,
                "provider:physical_network": attrs.get("provider:physical_network"),
                "provider:segmentation_id": segmentation_id,
                **standard_attrs(project_id, attrs.get("description", "")),
            }
            db.execute("INSERT INTO networks (id, project_id, shared, external, data) VALUES"
                       " (?, ?, ?, ?, ?)", (record["id"], project_id, int(record["shared"]),
                                            int(record["router:external"]), dumps(record)))
        return self._views("network", [record])[0]

    @staticmethod
    def _next_segment(db: sqlite3.Connection, network_type: str) -> int:
        used = {loads(d).get("provider:segmentation_id") for d in
                (r[0] for r in db.execute("SELECT data FROM networks"))}
        segment = 1
        while segment in used:
            segment += 1
        return segment

    def update_network(self, caller: Caller, network_id: str,
                       attrs: dict[str, Any]) -> dict[str, Any]:
        with self._transaction() as db:
            record = self.record("network", caller, network_id)
            self._owned(caller, record, "update_network")
            if attrs.get("shared") is False and record["shared"]:
                others = db.execute(
                    "SELECT COUNT(*) FROM ports WHERE network_id = ? AND project_id != ? AND"
                    " device_owner NOT IN ('network:router_gateway', 'network:floatingip')",
                    (network_id, record["project_id"])).fetchone()[0]
                if others:
                    raise conflict(f"Unable to reconfigure sharing settings for network "
                                   f"{network_id}. Multiple tenants are using it.",
                                   "InvalidSharedSetting")
            if attrs.get("router:external") is False and record["router:external"]:
                in_use = db.execute("SELECT COUNT(*) FROM ports WHERE network_id = ? AND"
                                    " device_owner IN ('network:router_gateway',"
                                    " 'network:floatingip')", (network_id,)).fetchone()[0]
                if in_use:
                    raise conflict(f"Unable to complete operation on network {network_id}. "
                                   f"There are one or more ports still in use on the network.",
                                   "NetworkInUse")
            record.pop("subnets", None)
            record.update(attrs)
            self._save(db, "network", record, shared=int(record["shared"]),
                       external=int(record["router:external"]))
        return self._views("network", [record])[0]

    def delete_network(self, caller: Caller, network_id: str) -> None:
        with self._transaction() as db:
            record = self.record("network", caller, network_id)
            self._owned(caller, record, "delete_network")
            # Neutron deletes the network's unassociated floating IPs (and their ports) with it
            for (fip_id,) in db.execute("SELECT id FROM floatingips WHERE floating_network_id = ?"
                                        " AND port_id IS NULL", (network_id,)).fetchall():
                for (port_id,) in db.execute(
                        "SELECT id FROM ports WHERE device_id = ? AND device_owner = ?",
                        (fip_id, FLOATINGIP_OWNER)).fetchall():
                    db.execute("DELETE FROM ip_allocations WHERE port_id = ?", (port_id,))
                    db.execute("DELETE FROM ports WHERE id = ?", (port_id,))
                db.execute("DELETE FROM floatingips WHERE id = ?", (fip_id,))
            busy = db.execute("SELECT COUNT(*) FROM ports WHERE network_id = ? AND device_owner"
                              " NOT LIKE 'network:dhcp%'", (network_id,)).fetchone()[0]
            if busy:
                raise conflict(f"Unable to complete operation on network {network_id}. There "
                               f"are one or more ports still in use on the network.",
                               "NetworkInUse")
            db.execute("DELETE FROM ip_allocations WHERE network_id = ?", (network_id,))
            db.execute("DELETE FROM subnets WHERE network_id = ?", (network_id,))
            db.execute("DELETE FROM networks WHERE id = ?", (network_id,))

    # ----------------------------------------------------------------- subnets
    def create_subnet(self, caller: Caller, attrs: dict[str, Any]) -> dict[str, Any]:
        self._require_write(caller, "create_subnet")
        with self._transaction() as db:
            network = self.record("network", caller, attrs["network_id"])
            if not caller.is_admin and network["project_id"] != caller.project_id:
                raise policy_denied("rule:create_subnet")
            project_id = attrs.get("project_id") or caller.project_id or network["project_id"]
            if caller is not SYSTEM:
                self._check_quota(db, "subnet", project_id)
            cidr = ipam.parse_cidr(attrs["cidr"])
            ip_version = attrs["ip_version"]
            ipam.validate_cidr_version(cidr, ip_version)
            ra_mode, address_mode = attrs.get("ipv6_ra_mode"), attrs.get("ipv6_address_mode")
            self._check_ipv6_modes(cidr, ip_version, ra_mode, address_mode,
                                   attrs.get("enable_dhcp", True))
            for other in db.execute("SELECT data FROM subnets WHERE network_id = ?",
                                    (network["id"],)):
                existing = ipaddress.ip_network(loads(other[0])["cidr"])
                if existing.version == cidr.version and existing.overlaps(cidr):
                    raise invalid_input(f"Requested subnet with cidr: {cidr} for network: "
                                        f"{network['id']} overlaps with another subnet.")
            if "gateway_ip" in attrs:
                gateway = attrs["gateway_ip"]
                if gateway is not None:
                    ipam.validate_gateway(cidr, gateway)
                    gateway = str(ipaddress.ip_address(gateway))
            else:
                gateway = ipam.default_gateway(cidr)
            if attrs.get("allocation_pools") is not None:
                pools = ipam.validate_pools(cidr, attrs["allocation_pools"], gateway)
            else:
                pools = ipam.default_pools(cidr, gateway)
            self._check_host_routes(attrs.get("host_routes", []), cidr.version)
            record = {
                "id": new_id(), "name": attrs.get("name", ""), "network_id": network["id"],
                "ip_version": ip_version, "cidr": str(cidr), "gateway_ip": gateway,
                "allocation_pools": pools, "enable_dhcp": attrs.get("enable_dhcp", True),
                "dns_nameservers": attrs.get("dns_nameservers", []),
                "host_routes": attrs.get("host_routes", []),
                "ipv6_ra_mode": ra_mode, "ipv6_address_mode": address_mode,
                "service_types": attrs.get("service_types", []),
                "subnetpool_id": None, "segment_id": None,
                "dns_publish_fixed_ip": attrs.get("dns_publish_fixed_ip", False),
                **standard_attrs(project_id, attrs.get("description", "")),
            }
            db.execute("INSERT INTO subnets (id, project_id, network_id, data) VALUES"
                       " (?, ?, ?, ?)", (record["id"], project_id, network["id"],
                                         dumps(record)))
            self._bump(db, "network", network["id"])
        return self._views("subnet", [record])[0]

    @staticmethod
    def _check_ipv6_modes(cidr: ipam.Network, ip_version: int, ra_mode: str | None,
                          address_mode: str | None, enable_dhcp: bool) -> None:
        if ip_version == 4:
            for name, value in (("ipv6_ra_mode", ra_mode), ("ipv6_address_mode", address_mode)):
                if value is not None:
                    raise invalid_input(f"{name} is not valid when ip_version is 4")
            return
        if ra_mode and address_mode and ra_mode != address_mode:
            raise invalid_input(f"ipv6_ra_mode set to '{ra_mode}' with ipv6_address_mode set "
                                f"to '{address_mode}' is not valid. If both attributes are "
                                f"set, they must be the same value")
        if (ra_mode or address_mode) and not enable_dhcp:
            raise invalid_input("ipv6_ra_mode or ipv6_address_mode cannot be set when "
                                "enable_dhcp is set to False.")
        if (address_mode or ra_mode) in ipam.SLAAC_MODES and cidr.prefixlen != 64:
            raise invalid_input(f"Invalid CIDR {cidr} for IPv6 address mode. OpenStack uses "
                                f"the EUI-64 address format, which requires the prefix to be "
                                f"/64")

    @staticmethod
    def _check_host_routes(routes: list[dict[str, str]], version: int) -> None:
        for route in routes:
            destination = ipam.parse_cidr(route["destination"])
            nexthop = ipam.parse_address(route["nexthop"], "host_routes")
            if destination.version != version or nexthop.version != version:
                raise invalid_input(f"Host route {route} does not match the subnet's IP "
                                    f"version {version}.")

    def update_subnet(self, caller: Caller, subnet_id: str,
                      attrs: dict[str, Any]) -> dict[str, Any]:
        with self._transaction() as db:
            record = self.record("subnet", caller, subnet_id)
            self._owned(caller, record, "update_subnet")
            cidr = ipaddress.ip_network(record["cidr"])
            gateway = attrs.get("gateway_ip", record["gateway_ip"])
            if "gateway_ip" in attrs and gateway is not None:
                ipam.validate_gateway(cidr, gateway)
                gateway = str(ipaddress.ip_address(gateway))
                attrs["gateway_ip"] = gateway
                holder = db.execute("SELECT port_id FROM ip_allocations WHERE subnet_id = ? AND"
                                    " ip_address = ?", (subnet_id, gateway)).fetchone()
                if holder and gateway != record["gateway_ip"]:
                    raise conflict(f"IP address {gateway} already allocated in subnet "
                                   f"{subnet_id}", "IpAddressAlreadyAllocated")
            if "allocation_pools" in attrs:
                attrs["allocation_pools"] = ipam.validate_pools(cidr, attrs["allocation_pools"],
                                                                gateway)
            elif "gateway_ip" in attrs and gateway is not None:
                for pool in record["allocation_pools"]:
                    if ipam.in_pools(ipaddress.ip_address(gateway), [pool]):
                        raise conflict(f"Gateway ip {gateway} conflicts with allocation pool "
                                       f"{pool['start']}-{pool['end']}",
                                       "GatewayConflictWithAllocationPools")
            if "host_routes" in attrs:
                self._check_host_routes(attrs["host_routes"], cidr.version)
            if attrs.get("enable_dhcp") is False and (record["ipv6_ra_mode"]
                                                      or record["ipv6_address_mode"]):
                raise invalid_input("ipv6_ra_mode or ipv6_address_mode cannot be set when "
                                    "enable_dhcp is set to False.")
            record.pop("router:external", None)
            record.update(attrs)
            self._save(db, "subnet", record)
        return self._views("subnet", [record])[0]

    def delete_subnet(self, caller: Caller, subnet_id: str) -> None:
        with self._transaction() as db:
            record = self.record("subnet", caller, subnet_id)
            self._owned(caller, record, "delete_subnet")
            if self._is_slaac(record):
                # Neutron takes an auto-address subnet's addresses back from the ports (not
                # from router interfaces) and deletes it
                for (port_id,) in db.execute(
                        "SELECT port_id FROM ip_allocations WHERE subnet_id = ?",
                        (subnet_id,)).fetchall():
                    port = self._load(db, "port", port_id)
                    if port is None or port["device_owner"].startswith(
                            "network:router_interface"):
                        continue
                    port["fixed_ips"] = [ip for ip in port["fixed_ips"]
                                         if ip["subnet_id"] != subnet_id]
                    db.execute("DELETE FROM ip_allocations WHERE port_id = ? AND subnet_id = ?",
                               (port_id, subnet_id))
                    self._save(db, "port", port)
            used = db.execute("SELECT COUNT(*) FROM ip_allocations WHERE subnet_id = ?",
                              (subnet_id,)).fetchone()[0]
            if used:
                raise conflict(f"Unable to complete operation on subnet {subnet_id}: One or "
                               f"more ports have an IP allocation from this subnet.",
                               "SubnetInUse")
            db.execute("DELETE FROM subnets WHERE id = ?", (subnet_id,))
            self._bump(db, "network", record["network_id"])

    # ----------------------------------------------------------------- ports
    def create_port(self, caller: Caller, attrs: dict[str, Any],
                    nova: dict[str, Any] | None = None) -> dict[str, Any]:
        """A port on a network: its MAC, its fixed IPs from the subnets' pools (or as asked),
        its security groups (the project's default unless told)."""
        self._require_write(caller, "create_port")
        with self._transaction() as db:
            network = self.record("network", caller, attrs["network_id"])
            if not (caller.is_admin or network["shared"]
                    or network["project_id"] == caller.project_id):
                raise policy_denied("rule:create_port")
            project_id = attrs.get("project_id")
            if project_id is None:
                project_id = caller.project_id or network["project_id"]
            if project_id:
                self._check_quota(db, "port", project_id)
            owner = attrs.get("device_owner", "")
            port_security = attrs.get("port_security_enabled",
                                      network["port_security_enabled"])
            record: dict[str, Any] = {
                "id": new_id(), "name": attrs.get("name", ""), "network_id": network["id"],
                "admin_state_up": attrs.get("admin_state_up", True),
                "mac_address": "", "fixed_ips": [],
                "device_id": attrs.get("device_id", ""), "device_owner": owner,
                "allowed_address_pairs": [], "extra_dhcp_opts": attrs.get("extra_dhcp_opts", []),
                "port_security_enabled": port_security, "security_groups": [],
                "ip_allocation": "immediate",
                "binding:host_id": attrs.get("binding:host_id", ""),
                "binding:profile": attrs.get("binding:profile", {}),
                "binding:vnic_type": attrs.get("binding:vnic_type", "normal"),
                "binding:vif_type": "unbound", "binding:vif_details": {},
                "status": "DOWN",
                **standard_attrs(project_id, attrs.get("description", "")),
            }
            mac = attrs.get("mac_address")
            if mac is not None:
                if db.execute("SELECT 1 FROM ports WHERE network_id = ? AND mac_address = ?",
                              (network["id"], mac)).fetchone():
                    raise conflict(f"Unable to complete operation for network {network['id']}."
                                   f" The mac address {mac} is in use.", "MacAddressInUse")
            else:
                mac = new_mac()
                while db.execute("SELECT 1 FROM ports WHERE network_id = ? AND mac_address = ?",
                                 (network["id"], mac)).fetchone():
                    mac = new_mac()
            record["mac_address"] = mac
            record["fixed_ips"] = self._allocate(db, network, record, attrs.get("fixed_ips"))
            if "security_groups" in attrs:
                groups = attrs["security_groups"]
            elif port_security and not owner.startswith("network:") and project_id:
                groups = [self.ensure_default_security_group(project_id)]
            else:
                groups = []
            record["security_groups"] = self._check_port_groups(caller, project_id, groups,
                                                                port_security, record)
            pairs = attrs.get("allowed_address_pairs", [])
            if pairs and not port_security:
                raise conflict("Port Security must be enabled in order to have allowed "
                               "address pairs on a port.", "AddressPairAndPortSecurityRequired")
            record["allowed_address_pairs"] = [
                {"ip_address": p["ip_address"], "mac_address": p.get("mac_address") or mac}
                for p in pairs]
            self._bind(record)
            nova = nova or {}
            db.execute(
                "INSERT INTO ports (id, project_id, network_id, device_id, device_owner,"
                " mac_address, nova_created, nova_tag, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (record["id"], project_id, network["id"], record["device_id"], owner, mac,
                 int(bool(nova.get("created"))), nova.get("tag"), dumps(record)))
            self._write_allocations(db, record)
        return record

    def _check_port_groups(self, caller: Caller, project_id: str, groups: list[str],
                           port_security: bool, port: dict[str, Any]) -> list[str]:
        if groups and not port_security:
            raise bad_request("Port security must be enabled and port must have an IP "
                              "address in order to use security groups.",
                              "PortSecurityAndIPRequiredForSecurityGroups")
        checked = []
        for group in groups:
            found = self.store.scalar("SELECT project_id FROM security_groups WHERE id = ?",
                                      (group,))
            if found is None or (not caller.is_admin and found != project_id):
                raise not_found("security_group", group)
            if group not in checked:
                checked.append(group)
        return checked

    @staticmethod
    def _bind(record: dict[str, Any]) -> None:
        """Binding and status: a port is ACTIVE once bound to a host (servers' ports) or
        plugged into a router."""
        host = record.get("binding:host_id") or ""
        owner = record.get("device_owner") or ""
        bound = bool(host) or owner in ROUTER_OWNERS
        if bound:
            record["binding:vif_type"] = "ovs"
            record["binding:vif_details"] = {"port_filter": True, "connectivity": "l2",
                                             "bridge_name": "br-int", "datapath_type": "system"}
        else:
            record["binding:vif_type"] = "unbound"
            record["binding:vif_details"] = {}
        up = record.get("admin_state_up", True)
        record["status"] = "ACTIVE" if bound and up and owner != FLOATINGIP_OWNER else "DOWN"

    def _subnets_of(self, db: sqlite3.Connection, network_id: str) -> list[dict[str, Any]]:
        return [loads(r[0]) for r in db.execute(
            "SELECT data FROM subnets WHERE network_id = ? ORDER BY seq", (network_id,))]

    def _allocate(self, db: sqlite3.Connection, network: dict[str, Any], port: dict[str, Any],
                  requested: list[dict[str, Any]] | None,
                  creating: bool = True) -> list[dict[str, str]]:
        """The fixed IPs of a new port: those asked for (an address, or a subnet to pick from)
        or, by default, one address from the first IPv4 and IPv6 subnets with room (and the
        SLAAC address on every SLAAC subnet)."""
        subnets = self._subnets_of(db, network["id"])
        by_id = {s["id"]: s for s in subnets}
        ips: list[dict[str, str]] = []
        if requested is None:
            done_versions: set[int] = set()
            for subnet in subnets:
                if self._is_slaac(subnet):
                    ips.append({"subnet_id": subnet["id"],
                                "ip_address": ipam.eui64(ipaddress.ip_network(subnet["cidr"]),
                                                         port["mac_address"])})
                    continue
                if subnet["ip_version"] in done_versions:
                    continue
                address = self._next_free(db, subnet)
                if address is not None:
                    ips.append({"subnet_id": subnet["id"], "ip_address": address})
                    done_versions.add(subnet["ip_version"])
            if subnets and not ips:
                raise conflict(f"No more IP addresses available on network {network['id']}.",
                               "IpAddressGenerationFailure")
            return ips
        for entry in requested:
            subnet_id, address = entry.get("subnet_id"), entry.get("ip_address")
            subnet = None
            if subnet_id is not None:
                subnet = by_id.get(subnet_id)
                if subnet is None:
                    if db.execute("SELECT 1 FROM subnets WHERE id = ?",
                                  (subnet_id,)).fetchone() is None:
                        raise not_found("subnet", subnet_id)
                    raise invalid_input(f"Failed to create port on network {network['id']}, "
                                        f"because fixed_ips included invalid subnet "
                                        f"{subnet_id}.")
            if address is not None:
                ip = ipam.parse_address(address, "fixed_ips")
                if subnet is not None:
                    if ip not in ipaddress.ip_network(subnet["cidr"]):
                        raise bad_request(f"IP address {address} is not a valid IP for the "
                                          f"specified subnet.", "InvalidIpForSubnet")
                else:
                    subnet = next((s for s in subnets
                                   if ip in ipaddress.ip_network(s["cidr"])), None)
                    if subnet is None:
                        raise bad_request(f"IP address {address} is not a valid IP for any of "
                                          f"the subnets on the specified network.",
                                          "InvalidIpForNetwork")
                address = str(ip)
                if address == subnet["gateway_ip"] and port["device_owner"] not in ROUTER_OWNERS:
                    raise conflict(f"IP address {address} already allocated in subnet "
                                   f"{subnet['id']}", "IpAddressAlreadyAllocated")
            else:
                assert subnet is not None
                if self._is_slaac(subnet):
                    address = ipam.eui64(ipaddress.ip_network(subnet["cidr"]),
                                         port["mac_address"])
                else:
                    address = self._next_free(db, subnet,
                                              {i["ip_address"] for i in ips
                                               if i["subnet_id"] == subnet["id"]})
                    if address is None:
                        raise conflict(f"No more IP addresses available on network "
                                       f"{network['id']}.", "IpAddressGenerationFailure")
            if any(i["subnet_id"] == subnet["id"] and i["ip_address"] == address for i in ips):
                raise bad_request(f"Duplicate IP address '{address}'", "HTTPBadRequest")
            ips.append({"subnet_id": subnet["id"], "ip_address": address})
        if creating and port["device_owner"] not in ROUTER_OWNERS:
            # a new port gets its SLAAC address on every SLAAC subnet, asked for or not
            given = {i["subnet_id"] for i in ips}
            for subnet in subnets:
                if self._is_slaac(subnet) and subnet["id"] not in given:
                    ips.append({"subnet_id": subnet["id"], "ip_address": ipam.eui64(
                        ipaddress.ip_network(subnet["cidr"]), port["mac_address"])})
        return ips

    @staticmethod
    def _is_slaac(subnet: dict[str, Any]) -> bool:
        return subnet["ip_version"] == 6 and (subnet.get("ipv6_address_mode")
                                              in ipam.SLAAC_MODES)

    @staticmethod
    def _next_free(db: sqlite3.Connection, subnet: dict[str, Any],
                   also_taken: set[str] | None = None) -> str | None:
        used = {r[0] for r in db.execute("SELECT ip_address FROM ip_allocations WHERE"
                                         " subnet_id = ?", (subnet["id"],))}
        if subnet["gateway_ip"]:
            used.add(subnet["gateway_ip"])
        return ipam.next_free(subnet["allocation_pools"], used | (also_taken or set()))

    @staticmethod
    def _write_allocations(db: sqlite3.Connection, port: dict[str, Any]) -> None:
        """Record the port's fixed IPs; the primary key refuses an address already taken."""
        db.execute("DELETE FROM ip_allocations WHERE port_id = ?", (port["id"],))
        for ip in port["fixed_ips"]:
            try:
                db.execute("INSERT INTO ip_allocations (subnet_id, ip_address, port_id,"
                           " network_id) VALUES (?, ?, ?, ?)",
                           (ip["subnet_id"], ip["ip_address"], port["id"], port["network_id"]))
            except sqlite3.IntegrityError:
                raise conflict(f"IP address {ip['ip_address']} already allocated in subnet "
                               f"{ip['subnet_id']}", "IpAddressAlreadyAllocated") from None

    def update_port(self, caller: Caller, port_id: str, attrs: dict[str, Any]) -> dict[str, Any]:
        with self._transaction() as db:
            record = self.record("port", caller, port_id)
            self._owned(caller, record, "update_port")
            return self._update_port(db, caller, record, attrs)

    def _update_port(self, db: sqlite3.Connection, caller: Caller, record: dict[str, Any],
                     attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = dict(attrs)
        if "mac_address" in attrs and attrs["mac_address"] != record["mac_address"]:
            if record["binding:host_id"]:
                raise conflict(f"Unable to complete operation on port {record['id']}, port is "
                               f"already bound, port type: ovs, old_mac "
                               f"{record['mac_address']}, new_mac {attrs['mac_address']}.",
                               "PortBound")
            if db.execute("SELECT 1 FROM ports WHERE network_id = ? AND mac_address = ?",
                          (record["network_id"], attrs["mac_address"])).fetchone():
                raise conflict(f"Unable to complete operation for network "
                               f"{record['network_id']}. The mac address "
                               f"{attrs['mac_address']} is in use.", "MacAddressInUse")
        if "fixed_ips" in attrs:
            network = self._load(db, "network", record["network_id"])
            assert network is not None
            keep = [ip for ip in record["fixed_ips"] if ip in attrs["fixed_ips"]]
            wanted = [ip for ip in attrs["fixed_ips"]
                      if not ({"subnet_id", "ip_address"} <= set(ip) and ip in keep)]
            taken = {i["ip_address"] for i in keep}
            db.execute("DELETE FROM ip_allocations WHERE port_id = ?", (record["id"],))
            new = self._allocate(db, network, record, wanted, creating=False) if wanted else []
            record["fixed_ips"] = keep + [ip for ip in new if ip["ip_address"] not in taken]
            self._write_allocations(db, record)
            attrs.pop("fixed_ips")
        port_security = attrs.get("port_security_enabled", record["port_security_enabled"])
        if "security_groups" in attrs:
            attrs["security_groups"] = self._check_port_groups(
                caller, record["project_id"], attrs["security_groups"], port_security, record)
        elif not port_security and record["security_groups"]:
            raise conflict("Port has security group associated. Cannot disable port security "
                           "or ip address until security group is removed",
                           "PortSecurityPortHasSecurityGroup")
        if "allowed_address_pairs" in attrs:
            if attrs["allowed_address_pairs"] and not port_security:
                raise conflict("Port Security must be enabled in order to have allowed "
                               "address pairs on a port.", "AddressPairAndPortSecurityRequired")
            mac = attrs.get("mac_address", record["mac_address"])
            attrs["allowed_address_pairs"] = [
                {"ip_address": p["ip_address"], "mac_address": p.get("mac_address") or mac}
                for p in attrs["allowed_address_pairs"]]
        elif not port_security and record["allowed_address_pairs"]:
            raise conflict("Port Security must be enabled in order to have allowed address "
                           "pairs on a port.", "AddressPairAndPortSecurityRequired")
        record.update(attrs)
        self._bind(record)
        self._save(db, "port", record, device_id=record["device_id"],
                   device_owner=record["device_owner"], mac_address=record["mac_address"])
        return record

    def delete_port(self, caller: Caller, port_id: str) -> None:
        with self._transaction() as db:
            record = self.record("port", caller, port_id)
            self._owned(caller, record, "delete_port")
            owner = record["device_owner"]
            if owner in SERVICE_OWNERS and record["device_id"] and (
                    db.execute("SELECT 1 FROM routers WHERE id = ? UNION SELECT 1 FROM"
                               " floatingips WHERE id = ?",
                               (record["device_id"], record["device_id"])).fetchone()):
                raise conflict(f"Port {port_id} cannot be deleted directly via the port API: "
                               f"has device owner {owner}.", "ServicePortInUse")
            self._delete_port(db, port_id)

    def _delete_port(self, db: sqlite3.Connection, port_id: str) -> None:
        """Remove a port, its addresses, and the floating IPs' association with it."""
        for data in [r[0] for r in db.execute("SELECT data FROM floatingips WHERE port_id = ?",
                                              (port_id,))]:
            self._disassociate(db, loads(data))
        db.execute("DELETE FROM ip_allocations WHERE port_id = ?", (port_id,))
        db.execute("DELETE FROM ports WHERE id = ?", (port_id,))

    # ----------------------------------------------------------------- routers
    def create_router(self, caller: Caller, attrs: dict[str, Any]) -> dict[str, Any]:
        self._require_write(caller, "create_router")
        project_id = attrs.get("project_id") or caller.project_id or ""
        with self._transaction() as db:
            if caller is not SYSTEM:
                self._check_quota(db, "router", project_id)
            record = {
                "id": new_id(), "name": attrs.get("name", ""),
                "admin_state_up": attrs.get("admin_state_up", True), "status": "ACTIVE",
                "external_gateway_info": None, "routes": [],
                "distributed": attrs.get("distributed", False), "ha": attrs.get("ha", False),
                "availability_zone_hints": attrs.get("availability_zone_hints", []),
                "availability_zones": ["nova"], "flavor_id": attrs.get("flavor_id"),
                **standard_attrs(project_id, attrs.get("description", "")),
            }
            db.execute("INSERT INTO routers (id, project_id, data) VALUES (?, ?, ?)",
                       (record["id"], project_id, dumps(record)))
            if attrs.get("external_gateway_info"):
                self._set_gateway(db, caller, record, attrs["external_gateway_info"])
                self._save(db, "router", record, bump=False)
        return record

    def _set_gateway(self, db: sqlite3.Connection, caller: Caller, router: dict[str, Any],
                     info: dict[str, Any]) -> None:
        """Replace the router's external gateway: a `network:router_gateway` port on the
        external network, with the requested or the next free addresses."""
        current = router.get("external_gateway_info")
        if not info:
            if current:
                self._check_gateway_unused(db, router, current["network_id"])
                self._remove_gateway_port(db, router["id"])
            router["external_gateway_info"] = None
            return
        network = self.record("network", caller if caller.project_id else SYSTEM,
                              info["network_id"])
        if not network["router:external"]:
            raise bad_request(f"Bad router request: Network {network['id']} is not an "
                              f"external network.", "BadRequest")
        enable_snat = info.get("enable_snat", True)
        if current and current["network_id"] == network["id"] and (
                "external_fixed_ips" not in info):
            current["enable_snat"] = enable_snat
            return
        if current:
            if current["network_id"] != network["id"]:
                self._check_gateway_unused(db, router, current["network_id"])
            self._remove_gateway_port(db, router["id"])
        requested = info.get("external_fixed_ips")
        port = {"id": new_id(), "network_id": network["id"], "mac_address": new_mac(),
                "device_owner": ROUTER_GATEWAY, "device_id": router["id"]}
        fixed = self._allocate(db, network, port, requested or None)
        if not fixed:
            raise bad_request(f"Unable to find any IP address on external network "
                              f"{network['id']}.", "ExternalIpAddressExhausted")
        gateway_port = {
            **port, "name": "", "admin_state_up": True, "fixed_ips": fixed,
            "allowed_address_pairs": [], "extra_dhcp_opts": [], "port_security_enabled": False,
            "security_groups": [], "ip_allocation": "immediate", "binding:host_id": HOST,
            "binding:profile": {}, "binding:vnic_type": "normal",
            **standard_attrs(""),
        }
        self._bind(gateway_port)
        db.execute("INSERT INTO ports (id, project_id, network_id, device_id, device_owner,"
                   " mac_address, data) VALUES (?, '', ?, ?, ?, ?, ?)",
                   (gateway_port["id"], network["id"], router["id"], ROUTER_GATEWAY,
                    gateway_port["mac_address"], dumps(gateway_port)))
        self._write_allocations(db, gateway_port)
        router["external_gateway_info"] = {"network_id": network["id"],
                                           "enable_snat": enable_snat,
                                           "external_fixed_ips": fixed}

    def _check_gateway_unused(self, db: sqlite3.Connection, router: dict[str, Any],
                              network_id: str) -> None:
        if db.execute("SELECT 1 FROM floatingips WHERE router_id = ?",
                      (router["id"],)).fetchone():
            raise conflict(f"Gateway cannot be updated for router {router['id']}, since a "
                           f"gateway to external network {network_id} is required by one or "
                           f"more floating IPs.", "RouterExternalGatewayInUseByFloatingIp")

    @staticmethod
    def _remove_gateway_port(db: sqlite3.Connection, router_id: str) -> None:
        for port_id in [r[0] for r in db.execute(
                "SELECT id FROM ports WHERE device_id = ? AND device_owner = ?",
                (router_id, ROUTER_GATEWAY))]:
            db.execute("DELETE FROM ip_allocations WHERE port_id = ?", (port_id,))
            db.execute("DELETE FROM ports WHERE id = ?", (port_id,))

    def update_router(self, caller: Caller, router_id: str,
                      attrs: dict[str, Any]) -> dict[str, Any]:
        with self._transaction() as db:
            record = self.record("router", caller, router_id)
            self._owned(caller, record, "update_router")
            attrs = dict(attrs)
            if "external_gateway_info" in attrs:
                self._set_gateway(db, caller, record, attrs.pop("external_gateway_info"))
            if "routes" in attrs:
                self._check_routes(db, record, attrs["routes"])
            record.update(attrs)
            self._save(db, "router", record)
        return record

    def _check_routes(self, db: sqlite3.Connection, router: dict[str, Any],
                      routes: list[dict[str, str]]) -> None:
        cidrs = [ipaddress.ip_network(loads(r[0])["cidr"]) for r in db.execute(
            "SELECT s.data FROM subnets s JOIN ip_allocations a ON a.subnet_id = s.id JOIN"
            " ports p ON p.id = a.port_id WHERE p.device_id = ? AND p.device_owner IN (?, ?)",
            (router["id"], ROUTER_INTERFACE, ROUTER_GATEWAY))]
        for route in routes:
            ipam.parse_cidr(route["destination"])
            nexthop = ipam.parse_address(route["nexthop"], "routes")
            if not any(nexthop in cidr for cidr in cidrs):
                raise bad_request(f"Invalid format for routes: {routes}, the nexthop is not "
                                  f"connected with router", "InvalidRoutes")

    def delete_router(self, caller: Caller, router_id: str) -> None:
        with self._transaction() as db:
            record = self.record("router", caller, router_id)
            self._owned(caller, record, "delete_router")
            if db.execute("SELECT 1 FROM ports WHERE device_id = ? AND device_owner != ?",
                          (router_id, ROUTER_GATEWAY)).fetchone():
                raise conflict(f"Router {router_id} still has ports", "RouterInUse")
            if record.get("external_gateway_info"):
                self._check_gateway_unused(db, record,
                                           record["external_gateway_info"]["network_id"])
            self._remove_gateway_port(db, router_id)
            db.execute("DELETE FROM routers WHERE id = ?", (router_id,))

    def _interface_info(self, router: dict[str, Any], port: dict[str, Any]) -> dict[str, Any]:
        subnet_ids = [ip["subnet_id"] for ip in port["fixed_ips"]]
        return {"id": router["id"], "network_id": port["network_id"], "port_id": port["id"],
                "subnet_id": subnet_ids[0] if subnet_ids else None, "subnet_ids": subnet_ids,
                "project_id": router["project_id"], "tenant_id": router["project_id"],
                "tags": port.get("tags", [])}

    def _router_ports(self, db: sqlite3.Connection, router_id: str) -> list[dict[str, Any]]:
        return [loads(r[0]) for r in db.execute(
            "SELECT data FROM ports WHERE device_id = ? AND device_owner = ? ORDER BY seq",
            (router_id, ROUTER_INTERFACE))]

    def add_router_interface(self, caller: Caller, router_id: str,
                             info: dict[str, Any]) -> dict[str, Any]:
        with self._transaction() as db:
            router = self.record("router", caller, router_id)
            self._owned(caller, router, "add_router_interface")
            existing = self._router_ports(db, router_id)
            attached = {ip["subnet_id"] for p in existing for ip in p["fixed_ips"]}
            if "port_id" in info:
                port = self.record("port", caller, info["port_id"])
                if port["device_id"] or port["device_owner"]:
                    raise conflict(f"Unable to complete operation on port {port['id']} for "
                                   f"network {port['network_id']}. Port already has an "
                                   f"attached device {port['device_id']}.", "PortInUse")
                if not port["fixed_ips"]:
                    raise bad_request("Bad router request: Router port must have at least one "
                                      "fixed IP.", "BadRequest")
                new_subnets = [ip["subnet_id"] for ip in port["fixed_ips"]]
            else:
                subnet = self.record("subnet", caller, info["subnet_id"])
                if not subnet["gateway_ip"]:
                    raise bad_request("Bad router request: Subnet for router interface must "
                                      "have a gateway IP.", "BadRequest")
                new_subnets = [subnet["id"]]
            for subnet_id in new_subnets:
                if subnet_id in attached:
                    raise bad_request(f"Bad router request: Router already has a port on "
                                      f"subnet {subnet_id}.", "BadRequest")
                self._check_router_overlap(db, subnet_id, attached)
            if "port_id" in info:
                port["device_id"], port["device_owner"] = router_id, ROUTER_INTERFACE
                port["security_groups"] = []
                self._bind(port)
                self._save(db, "port", port, device_id=router_id, device_owner=ROUTER_INTERFACE)
            else:
                port = self.create_port(SYSTEM, {
                    "network_id": subnet["network_id"], "project_id": router["project_id"],
                    "device_id": router_id, "device_owner": ROUTER_INTERFACE,
                    "fixed_ips": [{"subnet_id": subnet["id"],
                                   "ip_address": subnet["gateway_ip"]}],
                    "security_groups": [], "binding:host_id": HOST})
            self._bump(db, "router", router_id)
        return self._interface_info(router, port)

    @staticmethod
    def _check_router_overlap(db: sqlite3.Connection, subnet_id: str, attached: set[str]) -> None:
        new = loads(db.execute("SELECT data FROM subnets WHERE id = ?",
                               (subnet_id,)).fetchone()[0])
        new_cidr = ipaddress.ip_network(new["cidr"])
        for other_id in attached:
            row = db.execute("SELECT data FROM subnets WHERE id = ?", (other_id,)).fetchone()
            if row is None:
                continue
            other = loads(row[0])
            other_cidr = ipaddress.ip_network(other["cidr"])
            if other_cidr.version == new_cidr.version and other_cidr.overlaps(new_cidr):
                raise bad_request(f"Bad router request: Cidr {new_cidr} of subnet {subnet_id} "
                                  f"overlaps with cidr {other_cidr} of subnet {other_id}.",
                                  "BadRequest")

    def remove_router_interface(self, caller: Caller, router_id: str,
                                info: dict[str, Any]) -> dict[str, Any]:
        with self._transaction() as db:
            router = self.record("router", caller, router_id)
            self._owned(caller, router, "remove_router_interface")
            ports = self._router_ports(db, router_id)
            if "port_id" in info:
                port = next((p for p in ports if p["id"] == info["port_id"]), None)
                if port is None:
                    raise NeutronError(f"Router {router_id} does not have an interface with id "
                                       f"{info['port_id']}", "RouterInterfaceNotFound", 404)
                if "subnet_id" in info and info["subnet_id"] not in [
                        ip["subnet_id"] for ip in port["fixed_ips"]]:
                    raise NeutronError(f"Subnet {info['subnet_id']} is not associated with "
                                       f"port {port['id']}", "SubnetMismatchForPort", 400)
            else:
                self.record("subnet", caller, info["subnet_id"])
                port = next((p for p in ports
                             if info["subnet_id"] in [ip["subnet_id"] for ip in p["fixed_ips"]]),
                            None)
                if port is None:
                    raise NeutronError(f"Router {router_id} has no interface on subnet "
                                       f"{info['subnet_id']}",
                                       "RouterInterfaceNotFoundForSubnet", 404)
            for ip in port["fixed_ips"]:
                self._check_interface_unused(db, router_id, ip["subnet_id"])
            result = self._interface_info(router, port)
            self._delete_port(db, port["id"])
            self._bump(db, "router", router_id)
        return result

    def _check_interface_unused(self, db: sqlite3.Connection, router_id: str,
                                subnet_id: str) -> None:
        for data in [r[0] for r in db.execute("SELECT data FROM floatingips WHERE router_id = ?",
                                              (router_id,))]:
            fip = loads(data)
            hit = db.execute("SELECT 1 FROM ip_allocations WHERE port_id = ? AND subnet_id = ?"
                             " AND ip_address = ?",
                             (fip["port_id"], subnet_id, fip["fixed_ip_address"])).fetchone()
            if hit:
                raise conflict(f"Router interface for subnet {subnet_id} on router {router_id} "
                               f"cannot be deleted, as it is required by one or more floating "
                               f"IPs.", "RouterInterfaceInUseByFloatingIP")

    # ----------------------------------------------------------------- floating IPs
    def create_floatingip(self, caller: Caller, attrs: dict[str, Any]) -> dict[str, Any]:
        self._require_write(caller, "create_floatingip")
        project_id = attrs.get("project_id") or caller.project_id or ""
        with self._transaction() as db:
            network = self.record("network", caller, attrs["floating_network_id"])
            if not network["router:external"]:
                raise bad_request(f"Bad floatingip request: Network {network['id']} is not a "
                                  f"valid external network.", "BadRequest")
            if caller is not SYSTEM:
                self._check_quota(db, "floatingip", project_id)
            fip_id = new_id()
            requested = None
            if attrs.get("floating_ip_address"):
                requested = [{"ip_address": attrs["floating_ip_address"]}]
                if attrs.get("subnet_id"):
                    requested[0]["subnet_id"] = attrs["subnet_id"]
            elif attrs.get("subnet_id"):
                requested = [{"subnet_id": attrs["subnet_id"]}]
            port = {"id": new_id(), "network_id": network["id"], "mac_address": new_mac(),
                    "device_owner": FLOATINGIP_OWNER, "device_id": fip_id}
            try:
                fixed = self._allocate(db, network, port, requested)
            except NeutronError as err:
                if err.type != "IpAddressGenerationFailure":
                    raise
                fixed = []
            fixed = [ip for ip in fixed
                     if ipaddress.ip_address(ip["ip_address"]).version == 4][:1]
            if not fixed:
                raise bad_request(f"Unable to find any IP address on external network "
                                  f"{network['id']}.", "ExternalIpAddressExhausted")
            fip_port = {
                **port, "name": "", "admin_state_up": True, "fixed_ips": fixed,
                "allowed_address_pairs": [], "extra_dhcp_opts": [],
                "port_security_enabled": False, "security_groups": [],
                "ip_allocation": "immediate", "binding:host_id": "", "binding:profile": {},
                "binding:vnic_type": "normal", **standard_attrs(""),
            }
            self._bind(fip_port)
            db.execute("INSERT INTO ports (id, project_id, network_id, device_id, device_owner,"
                       " mac_address, data) VALUES (?, '', ?, ?, ?, ?, ?)",
                       (fip_port["id"], network["id"], fip_id, FLOATINGIP_OWNER,
                        fip_port["mac_address"], dumps(fip_port)))
            self._write_allocations(db, fip_port)
            record = {
                "id": fip_id, "floating_network_id": network["id"],
                "floating_ip_address": fixed[0]["ip_address"], "fixed_ip_address": None,
                "port_id": None, "router_id": None, "status": "DOWN",
                "port_forwardings": [],
                **standard_attrs(project_id, attrs.get("description", "")),
            }
            if attrs.get("port_id"):
                self._associate(db, caller, record, attrs["port_id"],
                                attrs.get("fixed_ip_address"))
            db.execute("INSERT INTO floatingips (id, project_id, floating_network_id, port_id,"
                       " router_id, data) VALUES (?, ?, ?, ?, ?, ?)",
                       (fip_id, project_id, network["id"], record["port_id"],
                        record["router_id"], dumps(record)))
        return self._views("floatingip", [record])[0]

    def _associate(self, db: sqlite3.Connection, caller: Caller, fip: dict[str, Any],
                   port_id: str, fixed_ip: str | None) -> None:
        """Point the floating IP at a port's fixed IPv4 address, through the router that joins
        the port's subnet to the floating IP's external network."""
        port = self.record("port", caller, port_id)
        if not caller.is_admin and port["project_id"] != fip["project_id"]:
            raise not_found("port", port_id)
        v4 = [ip for ip in port["fixed_ips"]
              if ipaddress.ip_address(ip["ip_address"]).version == 4]
        if fixed_ip is not None:
            chosen = next((ip for ip in v4 if ip["ip_address"] == fixed_ip), None)
            if chosen is None:
                raise bad_request(f"Bad floatingip request: Port {port_id} does not have fixed "
                                  f"ip {fixed_ip}.", "BadRequest")
        elif not v4:
            raise bad_request(f"Bad floatingip request: Port {port_id} does not have any fixed "
                              f"IPv4 address.", "BadRequest")
        elif len(v4) > 1:
            raise bad_request(f"Bad floatingip request: Port {port_id} has multiple fixed IPv4 "
                              f"addresses. Must provide a specific IPv4 address when assigning "
                              f"a floating IP.", "BadRequest")
        else:
            chosen = v4[0]
        external = fip["floating_network_id"]
        router_id = None
        for data in [r[0] for r in db.execute("SELECT data FROM routers ORDER BY seq")]:
            router = loads(data)
            gateway = router.get("external_gateway_info") or {}
            if gateway.get("network_id") != external:
                continue
            if any(ip["subnet_id"] == chosen["subnet_id"]
                   for p in self._router_ports(db, router["id"]) for ip in p["fixed_ips"]):
                router_id = router["id"]
                break
        if router_id is None:
            raise NeutronError(f"External network {external} is not reachable from subnet "
                               f"{chosen['subnet_id']}.  Therefore, cannot associate Port "
                               f"{port_id} with a Floating IP.",
                               "ExternalGatewayForFloatingIPNotFound", 404)
        other = db.execute("SELECT data FROM floatingips WHERE port_id = ? AND id != ? AND"
                           " floating_network_id = ?", (port_id, fip["id"], external)).fetchall()
        for row in other:
            existing = loads(row[0])
            if existing["fixed_ip_address"] == chosen["ip_address"]:
                raise conflict(f"Cannot associate floating IP {fip['floating_ip_address']} "
                               f"({fip['id']}) with port {port_id} using fixed IP "
                               f"{chosen['ip_address']}, as that fixed IP already has a "
                               f"floating IP on external network {external}.",
                               "FloatingIPPortAlreadyAssociated")
        fip.update(port_id=port_id, fixed_ip_address=chosen["ip_address"], router_id=router_id,
                   status="ACTIVE")

    def _disassociate(self, db: sqlite3.Connection, fip: dict[str, Any]) -> None:
        fip.update(port_id=None, fixed_ip_address=None, router_id=None, status="DOWN")
        fip.pop("port_details", None)
        self._save(db, "floatingip", fip, port_id=None, router_id=None)

    def update_floatingip(self, caller: Caller, fip_id: str,
                          attrs: dict[str, Any]) -> dict[str, Any]:
        with self._transaction() as db:
            record = self.record("floatingip", caller, fip_id)
            self._owned(caller, record, "update_floatingip")
            record.pop("port_details", None)
            if "description" in attrs:
                record["description"] = attrs["description"]
            if "port_id" in attrs:
                if attrs["port_id"] is None:
                    record.update(port_id=None, fixed_ip_address=None, router_id=None,
                                  status="DOWN")
                else:
                    self._associate(db, caller, record, attrs["port_id"],
                                    attrs.get("fixed_ip_address"))
            elif attrs.get("fixed_ip_address") is not None and record["port_id"]:
                self._associate(db, caller, record, record["port_id"],
                                attrs["fixed_ip_address"])
            self._save(db, "floatingip", record, port_id=record["port_id"],
                       router_id=record["router_id"])
        return self._views("floatingip", [record])[0]

    def delete_floatingip(self, caller: Caller, fip_id: str) -> None:
        with self._transaction() as db:
            record = self.record("floatingip", caller, fip_id)
            self._owned(caller, record, "delete_floatingip")
            for port_id in [r[0] for r in db.execute(
                    "SELECT id FROM ports WHERE device_id = ? AND device_owner = ?",
                    (fip_id, FLOATINGIP_OWNER))]:
                db.execute("DELETE FROM ip_allocations WHERE port_id = ?", (port_id,))
                db.execute("DELETE FROM ports WHERE id = ?", (port_id,))
            db.execute("DELETE FROM floatingips WHERE id = ?", (fip_id,))

    # ----------------------------------------------------------------- security groups
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
            for ethertype in ("IPv4", "IPv6"):
                self._insert_rule(db, project_id, {
                    "security_group_id": group["id"], "direction": "ingress",
                    "ethertype": ethertype, "remote_group_id": group["id"]}, default=True)
            return group["id"]

    def _insert_group(self, db: sqlite3.Connection, project_id: str, name: str,
                      description: str, default: bool, stateful: bool = True) -> dict[str, Any]:
        record = {"id": new_id(), "name": name, "stateful": stateful, "shared": False,
                  **standard_attrs(project_id, description)}
        db.execute("INSERT INTO security_groups (id, project_id, name, data) VALUES"
                   " (?, ?, ?, ?)", (record["id"], project_id, name, dumps(record)))
        for ethertype in ("IPv4", "IPv6"):
            self._insert_rule(db, project_id, {"security_group_id": record["id"],
                                               "direction": "egress", "ethertype": ethertype},
                              default=default)
        return record

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
            "remote_address_group_id": None, "belongs_to_default_sg": default,
            **standard_attrs(project_id, attrs.get("description", "")),
        }
        del record["tags"]
        db.execute("INSERT INTO security_group_rules (id, project_id, security_group_id, data)"
                   " VALUES (?, ?, ?, ?)", (record["id"], project_id,
                                            record["security_group_id"], dumps(record)))
        return record

    def create_security_group(self, caller: Caller, attrs: dict[str, Any]) -> dict[str, Any]:
        self._require_write(caller, "create_security_group")
        project_id = attrs.get("project_id") or caller.project_id or ""
        self.ensure_default_security_group(project_id)
        if attrs.get("name") == "default":
            raise conflict("Default security group already exists.",
                           "SecurityGroupDefaultAlreadyExists")
        with self._transaction() as db:
            self._check_quota(db, "security_group", project_id)
            self._check_quota(db, "security_group_rule", project_id, 2)
            group = self._insert_group(db, project_id, attrs.get("name", ""),
                                       attrs.get("description", ""), False,
                                       attrs.get("stateful", True))
        return self._views("security_group", [group])[0]

    def update_security_group(self, caller: Caller, group_id: str,
                              attrs: dict[str, Any]) -> dict[str, Any]:
        with self._transaction() as db:
            record = self.record("security_group", caller, group_id)
            self._owned(caller, record, "update_security_group")
            if record["name"] == "default" and attrs.get("name", "default") != "default":
                raise conflict("Updating default security group not allowed.",
                               "SecurityGroupCannotUpdateDefault")
            if attrs.get("name") == "default" and record["name"] != "default":
                raise conflict("Default security group already exists.",
                               "SecurityGroupDefaultAlreadyExists")
            record.pop("security_group_rules", None)
            record.update(attrs)
            self._save(db, "security_group", record, name=record["name"])
        return self._views("security_group", [record])[0]

    def delete_security_group(self, caller: Caller, group_id: str) -> None:
        with self._transaction() as db:
            record = self.record("security_group", caller, group_id)
            self._owned(caller, record, "delete_security_group")
            is_default = db.execute("SELECT 1 FROM default_security_groups WHERE"
                                    " security_group_id = ?", (group_id,)).fetchone()
            if is_default and not caller.is_admin:
                raise conflict("Removing default security group not allowed.",
                               "SecurityGroupCannotRemoveDefault")
            in_use = db.execute(
                "SELECT 1 FROM ports WHERE EXISTS (SELECT 1 FROM json_each(ports.data,"
                " '$.security_groups') WHERE value = ?) LIMIT 1", (group_id,)).fetchone()
            if in_use:
                raise conflict(f"Security Group {group_id} in use.", "SecurityGroupInUse")
            db.execute("DELETE FROM security_group_rules WHERE security_group_id = ? OR"
                       " json_extract(data, '$.remote_group_id') = ?", (group_id, group_id))
            db.execute("DELETE FROM default_security_groups WHERE security_group_id = ?",
                       (group_id,))
            db.execute("DELETE FROM security_groups WHERE id = ?", (group_id,))

    def create_security_group_rule(self, caller: Caller,
                                   attrs: dict[str, Any]) -> dict[str, Any]:
        """A rule, checked as Neutron checks it (see attributes.py for the per-field checks);
        409 SecurityGroupRuleExists for a duplicate."""
        self._require_write(caller, "create_security_group_rule")
        with self._transaction() as db:
            group = self.record("security_group", caller, attrs["security_group_id"])
            if not caller.is_admin and group["project_id"] != caller.project_id:
                raise policy_denied("rule:create_security_group_rule")
            if attrs.get("remote_group_id"):
                self.record("security_group", caller, attrs["remote_group_id"])
            project_id = group["project_id"]
            self._check_quota(db, "security_group_rule", project_id)
            key = _rule_key(attrs)
            for data in [r[0] for r in db.execute(
                    "SELECT data FROM security_group_rules WHERE security_group_id = ?",
                    (group["id"],))]:
                existing = loads(data)
                if _rule_key(existing) == key:
                    raise conflict(f"Security group rule already exists. Rule id is "
                                   f"{existing['id']}.", "SecurityGroupRuleExists")
            rule = self._insert_rule(db, project_id, attrs)
            self._bump(db, "security_group", group["id"])
        return rule

    def update_security_group_rule(self, caller: Caller, rule_id: str,
                                   attrs: dict[str, Any]) -> dict[str, Any]:
        with self._transaction() as db:
            record = self.record("security_group_rule", caller, rule_id)
            self._owned(caller, record, "update_security_group_rule")
            record.update(attrs)
            self._save(db, "security_group_rule", record)
        return record

    def delete_security_group_rule(self, caller: Caller, rule_id: str) -> None:
        with self._transaction() as db:
            record = self.record("security_group_rule", caller, rule_id)
            self._owned(caller, record, "delete_security_group_rule")
            db.execute("DELETE FROM security_group_rules WHERE id = ?", (rule_id,))
            self._bump(db, "security_group", record["security_group_id"])

    # ----------------------------------------------------------------- quotas
    def quota(self, project_id: str) -> dict[str, int]:
        limits = dict(QUOTA_DEFAULTS)
        for row in self.store.query("SELECT resource, hard_limit FROM network_quotas WHERE"
                                    " project_id = ?", (project_id,)):
            limits[row["resource"]] = row["hard_limit"]
        return limits

    def quota_details(self, project_id: str) -> dict[str, dict[str, int]]:
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

    def quota_projects(self) -> list[str]:
        return self.store.column("SELECT DISTINCT project_id FROM network_quotas ORDER BY"
                                 " project_id")

    def set_quota(self, project_id: str, limits: dict[str, int]) -> dict[str, int]:
        with self._transaction() as db:
            for resource, limit in limits.items():
                db.execute("INSERT OR REPLACE INTO network_quotas (project_id, resource,"
                           " hard_limit) VALUES (?, ?, ?)", (project_id, resource, limit))
        return self.quota(project_id)

    def reset_quota(self, project_id: str) -> None:
        self.store.execute("DELETE FROM network_quotas WHERE project_id = ?", (project_id,))

    # ----------------------------------------------------------------- tags
    def set_tags(self, caller: Caller, kind: str, ident: str, tags: list[str]) -> list[str]:
        """Replace a resource's tags (kept in order of first appearance, without repeats)."""
        with self._transaction() as db:
            record = self.record(kind, caller, ident)
            self._owned(caller, record, f"update_{kind}_tags")
            stored = self._load(db, kind, ident)
            assert stored is not None
            stored["tags"] = list(dict.fromkeys(tags))
            self._save(db, kind, stored)
            return stored["tags"]

    # ----------------------------------------------------------------- compute's calls
    def _project_caller(self, project_id: str) -> Caller:
        return Caller(project_id, False, True)

    def ports_for_server(self, project_id: str, server_id: str, requested: Any,
                         security_groups: list[str] | None) -> None:
        """Create or bind the ports of a new server from Nova's `networks` value (`auto`,
        `none`, or a list of `{"uuid"|"port"|"fixed_ip"|"tag"}`)."""
        if requested == "none":
            return
        caller = self._project_caller(project_id)
        with self._transaction() as db:
            groups = self._nova_groups(project_id, security_groups or ["default"])
            entries = requested if isinstance(requested, list) else None
            if entries is None:
                network = self._auto_network(project_id)
                entries = [] if network is None else [{"uuid": network}]
            for entry in entries:
                if entry.get("port"):
                    self._bind_user_port(db, caller, server_id, entry["port"], entry.get("tag"))
                    continue
                self._nova_port(caller, server_id, entry["uuid"], entry.get("fixed_ip"),
                                groups, entry.get("tag"), boot=True)

    def _auto_network(self, project_id: str) -> str | None:
        """Nova's choice for `auto`: the project's only network, else the only shared one."""
        own = self.store.column("SELECT id FROM networks WHERE project_id = ? AND shared = 0"
                                " AND json_extract(data, '$.admin_state_up') ORDER BY seq",
                                (project_id,))
        candidates = own or self.store.column("SELECT id FROM networks WHERE shared = 1"
                                              " ORDER BY seq")
        if len(candidates) > 1:
            raise Conflict("Multiple possible networks found, use a Network ID to be more "
                           "specific.")
        return candidates[0] if candidates else None

    def _nova_groups(self, project_id: str, names: list[str]) -> list[str]:
        default = self.ensure_default_security_group(project_id)
        ids = []
        for name in names:
            if name == "default":
                ids.append(default)
                continue
            found = self.store.column("SELECT id FROM security_groups WHERE project_id = ? AND"
                                      " (id = ? OR name = ?)", (project_id, name, name))
            if not found:
                raise BadRequest(f"Security group {name} not found.")
            if len(found) > 1:
                raise Conflict(f"Multiple security_group matches found for name '{name}', use "
                               f"an ID to be more specific.")
            ids.append(found[0])
        return list(dict.fromkeys(ids))

    def _nova_port(self, caller: Caller, server_id: str, network_id: str,
                   fixed_ip: str | None, groups: list[str], tag: str | None,
                   boot: bool) -> dict[str, Any]:
        missing = BadRequest if boot else NotFound
        network = self.store.scalar("SELECT data FROM networks WHERE id = ?", (network_id,))
        net = loads(network) if network else None
        if net is None or not (net["shared"] or net["project_id"] == caller.project_id):
            raise missing(f"Network {network_id} could not be found.")
        if boot and not self.store.scalar("SELECT 1 FROM subnets WHERE network_id = ?",
                                          (network_id,)):
            raise BadRequest(f"Network {network_id} requires a subnet in order to boot "
                             f"instances on.")
        attrs: dict[str, Any] = {
            "network_id": network_id, "device_id": server_id, "device_owner": COMPUTE_OWNER,
            "binding:host_id": HOST, "project_id": caller.project_id}
        if net["port_security_enabled"]:
            attrs["security_groups"] = groups
        if fixed_ip is not None:
            attrs["fixed_ips"] = [{"ip_address": fixed_ip}]
        try:
            return self.create_port(SYSTEM, attrs, nova={"created": True, "tag": tag})
        except NeutronError as err:
            if err.type == "IpAddressAlreadyAllocated":
                raise Conflict(f"Fixed IP address {fixed_ip} is already in use on instance "
                               f"{server_id}.") from None
            if err.type == "IpAddressGenerationFailure":
                raise BadRequest(f"No fixed IP addresses available for network: "
                                 f"{network_id}") from None
            if err.type == "OverQuota":
                raise Conflict("Maximum number of ports exceeded") from None
            if err.status == 400:
                raise BadRequest(f"Invalid fixed IP address ({fixed_ip})") from None
            raise

    def _bind_user_port(self, db: sqlite3.Connection, caller: Caller, server_id: str,
                        port_id: str, tag: str | None, boot: bool = True) -> dict[str, Any]:
        row = db.execute("SELECT project_id, data FROM ports WHERE id = ?",
                         (port_id,)).fetchone()
        if row is None or row[0] != caller.project_id:
            raise (BadRequest if boot else NotFound)(f"Port id {port_id} could not be found.")
        port = loads(row[1])
        if port["device_id"]:
            raise Conflict(f"Port {port_id} is still in use.")
        port.update({"device_id": server_id, "device_owner": COMPUTE_OWNER,
                     "binding:host_id": HOST})
        self._bind(port)
        self._save(db, "port", port, device_id=server_id, device_owner=COMPUTE_OWNER)
        db.execute("UPDATE ports SET nova_created = 0, nova_tag = ? WHERE id = ?",
                   (tag, port_id))
        return port

    def release_server_ports(self, server_id: str) -> None:
        """A server is gone: delete the ports Nova made for it, unbind the user's own."""
        with self._transaction() as db:
            rows = db.execute("SELECT id, nova_created, data FROM ports WHERE device_id = ? AND"
                              " device_owner LIKE 'compute:%'", (server_id,)).fetchall()
            for port_id, created, data in rows:
                if created:
                    self._delete_port(db, port_id)
                    continue
                self._unbind(db, loads(data))

    def _unbind(self, db: sqlite3.Connection, port: dict[str, Any]) -> None:
        port.update({"device_id": "", "device_owner": "", "binding:host_id": ""})
        self._bind(port)
        self._save(db, "port", port, device_id="", device_owner="")
        db.execute("UPDATE ports SET nova_tag = NULL WHERE id = ?", (port["id"],))

    def addresses_for_servers(self, server_ids: list[str]) -> dict[str, dict[str, list[Any]]]:
        """Nova's `addresses` of each server: its ports' fixed IPs by network name, each
        followed by the floating IPs associated with it."""
        result: dict[str, dict[str, list[Any]]] = {sid: {} for sid in server_ids}
        if not server_ids:
            return result
        marks = ",".join("?" * len(server_ids))
        rows = self.store.query(
            f"SELECT p.id, p.device_id, p.data AS port, n.data AS network FROM ports p JOIN"
            f" networks n ON n.id = p.network_id WHERE p.device_id IN ({marks}) AND"
            f" p.device_owner LIKE 'compute:%' ORDER BY p.seq", server_ids)
        if not rows:
            return result
        port_ids = [row["id"] for row in rows]
        fips: dict[str, list[dict[str, Any]]] = {}
        for data in self.store.column(
                f"SELECT data FROM floatingips WHERE port_id IN ({','.join('?' * len(port_ids))})"
                " ORDER BY seq", port_ids):
            fip = loads(data)
            fips.setdefault(fip["port_id"], []).append(fip)
        for row in rows:
            port, network = loads(row["port"]), loads(row["network"])
            entries = result[row["device_id"]].setdefault(network["name"], [])
            mac = port["mac_address"]
            for ip in port["fixed_ips"]:
                address = ipaddress.ip_address(ip["ip_address"])
                entries.append({"version": address.version, "addr": ip["ip_address"],
                                "OS-EXT-IPS:type": "fixed", "OS-EXT-IPS-MAC:mac_addr": mac})
                for fip in fips.get(port["id"], []):
                    if fip["fixed_ip_address"] == ip["ip_address"]:
                        entries.append({"version": 4, "addr": fip["floating_ip_address"],
                                        "OS-EXT-IPS:type": "floating",
                                        "OS-EXT-IPS-MAC:mac_addr": mac})
        return result

    def security_groups_for_servers(self, server_ids: list[str]
                                    ) -> dict[str, list[dict[str, str]]]:
        """Nova's `security_groups` of each server: the groups of its ports, by name."""
        result: dict[str, list[dict[str, str]]] = {sid: [] for sid in server_ids}
        if not server_ids:
            return result
        marks = ",".join("?" * len(server_ids))
        rows = self.store.query(
            f"SELECT device_id, data FROM ports WHERE device_id IN ({marks}) AND device_owner"
            f" LIKE 'compute:%' ORDER BY seq", server_ids)
        group_ids = {g for row in rows for g in loads(row["data"])["security_groups"]}
        names = {}
        if group_ids:
            ids = sorted(group_ids)
            names = {r["id"]: r["name"] for r in self.store.query(
                f"SELECT id, name FROM security_groups WHERE id IN ({','.join('?' * len(ids))})",
                ids)}
        for row in rows:
            seen = result[row["device_id"]]
            for group in loads(row["data"])["security_groups"]:
                entry = {"name": names.get(group, group)}
                if entry not in seen:
                    seen.append(entry)
        return result

    def attach_interface(self, project_id: str, server_id: str, net_id: str | None = None,
                         port_id: str | None = None, fixed_ip: str | None = None,
                         tag: str | None = None) -> dict[str, Any]:
        """Nova's interface attach: bind the given port, or create one on the network (the
        automatic choice when neither is given)."""
        caller = self._project_caller(project_id)
        with self._transaction() as db:
            if port_id:
                port = self._bind_user_port(db, caller, server_id, port_id, tag, boot=False)
            else:
                if net_id is None:
                    net_id = self._auto_network(project_id)
                    if net_id is None:
                        raise BadRequest("No network to attach the interface to: the project "
                                         "has none and no network is shared.")
                groups = self._nova_groups(project_id, ["default"])
                port = self._nova_port(caller, server_id, net_id, fixed_ip, groups, tag,
                                       boot=False)
            port["tag"] = tag
        return port

    def detach_interface(self, server_id: str, port_id: str) -> None:
        with self._transaction() as db:
            row = db.execute("SELECT nova_created, data FROM ports WHERE id = ? AND device_id"
                             " = ? AND device_owner LIKE 'compute:%'",
                             (port_id, server_id)).fetchone()
            if row is None:
                raise NotFound(f"Port id {port_id} could not be found.")
            if row[0]:
                self._delete_port(db, port_id)
            else:
                self._unbind(db, loads(row[1]))

    def interfaces(self, server_id: str) -> list[dict[str, Any]]:
        """The server's ports (Neutron's view, plus the Nova device `tag` under `tag`)."""
        ports = []
        for row in self.store.query("SELECT nova_tag, data FROM ports WHERE device_id = ? AND"
                                    " device_owner LIKE 'compute:%' ORDER BY seq",
                                    (server_id,)):
            port = loads(row["data"])
            port["tag"] = row["nova_tag"]
            ports.append(port)
        return ports

    def _server_group(self, project_id: str, group: str) -> str:
        found = self.store.column("SELECT id FROM security_groups WHERE project_id = ? AND"
                                  " (id = ? OR name = ?)", (project_id, group, group))
        if group == "default" and not found:
            found = [self.ensure_default_security_group(project_id)]
        if not found:
            raise NotFound(f"Security group {group} is not found for project {project_id}")
        if len(found) > 1:
            raise Conflict(f"Multiple security_group matches found for name '{group}', use an "
                           f"ID to be more specific.")
        return found[0]

    def add_security_group(self, project_id: str, server_id: str, group: str) -> None:
        """Nova's addSecurityGroup: add the group to every port of the server."""
        group_id = self._server_group(project_id, group)
        with self._transaction() as db:
            ports = [loads(r[0]) for r in db.execute(
                "SELECT data FROM ports WHERE device_id = ? AND device_owner LIKE 'compute:%'",
                (server_id,))]
            if not ports:
                raise NotFound(f"instance_id {server_id} could not be found as device id on "
                               f"any ports")
            for port in ports:
                if not port["port_security_enabled"] or not port["fixed_ips"]:
                    raise BadRequest("Network requires port_security_enabled and subnet "
                                     "associated in order to apply security groups.")
            for port in ports:
                if group_id not in port["security_groups"]:
                    port["security_groups"].append(group_id)
                    self._save(db, "port", port)

    def remove_security_group(self, project_id: str, server_id: str, group: str) -> None:
        """Nova's removeSecurityGroup: remove the group from the ports that have it."""
        group_id = self._server_group(project_id, group)
        with self._transaction() as db:
            ports = [loads(r[0]) for r in db.execute(
                "SELECT data FROM ports WHERE device_id = ? AND device_owner LIKE 'compute:%'",
                (server_id,))]
            if not ports:
                raise NotFound(f"instance_id {server_id} could not be found as device id on "
                               f"any ports")
            found = False
            for port in ports:
                if group_id in port["security_groups"]:
                    port["security_groups"].remove(group_id)
                    self._save(db, "port", port)
                    found = True
            if not found:
                raise BadRequest(f"Security group {group} not associated with the instance "
                                 f"{server_id}")


def _rule_key(rule: dict[str, Any]) -> tuple[Any, ...]:
    """What makes two rules the same rule (Neutron's duplicate check)."""
    prefix = rule.get("remote_ip_prefix")
    if prefix in ("0.0.0.0/0", "::/0"):
        prefix = None
    protocol = rule.get("protocol")
    protocol = {"6": "tcp", "17": "udp", "1": "icmp", "58": "ipv6-icmp"}.get(
        str(protocol), protocol)
    return (rule["direction"], rule.get("ethertype", "IPv4"), protocol,
            rule.get("port_range_min"), rule.get("port_range_max"), prefix,
            rule.get("remote_group_id"))
