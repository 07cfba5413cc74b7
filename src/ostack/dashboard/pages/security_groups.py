"""Security groups and their rules: create and delete groups, add and delete rules."""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.requests import Request

from ostack.dashboard import tables as t

PATH = "/project/security_groups"
PROTOCOLS = (("tcp", "TCP"), ("udp", "UDP"), ("icmp", "ICMP"), ("", "Any"))


async def build(request: Request) -> dict[str, Any]:
    conn = request.state.conn
    groups = await t.listing(conn.network.security_groups)
    rows = [{
        "key": g.name or g.id,
        "cells": [t.link(g.name or g.id, f"{PATH}/{g.id}"), g.description or "",
                  str(len(g.security_group_rules or []))],
        "buttons": [] if g.name == "default" else [
            t.button("delete", "Delete", {"group_id": g.id},
                     confirm=f"Delete security group {g.name}?", danger=True)],
    } for g in groups]
    return {
        "title": "Security groups",
        "tables": [t.table("security-groups", None, ["Name", "Description", "Rules"], rows,
                           "No security groups.")],
        "forms": [t.form("create", "Create security group", [
            t.field("name", "Name", required=True), t.field("description", "Description"),
        ], "Create security group")],
    }


async def create(conn: Any, values: dict[str, Any]) -> str:
    group = await conn.network.create_security_group(
        name=t.required(values, "name", "Name"), description=t.text(values, "description"))
    return f"Security group {group.name} created."


async def delete(conn: Any, values: dict[str, Any]) -> str:
    await conn.network.delete_security_group(t.required(values, "group_id"),
                                             ignore_missing=False)
    return "Security group deleted."


def _ports(rule: Any) -> str:
    low, high = rule.port_range_min, rule.port_range_max
    if low is None and high is None:
        return "any"
    return str(low) if low == high else f"{low}-{high}"


async def build_one(request: Request) -> dict[str, Any]:
    conn = request.state.conn
    group_id = request.path_params["group_id"]
    group, groups = await asyncio.gather(conn.network.get_security_group(group_id),
                                         t.listing(conn.network.security_groups))
    names = {g.id: g.name for g in groups}
    rules = await t.listing(lambda: conn.network.security_group_rules(
        security_group_id=group_id))
    rows = [{
        "key": r.id,
        "cells": [r.direction, r.ether_type, r.protocol or "any", _ports(r),
                  r.remote_ip_prefix or names.get(r.remote_group_id, r.remote_group_id or "")
                  or "any", r.description or ""],
        "buttons": [t.button("delete_rule", "Delete", {"rule_id": r.id},
                             confirm="Delete this rule?", danger=True)],
    } for r in rules]
    return {
        "title": f"Security group {group.name}",
        "links": [{"text": "All security groups", "href": PATH}],
        "tables": [t.table("rules", None, ["Direction", "Ether type", "Protocol",
                                           "Port range", "Remote", "Description"], rows,
                           "No rules.")],
        "forms": [t.form("add_rule", "Add rule", [
            t.field("direction", "Direction", "select",
                    options=[("ingress", "Ingress"), ("egress", "Egress")]),
            t.field("ethertype", "Ether type", "select",
                    options=[("IPv4", "IPv4"), ("IPv6", "IPv6")]),
            t.field("protocol", "Protocol", "select", options=PROTOCOLS),
            t.field("port_min", "Port (or range start)", "number"),
            t.field("port_max", "Range end (optional)", "number"),
            t.field("remote_ip_prefix", "Remote CIDR (optional)", placeholder="0.0.0.0/0"),
            t.field("remote_group_id", "Remote security group", "select",
                    options=[("", "None")] + [(g.id, g.name) for g in groups]),
            t.field("description", "Description"),
        ], "Add rule")],
    }


async def add_rule(conn: Any, values: dict[str, Any]) -> str:
    attrs: dict[str, Any] = {"security_group_id": values["group_id"],
                             "direction": t.text(values, "direction") or "ingress",
                             "ethertype": t.text(values, "ethertype") or "IPv4"}
    for key in ("protocol", "remote_ip_prefix", "remote_group_id", "description"):
        if t.text(values, key):
            attrs[key] = t.text(values, key)
    if t.text(values, "port_min"):
        low = t.integer(values, "port_min", "Port")
        high = t.integer(values, "port_max", "Range end") if t.text(values, "port_max") \
            else low
        attrs.update(port_range_min=low, port_range_max=high)
    await conn.network.create_security_group_rule(**attrs)
    return "Rule added."


async def delete_rule(conn: Any, values: dict[str, Any]) -> str:
    await conn.network.delete_security_group_rule(t.required(values, "rule_id"),
                                                  ignore_missing=False)
    return "Rule deleted."


ROUTES = [
    *t.resource_routes(PATH, build, {"create": create, "delete": delete}),
    *t.resource_routes(PATH + "/{group_id}", build_one,
                       {"add_rule": add_rule, "delete_rule": delete_rule}),
]

NAV = [("Network", "Security groups", PATH, False)]
