"""`/v2/images/{image_id}/actions/deactivate` and `/reactivate` (admins, and members of the
owning project, as Glance's default policy): a deactivated image keeps its data, but only
admins may download it."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..errors import Forbidden
from ..routing import POST, RouteTable
from ..service import authenticate, empty_response
from .http import IMAGE, backend, find_image, require_owner


def _move(request: Request, action: str, status: str, current: str) -> Response:
    """`current` -> `status` (a no-op when already so), 204; 403 from any other status."""
    ctx = authenticate(request)
    image = find_image(request, ctx, request.path_params["image_id"])
    require_owner(ctx, image, action)  # Glance: admin or a member of the owner
    if image["status"] not in ("active", "deactivated"):
        raise Forbidden(f"Not allowed to {action} image in status '{image['status']}'")
    backend(request).set_status(image["id"], status, (current,))
    return empty_response(204)


async def deactivate(request: Request) -> Response:
    """POST .../actions/deactivate: active -> deactivated."""
    return _move(request, "deactivate", "deactivated", "active")


async def reactivate(request: Request) -> Response:
    """POST .../actions/reactivate: deactivated -> active."""
    return _move(request, "reactivate", "active", "deactivated")


ROUTES: RouteTable = (
    (f"{IMAGE}/actions/deactivate", deactivate, POST),
    (f"{IMAGE}/actions/reactivate", reactivate, POST),
)
