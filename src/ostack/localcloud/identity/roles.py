"""`/v3/roles` and implied roles: `/v3/roles/{prior}/implies[/{implied}]`,
`/v3/role_inferences`.

Policy (Keystone's defaults): administrators, system readers and domain readers read roles;
administrators and system readers read the inference rules; only administrators change them.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import NotFound
from ..policy import Context, is_system_reader, keystone_admin, keystone_check, keystone_reader
from ..routing import DELETE, GET, HEAD, PATCH, POST, PUT, RouteTable
from ..service import authenticate, empty_response, json_response
from . import user_options
from .http import (
    backend,
    changes_of,
    collection,
    description_of,
    entity,
    existing,
    field,
    name_field,
    name_of,
    not_found,
    same_domain,
    self_link,
    v3_url,
)


def role_view(request: Request, role: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": role["id"],
        "name": role["name"],
        "domain_id": role.get("domain_id"),
        "description": role.get("description"),
        "options": user_options.options_of(role),
        "links": self_link(request, f"roles/{role['id']}"),
    }


def get_role(request: Request, role_id: str) -> dict[str, Any]:
    return existing(backend(request).roles.get(role_id), "role", role_id)


def _can_read_roles(ctx: Context) -> bool:
    return ctx.is_admin or is_system_reader(ctx) or (ctx.domain_id is not None
                                                     and ctx.has_role("reader", "member",
                                                                      "admin"))


async def list_roles(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_check(_can_read_roles(ctx), "identity:list_roles")
    rows = backend(request).roles.list(name=request.query_params.get("name"),
                                       domain_id=request.query_params.get("domain_id"))
    return json_response(collection(request, "roles", [role_view(request, r) for r in rows]))


async def show_role(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_check(_can_read_roles(ctx), "identity:get_role")
    role = get_role(request, request.path_params["role_id"])
    return json_response({"role": role_view(request, role)})


def _domain_of(request: Request, data: dict[str, Any]) -> str | None:
    """The domain of a domain-specific role (None for a global role); 404 if unknown."""
    domain_id = field(data, "domain_id", str, nullable=True)
    if domain_id is not None and backend(request).domains.get(domain_id) is None:
        raise not_found("domain", domain_id)
    return domain_id


async def create_role(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:create_role")
    data = await entity(request, "role")
    domain_id = _domain_of(request, data)
    options = user_options.read(data, {}, user_options.IMMUTABLE_OPTIONS)
    role = backend(request).roles.create(name_field(data),
                                         field(data, "description", str, nullable=True),
                                         domain_id, extra={"options": options or {}})
    return json_response({"role": role_view(request, role)}, status=201)


async def update_role(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:update_role")
    role = get_role(request, request.path_params["role_id"])
    data = await entity(request, "role")
    same_domain(data, role)
    changes = changes_of(data, {"name": name_of, "description": description_of})
    options = user_options.read(data, user_options.options_of(role),
                                user_options.IMMUTABLE_OPTIONS)
    user_options.check_update(role, data, "role")
    if options is not None:
        changes["extra"] = {"options": options}
    role = backend(request).roles.update(role["id"], changes)
    return json_response({"role": role_view(request, role)})


async def delete_role(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:delete_role")
    role = get_role(request, request.path_params["role_id"])
    user_options.check_delete(role, "role")
    backend(request).roles.delete(role["id"])
    return empty_response(204)


# ------------------------------------------------------------------- implied roles
def _inference_role(request: Request, role: dict[str, Any]) -> dict[str, Any]:
    view = {"id": role["id"], "name": role["name"],
            "links": self_link(request, f"roles/{role['id']}")}
    if role.get("description") is not None:
        view["description"] = role["description"]
    return view


def _pair(request: Request) -> tuple[dict[str, Any], dict[str, Any]]:
    prior = get_role(request, request.path_params["prior_role_id"])
    implied = get_role(request, request.path_params["implied_role_id"])
    return prior, implied


def _inference_body(request: Request, prior: dict[str, Any],
                    implied: dict[str, Any]) -> dict[str, Any]:
    return {
        "role_inference": {"prior_role": _inference_role(request, prior),
                           "implies": _inference_role(request, implied)},
        "links": {"self": f"{v3_url(request)}/roles/{prior['id']}/implies/{implied['id']}"},
    }


async def create_implied_role(request: Request) -> Response:
    """PUT /v3/roles/{prior_role_id}/implies/{implied_role_id}: 201."""
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:create_implied_role")
    prior, implied = _pair(request)
    backend(request).roles.add_implied(prior["id"], implied["id"])
    return json_response(_inference_body(request, prior, implied), status=201)


def _existing_pair(request: Request, action: str) -> tuple[dict[str, Any], dict[str, Any]]:
    ctx = authenticate(request)
    keystone_reader(ctx, action)
    prior, implied = _pair(request)
    if implied["id"] not in backend(request).roles.implications().get(prior["id"], ()):
        raise NotFound(f"{prior['id']} does not imply {implied['id']}.")
    return prior, implied


async def show_implied_role(request: Request) -> Response:
    """GET /v3/roles/{prior_role_id}/implies/{implied_role_id}."""
    prior, implied = _existing_pair(request, "identity:get_implied_role")
    return json_response(_inference_body(request, prior, implied))


async def check_implied_role(request: Request) -> Response:
    """HEAD /v3/roles/{prior_role_id}/implies/{implied_role_id}: 204 when it exists."""
    _existing_pair(request, "identity:check_implied_role")
    return empty_response(204)


async def delete_implied_role(request: Request) -> Response:
    """DELETE /v3/roles/{prior_role_id}/implies/{implied_role_id}."""
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:delete_implied_role")
    prior, implied = _pair(request)
    if not backend(request).roles.remove_implied(prior["id"], implied["id"]):
        raise NotFound(f"{prior['id']} does not imply {implied['id']}.")
    return empty_response(204)


def _implied_list(request: Request, prior: dict[str, Any]) -> list[dict[str, Any]]:
    identity = backend(request)
    roles = [identity.roles.get(r) for r in identity.roles.implications().get(prior["id"], ())]
    return [_inference_role(request, r) for r in sorted(
        (r for r in roles if r is not None), key=lambda r: r["name"])]


async def list_implied_roles(request: Request) -> Response:
    """GET /v3/roles/{prior_role_id}/implies: the roles it implies directly."""
    ctx = authenticate(request)
    keystone_reader(ctx, "identity:list_implied_roles")
    prior = get_role(request, request.path_params["prior_role_id"])
    return json_response({
        "role_inference": {"prior_role": _inference_role(request, prior),
                           "implies": _implied_list(request, prior)},
        "links": {"self": f"{v3_url(request)}/roles/{prior['id']}/implies"},
    })


async def list_role_inferences(request: Request) -> Response:
    """GET /v3/role_inferences: every rule, grouped by prior role."""
    ctx = authenticate(request)
    keystone_reader(ctx, "identity:list_role_inference_rules")
    identity = backend(request)
    items = []
    for role in identity.roles.list():
        if identity.roles.implications().get(role["id"]):
            items.append({"prior_role": _inference_role(request, role),
                          "implies": _implied_list(request, role)})
    return json_response({"role_inferences": items,
                          "links": {"self": f"{v3_url(request)}/role_inferences"}})


IMPLIES = "/v3/roles/{prior_role_id}/implies"
ROUTES: RouteTable = (
    ("/v3/roles", list_roles, GET),
    ("/v3/roles", create_role, POST),
    ("/v3/roles/{role_id}", show_role, GET),
    ("/v3/roles/{role_id}", update_role, PATCH),
    ("/v3/roles/{role_id}", delete_role, DELETE),
    (IMPLIES, list_implied_roles, GET),
    (IMPLIES + "/{implied_role_id}", check_implied_role, HEAD),  # before GET (HEAD too)
    (IMPLIES + "/{implied_role_id}", show_implied_role, GET),
    (IMPLIES + "/{implied_role_id}", create_implied_role, PUT),
    (IMPLIES + "/{implied_role_id}", delete_implied_role, DELETE),
    ("/v3/role_inferences", list_role_inferences, GET),
)
