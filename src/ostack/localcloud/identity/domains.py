"""`/v3/domains`: list, show, create, update, delete (admin only except reading one's own)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..policy import keystone_admin
from ..service import authenticate, empty_response, json_response
from .http import backend, collection, entity, field, not_found, query_bool, self_link


def domain_view(request: Request, domain: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": domain["id"],
        "name": domain["name"],
        "description": domain["description"],
        "enabled": bool(domain["enabled"]),
        "tags": [],
        "options": {},
        "links": self_link(request, f"domains/{domain['id']}"),
    }


def _get(request: Request) -> dict[str, Any]:
    domain_id = request.path_params["domain_id"]
    domain = backend(request).get_domain(domain_id)
    if domain is None:
        raise not_found("domain", domain_id)
    return domain


async def list_domains(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:list_domains")
    rows = backend(request).list_domains(name=request.query_params.get("name"),
                                         enabled=query_bool(request, "enabled"))
    return json_response(collection(request, "domains", [domain_view(request, d) for d in rows]))


async def show_domain(request: Request) -> Response:
    ctx = authenticate(request)
    domain = _get(request)
    if ctx.user_domain["id"] != domain["id"] and (
            not ctx.project_domain or ctx.project_domain["id"] != domain["id"]):
        keystone_admin(ctx, "identity:get_domain")
    return json_response({"domain": domain_view(request, domain)})


async def create_domain(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:create_domain")
    data = await entity(request, "domain")
    domain = backend(request).create_domain(
        field(data, "name", str, required=True),
        description=field(data, "description", str, nullable=True),
        enabled=field(data, "enabled", bool, default=True),
    )
    return json_response({"domain": domain_view(request, domain)}, status=201)


async def update_domain(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:update_domain")
    domain = _get(request)
    data = await entity(request, "domain")
    changes = {}
    for name, kind in (("name", str), ("description", str), ("enabled", bool)):
        if name in data:
            changes[name] = field(data, name, kind, nullable=name == "description")
    domain = backend(request).update_domain(domain["id"], changes)
    return json_response({"domain": domain_view(request, domain)})


async def delete_domain(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:delete_domain")
    backend(request).delete_domain(request.path_params["domain_id"])
    return empty_response(204)
