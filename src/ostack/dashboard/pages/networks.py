"""Networks with their subnets, routers (interfaces and external gateway) and ports."""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.requests import Request

from ostack.dashboard import tables as t

NETWORKS = "/project/networks"
ROUTERS = "/project/routers"
PORTS = "/project/ports"


def _ips(port: Any) -> str:
    return ", ".join(ip.get("ip_address", "") for ip in port.fixed_ips or [])


async def build_networks(request: Request) -> dict[str, Any]:
    conn = request.state.conn
    networks, subnets = await asyncio.gather(t.listing(conn.network.networks),
                                             t.listing(conn.network.subnets))
    by_net: dict[str, list[Any]] = {}
    for subnet in subnets:
        by_net.setdefault(subnet.network_id, []).append(subnet)
    net_rows = [{
        "key": n.name or n.id,
        "cells": [n.name or n.id,
                  ", ".join(f"{s.name or s.id[:8]} {s.cidr}" for s in by_net.get(n.id, [])),
                  "yes" if n.is_shared else "no",
                  "yes" if n.is_router_external else "no", n.status,
                  "up" if n.is_admin_state_up else "down"],
        "buttons": [t.button("delete_network", "Delete", {"network_id": n.id},
                             confirm=f"Delete network {n.name or n.id}?", danger=True)]
        if n.project_id == request.state.session.project_id else [],
    } for n in networks]
    names = {n.id: n.name or n.id for n in networks}
    subnet_rows = [{
        "key": s.name or s.id,
        "cells": [s.name or s.id, names.get(s.network_id, s.network_id), s.cidr,
                  f"IPv{s.ip_version}", s.gateway_ip or "", "yes" if s.is_dhcp_enabled else "no"],
        "buttons": [t.button("delete_subnet", "Delete", {"subnet_id": s.id},
                             confirm=f"Delete subnet {s.name or s.id}?", danger=True)]
        if s.project_id == request.state.session.project_id else [],
    } for s in subnets]
    return {
        "title": "Networks",
        "tables": [t.table("networks", None, ["Name", "Subnets", "Shared", "External",
                                              "Status", "Admin state"], net_rows,
                           "No networks."),
                   t.table("subnets", "Subnets", ["Name", "Network", "CIDR", "IP version",
                                                  "Gateway", "DHCP"], subnet_rows,
                           "No subnets.")],
        "forms": [
            t.form("create_network", "Create network", [
                t.field("name", "Name", required=True),
                t.field("admin_state_up", "Admin state up", "checkbox", value="on"),
                t.field("shared", "Shared", "checkbox"),
                t.field("subnet_name", "Subnet name (leave CIDR empty for no subnet)"),
                t.field("cidr", "Subnet CIDR", placeholder="192.168.10.0/24"),
                t.field("ip_version", "IP version", "select", options=[("4", "IPv4"),
                                                                      ("6", "IPv6")]),
                t.field("gateway_ip", "Gateway IP (empty: the first address)"),
                t.field("enable_dhcp", "DHCP", "checkbox", value="on"),
            ], "Create network"),
            t.form("create_subnet", "Add a subnet", [
                t.field("network_id", "Network", "select", options=t.options_of(networks),
                        required=True),
                t.field("subnet_name", "Name"),
                t.field("cidr", "CIDR", required=True),
                t.field("ip_version", "IP version", "select", options=[("4", "IPv4"),
                                                                      ("6", "IPv6")]),
                t.field("gateway_ip", "Gateway IP (empty: the first address)"),
                t.field("enable_dhcp", "DHCP", "checkbox", value="on"),
            ], "Add subnet"),
        ],
    }


def _subnet_attrs(values: dict[str, Any], network_id: str) -> dict[str, Any]:
    attrs: dict[str, Any] = {"network_id": network_id,
                             "cidr": t.required(values, "cidr", "CIDR"),
                             "ip_version": int(t.text(values, "ip_version") or "4"),
                             "enable_dhcp": t.checked(values, "enable_dhcp")}
    if t.text(values, "subnet_name"):
        attrs["name"] = t.text(values, "subnet_name")
    if t.text(values, "gateway_ip"):
        attrs["gateway_ip"] = t.text(values, "gateway_ip")
    return attrs


