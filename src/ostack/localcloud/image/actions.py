"""`/v2/images/{image_id}/actions/deactivate` and `/reactivate` (admins, and members of the
owning project, as Glance's default policy): a deactivated image keeps its data, but only
admins may download it."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..errors import Forbidden
from ..service import authenticate, empty_response
from .images import backend, find_image, require_owner


async def deactivate(request: Request) -> Response:
    """POST .../actions/deactivate: active -> deactivated (a no-op when already so), 204."""
    ctx = authenticate(request)
    image = find_image(request, ctx, request.path_params["image_id"])
    require_owner(ctx, image, "deactivate")  # Glance: admin or a member of the owner
    if image["status"] not in ("active", "deactivated"):
        raise Forbidden(f"Not allowed to deactivate image in status '{image['status']}'")
    backend(request).set_status(image["id"], "deactivated", ("active",))
    return empty_response(204)


async def reactivate(request: Request) -> Response:
    """POST .../actions/reactivate: deactivated -> active (a no-op when already so), 204."""
    ctx = authenticate(request)
    image = find_image(request, ctx, request.path_params["image_id"])
    require_owner(ctx, image, "reactivate")  # Glance: admin or a member of the owner
    if image["status"] not in ("active", "deactivated"):
        raise Forbidden(f"Not allowed to reactivate image in status '{image['status']}'")
    backend(request).set_status(image["id"], "active", ("deactivated",))
    return empty_response(204)
