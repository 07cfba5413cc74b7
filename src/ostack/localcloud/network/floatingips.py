"""Floating IPs: `/v2.0/floatingips`, allocated from external networks and associated with
ports reachable through a router."""

from __future__ import annotations

from ..routing import RouteTable
from .http import Collection

FLOATINGIPS = Collection(
    kind="floatingip", path="floatingips", key="floatingips",
    ignored=("dns_name", "dns_domain", "qos_policy_id"),
    state=lambda backend: backend.floatingips,
)

ROUTES: RouteTable = FLOATINGIPS.routes()
