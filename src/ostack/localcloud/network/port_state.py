"""Ports as Neutron keeps them: MAC address, fixed IPs (`ip_allocations`), security groups
(the project's `default` unless told), allowed address pairs, port security, and the binding
that makes a port ACTIVE. Part of the network backend (`NetworkBackend.ports`); routers,
floating IPs and Nova's server ports make and remove ports through it. The HTTP side is
`ports.py`."""

from __future__ import annotations

import sqlite3
from typing import Any

from ..store import dumps, loads
from .exceptions import bad_request, conflict, not_found, policy_denied
from .ip_allocations import allocate, write_allocations
from .qos_state import check_policy
from .resources import (
    FLOATINGIP_OWNER,
    ROUTER_OWNERS,
    SERVICE_OWNERS,
    Caller,
    Resources,
    new_id,
    new_mac,
    standard_attrs,
)


def bind(record: dict[str, Any]) -> None:
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


class PortState(Resources):
    """The ports table."""

    def create(self, caller: Caller, attrs: dict[str, Any],
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
            check_policy(db, caller, attrs.get("qos_policy_id"))
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
                "ip_allocation": "immediate", "qos_policy_id": attrs.get("qos_policy_id"),
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
            record["fixed_ips"] = allocate(db, network, record, attrs.get("fixed_ips"))
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
            bind(record)
            nova = nova or {}
            db.execute(
                "INSERT INTO ports (id, project_id, network_id, device_id, device_owner,"
                " mac_address, nova_created, nova_tag, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (record["id"], project_id, network["id"], record["device_id"], owner, mac,
                 int(bool(nova.get("created"))), nova.get("tag"), dumps(record)))
            write_allocations(db, record)
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

    def update(self, caller: Caller, port_id: str, attrs: dict[str, Any]) -> dict[str, Any]:
        with self._transaction() as db:
            record = self._changeable(caller, "port", port_id, "update_port")
            return self._update(db, caller, record, attrs)

    def _update(self, db: sqlite3.Connection, caller: Caller, record: dict[str, Any],
                attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = dict(attrs)
        if "qos_policy_id" in attrs:
            check_policy(db, caller, attrs["qos_policy_id"])
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
            new = allocate(db, network, record, wanted, creating=False) if wanted else []
            record["fixed_ips"] = keep + [ip for ip in new if ip["ip_address"] not in taken]
            write_allocations(db, record)
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
        bind(record)
        self._save(db, "port", record, device_id=record["device_id"],
                   device_owner=record["device_owner"], mac_address=record["mac_address"])
        return record

    def delete(self, caller: Caller, port_id: str) -> None:
        with self._transaction() as db:
            record = self._changeable(caller, "port", port_id, "delete_port")
            owner = record["device_owner"]
            if owner in SERVICE_OWNERS and record["device_id"] and (
                    db.execute("SELECT 1 FROM routers WHERE id = ? UNION SELECT 1 FROM"
                               " floatingips WHERE id = ?",
                               (record["device_id"], record["device_id"])).fetchone()):
                raise conflict(f"Port {port_id} cannot be deleted directly via the port API: "
                               f"has device owner {owner}.", "ServicePortInUse")
            self._check_trunks(db, port_id)
            self.remove(db, port_id)

    @staticmethod
    def _check_trunks(db: sqlite3.Connection, port_id: str) -> None:
        """Neutron's 409 for a port that is a trunk's parent or one of its subports (deleting
        the trunk frees it)."""
        for (data,) in db.execute("SELECT data FROM trunks ORDER BY seq"):
            trunk = loads(data)
            if trunk["port_id"] == port_id:
                raise conflict(f"Port {port_id} is currently a parent port for trunk "
                               f"{trunk['id']}.", "PortInUseAsTrunkParent")
            if any(s["port_id"] == port_id for s in trunk.get("sub_ports") or []):
                raise conflict(f"Port {port_id} is currently a subport for trunk "
                               f"{trunk['id']}.", "PortInUseAsSubPort")

    def remove(self, db: sqlite3.Connection, port_id: str) -> None:
        """Remove a port, its addresses, and the floating IPs' association with it."""
        for data in [r[0] for r in db.execute("SELECT data FROM floatingips WHERE port_id = ?",
                                              (port_id,))]:
            self._disassociate(db, loads(data))
        db.execute("DELETE FROM ip_allocations WHERE port_id = ?", (port_id,))
        db.execute("DELETE FROM ports WHERE id = ?", (port_id,))

    def _disassociate(self, db: sqlite3.Connection, fip: dict[str, Any]) -> None:
        fip.update(port_id=None, fixed_ip_address=None, router_id=None, status="DOWN")
        fip.pop("port_details", None)
        self._save(db, "floatingip", fip, port_id=None, router_id=None)
