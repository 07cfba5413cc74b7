"""`/v3/roles`, `/v3/role_assignments` and the grants on projects, domains and the system:
`PUT|GET|HEAD|DELETE /v3/{projects|domains}/{id}/users/{user_id}/roles/{role_id}` and
`/v3/system/users/{user_id}/roles/{role_id}`."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import NotFound
from ..policy import keystone_admin, keystone_admin_or_self
from ..service import authenticate, empty_response, json_response
from .backend import IMPLIED_ROLES
from .http import backend, collection, entity, field, not_found, query_bool, self_link, v3_url


def role_view(request: Request, role: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": role["id"],
        "name": role["name"],
        "domain_id": None,
        "description": role.get("description"),
        "options": {},
        "links": self_link(request, f"roles/{role['id']}"),
    }


def _get_role(request: Request, role_id: str) -> dict[str, Any]:
    role = backend(request).get_role(role_id)
    if role is None:
        raise not_found("role", role_id)
    return role


async def list_roles(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:list_roles")
    rows = backend(request).list_roles(name=request.query_params.get("name"))
    return json_response(collection(request, "roles", [role_view(request, r) for r in rows]))


async def show_role(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:get_role")
    role = _get_role(request, request.path_params["role_id"])
    return json_response({"role": role_view(request, role)})


async def create_role(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:create_role")
    data = await entity(request, "role")
    role = backend(request).create_role(field(data, "name", str, required=True),
                                        field(data, "description", str, nullable=True))
    return json_response({"role": role_view(request, role)}, status=201)


async def update_role(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:update_role")
    role = _get_role(request, request.path_params["role_id"])
    data = await entity(request, "role")
    changes = {name: field(data, name, str, nullable=name == "description")
               for name in ("name", "description") if name in data}
    role = backend(request).update_role(role["id"], changes)
    return json_response({"role": role_view(request, role)})


async def delete_role(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:delete_role")
    role = _get_role(request, request.path_params["role_id"])
    backend(request).delete_role(role["id"])
    return empty_response(204)


# ------------------------------------------------------------------- grants
def _target(request: Request) -> tuple[str, str]:
    """(target type, target id) of a grant URL, 404 when the project or domain is unknown."""
    params = request.path_params
    if "project_id" in params:
        if backend(request).get_project(params["project_id"]) is None:
            raise not_found("project", params["project_id"])
        return "project", params["project_id"]
    if "domain_id" in params:
        if backend(request).get_domain(params["domain_id"]) is None:
            raise not_found("domain", params["domain_id"])
        return "domain", params["domain_id"]
    return "system", "all"


def _grant_parts(request: Request) -> tuple[str, str, str, str]:
    target_type, target_id = _target(request)
    user_id = request.path_params["user_id"]
    if backend(request).get_user(user_id) is None:
        raise not_found("user", user_id)
    role = _get_role(request, request.path_params["role_id"])
    return role["id"], user_id, target_type, target_id


async def grant(request: Request) -> Response:
    """PUT .../users/{user_id}/roles/{role_id}: assign the role."""
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:create_grant")
    backend(request).grant(*_grant_parts(request))
    return empty_response(204)


async def check_grant(request: Request) -> Response:
    """GET|HEAD .../users/{user_id}/roles/{role_id}: 204 when assigned, else 404."""
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:check_grant")
    parts = _grant_parts(request)
    if not backend(request).has_grant(*parts):
        raise NotFound(f"Could not find role assignment with role: {parts[0]}, user or group: "
                       f"{parts[1]}, project, domain, or system: {parts[3]}.")
    return empty_response(204)


async def revoke_grant(request: Request) -> Response:
    """DELETE .../users/{user_id}/roles/{role_id}: remove the role."""
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:revoke_grant")
    parts = _grant_parts(request)
    if not backend(request).revoke(*parts):
        raise NotFound(f"Could not find role assignment with role: {parts[0]}, user or group: "
                       f"{parts[1]}, project, domain, or system: {parts[3]}.")
    return empty_response(204)


async def list_grants(request: Request) -> Response:
    """GET .../users/{user_id}/roles: the roles the user holds on the target."""
    ctx = authenticate(request)
    user_id = request.path_params["user_id"]
    keystone_admin_or_self(ctx, user_id, "identity:list_grants")
    target_type, target_id = _target(request)
    rows = [backend(request).get_role(a["role_id"]) for a in backend(request).list_assignments(
        user_id=user_id, target_type=target_type, target_id=target_id)]
    return json_response(collection(request, "roles",
                                    [role_view(request, r) for r in rows if r is not None]))


# ------------------------------------------------------------------- role assignments
def assignment_view(request: Request, assignment: dict[str, Any], include_names: bool,
                    prior_role_id: str | None = None) -> dict[str, Any]:
    identity = backend(request)
    target_type, target_id = assignment["target_type"], assignment["target_id"]
    role: dict[str, Any] = {"id": assignment["role_id"]}
    user: dict[str, Any] = {"id": assignment["user_id"]}
    if target_type == "system":
        scope: dict[str, Any] = {"system": {"all": True}}
        path = "system"
    else:
        scope = {target_type: {"id": target_id}}
        path = f"{target_type}s/{target_id}"
    if include_names:
        role_row = identity.get_role(assignment["role_id"])
        role["name"] = role_row["name"] if role_row else None
        user_row = identity.get_user(assignment["user_id"])
        if user_row is not None:
            user["name"] = user_row["name"]
            domain = identity.get_domain(user_row["domain_id"])
            user["domain"] = {"id": user_row["domain_id"],
                              "name": domain["name"] if domain else None}
        if target_type == "project":
            project = identity.get_project(target_id)
            if project is not None:
                domain = identity.get_domain(project["domain_id"])
                scope["project"].update(name=project["name"], domain={
                    "id": project["domain_id"], "name": domain["name"] if domain else None})
        elif target_type == "domain":
            domain = identity.get_domain(target_id)
            scope["domain"]["name"] = domain["name"] if domain else None
    links = {"assignment": f"{v3_url(request)}/{path}/users/{assignment['user_id']}/roles/"
                           f"{prior_role_id or assignment['role_id']}"}
    if prior_role_id:
        links["prior_role"] = f"{v3_url(request)}/roles/{prior_role_id}"
    return {"role": role, "user": user, "scope": scope, "links": links}


async def list_role_assignments(request: Request) -> Response:
    """GET /v3/role_assignments with the user.id, role.id, scope.* and effective filters."""
    ctx = authenticate(request)
    query = request.query_params
    user_id = query.get("user.id")
    if user_id is None or user_id != ctx.user_id:
        keystone_admin(ctx, "identity:list_role_assignments")
    if "group.id" in query:
        return json_response(collection(request, "role_assignments", []))
    target_type = target_id = None
    if "scope.project.id" in query:
        target_type, target_id = "project", query["scope.project.id"]
    elif "scope.domain.id" in query:
        target_type, target_id = "domain", query["scope.domain.id"]
    elif "scope.system" in query:
        target_type, target_id = "system", "all"
    include_names = bool(query_bool(request, "include_names"))
    effective = "effective" in query and query_bool(request, "effective") is not False
    identity = backend(request)
    rows = identity.list_assignments(user_id=user_id, target_type=target_type,
                                     target_id=target_id)
    views = []
    role_filter = query.get("role.id")
    for row in rows:
        if role_filter is None or row["role_id"] == role_filter:
            views.append(assignment_view(request, row, include_names))
        if effective:
            role = identity.get_role(row["role_id"])
            for implied in _implied(identity, role["name"] if role else ""):
                if role_filter is None or implied["id"] == role_filter:
                    views.append(assignment_view(request, dict(row, role_id=implied["id"]),
                                                 include_names, prior_role_id=row["role_id"]))
    return json_response(collection(request, "role_assignments", views))


def _implied(identity: Any, name: str) -> list[dict[str, Any]]:
    result = []
    for implied_name in IMPLIED_ROLES.get(name, ()):
        role = identity.find_role({"name": implied_name})
        if role is not None:
            result.append(role)
            result.extend(_implied(identity, implied_name))
    return result
