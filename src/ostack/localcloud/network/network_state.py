"""Networks as Neutron keeps them: provider attributes (a segment per geneve/vxlan/vlan/gre
network), `shared` and `router:external`, the MTU of the network type; deleting one takes its
subnets and its unassociated floating IPs with it. Part of the network backend
(`NetworkBackend.networks`); the HTTP side is `networks.py`."""

from __future__ import annotations

import sqlite3
from typing import Any

from ..interfaces import SYSTEM, Caller
from ..store import dumps, loads
from .exceptions import conflict
from .qos_state import check_policy
from .resources import FLOATINGIP_OWNER, Resources, new_id, standard_attrs

TENANT_MTU = 1442  # geneve networks of an OVN DevStack
FLAT_MTU = 1500


class NetworkState(Resources):
    """The networks table."""

    def create(self, caller: Caller, attrs: dict[str, Any]) -> dict[str, Any]:
        project_id = attrs.get("project_id") or caller.project_id or ""
        self._require_write(caller, "create_network")
        network_type = attrs.get("provider:network_type") or "geneve"
        if project_id:
            self.ensure_default_security_group(project_id)  # as Neutron, before a network
        with self._transaction() as db:
            if caller is not SYSTEM:
                self._check_quota(db, "network", project_id)
            check_policy(db, caller, attrs.get("qos_policy_id"))
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
                "qos_policy_id": attrs.get("qos_policy_id"),
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

    def update(self, caller: Caller, network_id: str,
               attrs: dict[str, Any]) -> dict[str, Any]:
        with self._transaction() as db:
            record = self._changeable(caller, "network", network_id, "update_network")
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
            if "qos_policy_id" in attrs:
                check_policy(db, caller, attrs["qos_policy_id"])
            record.pop("subnets", None)
            record.update(attrs)
            self._save(db, "network", record, shared=int(record["shared"]),
                       external=int(record["router:external"]))
        return self._views("network", [record])[0]

    def delete(self, caller: Caller, network_id: str) -> None:
        with self._transaction() as db:
            self._changeable(caller, "network", network_id, "delete_network")
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
