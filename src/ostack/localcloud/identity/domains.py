"""`/v3/domains`: list, show, create, update, delete.

Policy (Keystone's defaults): administrators and system readers read every domain; a token
scoped to a domain, or to a project of it, reads that domain; only administrators change them.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..policy import Context, is_system_reader, keystone_admin, keystone_check, keystone_reader
from ..routing import DELETE, GET, PATCH, POST, RouteTable
from ..service import authenticate, empty_response, json_response
from . import user_options
from .http import (
    PROJECT_NAME_MAX,
    backend,
    changes_of,
    collection,
    description_of,
    enabled_of,
    entity,
    existing,
    extra_properties,
    field,
    name_field,
    project_name_of,
    query_bool,
    self_link,
    with_extra,
)

KNOWN = ("id", "name", "description", "enabled", "tags", "options", "links", "explicit_domain_id")


def domain_view(request: Request, domain: dict[str, Any]) -> dict[str, Any]:
    return with_extra({
        "id": domain["id"],
        "name": domain["name"],
        "description": domain["description"],
        "enabled": bool(domain["enabled"]),
        "tags": [],
        "options": user_options.options_of(domain),
        "links": self_link(request, f"domains/{domain['id']}"),
    }, domain)


#: The attributes a PATCH may change (a project acting as a domain too).
CHANGES = {"name": project_name_of, "description": description_of, "enabled": enabled_of}


def _get(request: Request) -> dict[str, Any]:
    domain_id = request.path_params["domain_id"]
    return existing(backend(request).domains.get(domain_id), "domain", domain_id)


def can_read_domain(ctx: Context, domain_id: str) -> bool:
    """Admin, system reader, or a token scoped to the domain or to one of its projects."""
    return (ctx.is_admin or is_system_reader(ctx) or ctx.domain_id == domain_id
            or (ctx.project_domain is not None and ctx.project_domain["id"] == domain_id))


def update_with_options(request: Request, domain: dict[str, Any], data: dict[str, Any],
                        known: tuple[str, ...] | None = KNOWN) -> dict[str, Any]:
    """PATCH a domain (here, or as a project acting as it with `known=None`): its changes and
    options, refused (403) while it is immutable."""
    changes = changes_of(data, CHANGES, known)
    options = user_options.read(data, user_options.options_of(domain),
                                user_options.IMMUTABLE_OPTIONS)
    user_options.check_update(domain, data, "domain")
    if options is not None:
        changes["extra"] = {**changes.get("extra", {}), "options": options}
    return backend(request).domains.update(domain["id"], changes)


async def list_domains(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_reader(ctx, "identity:list_domains")
    rows = backend(request).domains.list(name=request.query_params.get("name"),
                                         enabled=query_bool(request, "enabled"))
    return json_response(collection(request, "domains", [domain_view(request, d) for d in rows]))


async def show_domain(request: Request) -> Response:
    ctx = authenticate(request)
    domain = _get(request)
    keystone_check(can_read_domain(ctx, domain["id"]), "identity:get_domain")
    return json_response({"domain": domain_view(request, domain)})


async def create_domain(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:create_domain")
    data = await entity(request, "domain")
    options = user_options.read(data, {}, user_options.IMMUTABLE_OPTIONS)
    domain = backend(request).domains.create(
        name_field(data, max_length=PROJECT_NAME_MAX),
        # Keystone stores a domain made without a description with an empty one.
        description=field(data, "description", str, nullable=True, default=""),
        enabled=field(data, "enabled", bool, default=True),
        extra={**extra_properties(data, KNOWN), **({"options": options} if options else {})},
    )
    return json_response({"domain": domain_view(request, domain)}, status=201)


async def update_domain(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:update_domain")
    domain = _get(request)
    domain = update_with_options(request, domain, await entity(request, "domain"))
    return json_response({"domain": domain_view(request, domain)})


async def delete_domain(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:delete_domain")
    domain = backend(request).domains.get(request.path_params["domain_id"])
    if domain is not None:
        user_options.check_delete(domain, "domain")
    backend(request).delete_domain(request.path_params["domain_id"])
    return empty_response(204)


ROUTES: RouteTable = (
    ("/v3/domains", list_domains, GET),
    ("/v3/domains", create_domain, POST),
    ("/v3/domains/{domain_id}", show_domain, GET),
    ("/v3/domains/{domain_id}", update_domain, PATCH),
    ("/v3/domains/{domain_id}", delete_domain, DELETE),
)
