"""`/v2.1/os-hypervisors` (admin): the hypervisors of the fixed fleet with their usage
computed from the servers placed on them. Integer ids before 2.53, uuids after; paging from
2.33; `with_servers` and `hypervisor_hostname_pattern` from 2.53; the resource fields,
`statistics`, `uptime` and `search`/`servers` go as Nova's microversions drop them (2.88,
2.53)."""

from __future__ import annotations

import json
import re
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest, NotFound
from ..policy import require_admin
from ..routing import GET, RouteTable
from ..service import json_response
from . import hosts, validation
from .http import backend, bool_param, caller, next_link, paginate
from .versions import microversion

UPTIME = " 08:32:11 up 93 days, 18:25, 3 users,  load average: 0.20, 0.12, 0.14"


def _admin(request: Request, rule: str) -> None:
    ctx = caller(request, f"os_compute_api:os-hypervisors:{rule}")
    require_admin(ctx, f"os_compute_api:os-hypervisors:{rule}")


def _hypervisor_id(request: Request, host: str) -> Any:
    if microversion(request) >= (2, 53):
        return hosts.hypervisor_uuid(host)
    return hosts.hypervisor_number(host)


def _services(request: Request) -> dict[str, dict[str, Any]]:
    return {row["host"]: row for row in backend(request).services.list()
            if row["binary"] == "nova-compute"}


def hypervisor_view(request: Request, host: str, service: dict[str, Any],
                    servers: list[dict[str, Any]], detail: bool,
                    with_servers: bool = False) -> dict[str, Any]:
    mv = microversion(request)
    view: dict[str, Any] = {
        "id": _hypervisor_id(request, host), "hypervisor_hostname": host,
        "state": "down" if service["forced_down"] else "up",
        "status": "disabled" if service["disabled"] else "enabled",
    }
    if detail:
        view.update({
            "host_ip": hosts.HOST_IPS[host], "hypervisor_type": hosts.HYPERVISOR_TYPE,
            "hypervisor_version": hosts.HYPERVISOR_VERSION,
            "service": {"host": host, "disabled_reason": service["disabled_reason"],
                        "id": service["id"] if mv >= (2, 53) else service["seq"]},
        })
        if mv >= (2, 88):
            view["uptime"] = UPTIME
        else:
            running = [s for s in servers if s["vm_state"] != "shelved_offloaded"]
            vcpus_used = sum(s["flavor"].get("vcpus", 0) for s in running)
            ram_used = 512 + sum(s["flavor"].get("ram", 0) for s in running)
            disk_used = sum(s["flavor"].get("disk", 0) for s in running)
            view.update({
                "cpu_info": hosts.CPU_INFO if mv >= (2, 28) else json.dumps(hosts.CPU_INFO),
                "current_workload": 0, "disk_available_least": hosts.LOCAL_GB - disk_used,
                "free_disk_gb": hosts.LOCAL_GB - disk_used,
                "free_ram_mb": hosts.MEMORY_MB - ram_used, "local_gb": hosts.LOCAL_GB,
                "local_gb_used": disk_used, "memory_mb": hosts.MEMORY_MB,
                "memory_mb_used": ram_used, "running_vms": len(running),
                "vcpus": hosts.VCPUS, "vcpus_used": vcpus_used,
            })
    if with_servers and servers:
        view["servers"] = [{"name": s["name"], "uuid": s["id"]} for s in servers]
    return view


def _listing(request: Request, detail: bool) -> Response:
    _admin(request, "list-detail" if detail else "list")
    mv = microversion(request)
    query = request.query_params
    placed = backend(request).servers_on_hosts()
    services = _services(request)
    names = [h for h in hosts.COMPUTE_HOSTS if h in services]  # deleted services: gone
    with_servers = False
    if mv >= (2, 53):
        pattern = query.get("hypervisor_hostname_pattern")
        if pattern is not None:
            if "limit" in query or "marker" in query:
                raise BadRequest("Paging over hypervisors with the "
                                 "hypervisor_hostname_pattern query parameter is not "
                                 "supported.")
            names = [h for h in names if re.search(pattern, h)]
            if not names:
                raise NotFound(f"No hypervisor matching '{pattern}' could be found.")
        if "with_servers" in query:
            with_servers = bool_param(query["with_servers"], "with_servers")
    body: dict[str, Any] = {}
    if mv >= (2, 33):
        names, next_marker = paginate(request, names, lambda h: _hypervisor_id(request, h),
                                      when_more=True)
        if next_marker is not None:
            body["hypervisors_links"] = next_link(
                request, "os-hypervisors/detail" if detail else "os-hypervisors", next_marker)
    body["hypervisors"] = [hypervisor_view(request, h, services[h], placed[h], detail,
                                           with_servers) for h in names]
    return json_response(dict(sorted(body.items())))


