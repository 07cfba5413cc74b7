"""Networks: `/v2.0/networks` (external, shared, provider attributes for admins)."""

from __future__ import annotations

from ..routing import RouteTable
from .http import Collection

NETWORKS = Collection(
    kind="network", path="networks", key="networks",
    # extensions this cloud does not keep: DNS, auto-allocation
    ignored=("dns_domain", "is_default"),
    state=lambda backend: backend.networks,
)

ROUTES: RouteTable = NETWORKS.routes()
