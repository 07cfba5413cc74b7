"""`/v2/images`: Glance's image records (create, list with filters, sorting and paging, show,
JSON-patch update, delete)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import paging, timestamps
from ..errors import ApiError, BadRequest, Conflict, Forbidden
from ..policy import Context
from ..routing import DELETE, GET, PATCH, POST, RouteTable
from ..service import authenticate, base_url, empty_response, json_response
from .http import (
    IMAGE,
    IMPORT_METHODS,
    backend,
    find_image,
    limit_param,
    links,
    not_authorized,
    read_body,
    require_owner,
    require_writer,
)
from .image_state import SORT_KEYS, SQL_OPERATORS
from .schemas import check_image
from .store_state import STORES

MAX_TAGS = 128         # image_tag_quota
MAX_PROPERTIES = 128   # image_property_quota

# Attributes a client never sets: Glance answers 403 "Attribute '...' is read-only."
DISALLOWED = ("direct_url", "self", "file", "schema", "stores")
READ_ONLY = ("created_at", "updated_at", "status", "checksum", "os_hash_algo",
             "os_hash_value", "size", "virtual_size")
RESERVED = ("location", "locations", "deleted", "deleted_at")
RESERVED_PREFIX = "os_glance"
# The base attributes a client sets (the rest are extra properties).
BASE = ("id", "name", "visibility", "protected", "os_hidden", "owner", "container_format",
        "disk_format", "min_ram", "min_disk", "tags")
PATCH_TYPES = {"application/openstack-images-v2.1-json-patch": 10,
               "application/openstack-images-v2.0-json-patch": 4}
MAX_INT = 2 ** 31 - 1

# Query parameters of GET /v2/images that are not image property filters.
LIST_PARAMS = {"limit", "marker", "sort_key", "sort_dir", "sort", "name", "status",
               "visibility", "owner", "disk_format", "container_format", "id", "tag",
               "member_status", "size_min", "size_max", "size", "protected", "os_hidden",
               "created_at", "updated_at"}


# ------------------------------------------------------------------ views
def image_view(image: dict[str, Any]) -> dict[str, Any]:
    """An image as Glance v2 shows it (extra properties at the top level)."""
    view = dict(image["properties"])
    view.update({
        "id": image["id"],
        "name": image["name"],
        "status": image["status"],
        "visibility": image["visibility"],
        "owner": image["owner"],
        "disk_format": image["disk_format"],
        "container_format": image["container_format"],
        "size": image["size"],
        "virtual_size": image["virtual_size"],
        "checksum": image["checksum"],
        "os_hash_algo": image["os_hash_algo"],
        "os_hash_value": image["os_hash_value"],
        "min_disk": image["min_disk"],
        "min_ram": image["min_ram"],
        "protected": bool(image["protected"]),
        "os_hidden": bool(image["os_hidden"]),
        "tags": image["tags"],
        "created_at": timestamps.iso_z(image["created_at"]),
        "updated_at": timestamps.iso_z(image["updated_at"]),
        "self": f"/v2/images/{image['id']}",
        "file": f"/v2/images/{image['id']}/file",
        "schema": "/v2/schemas/image",
    })
    if image.get("stores"):  # a multi-store Glance names the stores holding the data
        view["stores"] = ",".join(image["stores"])
    return view


def _check_attribute(key: str) -> None:
    if key in DISALLOWED or key in READ_ONLY or key == "id":
        raise Forbidden(f"Attribute '{key}' is read-only.")
    if key in RESERVED or key.startswith(RESERVED_PREFIX):
        raise Forbidden(f"Attribute '{key}' is reserved.")


def _check_limits(columns: dict[str, Any], properties: dict[str, Any] | None,
                  tags: list[str] | None) -> None:
    for key in ("min_ram", "min_disk"):
        value = columns.get(key)
        if isinstance(value, int) and value < 0:
            raise BadRequest(f"Invalid value '{value}' for parameter '{key}': Cannot be a "
                             "negative value.")
        if isinstance(value, int) and value > MAX_INT:
            raise BadRequest(f"'{key}' value out of range, must not exceed {MAX_INT}")
    if properties is not None:
        for key in properties:
            if len(key) > 255:
                raise BadRequest("Custom property should not be greater than 255 characters.")
        if len(properties) > MAX_PROPERTIES:
            raise ApiError("The limit has been exceeded on the number of allowed image "
                           f"properties. Attempted: {len(properties)}, Maximum: "
                           f"{MAX_PROPERTIES}", status=413)
    if tags is not None and len(set(tags)) > MAX_TAGS:
        raise ApiError("The limit has been exceeded on the number of allowed image tags. "
                       f"Attempted: {len(set(tags))}, Maximum: {MAX_TAGS}", status=413)


def _check_visibility(ctx: Context, visibility: str | None, current: str | None) -> None:
    if visibility == "public" and current != "public" and not ctx.is_admin:
        raise not_authorized("publicize_image")


# ------------------------------------------------------------------ create
async def create_image(request: Request) -> Response:
    """POST /v2/images: a new image record in `queued` (data comes later)."""
    ctx = authenticate(request)
    body = await read_body(request)
    if not isinstance(body, dict):
        raise BadRequest("Provided object does not match schema 'image': "
                         f"{body!r} is not of type 'object'")
    project = require_writer(ctx, "add_image")
    for key in DISALLOWED:
        if key in body:
            raise Forbidden(f"Attribute '{key}' is read-only.")
    check_image(body)
    for key in body:
        if key in READ_ONLY:
            raise Forbidden(f"Attribute '{key}' is read-only.")
        if key in RESERVED or key.startswith(RESERVED_PREFIX):
            raise Forbidden(f"Attribute '{key}' is reserved.")
    properties = dict(body)
    tags = properties.pop("tags", [])
    columns = {key: properties.pop(key) for key in BASE if key in properties}
    _check_limits(columns, properties, tags)
    owner = columns.pop("owner", None) or project
    if owner != project and not ctx.is_admin:
        raise Forbidden(f"You are not permitted to create images owned by '{owner}'.")
    _check_visibility(ctx, columns.get("visibility"), None)
    image = backend(request).create_image(owner, columns, properties, tags)
    view = image_view(image)
    return json_response(view, status=201, headers={
        "Location": f"{base_url(request)}/image{view['self']}",
        "OpenStack-image-import-methods": ",".join(IMPORT_METHODS),
        "OpenStack-image-store-ids": ",".join(STORES)})


# ------------------------------------------------------------------ list
def _bool_filter(name: str, value: str) -> bool:
    if value.lower() not in ("true", "false"):
        raise BadRequest(f"Invalid value '{value}' for '{name}' filter. Valid values are "
                         "'true' or 'false'.")
    return value.lower() == "true"


def _time_filter(name: str, value: str) -> tuple[str, float]:
    """Glance's `created_at=gte:2016-04-18T21:38:54Z` (no operator: eq)."""
    try:
        return "eq", timestamps.parse_iso(value)
    except ValueError:
        pass
    operator, _, threshold = value.partition(":")
    if operator not in SQL_OPERATORS:
        raise BadRequest(f"Unable to filter on a unknown operator '{operator}'.")
    try:
        return operator, timestamps.parse_iso(threshold)
    except ValueError:
        raise BadRequest(f"Invalid timestamp '{threshold}' for filter '{name}'.") from None


