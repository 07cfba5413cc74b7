"""`/v2.0/availability_zones` (the `availability_zone` extension): the zones of the DHCP
agents (resource `network`) and the L3 agents (resource `router`), one entry per zone and
resource. Every agent of this cloud is in `nova` and alive. Filters: `name`, `resource`,
`state`."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..service import json_response
from .agents import AGENTS
from .http import caller

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
    fields = query.getlist("fields")
    if fields:
        found = [{k: v for k, v in z.items() if k in fields} for z in found]
    return json_response({"availability_zones": found})
