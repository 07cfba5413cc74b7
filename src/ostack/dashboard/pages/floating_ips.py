"""Floating IPs: allocate from an external network, associate with a port (an instance's
address), disassociate, release."""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.requests import Request

from ostack.dashboard import tables as t

PATH = "/project/floating_ips"


async def build(request: Request) -> dict[str, Any]:
    conn = request.state.conn
    ips, networks, ports, servers = await asyncio.gather(
        t.listing(conn.network.ips), t.listing(conn.network.networks),
        t.listing(conn.network.ports), t.listing(conn.compute.servers))
    pools = [n for n in networks if n.is_router_external]
    names = {n.id: n.name or n.id for n in networks}
    server_names = {s.id: s.name or s.id for s in servers}

    def port_label(port: Any) -> str:
        fixed = ", ".join(ip.get("ip_address", "") for ip in port.fixed_ips or [])
        owner = server_names.get(port.device_id) or port.name or port.id[:8]
        return f"{owner}: {fixed}"

    port_labels = {p.id: port_label(p) for p in ports}
    rows = []
    for ip in ips:
        buttons = [t.button("disassociate", "Disassociate", {"floating_ip_id": ip.id})] \
            if ip.port_id else []
        buttons.append(t.button("release", "Release", {"floating_ip_id": ip.id},
                                confirm=f"Release {ip.floating_ip_address}?", danger=True))
        rows.append({"key": ip.floating_ip_address,
                     "cells": [ip.floating_ip_address, ip.fixed_ip_address or "",
                               port_labels.get(ip.port_id, ip.port_id or ""),
                               names.get(ip.floating_network_id, ip.floating_network_id),
                               ip.status], "buttons": buttons})
    bindable = [p for p in ports if p.device_owner and p.device_owner.startswith("compute:")]
    return {
        "title": "Floating IPs",
        "tables": [t.table("floating-ips", None, ["IP address", "Fixed IP", "Mapped to",
                                                  "Pool", "Status"], rows,
                           "No floating IPs.")],
        "forms": [
            t.form("allocate", "Allocate IP", [
                t.field("pool", "Pool", "select", options=t.options_of(pools), required=True),
                t.field("description", "Description"),
            ], "Allocate IP"),
            t.form("associate", "Associate", [
                t.field("floating_ip_id", "Floating IP", "select", required=True,
                        options=[(ip.id, ip.floating_ip_address) for ip in ips
                                 if not ip.port_id]),
                t.field("port_id", "Port to be associated", "select", required=True,
                        options=[(p.id, port_labels[p.id]) for p in bindable]),
            ], "Associate"),
        ],
    }


async def allocate(conn: Any, values: dict[str, Any]) -> str:
    attrs: dict[str, Any] = {"floating_network_id": t.required(values, "pool", "Pool")}
    if t.text(values, "description"):
        attrs["description"] = t.text(values, "description")
    ip = await conn.network.create_ip(**attrs)
    return f"Allocated floating IP {ip.floating_ip_address}."


async def associate(conn: Any, values: dict[str, Any]) -> str:
    ip = await conn.network.update_ip(t.required(values, "floating_ip_id", "Floating IP"),
                                      port_id=t.required(values, "port_id", "Port"))
    return f"Floating IP {ip.floating_ip_address} associated."


async def disassociate(conn: Any, values: dict[str, Any]) -> str:
    ip = await conn.network.update_ip(t.required(values, "floating_ip_id"), port_id=None)
    return f"Floating IP {ip.floating_ip_address} disassociated."


async def release(conn: Any, values: dict[str, Any]) -> str:
    await conn.network.delete_ip(t.required(values, "floating_ip_id"), ignore_missing=False)
    return "Floating IP released."


ROUTES = t.resource_routes(PATH, build, {"allocate": allocate, "associate": associate,
                                         "disassociate": disassociate, "release": release})

NAV = [("Network", "Floating IPs", PATH, False)]
