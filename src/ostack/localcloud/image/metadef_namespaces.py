"""`/v2/metadefs/namespaces`: Glance's metadata definition namespaces (list, create with their
contents, show with their contents, replace, delete, empty of objects, properties or tags),
and the access rules every metadef handler shares.

Glance's default policy: reading needs a reader role and a namespace that is public or owned by
the caller's project (administrators read everything); every change is for administrators.
A namespace the caller may not see is answered 404.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import BadRequest, Forbidden, NotFound
from ..policy import READ_ROLES, Context
from ..routing import DELETE, GET, POST, PUT, RouteTable
from ..service import authenticate, base_url, empty_response, json_response
from .http import (
    NAMESPACE,
    NAMESPACES,
    backend,
    limit_param,
    links,
    not_authorized,
    read_body,
    sort_dir_param,
)
from .metadef_schemas import check, namespace_schema, property_schema
from .metadef_state import SORT_KEYS, MetadefState

READ_ONLY = ("self", "schema", "created_at", "updated_at")


def metadefs(request: Request) -> MetadefState:
    return backend(request).metadefs


# ------------------------------------------------------------------ access rules

def require_admin(ctx: Context, action: str) -> None:
    """Changes to metadata definitions are for administrators (`metadef_admin`)."""
    if not ctx.is_admin:
        raise not_authorized(action)


def may_read(ctx: Context, namespace: dict[str, Any] | None = None) -> bool:
    """Glance's reader rule: admin, or a reader whose project owns the namespace or whose
    namespace is public (for a listing: a reader of some project)."""
    if ctx.is_admin:
        return True
    if not ctx.has_role(*READ_ROLES):
        return False
    if namespace is None:
        return ctx.project_id is not None
    return namespace["visibility"] == "public" or (
        ctx.project_id is not None and namespace["owner"] == ctx.project_id)


def require_read(ctx: Context, namespace: dict[str, Any], action: str) -> None:
    if not may_read(ctx, namespace):
        raise not_authorized(action)


def find_namespace(request: Request, ctx: Context, name: str | None = None,
                   exact_missing: bool = False) -> dict[str, Any]:
    """The namespace of the path, if the caller sees it; else 404 ("Namespace X not found",
    or the catalog's own wording for a missing one when `exact_missing`)."""
    name = name if name is not None else request.path_params["namespace"]
    namespace = metadefs(request).get_namespace(name)
    if namespace is None and exact_missing:
        raise NotFound(f"Metadata definition namespace={name} was not found.")
    if namespace is None or not MetadefState.visible(namespace, ctx.project_id,
                                                       ctx.is_admin):
        raise NotFound(f"Namespace {name} not found")
    return namespace


def require_unprotected(namespace: dict[str, Any], kind: str, name: str) -> None:
    """Glance's 403 for deleting a protected namespace, or something from one."""
    if namespace["protected"]:
        raise Forbidden(f"Metadata definition {kind} {name} is protected and cannot be "
                        "deleted.")


def check_read_only(body: dict[str, Any], keys: tuple[str, ...] = READ_ONLY) -> None:
    for key in keys:
        if key in body:
            raise Forbidden(f"Attribute '{key}' is read-only.")


def body_object(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise BadRequest(f"Malformed JSON in request body: {raw!r} is not an object.")
    return raw


def sort_params(request: Request, keys: tuple[str, ...] | None = None) -> tuple[str, str]:
    """`sort_key` (default created_at) and `sort_dir` (asc|desc, default desc)."""
    sort_dir = sort_dir_param(request)
    sort_key = request.query_params.get("sort_key", "created_at")
    if keys is not None and sort_key not in keys:
        raise BadRequest(f"Invalid sort key: {sort_key}")
    return sort_key, sort_dir


# ------------------------------------------------------------------ views
def _iso(value: float | None) -> str | None:
    return timestamps.iso_z(value) if value is not None else None


def association_view(association: dict[str, Any]) -> dict[str, Any]:
    view = {"name": association["name"], "prefix": association.get("prefix"),
            "properties_target": association.get("properties_target"),
            "created_at": _iso(association.get("created_at")),
            "updated_at": _iso(association.get("updated_at"))}
    return {k: v for k, v in view.items() if v is not None}


def object_view(namespace: str, item: dict[str, Any]) -> dict[str, Any]:
    view = {"name": item["name"], "description": item.get("description"),
            "required": item.get("required"), "properties": item.get("properties"),
            "created_at": _iso(item.get("created_at")),
            "updated_at": _iso(item.get("updated_at")),
            "self": f"/v2/metadefs/namespaces/{namespace}/objects/{item['name']}",
            "schema": "/v2/schemas/metadefs/object"}
    return {k: v for k, v in view.items() if v is not None}


def namespace_view(namespace: dict[str, Any],
                   associations: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A namespace as Glance shows it (unset attributes left out)."""
    view: dict[str, Any] = {
        "namespace": namespace["namespace"], "display_name": namespace["display_name"],
        "description": namespace["description"], "visibility": namespace["visibility"],
        "protected": bool(namespace["protected"]), "owner": namespace["owner"],
        "created_at": _iso(namespace["created_at"]),
        "updated_at": _iso(namespace["updated_at"]),
        "self": f"/v2/metadefs/namespaces/{namespace['namespace']}",
        "schema": "/v2/schemas/metadefs/namespace"}
    view = {k: v for k, v in view.items() if v is not None}
    if associations:
        view["resource_type_associations"] = [association_view(a) for a in associations]
    return view


# ------------------------------------------------------------------ handlers
async def list_namespaces(request: Request) -> Response:
    """GET /v2/metadefs/namespaces: visible namespaces with their resource type
    associations; `visibility`, `resource_types` (comma-separated), sorting, `limit` and
    `marker` (a namespace name)."""
    ctx = authenticate(request)
    query = request.query_params
    visibility = query.get("visibility") or None
    if visibility is not None and visibility not in ("public", "private"):
        raise BadRequest(f"Invalid visibility value: {visibility}")
    sort_key, sort_dir = sort_params(request, SORT_KEYS)
    limit = limit_param(request)
    if not may_read(ctx):
        raise not_authorized("get_metadef_namespaces")
    catalog = metadefs(request)
    types = query.get("resource_types")
    found = catalog.list_namespaces(ctx.project_id, ctx.is_admin, visibility,
                                    types.split(",") if types else None, sort_key, sort_dir)
    found = [n for n in found if may_read(ctx, n)]
    marker = query.get("marker")
    if marker is not None:
        anchor = catalog.get_namespace(marker)
        if anchor is None or not MetadefState.visible(anchor, ctx.project_id, ctx.is_admin):
            raise NotFound(f"Metadata definition namespace={marker} was not found.")
        names = [n["namespace"] for n in found]
        found = found[names.index(marker) + 1:] if marker in names else []
    page = found[:limit]
    associations = catalog.associations_of([n["id"] for n in page])
    return json_response({
        "namespaces": [namespace_view(n, associations[n["id"]]) for n in page],
        **links(request, "/v2/metadefs/namespaces", page, limit,
                marker_of=lambda n: n["namespace"]),
        "schema": "/v2/schemas/metadefs/namespaces"})


def _property_definitions(raw: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """Property definitions as stored (the name is the key, not a field)."""
    return {name: {k: v for k, v in (schema or {}).items() if k != "name"}
            for name, schema in (raw or {}).items()}


def _object_contents(item: dict[str, Any]) -> dict[str, Any]:
    return {"name": item["name"], "description": item.get("description"),
            "required": item.get("required"),
            "properties": _property_definitions(item.get("properties"))
            if item.get("properties") is not None else None}


async def create_namespace(request: Request) -> Response:
    """POST /v2/metadefs/namespaces: a namespace (owned by the caller's project unless an
    `owner` is given) with its initial properties, objects, tags and resource type
    associations; 201 with a Location."""
    ctx = authenticate(request)
    body = body_object(await read_body(request))
    check_read_only(body)
    check(body, namespace_schema())
    for item in body.get("objects") or []:
        if "name" not in item:
            raise BadRequest("Couldn't create metadata namespace: an object needs a name")
        for schema in (item.get("properties") or {}).values():
            check(schema, property_schema(require_name=False))
    for association in body.get("resource_type_associations") or []:
        if "name" not in association:
            raise BadRequest("Couldn't create metadata namespace: a resource type "
                             "association needs a name")
    require_admin(ctx, "add_metadef_namespace")
    values = {k: body.get(k) for k in ("namespace", "display_name", "description",
                                        "visibility", "protected", "owner")}
    if "owner" not in body:
        values["owner"] = ctx.project_id
    properties = _property_definitions(body.get("properties"))
    objects = [_object_contents(item) for item in body.get("objects") or []]
    tags = [tag["name"] for tag in body.get("tags") or [] if "name" in tag]
    associations = list(body.get("resource_type_associations") or [])
    catalog = metadefs(request)
    namespace = catalog.create_namespace(values, properties, objects, tags, associations)
    view = namespace_view(namespace, catalog.associations(namespace["id"]))
    if properties:
        view["properties"] = properties
    if objects:
        view["objects"] = [{k: v for k, v in o.items() if v is not None} for o in objects]
    if tags:
        view["tags"] = [{"name": t} for t in tags]
    return json_response(view, status=201, headers={
        "Location": f"{base_url(request)}/image{view['self']}"})


def _prefixed(view: dict[str, Any], prefix: str) -> None:
    """Glance's `?resource_type=`: property names carry the association's prefix."""
    if "properties" in view:
        view["properties"] = {prefix + k: v for k, v in view["properties"].items()}
    for item in view.get("objects", []):
        if "properties" in item:
            item["properties"] = {prefix + k: v for k, v in item["properties"].items()}
        if item.get("required"):
            item["required"] = [prefix + name for name in item["required"]]


async def show_namespace(request: Request) -> Response:
    """GET /v2/metadefs/namespaces/{namespace}: with its objects, resource type associations,
    property definitions and tags."""
    ctx = authenticate(request)
    name = request.path_params["namespace"]
    catalog = metadefs(request)
    namespace = catalog.get_namespace(name)
    if namespace is None:
        raise NotFound(f"Metadata definition namespace={name} was not found.")
    if not catalog.visible(namespace, ctx.project_id, ctx.is_admin) or not may_read(
            ctx, namespace):
        raise NotFound("The resource could not be found.")
    associations = catalog.associations(namespace["id"])
    view = namespace_view(namespace, associations)
    objects = catalog.list_objects(namespace["id"])
    if objects:
        view["objects"] = [object_view(name, o) for o in objects]
    properties = catalog.list_properties(namespace["id"])
    if properties:
        view["properties"] = properties
    resource_type = request.query_params.get("resource_type")
    if resource_type:
        prefix = next((a["prefix"] for a in associations if a["name"] == resource_type), None)
        if prefix:
            _prefixed(view, prefix)
    tags = catalog.list_tags(namespace["id"])
    if tags:
        view["tags"] = [{"name": t["name"]} for t in tags]
    return json_response(view)


async def update_namespace(request: Request) -> Response:
    """PUT /v2/metadefs/namespaces/{namespace}: replace its attributes (as Glance does,
    visibility falls back to private, protected to false and the owner to the caller's
    project when the body leaves them out); a new `namespace` renames it."""
    ctx = authenticate(request)
    body = body_object(await read_body(request))
    check_read_only(body)
    check(body, namespace_schema())
    namespace = find_namespace(request, ctx)
    require_admin(ctx, "modify_metadef_namespace")
    values = {"namespace": body["namespace"], "display_name": body.get("display_name"),
              "description": body.get("description"),
              "visibility": body.get("visibility") or "private",
              "protected": bool(body.get("protected") or False),
              "owner": body.get("owner") or ctx.project_id}
    updated = metadefs(request).update_namespace(namespace["id"], values)
    return json_response(namespace_view(updated))


def _deletable(request: Request, ctx: Context) -> dict[str, Any]:
    namespace = find_namespace(request, ctx)
    require_admin(ctx, "delete_metadef_namespace")
    require_unprotected(namespace, "namespace", namespace["namespace"])
    return namespace


async def delete_namespace(request: Request) -> Response:
    """DELETE /v2/metadefs/namespaces/{namespace}: with everything in it; 403 while
    protected."""
    ctx = authenticate(request)
    metadefs(request).delete_namespace(_deletable(request, ctx)["id"])
    return empty_response(204)


async def delete_objects(request: Request) -> Response:
    """DELETE .../objects: every object of the namespace."""
    ctx = authenticate(request)
    metadefs(request).delete_contents(_deletable(request, ctx)["id"], "objects")
    return empty_response(204)


async def delete_properties(request: Request) -> Response:
    """DELETE .../properties: every property definition of the namespace."""
    ctx = authenticate(request)
    metadefs(request).delete_contents(_deletable(request, ctx)["id"], "properties")
    return empty_response(204)


async def delete_tags(request: Request) -> Response:
    """DELETE .../tags: every tag of the namespace."""
    ctx = authenticate(request)
    namespace = find_namespace(request, ctx)
    require_admin(ctx, "delete_metadef_namespace")
    require_admin(ctx, "delete_metadef_tags")
    require_unprotected(namespace, "namespace", namespace["namespace"])
    metadefs(request).delete_contents(namespace["id"], "tags")
    return empty_response(204)


ROUTES: RouteTable = (
    (NAMESPACES, list_namespaces, GET),
    (NAMESPACES, create_namespace, POST),
    (NAMESPACE, show_namespace, GET),
    (NAMESPACE, update_namespace, PUT),
    (NAMESPACE, delete_namespace, DELETE),
    (f"{NAMESPACE}/objects", delete_objects, DELETE),
    (f"{NAMESPACE}/properties", delete_properties, DELETE),
    (f"{NAMESPACE}/tags", delete_tags, DELETE),
)
