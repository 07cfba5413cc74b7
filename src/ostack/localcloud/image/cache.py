"""`/v2/cache`: Glance's image cache management (Image API 2.14): list what is cached and
queued, queue an image, take one out, clear the cache and/or the queue. Administrators only, as
Glance's default policy (`cache_list`, `cache_image`, `cache_delete`) has it."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest, Forbidden, NotFound
from ..policy import Context
from ..routing import DELETE, GET, PUT, RouteTable
from ..service import authenticate, empty_response, json_response
from .http import backend, visible_image

TARGETS = {"": (True, True), "cache": (True, False), "queue": (False, True)}


def _require_admin(ctx: Context) -> None:
    if not ctx.is_admin:
        raise Forbidden("Access was denied to this resource.")


async def list_cache(request: Request) -> Response:
    """GET /v2/cache: `cached_images` (with hits and times) and `queued_images` (ids)."""
    ctx = authenticate(request)
    _require_admin(ctx)
    cached, queued = backend(request).cache.state()
    return json_response({"cached_images": cached, "queued_images": queued})


async def queue_image(request: Request) -> Response:
    """PUT /v2/cache/{image_id}: queue an active image for caching, 202."""
    ctx = authenticate(request)
    image = visible_image(request, ctx, request.path_params["image_id"])
    if image is None:
        raise NotFound(f"Image {request.path_params['image_id']} not found.")
    _require_admin(ctx)
    if image["status"] != "active":
        raise BadRequest("Only images with status active can be targeted for queueing")
    backend(request).cache.queue(image["id"])
    return empty_response(202)


async def delete_cached_image(request: Request) -> Response:
    """DELETE /v2/cache/{image_id}: out of the cache and the queue, 204."""
    ctx = authenticate(request)
    image_id = request.path_params["image_id"]
    cache = backend(request).cache
    if visible_image(request, ctx, image_id) is None and not cache.contains(image_id):
        raise NotFound(f"Image {image_id} not found.")
    _require_admin(ctx)
    cache.delete(image_id)
    return empty_response(204)


async def clear_cache(request: Request) -> Response:
    """DELETE /v2/cache: empty the cache and the queue (`x-image-cache-clear-target`:
    `cache` or `queue` for one of them), 204."""
    ctx = authenticate(request)
    _require_admin(ctx)
    target = request.headers.get("x-image-cache-clear-target", "").strip().lower()
    if target not in TARGETS:
        raise BadRequest("If provided 'x-image-cache-clear-target' must be 'cache', 'queue' or "
                         "empty string.")
    cache, queue = TARGETS[target]
    backend(request).cache.clear(cache=cache, queue=queue)
    return empty_response(204)


ROUTES: RouteTable = (
    ("/v2/cache", list_cache, GET),
    ("/v2/cache", clear_cache, DELETE),
    ("/v2/cache/{image_id}", queue_image, PUT),
    ("/v2/cache/{image_id}", delete_cached_image, DELETE),
)