def _filters(request: Request) -> dict[str, Any]:
    query = request.query_params
    filters: dict[str, Any] = {k: query[k] for k in (
        "name", "status", "visibility", "owner", "disk_format", "container_format", "id")
        if k in query}
    if filters.get("visibility") not in (None, "public", "private", "shared", "community",
                                         "all"):
        raise BadRequest(f"Invalid visibility value: {filters['visibility']}")
    if "member_status" in query:
        if query["member_status"] not in ("pending", "accepted", "rejected", "all"):
            raise BadRequest(f"Invalid status: {query['member_status']}")
        filters["member_status"] = query["member_status"]
    tags = query.getlist("tag")
    if tags:
        filters["tags"] = tags
    for key in ("size_min", "size_max", "size"):
        if key in query:
            try:
                filters[key] = int(query[key])
            except ValueError:
                raise BadRequest("Unable to filter using the specified range.") from None
    if "size" in filters:  # an exact size: Glance filters on the base attribute
        exact = filters.pop("size")
        filters["size_min"] = max(filters.get("size_min", exact), exact)
        filters["size_max"] = min(filters.get("size_max", exact), exact)
    for key in ("protected", "os_hidden"):
        if key in query:
            filters[key] = _bool_filter(key, query[key])
    for key in ("created_at", "updated_at"):
        if key in query:
            filters[key] = [_time_filter(key, v) for v in query.getlist(key)]
    properties = {k: v for k, v in query.items() if k not in LIST_PARAMS}
    if properties:
        filters["properties"] = properties
    return filters


