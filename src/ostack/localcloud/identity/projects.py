"""`/v3/projects`: list (with filters), show (with its parents and subtree), create (in a
hierarchy), update, delete; project tags; a user's projects.

Policy (Keystone's defaults): administrators and system readers read every project, a domain
reader the projects of its domain, a project-scoped token its own project; administrators (and
a domain's admin, within the domain) change them.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest, Forbidden
from ..policy import (
    Context,
    is_domain_reader,
    is_system_reader,
    keystone_check,
)
from ..routing import DELETE, GET, PATCH, POST, PUT, RouteTable
from ..service import authenticate, empty_response, json_response, read_json
from . import user_options
from .domain_state import DEFAULT_DOMAIN_ID
from .domains import CHANGES as DOMAIN_CHANGES
from .domains import update_with_options
from .http import (
    PROJECT_NAME_MAX,
    backend,
    can_manage_in,
    changes_of,
    check_tag,
    collection,
    entity,
    existing,
    extra_properties,
    field,
    id_field,
    managed,
    may_create,
    name_field,
    not_found,
    query_bool,
    same_domain,
    scope_listing,
    self_link,
    tags_field,
    v3_url,
    with_extra,
)
from .project_state import ProjectState
from .users import readable_user

KNOWN = ("id", "name", "domain_id", "description", "enabled", "parent_id", "is_domain", "tags",
         "options", "links")
TAG_FILTERS = ("tags", "tags-any", "not-tags", "not-tags-any")


def project_view(request: Request, project: dict[str, Any]) -> dict[str, Any]:
    return with_extra({
        "id": project["id"],
        "name": project["name"],
        "domain_id": project["domain_id"],
        "description": project["description"],
        "enabled": bool(project["enabled"]),
        "parent_id": project["parent_id"],
        "is_domain": False,
        "tags": project["tags"],
        "options": user_options.options_of(project),
        "links": self_link(request, f"projects/{project['id']}"),
    }, project)


def domain_project_view(request: Request, domain: dict[str, Any]) -> dict[str, Any]:
    """A domain as the project acting as it (`is_domain: true`)."""
    return {
        "id": domain["id"],
        "name": domain["name"],
        "domain_id": None,
        "description": domain["description"],
        "enabled": bool(domain["enabled"]),
        "parent_id": None,
        "is_domain": True,
        "tags": [],
        "options": user_options.options_of(domain),
        "links": self_link(request, f"projects/{domain['id']}"),
    }


def _get(request: Request) -> dict[str, Any]:
    project_id = request.path_params["project_id"]
    return existing(backend(request).projects.get(project_id), "project", project_id)


def can_read_project(ctx: Context, project: dict[str, Any]) -> bool:
    return (ctx.is_admin or is_system_reader(ctx) or ctx.project_id == project["id"]
            or is_domain_reader(ctx, project["domain_id"]))


def _filters(request: Request) -> dict[str, Any]:
    filters: dict[str, Any] = {}
    for name in ("name", "domain_id", "parent_id"):
        if name in request.query_params:
            filters[name] = request.query_params[name]
    enabled = query_bool(request, "enabled")
    if enabled is not None:
        filters["enabled"] = enabled
    for name in TAG_FILTERS:
        if name in request.query_params:
            filters[name] = [t for t in request.query_params[name].split(",") if t]
    return filters


async def list_projects(request: Request) -> Response:
    """GET /v3/projects, filtered by name, domain_id, parent_id, enabled, is_domain, tags."""
    ctx = authenticate(request)
    filters = _filters(request)
    if not scope_listing(ctx, filters, "identity:list_projects"):
        return json_response(collection(request, "projects", []))
    identity = backend(request)
    if query_bool(request, "is_domain"):
        if set(filters) - {"name", "enabled"}:
            return json_response(collection(request, "projects", []))
        domains = identity.domains.list(name=filters.get("name"),
                                        enabled=filters.get("enabled"))
        if ctx.domain_id is not None and not ctx.is_admin:
            domains = [d for d in domains if d["id"] == ctx.domain_id]
        return json_response(collection(request, "projects",
                                        [domain_project_view(request, d) for d in domains]))
    rows = identity.projects.list(filters)
    return json_response(collection(request, "projects",
                                    [project_view(request, p) for p in rows]))


def _wrapped(request: Request, projects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"project": project_view(request, p)} for p in projects]


def _nested_ids(projects: ProjectState, project_id: str, down: bool
                ) -> dict[str, Any] | None:
    """`parents_as_ids` / `subtree_as_ids`: nested `{id: {...} | None}`."""
    if down:
        children = projects.children_of([project_id])
        if not children:
            return None
        return {c["id"]: _nested_ids(projects, c["id"], True) for c in children}
    project = projects.get(project_id)
    # Keystone counts the domain (a project acting as a domain) as the topmost parent.
    tree: dict[str, Any] | None = {project["domain_id"]: None} if project else None
    for parent in reversed(projects.parents(project_id)):
        tree = {parent["id"]: tree}
    return tree


async def show_project(request: Request) -> Response:
    """GET /v3/projects/{id}, with `parents_as_list`/`parents_as_ids`, `subtree_as_list`/
    `subtree_as_ids` (limited to the projects the caller has a role on, as Keystone)."""
    ctx = authenticate(request)
    identity = backend(request)
    project_id = request.path_params["project_id"]
    project = identity.projects.get(project_id)
    if project is None:
        domain = identity.domains.get(project_id)
        if domain is not None and (ctx.is_admin or is_system_reader(ctx)
                                   or ctx.domain_id == domain["id"]):
            return json_response({"project": domain_project_view(request, domain)})
        raise not_found("project", project_id)
    keystone_check(can_read_project(ctx, project), "identity:get_project")
    view = project_view(request, project)
    query = request.query_params
    for as_list, as_ids in (("parents_as_list", "parents_as_ids"),
                            ("subtree_as_list", "subtree_as_ids")):
        if query_bool(request, as_list) and query_bool(request, as_ids):
            raise BadRequest(f"Cannot use {as_list} and {as_ids} query params at the same "
                             f"time.")
    # As lists, Keystone shows only the projects the caller has a role on, admin or not.
    mine = {p["id"] for p in identity.assignments.projects_of(ctx.user_id, enabled_only=False)
            } if ctx.user_id else set()
    if "parents_as_list" in query and query_bool(request, "parents_as_list") is not False:
        parents = identity.projects.parents(project["id"])
        view["parents"] = _wrapped(request, [p for p in parents
                                             if p["id"] in mine])
    elif "parents_as_ids" in query and query_bool(request, "parents_as_ids") is not False:
        view["parents"] = _nested_ids(identity.projects, project["id"], down=False)
    if "subtree_as_list" in query and query_bool(request, "subtree_as_list") is not False:
        subtree = identity.projects.subtree(project["id"])
        view["subtree"] = _wrapped(request, [p for p in subtree
                                             if p["id"] in mine])
    elif "subtree_as_ids" in query and query_bool(request, "subtree_as_ids") is not False:
        view["subtree"] = _nested_ids(identity.projects, project["id"], down=True)
    return json_response({"project": view})


async def create_project(request: Request) -> Response:
    """POST /v3/projects (`is_domain: true` creates a domain, as Keystone)."""
    ctx = authenticate(request)
    may_create(ctx, "identity:create_project")
    data = await entity(request, "project")
    name = name_field(data, max_length=PROJECT_NAME_MAX)
    domain_id = id_field(data, "domain_id")
    parent_id = id_field(data, "parent_id")
    description = field(data, "description", str, nullable=True)
    enabled = field(data, "enabled", bool, default=True)
    is_domain = field(data, "is_domain", bool, default=False)
    tags = tags_field(data["tags"]) if data.get("tags") is not None else []
    options = user_options.read(data, {}, user_options.IMMUTABLE_OPTIONS)
    kept = {"options": options} if options else {}
    identity = backend(request)
    if is_domain:
        keystone_check(ctx.is_admin, "identity:create_project")
        if parent_id is not None or domain_id is not None:
            raise BadRequest("A project acting as a domain cannot have a parent or a domain.")
        domain = identity.domains.create(name, description=description, enabled=enabled,
                                         extra=kept)
        return json_response({"project": domain_project_view(request, domain)}, status=201)
    if domain_id is None and parent_id is None:
        domain_id = ctx.domain_id or (ctx.project_domain["id"] if ctx.project_domain
                                      else DEFAULT_DOMAIN_ID)
    if domain_id is None and parent_id is not None:
        parent = identity.projects.get(parent_id)
        domain_id = parent["domain_id"] if parent else parent_id
    keystone_check(can_manage_in(ctx, domain_id), "identity:create_project")
    project = identity.projects.create(
        name, domain_id, description=description, enabled=enabled, parent_id=parent_id,
        tags=tags, extra={**extra_properties(data, KNOWN), **kept})
    return json_response({"project": project_view(request, project)}, status=201)


async def _as_domain(request: Request, ctx: Context, delete: bool) -> Response | None:
    """PATCH or DELETE of a project acting as a domain (`is_domain`): the domain's."""
    identity = backend(request)
    project_id = request.path_params["project_id"]
    if identity.projects.get(project_id) is not None:
        return None
    domain = identity.domains.get(project_id)
    if domain is None:
        return None
    keystone_check(ctx.is_admin, f"identity:{'delete' if delete else 'update'}_project")
    if delete:
        user_options.check_delete(domain, "domain")
        identity.delete_domain(domain["id"])
        return empty_response(204)
    domain = update_with_options(request, domain, await entity(request, "project"), None)
    return json_response({"project": domain_project_view(request, domain)})


