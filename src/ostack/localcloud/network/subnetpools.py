"""Subnet pools: `/v2.0/subnetpools` (the collection, its tags) and the prefix operations
`add_prefixes` / `remove_prefixes`; a pool's rules and allocations are `subnetpool_state`."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..routing import PUT, RouteTable
from ..service import json_response, read_json
from . import attributes
from .exceptions import bad_request
from .http import Collection, backend, caller
from .resources import Caller


def _policy(attrs: dict[str, Any], who: Caller, create: bool) -> None:
    """Neutron's policy: only an admin makes a pool shared or default (`shared: false` and
    `is_default: false` are the defaults anyone may state on create) or changes
    `is_default`."""
    if who.is_admin:
        return
    if create:
        denied = [name for name in ("shared", "is_default") if attrs.get(name)]
    else:
        denied = [name for name in ("is_default",) if name in attrs]
    if denied:
        action = "create_subnetpool" if create else "update_subnetpool"
        raise attributes.denied_by_policy(action, denied)


SUBNETPOOLS = Collection(
    kind="subnetpool", path="subnetpools", key="subnetpools", authorize=_policy,
    state=lambda backend: backend.subnetpools,
)


async def _prefixes(request: Request) -> list[str]:
    """The `{"prefixes": [...]}` body of a prefix operation (a non-empty list of CIDRs)."""
    body = await read_json(request)
    prefixes = body.get("prefixes") if isinstance(body, dict) else None
    if not prefixes or not isinstance(prefixes, list):
        raise bad_request("Request body contains invalid data")
    return [attributes.prefix("prefixes", item) for item in prefixes]


async def add_prefixes(request: Request) -> Response:
    """PUT /v2.0/subnetpools/{id}/add_prefixes: the pool's prefixes, these merged in."""
    who, prefixes = caller(request), await _prefixes(request)
    result = backend(request).subnetpools.add_prefixes(who, request.path_params["id"],
                                                       prefixes)
    return json_response({"prefixes": result})


async def remove_prefixes(request: Request) -> Response:
    """PUT /v2.0/subnetpools/{id}/remove_prefixes: the pool's prefixes, these taken out."""
    who, prefixes = caller(request), await _prefixes(request)
    result = backend(request).subnetpools.remove_prefixes(who, request.path_params["id"],
                                                          prefixes)
    return json_response({"prefixes": result})


ROUTES: RouteTable = (
    *SUBNETPOOLS.routes(),
    ("/subnetpools/{id}/add_prefixes", add_prefixes, PUT),
    ("/subnetpools/{id}/remove_prefixes", remove_prefixes, PUT),
)