def _order(request: Request) -> list[tuple[str, str]]:
    """Glance's ordering: `sort=key[:dir],...` or `sort_key`/`sort_dir` (default
    `created_at` `desc`), with `created_at` and `id` as tie-breakers."""
    query = request.query_params
    pairs: list[tuple[str, str]] = []
    if "sort" in query:
        if "sort_key" in query or "sort_dir" in query:
            raise BadRequest("The 'sort' argument is not supported with the 'sort_key' or "
                             "'sort_dir' arguments.")
        for part in query["sort"].split(","):
            key, _, direction = part.strip().partition(":")
            pairs.append((key.strip(), direction.strip() or "desc"))
    else:
        keys = query.getlist("sort_key") or ["created_at"]
        dirs = query.getlist("sort_dir") or ["desc"]
        if len(dirs) > 1 and len(dirs) != len(keys):
            raise BadRequest("Number of sort dirs does not match the number of sort keys")
        pairs = [(k, dirs[i] if i < len(dirs) else dirs[-1]) for i, k in enumerate(keys)]
    for key, direction in pairs:
        if key not in SORT_KEYS:
            raise BadRequest(f"Invalid sort key: {key}. It should be one of the following: "
                             f"{', '.join(SORT_KEYS)}.")
        if direction not in ("asc", "desc"):
            raise BadRequest(f"Invalid sort direction: {direction}")
    for key in ("created_at", "id"):
        if key not in [k for k, _ in pairs]:
            pairs.append((key, "desc"))
    return pairs


