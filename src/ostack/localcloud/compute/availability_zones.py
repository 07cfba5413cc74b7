"""`/v2.1/os-availability-zone` (+ `/detail` for admins): the zones of the compute hosts (`nova`,
or the availability zone of a host aggregate they are in) and, in the detail, the `internal`
zone of the controller's services."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..policy import require_admin
from ..routing import GET, RouteTable
from ..service import json_response
from . import hosts
from .http import backend, caller


async def list_zones(request: Request) -> Response:
    """GET /os-availability-zone: the zones servers may be created in (`nova`, or the zones
    of host aggregates), available when one of their compute services is up and enabled."""
    caller(request, "os_compute_api:os-availability-zone:list")
    compute = backend(request)
    zones = compute.aggregates.host_zones()
    enabled = compute.services.enabled_compute_hosts()
    state: dict[str, bool] = {}
    for service in compute.services.list():
        if service["binary"] == "nova-compute":
            zone = zones.get(service["host"], hosts.DEFAULT_AZ)
            state[zone] = state.get(zone, False) or service["host"] in enabled
    return json_response({"availabilityZoneInfo": [
        {"zoneName": name, "zoneState": {"available": available}, "hosts": None}
        for name, available in sorted(state.items(), key=lambda z: (not z[1], z[0]))]})


async def list_zones_detail(request: Request) -> Response:
    """GET /os-availability-zone/detail (admin): each zone's hosts and their services."""
    ctx = caller(request, "os_compute_api:os-availability-zone:detail")
    require_admin(ctx, "os_compute_api:os-availability-zone:detail")
    compute = backend(request)
    host_zones = compute.aggregates.host_zones()
    zones: dict[str, dict[str, Any]] = {}
    for service in compute.services.list():
        name = host_zones.get(service["host"], service["zone"]) \
            if service["binary"] == "nova-compute" else service["zone"]
        zone = zones.setdefault(name, {})
        zone.setdefault(service["host"], {})[service["binary"]] = {
            "active": not service["disabled"], "available": not service["forced_down"],
            "updated_at": timestamps.iso_micro(service["updated_at"])}
    return json_response({"availabilityZoneInfo": [
        {"zoneName": name, "zoneState": {"available": True}, "hosts": zone_hosts}
        for name, zone_hosts in sorted(zones.items())]})

ROUTES: RouteTable = (
    ("/os-availability-zone", list_zones, GET),
    ("/os-availability-zone/detail", list_zones_detail, GET),
)