async def update_project(request: Request) -> Response:
    ctx = authenticate(request)
    acting = await _as_domain(request, ctx, delete=False)
    if acting is not None:
        return acting
    project = managed(request, _get, "identity:update_project")
    data = await entity(request, "project")
    same_domain(data, project)
    if "parent_id" in data and data["parent_id"] != project["parent_id"]:
        raise Forbidden("Update of `parent_id` is not allowed.")
    if "is_domain" in data and data["is_domain"] is not False:
        raise BadRequest("Update of `is_domain` is not allowed.")
    changes = changes_of(data, {
        **DOMAIN_CHANGES,
        "tags": lambda data: tags_field(data["tags"]) if data["tags"] is not None else [],
    }, KNOWN)
    options = user_options.read(data, user_options.options_of(project),
                                user_options.IMMUTABLE_OPTIONS)
    user_options.check_update(project, data, "project")
    if options is not None:
        changes["extra"] = {**changes.get("extra", {}), "options": options}
    project = backend(request).projects.update(project["id"], changes)
    return json_response({"project": project_view(request, project)})


async def delete_project(request: Request) -> Response:
    ctx = authenticate(request)
    acting = await _as_domain(request, ctx, delete=True)
    if acting is not None:
        return acting
    project = managed(request, _get, "identity:delete_project")
    user_options.check_delete(project, "project")
    backend(request).projects.delete(project["id"])
    return empty_response(204)


