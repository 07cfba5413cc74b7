"""`/v3/projects`: list, show, create, update, delete; a user's projects."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest
from ..policy import keystone_admin, keystone_admin_or_self
from ..service import authenticate, empty_response, json_response
from .backend import DEFAULT_DOMAIN_ID
from .http import backend, collection, entity, field, not_found, query_bool, self_link


def project_view(request: Request, project: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": project["id"],
        "name": project["name"],
        "domain_id": project["domain_id"],
        "description": project["description"],
        "enabled": bool(project["enabled"]),
        "parent_id": project["parent_id"],
        "is_domain": False,
        "tags": project["tags"],
        "options": {},
        "links": self_link(request, f"projects/{project['id']}"),
    }


def _get(request: Request) -> dict[str, Any]:
    project_id = request.path_params["project_id"]
    project = backend(request).get_project(project_id)
    if project is None:
        raise not_found("project", project_id)
    return project


def _filters(request: Request) -> dict[str, Any]:
    filters: dict[str, Any] = {}
    for name in ("name", "domain_id", "parent_id"):
        if name in request.query_params:
            filters[name] = request.query_params[name]
    enabled = query_bool(request, "enabled")
    if enabled is not None:
        filters["enabled"] = enabled
    return filters


async def list_projects(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:list_projects")
    rows = backend(request).list_projects(_filters(request))
    return json_response(collection(request, "projects",
                                    [project_view(request, p) for p in rows]))


async def show_project(request: Request) -> Response:
    ctx = authenticate(request)
    project = _get(request)
    if ctx.project_id != project["id"]:
        keystone_admin(ctx, "identity:get_project")
    return json_response({"project": project_view(request, project)})


async def create_project(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:create_project")
    data = await entity(request, "project")
    if field(data, "is_domain", bool, default=False):
        raise BadRequest("Projects acting as domains are not supported by this cloud.")
    tags = field(data, "tags", list, default=[])
    if not all(isinstance(tag, str) for tag in tags):
        raise BadRequest("Invalid input for field 'tags': tags must be strings.")
    project = backend(request).create_project(
        field(data, "name", str, required=True),
        field(data, "domain_id", str, default=None) or (
            ctx.project_domain["id"] if ctx.project_domain else DEFAULT_DOMAIN_ID),
        description=field(data, "description", str, nullable=True),
        enabled=field(data, "enabled", bool, default=True),
        parent_id=field(data, "parent_id", str, nullable=True),
        tags=tags,
    )
    return json_response({"project": project_view(request, project)}, status=201)


async def update_project(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:update_project")
    project = _get(request)
    data = await entity(request, "project")
    changes = {}
    for name, kind in (("name", str), ("description", str), ("enabled", bool),
                       ("tags", list)):
        if name in data:
            changes[name] = field(data, name, kind, nullable=name == "description")
    project = backend(request).update_project(project["id"], changes)
    return json_response({"project": project_view(request, project)})


async def delete_project(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:delete_project")
    project = _get(request)
    backend(request).delete_project(project["id"])
    return empty_response(204)


async def list_user_projects(request: Request) -> Response:
    """GET /v3/users/{user_id}/projects."""
    ctx = authenticate(request)
    user_id = request.path_params["user_id"]
    keystone_admin_or_self(ctx, user_id, "identity:list_user_projects")
    if backend(request).get_user(user_id) is None:
        raise not_found("user", user_id)
    rows = backend(request).projects_of(user_id)
    return json_response(collection(request, "projects",
                                    [project_view(request, p) for p in rows]))
