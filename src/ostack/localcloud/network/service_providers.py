"""`/v2.0/service-providers` (the `service-type` extension): the service plugins' drivers
this Neutron runs, filterable by `service_type` and `name`. Only the L3 router plugin is
loaded here (no VPN, no load balancer), which tells clients such as openstacksdk's project
cleanup what not to look for."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..routing import GET, RouteTable
from ..service import json_response
from .http import caller, only_fields

PROVIDERS = ({"service_type": "L3_ROUTER_NAT", "name": "default", "default": True},)


async def list_service_providers(request: Request) -> Response:
    """GET /v2.0/service-providers."""
    caller(request)
    query = request.query_params
    found = [p for p in PROVIDERS
             if all(str(p[key]) == value for key, value in query.items()
                    if key in ("service_type", "name"))]
    return json_response({"service_providers": only_fields(found, request)})


ROUTES: RouteTable = (
    ("/service-providers", list_service_providers, GET),
)
