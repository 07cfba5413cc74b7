"""`/v2.1/os-hosts` (admin, up to 2.42; 404 from 2.43): the hosts of the fleet and their
services, one compute host's resources by project, and host updates. The hypervisors here are
libvirt ones, whose driver implements neither enabling a host nor maintenance mode nor power
actions: Nova answers those with 501."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import ApiError, NotFound
from ..policy import require_admin
from ..routing import GET, PUT, RouteTable
from ..service import json_response, read_json
from . import hosts, validation
from .http import backend, caller
from .versions import microversion

NOT_SUPPORTED = "The requested functionality is not supported."


def _admin(request: Request, rule: str) -> None:
    if microversion(request) >= (2, 43):
        raise NotFound("The resource could not be found.")
    action = f"os_compute_api:os-hosts:{rule}"
    require_admin(caller(request, action), action)


def _compute_host(request: Request) -> str:
    host = request.path_params["host_name"]
    if not any(s["host"] == host and s["binary"] == "nova-compute"
               for s in backend(request).services.list()):
        raise NotFound(f"Compute host {host} could not be found.")
    return host


async def list_hosts(request: Request) -> Response:
    """GET /os-hosts[?zone=]: every service's host, its topic and zone."""
    _admin(request, "list")
    compute = backend(request)
    zones = compute.aggregates.host_zones()
    zone = request.query_params.get("zone")
    found = []
    for service in compute.services.list():
        service_zone = zones.get(service["host"], service["zone"]) \
            if service["binary"] == "nova-compute" else service["zone"]
        if not zone or zone == service_zone:  # Nova ignores an empty zone
            found.append({"host_name": service["host"],
                          "service": service["binary"].removeprefix("nova-"),
                          "zone": service_zone})
    return json_response({"hosts": found})


def _resource(host: str, project: str, cpu: int, memory_mb: int, disk_gb: int,
              ) -> dict[str, Any]:
    return {"resource": {"host": host, "project": project, "cpu": cpu,
                         "memory_mb": memory_mb, "disk_gb": disk_gb}}


async def show_host(request: Request) -> Response:
    """GET /os-hosts/{host}: total, used now, used at most, then each project's share."""
    _admin(request, "show")
    host = _compute_host(request)
    servers = backend(request).servers_for_usage(None)
    placed = [s for s in servers if s["host"] == host]
    per_project: dict[str, list[int]] = {}
    for server in placed:
        flavor = server["flavor"]
        used = per_project.setdefault(server["project_id"], [0, 0, 0])
        used[0] += int(flavor.get("vcpus", 0))
        used[1] += int(flavor.get("ram", 0))
        used[2] += int(flavor.get("disk", 0)) + int(flavor.get("ephemeral", 0))
    total = [sum(u[i] for u in per_project.values()) for i in range(3)]
    resources = [
        _resource(host, "(total)", hosts.VCPUS, hosts.MEMORY_MB, hosts.LOCAL_GB),
        _resource(host, "(used_now)", total[0], 512 + total[1], total[2]),
        _resource(host, "(used_max)", *total),
    ]
    resources += [_resource(host, project, *used) for project, used in per_project.items()]
    return json_response({"host": resources})


async def update_host(request: Request) -> Response:
    """PUT /os-hosts/{host}: status and/or maintenance_mode (501 for libvirt hosts)."""
    _admin(request, "update")
    body = await read_json(request)
    choice = {"type": "string", "enum": ["enable", "disable", "Enable", "Disable", "ENABLE",
                                         "DISABLE"]}
    validation.validate({"type": "object", "properties": {
        "status": choice, "maintenance_mode": choice}, "additionalProperties": False,
        "minProperties": 1}, body)
    _compute_host(request)
    raise ApiError(NOT_SUPPORTED, status=501)


async def host_power_action(request: Request) -> Response:
    """GET /os-hosts/{host}/startup|shutdown|reboot (501 for libvirt hosts)."""
    action = request.path_params["action"]
    if action not in ("startup", "shutdown", "reboot"):
        raise NotFound("The resource could not be found.")
    _admin(request, action)
    _compute_host(request)
    raise ApiError(NOT_SUPPORTED, status=501)

ROUTES: RouteTable = (
    ("/os-hosts", list_hosts, GET),
    ("/os-hosts/{host_name}", show_host, GET),
    ("/os-hosts/{host_name}", update_host, PUT),
    ("/os-hosts/{host_name}/{action}", host_power_action, GET),
)
