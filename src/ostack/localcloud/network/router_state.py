"""Routers as Neutron keeps them: the external gateway (a `network:router_gateway` port on
an external network), interfaces on subnets or ports (`network:router_interface` ports),
extra routes whose next hop the router reaches. Part of the network backend
(`NetworkBackend.routers`); the HTTP side is `routers.py`."""

from __future__ import annotations

import ipaddress
import sqlite3
from typing import Any

from ..interfaces import SYSTEM
from ..store import Store, dumps, loads
from . import ipam
from .exceptions import NeutronError, bad_request, conflict
from .ip_allocations import allocate, write_allocations
from .port_state import PortState, bind
from .resources import (
    HOST,
    ROUTER_GATEWAY,
    ROUTER_INTERFACE,
    Caller,
    Resources,
    new_id,
    new_mac,
    standard_attrs,
)


def interface_ports(db: sqlite3.Connection, router_id: str) -> list[dict[str, Any]]:
    """The router's interface ports (floating IPs reach ports through them)."""
    return [loads(r[0]) for r in db.execute(
        "SELECT data FROM ports WHERE device_id = ? AND device_owner = ? ORDER BY seq",
        (router_id, ROUTER_INTERFACE))]


class RouterState(Resources):
    """The routers table and the ports that plug them in."""

    def __init__(self, store: Store, ports: PortState) -> None:
        super().__init__(store)
        self.ports = ports

    def create(self, caller: Caller, attrs: dict[str, Any]) -> dict[str, Any]:
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
        fixed = allocate(db, network, port, requested or None)
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
        bind(gateway_port)
        db.execute("INSERT INTO ports (id, project_id, network_id, device_id, device_owner,"
                   " mac_address, data) VALUES (?, '', ?, ?, ?, ?, ?)",
                   (gateway_port["id"], network["id"], router["id"], ROUTER_GATEWAY,
                    gateway_port["mac_address"], dumps(gateway_port)))
        write_allocations(db, gateway_port)
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

    def update(self, caller: Caller, router_id: str,
               attrs: dict[str, Any]) -> dict[str, Any]:
        with self._transaction() as db:
            record = self._changeable(caller, "router", router_id, "update_router")
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

    def delete(self, caller: Caller, router_id: str) -> None:
        with self._transaction() as db:
            record = self._changeable(caller, "router", router_id, "delete_router")
            if db.execute("SELECT 1 FROM ports WHERE device_id = ? AND device_owner != ?",
                          (router_id, ROUTER_GATEWAY)).fetchone():
                raise conflict(f"Router {router_id} still has ports", "RouterInUse")
            if record.get("external_gateway_info"):
                self._check_gateway_unused(db, record,
                                           record["external_gateway_info"]["network_id"])
            self._remove_gateway_port(db, router_id)
            # the router's conntrack helpers go with it (Neutron's cascade)
            db.execute("DELETE FROM conntrack_helpers WHERE router_id = ?", (router_id,))
            db.execute("DELETE FROM routers WHERE id = ?", (router_id,))

    def _interface_info(self, router: dict[str, Any], port: dict[str, Any]) -> dict[str, Any]:
        subnet_ids = [ip["subnet_id"] for ip in port["fixed_ips"]]
        return {"id": router["id"], "network_id": port["network_id"], "port_id": port["id"],
                "subnet_id": subnet_ids[0] if subnet_ids else None, "subnet_ids": subnet_ids,
                "project_id": router["project_id"], "tenant_id": router["project_id"],
                "tags": port.get("tags", [])}

    def add_interface(self, caller: Caller, router_id: str,
                      info: dict[str, Any]) -> dict[str, Any]:
        with self._transaction() as db:
            router = self._changeable(caller, "router", router_id, "add_router_interface")
            existing = interface_ports(db, router_id)
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
                bind(port)
                self._save(db, "port", port, device_id=router_id, device_owner=ROUTER_INTERFACE)
            else:
                port = self.ports.create(SYSTEM, {
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

    def remove_interface(self, caller: Caller, router_id: str,
                         info: dict[str, Any]) -> dict[str, Any]:
        with self._transaction() as db:
            router = self._changeable(caller, "router", router_id, "remove_router_interface")
            ports = interface_ports(db, router_id)
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
            self.ports.remove(db, port["id"])
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