# ------------------------------------------------------------------- tags
def _tags_mutable(project: dict[str, Any], verb: str) -> None:
    """Keystone's 403 for changing the tags of an immutable project."""
    if user_options.is_immutable(project):
        raise Forbidden(f"Cannot {verb} project tags for {project['id']}, project is "
                        f"immutable. Set \"immutable\" option to false before creating "
                        f"project tags.")


async def list_tags(request: Request) -> Response:
    """GET /v3/projects/{id}/tags."""
    ctx = authenticate(request)
    project = _get(request)
    keystone_check(can_read_project(ctx, project), "identity:list_project_tags")
    return json_response({"tags": project["tags"]})


async def replace_tags(request: Request) -> Response:
    """PUT /v3/projects/{id}/tags: the whole list."""
    project = managed(request, _get, "identity:update_project_tags")
    _tags_mutable(project, "update")
    body = await read_json(request)
    tags = tags_field(body.get("tags"))
    project = backend(request).projects.update(project["id"], {"tags": tags})
    return json_response({"tags": project["tags"]})


async def delete_tags(request: Request) -> Response:
    """DELETE /v3/projects/{id}/tags: remove every tag."""
    project = managed(request, _get, "identity:delete_project_tags")
    _tags_mutable(project, "update")
    backend(request).projects.update(project["id"], {"tags": []})
    return empty_response(204)


