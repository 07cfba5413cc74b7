"""Overview: the project's quota usage (compute, volume, network), each limit as a bar."""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ostack import exceptions
from ostack.dashboard.errors import describe
from ostack.dashboard.render import render

PATH = "/project/overview"

#: (quota key, label) shown per service, in Horizon's order.
COMPUTE = (("instances", "Instances"), ("cores", "VCPUs"), ("ram", "RAM (MiB)"),
           ("key_pairs", "Key pairs"), ("server_groups", "Server groups"))
VOLUME = (("volumes", "Volumes"), ("snapshots", "Volume snapshots"),
          ("gigabytes", "Volume storage (GiB)"), ("backups", "Backups"),
          ("backup_gigabytes", "Backup storage (GiB)"))
NETWORK = (("floatingip", "Floating IPs"), ("security_group", "Security groups"),
           ("security_group_rule", "Security group rules"), ("network", "Networks"),
           ("subnet", "Subnets"), ("port", "Ports"), ("router", "Routers"))


def bar(label: str, used: Any, limit: Any) -> dict[str, Any]:
    """One chart's numbers: used of limit (limit -1: unlimited) and the bar's percentage."""
    used = int(used or 0)
    limit = int(limit if limit is not None else -1)
    percent = 0 if limit <= 0 else min(100, round(100 * used / limit))
    return {"label": label, "used": used, "limit": limit, "percent": percent,
            "over": limit >= 0 and used >= limit}


def _usage_bars(quota: Any, keys: tuple[tuple[str, str], ...]) -> list[dict[str, Any]]:
    raw = quota.raw
    usage = raw.get("usage") or {}
    return [bar(label, usage.get(key, 0), raw.get(key)) for key, label in keys if key in raw]


async def _chart(title: str, make: Any) -> dict[str, Any]:
    try:
        return {"title": title, "bars": await make(), "error": None}
    except exceptions.OstackError as exc:
        return {"title": title, "bars": [], "error": describe(exc)}


async def index(request: Request) -> Response:
    conn = request.state.conn
    project = request.state.session.project_id

    async def compute() -> list[dict[str, Any]]:
        return _usage_bars(await conn.compute.get_quota_set(project, usage=True), COMPUTE)

    async def volume() -> list[dict[str, Any]]:
        return _usage_bars(await conn.block_storage.get_quota_set(project, usage=True), VOLUME)

    async def network() -> list[dict[str, Any]]:
        raw = (await conn.network.get_quota(project, details=True)).raw
        return [bar(label, raw[key].get("used"), raw[key].get("limit"))
                for key, label in NETWORK if isinstance(raw.get(key), dict)]

    charts = await asyncio.gather(_chart("Compute", compute), _chart("Volume", volume),
                                  _chart("Network", network))
    return render(request, "overview/index.html", {"title": "Overview", "charts": charts})


async def home(request: Request) -> Response:
    return RedirectResponse(PATH, status_code=303)


ROUTES = [Route("/project/", home, methods=["GET"]), Route(PATH, index, methods=["GET"])]

NAV = [("Compute", "Overview", PATH, False)]
