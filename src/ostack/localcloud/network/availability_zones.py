"""`/v2.0/availability_zones` (the `availability_zone` extension): the zones of the DHCP
agents (resource `network`) and the L3 agents (resource `router`), one entry per zone and
resource. Every agent of this cloud is in `nova` and alive. Filters: `name`, `resource`,
`state`."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..routing import GET, RouteTable
from ..service import json_response
from .agents import AGENTS
from .http import caller, only_fields

#: Agent topic -> the resource kind its zone is for.
RESOURCES = {"dhcp_agent": "network", "l3_agent": "router"}
ZONE = "nova"


async def list_availability_zones(request: Request) -> Response:
    """GET /v2.0/availability_zones."""
    caller(request)
    found = []
    for _id, _type, _binary, topic in AGENTS:
        resource = RESOURCES.get(topic)
        zone = {"name": ZONE, "resource": resource, "state": "available"}
        if resource and zone not in found:
            found.append(zone)
    query = request.query_params
    found = [z for z in found
             if all(z[key] in query.getlist(key) for key in ("name", "resource", "state")
                    if key in query)]
    return json_response({"availability_zones": only_fields(found, request)})


ROUTES: RouteTable = (
    ("/availability_zones", list_availability_zones, GET),
)