async def create_network(conn: Any, values: dict[str, Any]) -> str:
    attrs: dict[str, Any] = {"name": t.required(values, "name", "Name"),
                             "admin_state_up": t.checked(values, "admin_state_up")}
    if t.checked(values, "shared"):  # sent only when asked: the policy may refuse the field
        attrs["shared"] = True
    network = await conn.network.create_network(**attrs)
    if not t.text(values, "cidr"):
        return f"Network {network.name} created."
    try:
        subnet = await conn.network.create_subnet(**_subnet_attrs(values, network.id))
    except BaseException:
        await conn.network.delete_network(network.id)  # all or nothing: the form stays
        raise
    return f"Network {network.name} created with subnet {subnet.cidr}."


async def create_subnet(conn: Any, values: dict[str, Any]) -> str:
    subnet = await conn.network.create_subnet(
        **_subnet_attrs(values, t.required(values, "network_id", "Network")))
    return f"Subnet {subnet.cidr} created."


async def delete_network(conn: Any, values: dict[str, Any]) -> str:
    await conn.network.delete_network(t.required(values, "network_id"), ignore_missing=False)
    return "Network deleted."


async def delete_subnet(conn: Any, values: dict[str, Any]) -> str:
    await conn.network.delete_subnet(t.required(values, "subnet_id"), ignore_missing=False)
    return "Subnet deleted."


async def build_routers(request: Request) -> dict[str, Any]:
    conn = request.state.conn
    routers, networks, subnets, ports = await asyncio.gather(
        t.listing(conn.network.routers), t.listing(conn.network.networks),
        t.listing(conn.network.subnets),
        t.listing(lambda: conn.network.ports(device_owner="network:router_interface")))
    names = {n.id: n.name or n.id for n in networks}
    subnet_names = {s.id: f"{s.name or s.id[:8]} ({s.cidr})" for s in subnets}
    interfaces: dict[str, list[str]] = {}
    for port in ports:
        for ip in port.fixed_ips or []:
            interfaces.setdefault(port.device_id, []).append(
                subnet_names.get(ip.get("subnet_id"), ip.get("ip_address", "")))
    rows = [{
        "key": r.name or r.id,
        "cells": [r.name or r.id, r.status,
                  names.get((r.external_gateway_info or {}).get("network_id"), "") or "",
                  ", ".join(interfaces.get(r.id, []))],
        "buttons": [t.button("delete", "Delete", {"router_id": r.id},
                             confirm=f"Delete router {r.name or r.id}?", danger=True)],
    } for r in routers]
    router_choice = t.options_of(routers)
    external = [n for n in networks if n.is_router_external]
    return {
        "title": "Routers",
        "tables": [t.table("routers", None, ["Name", "Status", "External gateway",
                                             "Interfaces"], rows, "No routers.")],
        "forms": [
            t.form("create", "Create router", [
                t.field("name", "Name", required=True),
                t.field("external_network_id", "External network", "select",
                        options=t.options_of(external, blank="None")),
            ], "Create router"),
            t.form("add_interface", "Add interface", [
                t.field("router_id", "Router", "select", options=router_choice, required=True),
                t.field("subnet_id", "Subnet", "select", required=True,
                        options=[(s.id, subnet_names[s.id]) for s in subnets]),
            ], "Add interface"),
            t.form("remove_interface", "Remove interface", [
                t.field("router_id", "Router", "select", options=router_choice, required=True),
                t.field("subnet_id", "Subnet", "select", required=True,
                        options=[(s.id, subnet_names[s.id]) for s in subnets]),
            ], "Remove interface"),
            t.form("gateway", "Set or clear the gateway", [
                t.field("router_id", "Router", "select", options=router_choice, required=True),
                t.field("external_network_id", "External network", "select",
                        options=t.options_of(external, blank="None (clear the gateway)")),
            ], "Save gateway"),
        ],
    }


