"""`/v2/metadefs/namespaces/{namespace}/objects` and `.../properties`: the objects of a
metadata definition namespace (a name, a description, required property names and property
definitions) and the namespace's own property definitions."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import NotFound
from ..routing import DELETE, GET, POST, PUT, RouteTable
from ..service import authenticate, empty_response, json_response
from .http import NAMESPACE, read_body
from .metadef_namespaces import (
    body_object,
    check_read_only,
    find_namespace,
    metadefs,
    object_view,
    require_admin,
    require_read,
    require_unprotected,
    sort_params,
)
from .metadef_schemas import check, object_schema, property_schema


# ------------------------------------------------------------------ objects
async def _object_body(request: Request) -> dict[str, Any]:
    body = body_object(await read_body(request))
    check_read_only(body)
    check(body, object_schema())
    for schema in (body.get("properties") or {}).values():
        check(schema, property_schema(require_name=False))
    return {"name": body["name"], "description": body.get("description"),
            "required": body.get("required"), "properties": body.get("properties")}


async def list_objects(request: Request) -> Response:
    """GET .../objects."""
    ctx = authenticate(request)
    sort_key, sort_dir = sort_params(request)
    namespace = find_namespace(request, ctx, exact_missing=True)
    require_read(ctx, namespace, "get_metadef_objects")
    objects = metadefs(request).list_objects(namespace["id"], sort_key, sort_dir)
    # Glance's own link lacks the leading slash here.
    return json_response({"objects": [object_view(namespace["namespace"], o) for o in objects],
                          "schema": "v2/schemas/metadefs/objects"})


async def create_object(request: Request) -> Response:
    """POST .../objects: 201."""
    ctx = authenticate(request)
    item = await _object_body(request)
    namespace = find_namespace(request, ctx, exact_missing=True)
    require_admin(ctx, "add_metadef_object")
    created = metadefs(request).create_object(namespace["id"], namespace["namespace"], item)
    return json_response(object_view(namespace["namespace"], created), status=201)


async def show_object(request: Request) -> Response:
    """GET .../objects/{object_name}."""
    ctx = authenticate(request)
    namespace = find_namespace(request, ctx, exact_missing=True)
    require_read(ctx, namespace, "get_metadef_object")
    item = metadefs(request).get_object(namespace["id"], namespace["namespace"],
                                        request.path_params["object_name"])
    return json_response(object_view(namespace["namespace"], item))


async def update_object(request: Request) -> Response:
    """PUT .../objects/{object_name}: replace it (a new `name` renames it)."""
    ctx = authenticate(request)
    item = await _object_body(request)
    namespace = find_namespace(request, ctx, exact_missing=True)
    require_admin(ctx, "modify_metadef_object")
    updated = metadefs(request).update_object(namespace["id"], namespace["namespace"],
                                              request.path_params["object_name"], item)
    return json_response(object_view(namespace["namespace"], updated))


async def delete_object(request: Request) -> Response:
    """DELETE .../objects/{object_name}: 204; 403 in a protected namespace."""
    ctx = authenticate(request)
    namespace = find_namespace(request, ctx, exact_missing=True)
    require_admin(ctx, "delete_metadef_object")
    name = request.path_params["object_name"]
    catalog = metadefs(request)
    catalog.get_object(namespace["id"], namespace["namespace"], name)
    require_unprotected(namespace, "object", name)
    catalog.delete_object(namespace["id"], name)
    return empty_response(204)


# ------------------------------------------------------------------ property definitions
def property_view(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, **schema}


async def _property_body(request: Request) -> tuple[str, dict[str, Any]]:
    body = body_object(await read_body(request))
    check_read_only(body, ("created_at", "updated_at"))
    check(body, property_schema())
    return body["name"], {k: v for k, v in body.items() if k != "name"}


async def list_properties(request: Request) -> Response:
    """GET .../properties: `{"properties": {name: definition}}`."""
    ctx = authenticate(request)
    namespace = find_namespace(request, ctx)
    require_read(ctx, namespace, "get_metadef_properties")
    return json_response({"properties": metadefs(request).list_properties(namespace["id"])})


async def create_property(request: Request) -> Response:
    """POST .../properties: 201."""
    ctx = authenticate(request)
    name, schema = await _property_body(request)
    namespace = find_namespace(request, ctx)
    require_admin(ctx, "add_metadef_property")
    catalog = metadefs(request)
    catalog.create_property(namespace["id"], namespace["namespace"], name, schema)
    return json_response(property_view(name, schema), status=201)


async def show_property(request: Request) -> Response:
    """GET .../properties/{property_name} (with `?resource_type=`, a name carrying that
    resource type's prefix)."""
    ctx = authenticate(request)
    namespace = find_namespace(request, ctx)
    require_read(ctx, namespace, "get_metadef_property")
    name = request.path_params["property_name"]
    catalog = metadefs(request)
    resource_type = request.query_params.get("resource_type")
    if resource_type:
        association = next((a for a in catalog.associations(namespace["id"])
                            if a["name"] == resource_type), None)
        if association is None:
            raise NotFound(f"The metadata definition resource-type association of "
                           f"resource-type={resource_type} to namespace="
                           f"{namespace['namespace']}, was not found.")
        prefix = association["prefix"]
        if not prefix or not name.startswith(prefix):
            raise NotFound(f"Property {name} does not start with the expected resource type "
                           f"association prefix of '{prefix}'.")
        name = name[len(prefix):]
    schema = catalog.get_property(namespace["id"], namespace["namespace"], name)
    return json_response(property_view(name, schema))


async def update_property(request: Request) -> Response:
    """PUT .../properties/{property_name}: replace the definition (a new `name` renames)."""
    ctx = authenticate(request)
    new_name, schema = await _property_body(request)
    namespace = find_namespace(request, ctx)
    require_admin(ctx, "modify_metadef_property")
    metadefs(request).update_property(namespace["id"], namespace["namespace"],
                                      request.path_params["property_name"], new_name, schema)
    return json_response(property_view(new_name, schema))


async def delete_property(request: Request) -> Response:
    """DELETE .../properties/{property_name}: 204; 403 in a protected namespace."""
    ctx = authenticate(request)
    namespace = find_namespace(request, ctx)
    require_admin(ctx, "remove_metadef_property")
    name = request.path_params["property_name"]
    catalog = metadefs(request)
    catalog.get_property(namespace["id"], namespace["namespace"], name)
    require_unprotected(namespace, "property", name)
    catalog.delete_property(namespace["id"], name)
    return empty_response(204)


ROUTES: RouteTable = (
    (f"{NAMESPACE}/objects", list_objects, GET),
    (f"{NAMESPACE}/objects", create_object, POST),
    (f"{NAMESPACE}/objects/{{object_name}}", show_object, GET),
    (f"{NAMESPACE}/objects/{{object_name}}", update_object, PUT),
    (f"{NAMESPACE}/objects/{{object_name}}", delete_object, DELETE),
    (f"{NAMESPACE}/properties", list_properties, GET),
    (f"{NAMESPACE}/properties", create_property, POST),
    (f"{NAMESPACE}/properties/{{property_name}}", show_property, GET),
    (f"{NAMESPACE}/properties/{{property_name}}", update_property, PUT),
    (f"{NAMESPACE}/properties/{{property_name}}", delete_property, DELETE),
)