async def list_hypervisors(request: Request) -> Response:
    """GET /os-hypervisors."""
    return _listing(request, detail=False)


async def list_hypervisors_detail(request: Request) -> Response:
    """GET /os-hypervisors/detail."""
    return _listing(request, detail=True)


def _host_of(request: Request, ident: str) -> str:
    for host in _services(request):
        if str(_hypervisor_id(request, host)) == ident:
            return host
    if microversion(request) >= (2, 53):
        raise BadRequest(f"Invalid uuid {ident}") if not validation.is_uuid(ident) else NotFound(
            f"Hypervisor with ID {ident} could not be found.")
    raise NotFound(f"Hypervisor with ID {ident} could not be found.")




async def show_hypervisor(request: Request) -> Response:
    """GET /os-hypervisors/{id}."""
    _admin(request, "show")
    host = _host_of(request, request.path_params["hypervisor_id"])
    with_servers = microversion(request) >= (2, 53) and bool_param(
        request.query_params.get("with_servers", "false"), "with_servers")
    placed = backend(request).servers_on_hosts()
    return json_response({"hypervisor": hypervisor_view(
        request, host, _services(request)[host], placed[host], True, with_servers)})


async def show_uptime(request: Request) -> Response:
    """GET /os-hypervisors/{id}/uptime (before 2.88)."""
    _admin(request, "uptime")
    if microversion(request) >= (2, 88):
        raise NotFound("The resource could not be found.")
    host = _host_of(request, request.path_params["hypervisor_id"])
    view = hypervisor_view(request, host, _services(request)[host], [], False)
    view["uptime"] = UPTIME
    return json_response({"hypervisor": view})


async def statistics(request: Request) -> Response:
    """GET /os-hypervisors/statistics (before 2.88): the fleet's totals."""
    _admin(request, "statistics")
    if microversion(request) >= (2, 88):
        raise NotFound("The resource could not be found.")
    placed = backend(request).servers_on_hosts()
    services = _services(request)
    totals: dict[str, int] = {"count": 0}
    keys = ("current_workload", "disk_available_least", "free_disk_gb", "free_ram_mb",
            "local_gb", "local_gb_used", "memory_mb", "memory_mb_used", "running_vms", "vcpus",
            "vcpus_used")
    for key in keys:
        totals[key] = 0
    for host in services:
        view = hypervisor_view(request, host, services[host], placed[host], True)
        totals["count"] += 1
        for key in keys:
            totals[key] += view[key]
    return json_response({"hypervisor_statistics": totals})


async def search(request: Request) -> Response:
    """GET /os-hypervisors/{pattern}/search and /{pattern}/servers (before 2.53)."""
    _admin(request, "search")
    if microversion(request) >= (2, 53):
        raise NotFound("The resource could not be found.")
    pattern = request.path_params["pattern"]
    found = [h for h in hosts.COMPUTE_HOSTS if pattern in h and h in _services(request)]
    if not found:
        raise NotFound(f"No hypervisor matching '{pattern}' could be found.")
    placed = backend(request).servers_on_hosts()
    services = _services(request)
    with_servers = request.url.path.endswith("/servers")
    return json_response({"hypervisors": [
        hypervisor_view(request, h, services[h], placed[h], False, with_servers)
        for h in found]})

ROUTES: RouteTable = (
    ("/os-hypervisors", list_hypervisors, GET),
    ("/os-hypervisors/detail", list_hypervisors_detail, GET),
    ("/os-hypervisors/statistics", statistics, GET),
    ("/os-hypervisors/{hypervisor_id}", show_hypervisor, GET),
    ("/os-hypervisors/{hypervisor_id}/uptime", show_uptime, GET),
    ("/os-hypervisors/{pattern}/search", search, GET),
    ("/os-hypervisors/{pattern}/servers", search, GET),
)