def _sorted(images: list[dict[str, Any]], order: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """Sort by several keys with their own directions (None first when ascending, as SQL)."""
    result = list(images)
    for key, direction in reversed(order):
        result.sort(key=lambda i, k=key: (i[k] is not None, i[k] if i[k] is not None else 0),
                    reverse=direction == "desc")
    return result


async def list_images(request: Request) -> Response:
    """GET /v2/images: the images the caller may list, filtered, sorted, paged by `limit` and
    `marker` with `first` and `next` links."""
    ctx = authenticate(request)
    limit = limit_param(request)
    order = _order(request)
    filters = _filters(request)
    images = backend(request)
    found = _sorted(images.list_images(ctx.project_id, ctx.is_admin, filters, []), order)
    marker = request.query_params.get("marker")
    if marker is not None:
        anchor = images.get_image(marker)
        if anchor is None or not images.visible(anchor, ctx.project_id, ctx.is_admin):
            raise BadRequest(f"Invalid marker. Image {marker} could not be found.")
        if all(i["id"] != marker for i in found):
            found = _sorted(found + [anchor], order)
        found = list(paging.after(found, marker, key=lambda i: i["id"]))
    page = found[:limit]
    body = {"images": [image_view(i) for i in page],
            **links(request, "/v2/images", page, limit), "schema": "/v2/schemas/images"}
    return json_response(body)


# ------------------------------------------------------------------ show, delete
async def show_image(request: Request) -> Response:
    """GET /v2/images/{image_id}."""
    ctx = authenticate(request)
    return json_response(image_view(find_image(request, ctx, request.path_params["image_id"])))


async def delete_image(request: Request) -> Response:
    """DELETE /v2/images/{image_id}: the record and its data; 403 while protected."""
    ctx = authenticate(request)
    image = find_image(request, ctx, request.path_params["image_id"])
    require_owner(ctx, image, "delete_image")
    if image["protected"]:
        raise Forbidden(f"Image {image['id']} is protected and cannot be deleted.")
    backend(request).delete_image(image["id"])
    return empty_response(204)


# ------------------------------------------------------------------ update (JSON patch)
def _pointer(path: Any) -> list[str]:
    """A JSON pointer's parts, with Glance's errors for malformed ones."""
    if not isinstance(path, str):
        raise BadRequest(f"Unable to parse the JSON pointer {path!r}.")
    if not path.startswith("/"):
        raise BadRequest(f'Pointer `{path}` does not start with "/".')
    if "//" in path:
        raise BadRequest(f'Pointer `{path}` contains adjacent "/".')
    if len(path) > 1 and path.endswith("/"):
        raise BadRequest(f'Pointer `{path}` end with "/".')
    parts = []
    for part in path[1:].split("/"):
        if "~" in part.replace("~0", "").replace("~1", ""):
            raise BadRequest(f'Pointer `{path}` contains "~" not part of a recognized escape '
                             "sequence.")
        parts.append(part.replace("~1", "/").replace("~0", "~"))
    return parts


def _changes(body: Any, schema_version: int) -> list[dict[str, Any]]:
    """The operations of a JSON-patch body, each `{"op", "path": [parts], "value"?}`."""
    if not isinstance(body, list):
        raise BadRequest("Request body must be a JSON array of operation objects.")
    changes = []
    for raw in body:
        if not isinstance(raw, dict):
            raise BadRequest("Operations must be JSON objects.")
        if schema_version == 4:
            ops = [k for k in ("add", "remove", "replace") if k in raw]
            if len(ops) != 1:
                raise BadRequest("Operation objects must contain exactly one member named "
                                 '"add", "remove", or "replace".')
            op, path = ops[0], raw[ops[0]]
        else:
            if "op" not in raw:
                raise BadRequest("Unable to find 'op' in JSON Schema change")
            op = raw["op"]
            if op not in ("add", "remove", "replace"):
                raise BadRequest(f"Invalid operation: `{op}`: It must be one of the "
                                 "following: `add`, `remove`, `replace`.")
            if "path" not in raw:
                raise BadRequest("Unable to find 'path' in JSON Schema change")
            path = raw["path"]
        parts = _pointer(path)
        if len(parts) != 1 or parts[0] == "":
            raise BadRequest(f"Invalid JSON pointer for this resource: '/{'/'.join(parts)}'")
        root = parts[0]
        if root in DISALLOWED:
            raise Forbidden(f"Attribute '{root}' is read-only.")
        change: dict[str, Any] = {"op": op, "path": root}
        if op != "remove":
            if "value" not in raw:
                raise BadRequest(f'Operation "{op}" requires a member named "value".')
            change["value"] = raw["value"]
            _check_attribute(root)
            check_image({root: raw["value"]})
        else:
            _check_attribute(root)
        changes.append(change)
    return changes


async def update_image(request: Request) -> Response:
    """PATCH /v2/images/{image_id} with a JSON patch (`add`, `replace`, `remove` of base
    attributes, tags and extra properties)."""
    ctx = authenticate(request)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in PATCH_TYPES:
        raise ApiError("Unsupported Content-Type", status=415,
                       headers={"Accept-Patch": ", ".join(PATCH_TYPES)})
    changes = _changes(await read_body(request), PATCH_TYPES[content_type])
    image = find_image(request, ctx, request.path_params["image_id"])
    require_owner(ctx, image, "modify_image")
    columns: dict[str, Any] = {}
    properties = dict(image["properties"])
    tags: list[str] | None = None
    for change in changes:
        key, op = change["path"], change["op"]
        if key in BASE:
            if op == "remove":
                raise Forbidden(f"Property {key} may not be removed.")
            if op == "add" and PATCH_TYPES[content_type] == 4:
                raise Conflict(f"Property {key} already present.")
            if key == "tags":
                tags = list(change["value"])
            else:
                columns[key] = change["value"]
        elif op == "remove" or (op == "replace" and key not in properties):
            if key not in properties:
                raise Conflict(f"Property {key} does not exist.")
            del properties[key]
        else:
            if op == "add" and key in properties and PATCH_TYPES[content_type] == 4:
                raise Conflict(f"Property {key} already present.")
            properties[key] = change["value"]
    for key in ("disk_format", "container_format"):
        if key in columns and columns[key] != image[key] and image["status"] not in (
                "queued", "importing"):
            raise Forbidden(f"Attribute {key} can be only replaced for a queued image.")
    if "owner" in columns and columns["owner"] != image["owner"] and not ctx.is_admin:
        raise Forbidden("You are not permitted to modify 'owner' on this image.")
    _check_visibility(ctx, columns.get("visibility"), image["visibility"])
    _check_limits(columns, properties, tags)
    changed_properties = properties if properties != image["properties"] else None
    updated = backend(request).update_image(image["id"], columns, changed_properties, tags)
    return json_response(image_view(updated))


ROUTES: RouteTable = (
    ("/v2/images", list_images, GET),
    ("/v2/images", create_image, POST),
    (IMAGE, show_image, GET),
    (IMAGE, update_image, PATCH),
    (IMAGE, delete_image, DELETE),
)
