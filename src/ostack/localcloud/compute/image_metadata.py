"""Nova's image metadata proxy, `/v2.1/images/{id}/metadata` (+ `/{key}`): an image's extra
properties in the image service, listed, merged, replaced, shown, set and deleted through Nova
(the metadata_items quota answers 403). Served up to 2.38; 404 from 2.39 on, as Nova does."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest, Forbidden, NotFound
from ..policy import Context
from ..routing import DELETE, GET, POST, PUT, RouteTable
from ..service import empty_response, json_response, read_json
from . import validation
from .http import backend, caller
from .images import find_image, glance, may_change, require_proxy

Image = dict[str, Any]

#: The last microversion serving image metadata (Nova's MAX_IMAGE_META_PROXY_API_VERSION).
MAX_IMAGE_META = (2, 38)


def _image(request: Request, action: str) -> tuple[Context, Image]:
    require_proxy(request, MAX_IMAGE_META)
    ctx = caller(request, f"os_compute_api:image-metadata:{action}")
    return ctx, find_image(request, ctx, request.path_params["image_id"])


def _save(request: Request, ctx: Context, image: Image, properties: dict[str, str]) -> None:
    """Replace the image's properties in the image service, within the metadata quota."""
    if not may_change(ctx, image):
        raise Forbidden(f"Not authorized for image {image['id']}.")
    limit = backend(request).quotas.limit(ctx.project_id, "metadata_items")
    if 0 <= limit < len(properties):
        raise Forbidden("Image metadata limit exceeded")
    glance(request).update_image(image["id"], {}, properties=properties)


async def list_metadata(request: Request) -> Response:
    """GET /images/{id}/metadata."""
    _, image = _image(request, "index")
    return json_response({"metadata": image["properties"]})


async def create_metadata(request: Request) -> Response:
    """POST /images/{id}/metadata: merge the given items; all of them are answered."""
    ctx, image = _image(request, "create")
    items = validation.body_of(await read_json(request), "metadata", validation.METADATA)
    merged = {**image["properties"], **items}
    _save(request, ctx, image, merged)
    return json_response({"metadata": merged})


async def replace_metadata(request: Request) -> Response:
    """PUT /images/{id}/metadata: replace all items."""
    ctx, image = _image(request, "update_all")
    items = validation.body_of(await read_json(request), "metadata", validation.METADATA)
    _save(request, ctx, image, dict(items))
    return json_response({"metadata": items})


async def show_metadata_item(request: Request) -> Response:
    """GET /images/{id}/metadata/{key}."""
    _, image = _image(request, "show")
    key = request.path_params["key"]
    if key not in image["properties"]:
        raise NotFound("The resource could not be found.")
    return json_response({"meta": {key: image["properties"][key]}})


async def update_metadata_item(request: Request) -> Response:
    """PUT /images/{id}/metadata/{key}: set one item (the body names the same key)."""
    ctx, image = _image(request, "update")
    key = request.path_params["key"]
    schema = dict(validation.METADATA, minProperties=1, maxProperties=1)
    meta = validation.body_of(await read_json(request), "meta", schema)
    if key not in meta:
        raise BadRequest("Request body and URI mismatch")
    _save(request, ctx, image, {**image["properties"], key: meta[key]})
    return json_response({"meta": {key: meta[key]}})


async def delete_metadata_item(request: Request) -> Response:
    """DELETE /images/{id}/metadata/{key}."""
    ctx, image = _image(request, "delete")
    key = request.path_params["key"]
    if key not in image["properties"]:
        raise NotFound("Invalid metadata key")
    _save(request, ctx, image, {k: v for k, v in image["properties"].items() if k != key})
    return empty_response(204)

ROUTES: RouteTable = (
    ("/images/{image_id}/metadata", list_metadata, GET),
    ("/images/{image_id}/metadata", create_metadata, POST),
    ("/images/{image_id}/metadata", replace_metadata, PUT),
    ("/images/{image_id}/metadata/{key}", show_metadata_item, GET),
    ("/images/{image_id}/metadata/{key}", update_metadata_item, PUT),
    ("/images/{image_id}/metadata/{key}", delete_metadata_item, DELETE),
)
