"""Floating IPs: `/v2.0/floatingips`, allocated from external networks and associated with
ports reachable through a router."""

from __future__ import annotations

from typing import Any

from .http import Collection


def check(attrs: dict[str, Any], create: bool) -> dict[str, Any]:
    for name in ("dns_name", "dns_domain", "qos_policy_id"):
        attrs.pop(name, None)
    return attrs


FLOATINGIPS = Collection(
    kind="floatingip", path="floatingips", key="floatingips", check=check,
    create=lambda cloud, who, attrs: cloud.create_floatingip(who, attrs),
    update=lambda cloud, who, ident, attrs: cloud.update_floatingip(who, ident, attrs),
    delete=lambda cloud, who, ident: cloud.delete_floatingip(who, ident),
)
