"""Networks: `/v2.0/networks` (external, shared, provider attributes for admins)."""

from __future__ import annotations

from typing import Any

from .http import Collection


def check(attrs: dict[str, Any], create: bool) -> dict[str, Any]:
    """Attributes of extensions this cloud does not keep (DNS, QoS, auto-allocation)."""
    for name in ("dns_domain", "qos_policy_id", "is_default"):
        attrs.pop(name, None)
    return attrs


NETWORKS = Collection(
    kind="network", path="networks", key="networks", check=check,
    create=lambda cloud, who, attrs: cloud.create_network(who, attrs),
    update=lambda cloud, who, ident, attrs: cloud.update_network(who, ident, attrs),
    delete=lambda cloud, who, ident: cloud.delete_network(who, ident),
)
