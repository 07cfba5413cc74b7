"""Ports: `/v2.0/ports` (fixed IPs from the subnets' pools, MAC addresses, device owner and
id, bindings for admins, security groups, allowed address pairs, port security)."""

from __future__ import annotations

from typing import Any

from .http import Collection


def check(attrs: dict[str, Any], create: bool) -> dict[str, Any]:
    for name in ("dns_name", "qos_policy_id"):
        attrs.pop(name, None)
    return attrs


PORTS = Collection(
    kind="port", path="ports", key="ports", check=check,
    create=lambda cloud, who, attrs: cloud.create_port(who, attrs),
    update=lambda cloud, who, ident, attrs: cloud.update_port(who, ident, attrs),
    delete=lambda cloud, who, ident: cloud.delete_port(who, ident),
)
