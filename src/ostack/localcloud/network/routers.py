"""Routers: `/v2.0/routers`, their interfaces (`add_router_interface`,
`remove_router_interface` by subnet or port), external gateway and extra routes."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..routing import PUT, RouteTable
from ..service import json_response, read_json
from . import attributes
from .exceptions import bad_request, policy_denied
from .http import Collection, backend, caller, view
from .resources import Caller


def _gateway_policy(attrs: dict[str, Any], who: Caller, create: bool) -> None:
    """enable_snat and external_fixed_ips of a gateway are for admins (Neutron's policy)."""
    info = attrs.get("external_gateway_info") or {}
    denied = [name for name in ("enable_snat", "external_fixed_ips") if name in info]
    if denied and not who.is_admin:
        action = "create_router" if create else "update_router"
        rules = " and ".join([f"rule:{action}"] + [
            f"rule:{action}:external_gateway_info:{name}" for name in denied])
        raise policy_denied(f"({rules})")


ROUTERS = Collection(
    kind="router", path="routers", key="routers", authorize=_gateway_policy,
    state=lambda backend: backend.routers,
)


def _interface_info(body: dict[str, Any], adding: bool) -> dict[str, str]:
    unknown = sorted(set(body) - {"subnet_id", "port_id"})
    if unknown:
        raise bad_request(f"Unrecognized attribute(s) '{', '.join(unknown)}'")
    if not body:
        raise bad_request("Bad router request: Either subnet_id or port_id must be specified.",
                          "BadRequest")
    info = {}
    for key in ("subnet_id", "port_id"):
        if key in body:
            try:
                info[key] = attributes.an_uuid(key, body[key])
            except Exception as err:
                raise bad_request(f"Bad router request: {getattr(err, 'message', err)}",
                                  "BadRequest") from None
    if adding and len(info) == 2:
        raise bad_request("Bad router request: Cannot specify both subnet-id and port-id.",
                          "BadRequest")
    return info


async def add_router_interface(request: Request) -> Response:
    """PUT /v2.0/routers/{id}/add_router_interface."""
    who = caller(request)
    info = _interface_info(await read_json(request), True)
    result = backend(request).routers.add_interface(who, request.path_params["id"], info)
    return json_response(result)


async def remove_router_interface(request: Request) -> Response:
    """PUT /v2.0/routers/{id}/remove_router_interface."""
    who = caller(request)
    info = _interface_info(await read_json(request), False)
    result = backend(request).routers.remove_interface(who, request.path_params["id"], info)
    return json_response(result)


async def _change_routes(request: Request, adding: bool) -> Response:
    """Add routes to the router's, or remove them, in one transaction (atomically)."""
    who = caller(request)
    body = await read_json(request)
    router = body.get("router")
    if not isinstance(router, dict) or set(router) != {"routes"}:
        raise bad_request("Bad router request: the body must be {\"router\": {\"routes\": "
                          "[...]}}.", "BadRequest")
    routes = attributes.list_of(attributes.host_route)("routes", router["routes"])
    cloud = backend(request)
    with cloud.bulk():
        current = cloud.record("router", who, request.path_params["id"])["routes"]
        changed = (current + [r for r in routes if r not in current] if adding
                   else [r for r in current if r not in routes])
        record = cloud.routers.update(who, request.path_params["id"], {"routes": changed})
    return json_response({"router": view("router", record, who)})


async def add_extraroutes(request: Request) -> Response:
    """PUT /v2.0/routers/{id}/add_extraroutes: add routes to the router's (atomically)."""
    return await _change_routes(request, adding=True)


async def remove_extraroutes(request: Request) -> Response:
    """PUT /v2.0/routers/{id}/remove_extraroutes."""
    return await _change_routes(request, adding=False)


ROUTES: RouteTable = (
    *ROUTERS.routes(),
    ("/routers/{id}/add_router_interface", add_router_interface, PUT),
    ("/routers/{id}/remove_router_interface", remove_router_interface, PUT),
    ("/routers/{id}/add_extraroutes", add_extraroutes, PUT),
    ("/routers/{id}/remove_extraroutes", remove_extraroutes, PUT),
)