async def check_tag_exists(request: Request) -> Response:
    """GET|HEAD /v3/projects/{id}/tags/{tag}: 204 when the project has it, else 404."""
    ctx = authenticate(request)
    project = _get(request)
    keystone_check(can_read_project(ctx, project), "identity:get_project_tag")
    tag = request.path_params["tag"]
    if tag not in project["tags"]:
        raise not_found("project tag", tag)
    return empty_response(204)


async def add_tag(request: Request) -> Response:
    """PUT /v3/projects/{id}/tags/{tag}: 201, with the tag's URL in Location."""
    project = managed(request, _get, "identity:create_project_tag")
    _tags_mutable(project, "create")
    tag = check_tag(request.path_params["tag"], "tag")
    tags = project["tags"] if tag in project["tags"] else project["tags"] + [tag]
    tags_field(tags)
    backend(request).projects.update(project["id"], {"tags": tags})
    return empty_response(201, headers={
        "Location": f"{v3_url(request)}/projects/{project['id']}/tags/{tag}"})


async def remove_tag(request: Request) -> Response:
    """DELETE /v3/projects/{id}/tags/{tag}."""
    project = managed(request, _get, "identity:delete_project_tag")
    _tags_mutable(project, "delete")
    tag = request.path_params["tag"]
    if tag not in project["tags"]:
        raise not_found("project tag", tag)
    backend(request).projects.update(project["id"],
                                     {"tags": [t for t in project["tags"] if t != tag]})
    return empty_response(204)


# ------------------------------------------------------------------- a user's projects
async def list_user_projects(request: Request) -> Response:
    """GET /v3/users/{user_id}/projects: where the user holds a role (directly or through a
    group), filtered by name, domain_id and enabled."""
    user_id = readable_user(request, "identity:list_user_projects")["id"]
    filters = _filters(request)
    rows = [p for p in backend(request).assignments.projects_of(user_id, enabled_only=False)
            if all(p.get(k) == v for k, v in filters.items() if k in ("name", "domain_id"))
            and ("enabled" not in filters or bool(p["enabled"]) == filters["enabled"])]
    return json_response(collection(request, "projects",
                                    [project_view(request, p) for p in rows]))


TAGS = "/v3/projects/{project_id}/tags"
ROUTES: RouteTable = (
    ("/v3/projects", list_projects, GET),
    ("/v3/projects", create_project, POST),
    ("/v3/projects/{project_id}", show_project, GET),
    ("/v3/projects/{project_id}", update_project, PATCH),
    ("/v3/projects/{project_id}", delete_project, DELETE),
    (TAGS, list_tags, GET),
    (TAGS, replace_tags, PUT),
    (TAGS, delete_tags, DELETE),
    (TAGS + "/{tag}", check_tag_exists, GET),
    (TAGS + "/{tag}", add_tag, PUT),
    (TAGS + "/{tag}", remove_tag, DELETE),
    ("/v3/users/{user_id}/projects", list_user_projects, GET),
)
