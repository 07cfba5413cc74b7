"""The fixed IPs of ports, as Neutron's IPAM hands them out: the requested addresses (or a
subnet to pick from), else one from the first IPv4 and IPv6 subnets with room, and the SLAAC
address on every SLAAC subnet. Allocations are rows of `ip_allocations`, whose primary key
(subnet_id, ip_address) makes a duplicate address impossible; every allocation happens inside
one store transaction (the `db` passed in)."""

from __future__ import annotations

import ipaddress
import sqlite3
from typing import Any

from ..store import loads
from . import ipam
from .exceptions import bad_request, conflict, invalid_input, not_found
from .resources import ROUTER_OWNERS


def subnets_of(db: sqlite3.Connection, network_id: str) -> list[dict[str, Any]]:
    """The network's subnets, in creation order."""
    return [loads(r[0]) for r in db.execute(
        "SELECT data FROM subnets WHERE network_id = ? ORDER BY seq", (network_id,))]


def allocate(db: sqlite3.Connection, network: dict[str, Any], port: dict[str, Any],
             requested: list[dict[str, Any]] | None,
             creating: bool = True) -> list[dict[str, str]]:
    """The fixed IPs of a new port: those asked for (an address, or a subnet to pick from)
    or, by default, one address from the first IPv4 and IPv6 subnets with room (and the
    SLAAC address on every SLAAC subnet)."""
    subnets = subnets_of(db, network["id"])
    by_id = {s["id"]: s for s in subnets}
    ips: list[dict[str, str]] = []
    if requested is None:
        done_versions: set[int] = set()
        for subnet in subnets:
            if is_slaac(subnet):
                ips.append({"subnet_id": subnet["id"],
                            "ip_address": ipam.eui64(ipaddress.ip_network(subnet["cidr"]),
                                                     port["mac_address"])})
                continue
            if subnet["ip_version"] in done_versions:
                continue
            address = next_free(db, subnet)
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
            if is_slaac(subnet):
                address = ipam.eui64(ipaddress.ip_network(subnet["cidr"]),
                                     port["mac_address"])
            else:
                address = next_free(db, subnet,
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
            if is_slaac(subnet) and subnet["id"] not in given:
                ips.append({"subnet_id": subnet["id"], "ip_address": ipam.eui64(
                    ipaddress.ip_network(subnet["cidr"]), port["mac_address"])})
    return ips


def is_slaac(subnet: dict[str, Any]) -> bool:
    return subnet["ip_version"] == 6 and (subnet.get("ipv6_address_mode")
                                          in ipam.SLAAC_MODES)


def next_free(db: sqlite3.Connection, subnet: dict[str, Any],
              also_taken: set[str] | None = None) -> str | None:
    used = {r[0] for r in db.execute("SELECT ip_address FROM ip_allocations WHERE"
                                     " subnet_id = ?", (subnet["id"],))}
    if subnet["gateway_ip"]:
        used.add(subnet["gateway_ip"])
    return ipam.next_free(subnet["allocation_pools"], used | (also_taken or set()))


def write_allocations(db: sqlite3.Connection, port: dict[str, Any]) -> None:
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
