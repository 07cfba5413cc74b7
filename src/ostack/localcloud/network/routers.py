"""Routers: `/v2.0/routers`, their interfaces (`add_router_interface`,
`remove_router_interface` by subnet or port), external gateway and extra routes."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..service import json_response, read_json
from . import attributes
from .exceptions import bad_request, policy_denied
from .http import Collection, backend, caller, view


def _gateway_policy(attrs: dict[str, Any], is_admin: bool, create: bool) -> None:
    """enable_snat and external_fixed_ips of a gateway are for admins (Neutron's policy)."""
    info = attrs.get("external_gateway_info") or {}
    denied = [name for name in ("enable_snat", "external_fixed_ips") if name in info]
    if denied and not is_admin:
        action = "create_router" if create else "update_router"
        rules = " and ".join([f"rule:{action}"] + [
            f"rule:{action}:external_gateway_info:{name}" for name in denied])
        raise policy_denied(f"({rules})")


def _create(cloud: Any, who: Any, attrs: dict[str, Any]) -> dict[str, Any]:
    _gateway_policy(attrs, who.is_admin, True)
    return cloud.create_router(who, attrs)


def _update(cloud: Any, who: Any, ident: str, attrs: dict[str, Any]) -> dict[str, Any]:
    _gateway_policy(attrs, who.is_admin, False)
    return cloud.update_router(who, ident, attrs)


ROUTERS = Collection(
    kind="router", path="routers", key="routers", create=_create, update=_update,
    delete=lambda cloud, who, ident: cloud.delete_router(who, ident),
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
    result = backend(request).add_router_interface(who, request.path_params["id"], info)
    return json_response(result)


async def remove_router_interface(request: Request) -> Response:
    """PUT /v2.0/routers/{id}/remove_router_interface."""
    who = caller(request)
    info = _interface_info(await read_json(request), False)
    result = backend(request).remove_router_interface(who, request.path_params["id"], info)
    return json_response(result)


async def _routes_body(request: Request) -> list[dict[str, str]]:
    body = await read_json(request)
    router = body.get("router")
    if not isinstance(router, dict) or set(router) != {"routes"}:
        raise bad_request("Bad router request: the body must be {\"router\": {\"routes\": "
                          "[...]}}.", "BadRequest")
    return attributes.list_of(attributes.host_route)("routes", router["routes"])


async def add_extraroutes(request: Request) -> Response:
    """PUT /v2.0/routers/{id}/add_extraroutes: add routes to the router's (atomically)."""
    who = caller(request)
    routes = await _routes_body(request)
    cloud = backend(request)
    with cloud.bulk():
        router = cloud.record("router", who, request.path_params["id"])
        merged = router["routes"] + [r for r in routes if r not in router["routes"]]
        record = cloud.update_router(who, router["id"], {"routes": merged})
    return json_response({"router": view("router", record, who)})


async def remove_extraroutes(request: Request) -> Response:
    """PUT /v2.0/routers/{id}/remove_extraroutes."""
    who = caller(request)
    routes = await _routes_body(request)
    cloud = backend(request)
    with cloud.bulk():
        router = cloud.record("router", who, request.path_params["id"])
        kept = [r for r in router["routes"] if r not in routes]
        record = cloud.update_router(who, router["id"], {"routes": kept})
    return json_response({"router": view("router", record, who)})
