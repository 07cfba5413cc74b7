"""Subnets: `/v2.0/subnets` (IPv4 and IPv6, allocation pools, gateway, DHCP, routes; a CIDR
given, or allocated from a subnet pool by `subnet_state`)."""

from __future__ import annotations

from typing import Any

from ..routing import RouteTable
from .exceptions import NeutronError
from .http import Collection


def check(attrs: dict[str, Any], create: bool) -> dict[str, Any]:
    """What this cloud cannot do (segments) answered as Neutron does when the segment is
    missing."""
    if attrs.get("segment_id"):
        raise NeutronError(f"Segment {attrs['segment_id']} could not be found.",
                           "SegmentNotFound", 404)
    return attrs


SUBNETS = Collection(
    kind="subnet", path="subnets", key="subnets", check=check,
    ignored=("segment_id",),
    state=lambda backend: backend.subnets,
)

ROUTES: RouteTable = SUBNETS.routes()
