"""`/v2.1/servers/{id}/ips` (+ `/{network}`): the server's addresses by network."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import NotFound
from ..routing import GET, RouteTable
from ..service import json_response, peers_of
from . import network
from .http import caller
from .server_views import find_server


def _addresses(request: Request) -> dict[str, list[dict[str, Any]]]:
    ctx = caller(request, "os_compute_api:ips:index")
    row = find_server(request, ctx, request.path_params["server_id"])
    if row["vm_state"] == "building":
        return {}
    found = network.addresses(peers_of(request), [row]).get(row["id"], {})
    return {name: [{"version": a["version"], "addr": a["addr"]} for a in items]
            for name, items in found.items()}


async def list_ips(request: Request) -> Response:
    """GET /servers/{id}/ips."""
    return json_response({"addresses": _addresses(request)})


async def show_ips(request: Request) -> Response:
    """GET /servers/{id}/ips/{network}."""
    name = request.path_params["network"]
    addresses = _addresses(request)
    if name not in addresses:
        raise NotFound("Instance is not a member of specified network")
    return json_response({name: addresses[name]})

ROUTES: RouteTable = (
    ("/servers/{server_id}/ips", list_ips, GET),
    ("/servers/{server_id}/ips/{network}", show_ips, GET),
)
