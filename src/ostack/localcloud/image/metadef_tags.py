"""`/v2/metadefs/namespaces/{namespace}/tags`: the tags of a metadata definition namespace
(one by name, several at once replacing or appending, rename, delete), and the resource types:
`/v2/metadefs/resource_types` and a namespace's `.../resource_types` associations."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import NotFound
from ..routing import DELETE, GET, POST, PUT, RouteTable
from ..service import authenticate, empty_response, json_response
from .http import NAMESPACE, limit_param, not_authorized, read_body
from .metadef_namespaces import (
    association_view,
    body_object,
    check_read_only,
    find_namespace,
    may_read,
    metadefs,
    require_admin,
    require_read,
    require_unprotected,
    sort_params,
)
from .metadef_schemas import association_schema, check, tag_schema, tags_schema

TRUE = ("1", "t", "true", "on", "y", "yes")


def tag_view(tag: dict[str, Any]) -> dict[str, Any]:
    return {"name": tag["name"], "created_at": timestamps.iso_z(tag["created_at"]),
            "updated_at": timestamps.iso_z(tag["updated_at"])}


async def list_tags(request: Request) -> Response:
    """GET .../tags: `{"tags": [{"name": ...}]}`, sorted, with `limit` and `marker` (a tag
    name)."""
    ctx = authenticate(request)
    sort_key, sort_dir = sort_params(request)
    limit = limit_param(request, default=None)
    namespace = find_namespace(request, ctx)
    require_read(ctx, namespace, "get_metadef_tags")
    catalog = metadefs(request)
    tags = catalog.list_tags(namespace["id"], sort_key, sort_dir)
    marker = request.query_params.get("marker")
    if marker:
        catalog.get_tag(namespace["id"], namespace["namespace"], marker)
        names = [t["name"] for t in tags]
        tags = tags[names.index(marker) + 1:]
    if limit:
        tags = tags[:limit]
    return json_response({"tags": [{"name": t["name"]} for t in tags]})


async def create_tags(request: Request) -> Response:
    """POST .../tags `{"tags": [{"name": ...}]}`: replace the namespace's tags (append them
    with `X-Openstack-Append: true`); 201."""
    ctx = authenticate(request)
    body = body_object(await read_body(request))
    check_read_only(body, ("created_at", "updated_at"))
    check(body, tags_schema())
    namespace = find_namespace(request, ctx)
    require_admin(ctx, "add_metadef_tags")
    names = [tag["name"] for tag in body.get("tags") or []]
    append = request.headers.get("x-openstack-append", "").strip().lower() in TRUE
    metadefs(request).create_tags(namespace["id"], namespace["namespace"], names, append)
    return json_response({"tags": [{"name": name} for name in names]}, status=201)


async def show_tag(request: Request) -> Response:
    """GET .../tags/{tag_name}."""
    ctx = authenticate(request)
    namespace = find_namespace(request, ctx)
    require_read(ctx, namespace, "get_metadef_tag")
    tag = metadefs(request).get_tag(namespace["id"], namespace["namespace"],
                                    request.path_params["tag_name"])
    return json_response(tag_view(tag))


async def create_tag(request: Request) -> Response:
    """POST .../tags/{tag_name}: 201; 409 when the namespace has it (ignoring case)."""
    ctx = authenticate(request)
    namespace = find_namespace(request, ctx)
    name = request.path_params["tag_name"]
    check({"name": name}, tag_schema())
    require_admin(ctx, "add_metadef_tag")
    tag = metadefs(request).create_tag(namespace["id"], namespace["namespace"], name)
    return json_response(tag_view(tag), status=201)


async def update_tag(request: Request) -> Response:
    """PUT .../tags/{tag_name} `{"name": new}`: rename it."""
    ctx = authenticate(request)
    body = body_object(await read_body(request))
    check_read_only(body, ("created_at", "updated_at"))
    check(body, tag_schema())
    namespace = find_namespace(request, ctx)
    require_admin(ctx, "modify_metadef_tag")
    tag = metadefs(request).update_tag(namespace["id"], namespace["namespace"],
                                       request.path_params["tag_name"], body["name"])
    return json_response(tag_view(tag))


async def delete_tag(request: Request) -> Response:
    """DELETE .../tags/{tag_name}: 204; 403 in a protected namespace."""
    ctx = authenticate(request)
    namespace = find_namespace(request, ctx)
    require_admin(ctx, "delete_metadef_tag")
    name = request.path_params["tag_name"]
    catalog = metadefs(request)
    tag = catalog.get_tag(namespace["id"], namespace["namespace"], name)
    require_unprotected(namespace, "tag", tag["name"])
    catalog.delete_tag(namespace["id"], tag["name"])
    return empty_response(204)


# ------------------------------------------------------------------ resource types
async def list_resource_types(request: Request) -> Response:
    """GET /v2/metadefs/resource_types: every resource type known."""
    ctx = authenticate(request)
    if not may_read(ctx):
        raise not_authorized("list_metadef_resource_types")
    return json_response({"resource_types": [
        {"name": r["name"], "created_at": timestamps.iso_z(r["created_at"]),
         "updated_at": timestamps.iso_z(r["updated_at"])}
        for r in metadefs(request).list_resource_types()]})


async def list_associations(request: Request) -> Response:
    """GET .../namespaces/{namespace}/resource_types."""
    ctx = authenticate(request)
    namespace = find_namespace(request, ctx)
    require_read(ctx, namespace, "list_metadef_resource_types")
    return json_response({"resource_type_associations": [
        association_view(a) for a in metadefs(request).associations(namespace["id"])]})


async def create_association(request: Request) -> Response:
    """POST .../resource_types `{"name", "prefix"?, "properties_target"?}`: 201; an unknown
    resource type is made; 409 when already associated."""
    ctx = authenticate(request)
    body = body_object(await read_body(request))
    check_read_only(body, ("created_at", "updated_at"))
    check(body, association_schema())
    namespace = find_namespace(request, ctx)
    require_admin(ctx, "add_metadef_resource_type_association")
    association = metadefs(request).associate(namespace["id"], namespace["namespace"], body)
    return json_response(association_view(association), status=201)


async def delete_association(request: Request) -> Response:
    """DELETE .../resource_types/{resource_type}: 204; 403 in a protected namespace."""
    ctx = authenticate(request)
    namespace = find_namespace(request, ctx)
    require_admin(ctx, "remove_metadef_resource_type_association")
    name = request.path_params["resource_type"]
    catalog = metadefs(request)
    if all(a["name"] != name for a in catalog.associations(namespace["id"])):
        raise NotFound(f"Failed to find resource type {name} to delete")
    require_unprotected(namespace, "resource-type-association", name)
    catalog.dissociate(namespace["id"], name)
    return empty_response(204)


ROUTES: RouteTable = (
    ("/v2/metadefs/resource_types", list_resource_types, GET),
    (f"{NAMESPACE}/resource_types", list_associations, GET),
    (f"{NAMESPACE}/resource_types", create_association, POST),
    (f"{NAMESPACE}/resource_types/{{resource_type}}", delete_association, DELETE),
    (f"{NAMESPACE}/tags", list_tags, GET),
    (f"{NAMESPACE}/tags", create_tags, POST),
    (f"{NAMESPACE}/tags/{{tag_name}}", show_tag, GET),
    (f"{NAMESPACE}/tags/{{tag_name}}", create_tag, POST),
    (f"{NAMESPACE}/tags/{{tag_name}}", update_tag, PUT),
    (f"{NAMESPACE}/tags/{{tag_name}}", delete_tag, DELETE),
)
