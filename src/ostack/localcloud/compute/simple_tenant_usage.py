"""`/v2.1/os-simple-tenant-usage` (admin: every project) and `/{project_id}`: hours of
servers, vCPUs, RAM and disk used over a period (default: the current day so far)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import BadRequest, Forbidden
from ..policy import require_admin
from ..routing import GET, RouteTable
from ..service import json_response
from .http import backend, bool_param, caller, next_link, paginate
from .versions import microversion


def _period(request: Request) -> tuple[float, float]:
    query = request.query_params
    now = timestamps.now()
    try:
        start = timestamps.parse_iso(query["start"]) if "start" in query else now - now % 86400
        end = timestamps.parse_iso(query["end"]) if "end" in query else now
    except ValueError:
        raise BadRequest("Invalid start time. The start time cannot occur after the end "
                         "time.") from None
    if start > end:
        raise BadRequest("Invalid start time. The start time cannot occur after the end "
                         "time.")
    return start, end


def _usage(rows: list[dict[str, Any]], project_id: str, start: float, end: float,
           detailed: bool) -> dict[str, Any]:
    totals = {"total_hours": 0.0, "total_local_gb_usage": 0.0,
              "total_memory_mb_usage": 0.0, "total_vcpus_usage": 0.0}
    servers = []
    now = timestamps.now()
    for row in rows:
        began = row["launched_at"] or row["created_at"]
        hours = max(0.0, (min(end, now) - max(start, began)) / 3600)
        flavor = row["flavor"]
        totals["total_hours"] += hours
        totals["total_local_gb_usage"] += hours * flavor.get("disk", 0)
        totals["total_memory_mb_usage"] += hours * flavor.get("ram", 0)
        totals["total_vcpus_usage"] += hours * flavor.get("vcpus", 0)
        servers.append({
            "ended_at": None, "flavor": flavor.get("name"), "hours": hours,
            "instance_id": row["id"], "local_gb": flavor.get("disk", 0),
            "memory_mb": flavor.get("ram", 0), "name": row["name"],
            "started_at": timestamps.iso_micro(began), "state": row["vm_state"],
            "tenant_id": project_id, "uptime": int(max(0.0, now - began)),
            "vcpus": flavor.get("vcpus", 0)})
    usage: dict[str, Any] = {"tenant_id": project_id, "start": timestamps.iso_micro(start),
                             "stop": timestamps.iso_micro(end), **totals}
    if detailed:
        usage["server_usages"] = servers
    return usage


def _active(rows: list[dict[str, Any]], end: float) -> list[dict[str, Any]]:
    """The servers that had started by the period's end (Nova leaves later ones out)."""
    return [r for r in rows if (r["launched_at"] or r["created_at"]) < end]


def _page(request: Request, rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]],
                                                                  str | None]:
    if microversion(request) < (2, 40):
        return rows, None
    return paginate(request, rows, when_more=True)


async def list_usage(request: Request) -> Response:
    """GET /os-simple-tenant-usage (admin)."""
    ctx = caller(request, "os_compute_api:os-simple-tenant-usage:list")
    require_admin(ctx, "os_compute_api:os-simple-tenant-usage:list")
    start, end = _period(request)
    detailed = bool_param(request.query_params.get("detailed", "0"), "detailed")
    rows, next_marker = _page(request, _active(backend(request).servers_for_usage(None), end))
    by_project: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_project.setdefault(row["project_id"], []).append(row)
    body: dict[str, Any] = {"tenant_usages": [
        _usage(project_rows, project, start, end, detailed)
        for project, project_rows in by_project.items()]}
    if next_marker:
        body["tenant_usages_links"] = next_link(request, "os-simple-tenant-usage", next_marker)
    return json_response(body)


async def show_usage(request: Request) -> Response:
    """GET /os-simple-tenant-usage/{project_id}: one project's usage with its servers."""
    ctx = caller(request, "os_compute_api:os-simple-tenant-usage:show")
    project_id = request.path_params["project_id"]
    if project_id != ctx.project_id and not ctx.is_admin:
        raise Forbidden("Policy doesn't allow os_compute_api:os-simple-tenant-usage:show to "
                        "be performed.")
    start, end = _period(request)
    rows, next_marker = _page(request, _active(backend(request).servers_for_usage(project_id),
                                               end))
    body: dict[str, Any] = {"tenant_usage": _usage(rows, project_id, start, end, True)
                            if rows else {}}
    if next_marker:
        body["tenant_usage_links"] = next_link(request, f"os-simple-tenant-usage/{project_id}",
                                               next_marker)
    return json_response(body)

ROUTES: RouteTable = (
    ("/os-simple-tenant-usage", list_usage, GET),
    ("/os-simple-tenant-usage/{project_id}", show_usage, GET),
)
