"""Ports: `/v2.0/ports` (fixed IPs from the subnets' pools, MAC addresses, device owner and
id, bindings for admins, security groups, allowed address pairs, port security)."""

from __future__ import annotations

from ..routing import RouteTable
from .http import Collection

PORTS = Collection(
    kind="port", path="ports", key="ports", ignored=("dns_name",),
    state=lambda backend: backend.ports,
)

ROUTES: RouteTable = PORTS.routes()
