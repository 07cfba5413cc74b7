"""`/v2/images/{image_id}/tags/{tag}`: add (idempotent) and remove one tag, 204."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..errors import ApiError, NotFound
from ..routing import DELETE, PUT, RouteTable
from ..service import authenticate, empty_response
from .http import IMAGE, backend, find_image, require_owner
from .images import MAX_TAGS
from .schemas import check_image


async def add_tag(request: Request) -> Response:
    """PUT .../tags/{tag}."""
    ctx = authenticate(request)
    image = find_image(request, ctx, request.path_params["image_id"])
    require_owner(ctx, image, "modify_image")
    tag = request.path_params["tag"]
    check_image({"tags": [tag]})
    if tag not in image["tags"] and len(image["tags"]) >= MAX_TAGS:
        raise ApiError("The limit has been exceeded on the number of allowed image tags. "
                       f"Attempted: {len(image['tags']) + 1}, Maximum: {MAX_TAGS}", status=413)
    backend(request).add_tag(image["id"], tag)
    return empty_response(204)


async def delete_tag(request: Request) -> Response:
    """DELETE .../tags/{tag}: 404 when the image has no such tag."""
    ctx = authenticate(request)
    image = find_image(request, ctx, request.path_params["image_id"])
    require_owner(ctx, image, "modify_image")
    tag = request.path_params["tag"]
    if not backend(request).remove_tag(image["id"], tag):
        raise NotFound(f"Tag {tag} not found")
    return empty_response(204)


ROUTES: RouteTable = (
    (f"{IMAGE}/tags/{{tag}}", add_tag, PUT),
    (f"{IMAGE}/tags/{{tag}}", delete_tag, DELETE),
)
