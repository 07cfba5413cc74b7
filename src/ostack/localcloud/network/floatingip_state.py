"""Floating IPs as Neutron keeps them: an address of an external network (held by a
`network:floatingip` port), associated with a fixed IPv4 address of a port that a router joins
to that network. Part of the network backend (`NetworkBackend.floatingips`); the HTTP side is
`floatingips.py`."""

from __future__ import annotations

import ipaddress
import sqlite3
from typing import Any

from ..interfaces import SYSTEM, Caller
from ..store import dumps, loads
from .exceptions import NeutronError, bad_request, conflict, not_found
from .ip_allocations import allocate, write_allocations
from .port_state import bind
from .resources import FLOATINGIP_OWNER, Resources, new_id, new_mac, standard_attrs
from .router_state import interface_ports


class FloatingIpState(Resources):
    """The floatingips table."""

    def create(self, caller: Caller, attrs: dict[str, Any]) -> dict[str, Any]:
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
                fixed = allocate(db, network, port, requested)
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
            bind(fip_port)
            db.execute("INSERT INTO ports (id, project_id, network_id, device_id, device_owner,"
                       " mac_address, data) VALUES (?, '', ?, ?, ?, ?, ?)",
                       (fip_port["id"], network["id"], fip_id, FLOATINGIP_OWNER,
                        fip_port["mac_address"], dumps(fip_port)))
            write_allocations(db, fip_port)
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
                   for p in interface_ports(db, router["id"]) for ip in p["fixed_ips"]):
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

    def update(self, caller: Caller, fip_id: str,
               attrs: dict[str, Any]) -> dict[str, Any]:
        with self._transaction() as db:
            record = self._changeable(caller, "floatingip", fip_id, "update_floatingip")
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

    def delete(self, caller: Caller, fip_id: str) -> None:
        with self._transaction() as db:
            self._changeable(caller, "floatingip", fip_id, "delete_floatingip")
            for port_id in [r[0] for r in db.execute(
                    "SELECT id FROM ports WHERE device_id = ? AND device_owner = ?",
                    (fip_id, FLOATINGIP_OWNER))]:
                db.execute("DELETE FROM ip_allocations WHERE port_id = ?", (port_id,))
                db.execute("DELETE FROM ports WHERE id = ?", (port_id,))
            db.execute("DELETE FROM floatingips WHERE id = ?", (fip_id,))
