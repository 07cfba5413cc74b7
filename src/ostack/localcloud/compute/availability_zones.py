"""`/v2.1/os-availability-zone` (+ `/detail` for admins): the `nova` zone of the compute hosts
and, in the detail, the `internal` zone of the controller's services."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..policy import require_admin
from ..service import json_response
from . import hosts
from .http import backend, caller


async def list_zones(request: Request) -> Response:
    """GET /os-availability-zone: the zones servers may be created in."""
    caller(request, "os_compute_api:os-availability-zone:list")
    available = bool(backend(request).enabled_compute_hosts())
    return json_response({"availabilityZoneInfo": [{
        "zoneName": hosts.DEFAULT_AZ, "zoneState": {"available": available}, "hosts": None}]})


async def list_zones_detail(request: Request) -> Response:
    """GET /os-availability-zone/detail (admin): each zone's hosts and their services."""
    ctx = caller(request, "os_compute_api:os-availability-zone:detail")
    require_admin(ctx, "os_compute_api:os-availability-zone:detail")
    zones: dict[str, dict[str, Any]] = {}
    for service in backend(request).list_services():
        zone = zones.setdefault(service["zone"], {})
        zone.setdefault(service["host"], {})[service["binary"]] = {
            "active": not service["disabled"], "available": not service["forced_down"],
            "updated_at": timestamps.iso_micro(service["updated_at"])}
    return json_response({"availabilityZoneInfo": [
        {"zoneName": name, "zoneState": {"available": True}, "hosts": zone_hosts}
        for name, zone_hosts in sorted(zones.items())]})
