"""Subnets: `/v2.0/subnets` (IPv4 and IPv6, allocation pools, gateway, DHCP, routes)."""

from __future__ import annotations

from typing import Any

from ..routing import RouteTable
from .exceptions import NeutronError, bad_request
from .http import Collection


def check(attrs: dict[str, Any], create: bool) -> dict[str, Any]:
    """What this cloud cannot do (subnet pools, segments) answered as Neutron does when the
    pool or segment is missing."""
    if attrs.get("subnetpool_id"):
        raise NeutronError(f"Subnet pool {attrs['subnetpool_id']} could not be found.",
                           "SubnetPoolNotFound", 404)
    if attrs.get("segment_id"):
        raise NeutronError(f"Segment {attrs['segment_id']} could not be found.",
                           "SegmentNotFound", 404)
    if create and attrs.get("use_default_subnet_pool"):
        version = attrs.get("ip_version", 4)
        raise bad_request(f"Bad subnet request: No default subnetpool found for "
                          f"IPv{version}.", "BadRequest")
    if create and "cidr" not in attrs:
        raise bad_request("Bad subnet request: a subnetpool must be specified in the absence "
                          "of a cidr.", "BadRequest")
    return attrs


SUBNETS = Collection(
    kind="subnet", path="subnets", key="subnets", check=check,
    ignored=("subnetpool_id", "segment_id", "use_default_subnet_pool", "prefixlen"),
    state=lambda backend: backend.subnets,
)

ROUTES: RouteTable = SUBNETS.routes()
