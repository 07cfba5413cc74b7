"""Subnets as Neutron keeps them: the CIDR (no overlap on a network), gateway, allocation
pools, host routes and IPv6 address modes, checked with `ipam`; a CIDR may come from a subnet
pool (`subnetpool_state`); a SLAAC subnet's addresses are taken back from the ports when it is
deleted. Part of the network backend
(`NetworkBackend.subnets`); the HTTP side is `subnets.py`."""

from __future__ import annotations

import ipaddress
import sqlite3
from typing import Any

from ..interfaces import SYSTEM, Caller
from ..store import Store, dumps, loads
from . import ipam
from .exceptions import conflict, invalid_input, policy_denied
from .ip_allocations import is_slaac
from .resources import Record, Resources, new_id, standard_attrs
from .subnetpool_state import SubnetPoolState, bad_subnets


class SubnetState(Resources):
    """The subnets table."""

    def __init__(self, store: Store, pools: SubnetPoolState) -> None:
        super().__init__(store)
        self.pools = pools

    def create(self, caller: Caller, attrs: dict[str, Any]) -> dict[str, Any]:
        self._require_write(caller, "create_subnet")
        if "cidr" in attrs and "prefixlen" in attrs:
            raise bad_subnets("cidr and prefixlen must not be supplied together")
        pool = self.pools.pool_for(caller, attrs)
        if pool is None and "cidr" not in attrs:
            raise bad_subnets("a subnetpool must be specified in the absence of a cidr")
        if pool is not None and "cidr" not in attrs and "allocation_pools" in attrs:
            raise bad_subnets("allocation_pools allowed only for specific subnet requests")
        with self._transaction() as db:
            network = self.record("network", caller, attrs["network_id"])
            if not caller.is_admin and network["project_id"] != caller.project_id:
                raise policy_denied("rule:create_subnet")
            project_id = attrs.get("project_id") or caller.project_id or network["project_id"]
            if caller is not SYSTEM:
                self._check_quota(db, "subnet", project_id)
            ip_version = attrs["ip_version"]
            if pool is None:
                cidr = ipam.parse_cidr(attrs["cidr"])
            else:
                cidr = self._from_pool(db, pool, project_id, attrs)
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
                "subnetpool_id": pool["id"] if pool else None, "segment_id": None,
                "dns_publish_fixed_ip": attrs.get("dns_publish_fixed_ip", False),
                **standard_attrs(project_id, attrs.get("description", "")),
            }
            db.execute("INSERT INTO subnets (id, project_id, network_id, data) VALUES"
                       " (?, ?, ?, ?)", (record["id"], project_id, network["id"],
                                         dumps(record)))
            self._bump(db, "network", network["id"])
        return self._views("subnet", [record])[0]

    def _from_pool(self, db: sqlite3.Connection, pool: Record, project_id: str,
                   attrs: Record) -> ipam.Network:
        """The CIDR of a subnet asked of a pool: the `cidr` given, or one of `prefixlen` (the
        one holding `gateway_ip` when that is given), else the next free one."""
        if attrs["ip_version"] != pool["ip_version"]:
            raise bad_subnets(f"Cannot allocate IPv{attrs['ip_version']} subnet from "
                              f"IPv{pool['ip_version']} subnet pool")
        prefixlen = attrs.get("prefixlen")
        if "cidr" in attrs:
            cidr: ipam.Network | None = ipam.parse_cidr(attrs["cidr"])
        elif attrs.get("gateway_ip"):
            length = pool["default_prefixlen"] if prefixlen is None else prefixlen
            cidr = ipaddress.ip_network(f"{attrs['gateway_ip']}/{length}", strict=False)
        else:
            cidr = None
        return self.pools.allocate(db, pool, project_id, cidr, prefixlen)

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

    def update(self, caller: Caller, subnet_id: str,
               attrs: dict[str, Any]) -> dict[str, Any]:
        with self._transaction() as db:
            record = self._changeable(caller, "subnet", subnet_id, "update_subnet")
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

    def delete(self, caller: Caller, subnet_id: str) -> None:
        with self._transaction() as db:
            record = self._changeable(caller, "subnet", subnet_id, "delete_subnet")
            if is_slaac(record):
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