async def create_router(conn: Any, values: dict[str, Any]) -> str:
    attrs: dict[str, Any] = {"name": t.required(values, "name", "Name")}
    if t.text(values, "external_network_id"):
        attrs["external_gateway_info"] = {"network_id": t.text(values, "external_network_id")}
    router = await conn.network.create_router(**attrs)
    return f"Router {router.name} created."


async def delete_router(conn: Any, values: dict[str, Any]) -> str:
    await conn.network.delete_router(t.required(values, "router_id"), ignore_missing=False)
    return "Router deleted."


async def add_interface(conn: Any, values: dict[str, Any]) -> str:
    await conn.network.add_interface_to_router(t.required(values, "router_id", "Router"),
                                               subnet=t.required(values, "subnet_id", "Subnet"))
    return "Interface added."


async def remove_interface(conn: Any, values: dict[str, Any]) -> str:
    await conn.network.remove_interface_from_router(
        t.required(values, "router_id", "Router"),
        subnet=t.required(values, "subnet_id", "Subnet"))
    return "Interface removed."


async def gateway(conn: Any, values: dict[str, Any]) -> str:
    network = t.text(values, "external_network_id")
    await conn.network.update_router(t.required(values, "router_id", "Router"),
                                     external_gateway_info={"network_id": network}
                                     if network else {})
    return "Gateway set." if network else "Gateway cleared."


async def build_ports(request: Request) -> dict[str, Any]:
    conn = request.state.conn
    ports, networks = await asyncio.gather(t.listing(conn.network.ports),
                                           t.listing(conn.network.networks))
    names = {n.id: n.name or n.id for n in networks}
    rows = [{
        "key": p.name or p.id,
        "cells": [p.name or p.id[:8], names.get(p.network_id, p.network_id), _ips(p),
                  p.mac_address, p.device_owner or "", p.status],
        "buttons": [t.button("delete", "Delete", {"port_id": p.id},
                             confirm="Delete this port?", danger=True)]
        if not (p.device_owner or "").startswith("network:") else [],
    } for p in ports]
    return {
        "title": "Ports",
        "tables": [t.table("ports", None, ["Name", "Network", "Fixed IPs", "MAC address",
                                           "Attached to", "Status"], rows, "No ports.")],
        "forms": [t.form("create", "Create port", [
            t.field("name", "Name"),
            t.field("network_id", "Network", "select", options=t.options_of(networks),
                    required=True),
            t.field("fixed_ip", "Fixed IP (optional)"),
        ], "Create port")],
    }


async def create_port(conn: Any, values: dict[str, Any]) -> str:
    attrs: dict[str, Any] = {"network_id": t.required(values, "network_id", "Network")}
    if t.text(values, "name"):
        attrs["name"] = t.text(values, "name")
    if t.text(values, "fixed_ip"):
        attrs["fixed_ips"] = [{"ip_address": t.text(values, "fixed_ip")}]
    port = await conn.network.create_port(**attrs)
    return f"Port {port.name or port.id} created ({_ips(port)})."


async def delete_port(conn: Any, values: dict[str, Any]) -> str:
    await conn.network.delete_port(t.required(values, "port_id"), ignore_missing=False)
    return "Port deleted."


ROUTES = [
    *t.resource_routes(NETWORKS, build_networks, {
        "create_network": create_network, "create_subnet": create_subnet,
        "delete_network": delete_network, "delete_subnet": delete_subnet}),
    *t.resource_routes(ROUTERS, build_routers, {
        "create": create_router, "delete": delete_router, "add_interface": add_interface,
        "remove_interface": remove_interface, "gateway": gateway}),
    *t.resource_routes(PORTS, build_ports, {"create": create_port, "delete": delete_port}),
]

NAV = [("Network", "Networks", NETWORKS, False), ("Network", "Routers", ROUTERS, False),
       ("Network", "Ports", PORTS, False)]
