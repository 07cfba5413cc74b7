"""`/v2/images/{image_id}/members`: sharing an image with other projects. Only `shared`
images have members; the owner adds and removes them, each member accepts or rejects."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import ApiError, BadRequest, Forbidden, NotFound
from ..policy import Context
from ..routing import DELETE, GET, POST, PUT, RouteTable
from ..service import authenticate, empty_response, json_response
from .http import IMAGE, backend, find_image, not_authorized, read_body, require_owner
from .schemas import MEMBER_STATUSES

MAX_MEMBERS = 128  # image_member_quota


def member_view(member: dict[str, Any]) -> dict[str, Any]:
    return {"member_id": member["member_id"], "image_id": member["image_id"],
            "status": member["status"], "created_at": timestamps.iso_z(member["created_at"]),
            "updated_at": timestamps.iso_z(member["updated_at"]),
            "schema": "/v2/schemas/member"}


def _shared_image(request: Request, ctx: Context) -> dict[str, Any]:
    image = find_image(request, ctx, request.path_params["image_id"])
    if image["visibility"] != "shared":
        raise Forbidden("Only shared images have members.")
    return image


def _is_owner(ctx: Context, image: dict[str, Any]) -> bool:
    return ctx.is_admin or image["owner"] == ctx.project_id


async def list_members(request: Request) -> Response:
    """GET .../members: every member for the owner, only its own membership for a member."""
    ctx = authenticate(request)
    image = _shared_image(request, ctx)
    members = backend(request).list_members(image["id"])
    if not _is_owner(ctx, image):
        members = [m for m in members if m["member_id"] == ctx.project_id]
    return json_response({"members": [member_view(m) for m in members],
                          "schema": "/v2/schemas/members"})


async def create_member(request: Request) -> Response:
    """POST .../members `{"member": "<project id>"}`: a pending membership (owner only)."""
    ctx = authenticate(request)
    body = await read_body(request)
    member_id = body.get("member") if isinstance(body, dict) else None
    if member_id is None:
        raise BadRequest("Member to be added not specified")
    if not isinstance(member_id, str) or not member_id or len(member_id) > 255:
        raise BadRequest(f"Invalid member id: {member_id!r}")
    image = _shared_image(request, ctx)
    require_owner(ctx, image, "add_member")
    images = backend(request)
    if len(images.list_members(image["id"])) >= MAX_MEMBERS:
        raise ApiError("The limit has been exceeded on the number of allowed image members "
                       f"for this image. Attempted: {MAX_MEMBERS + 1}, Maximum: "
                       f"{MAX_MEMBERS}", status=413)
    return json_response(member_view(images.add_member(image["id"], member_id)))


def _member(request: Request, ctx: Context, image: dict[str, Any]) -> dict[str, Any]:
    member_id = request.path_params["member_id"]
    member = backend(request).member_of(image["id"], member_id)
    if member is None or (not _is_owner(ctx, image) and member_id != ctx.project_id):
        raise NotFound(f"{member_id} is not a member of image {image['id']}")
    return member


async def show_member(request: Request) -> Response:
    """GET .../members/{member_id}: for the owner, or the member itself."""
    ctx = authenticate(request)
    image = _shared_image(request, ctx)
    return json_response(member_view(_member(request, ctx, image)))


async def update_member(request: Request) -> Response:
    """PUT .../members/{member_id} `{"status": "accepted"}`: the member's own decision."""
    ctx = authenticate(request)
    body = await read_body(request)
    status = body.get("status") if isinstance(body, dict) else None
    if status is None:
        raise BadRequest("Status not specified")
    if status not in MEMBER_STATUSES:
        raise BadRequest(f"Invalid status: {status}")
    image = _shared_image(request, ctx)
    member = _member(request, ctx, image)
    if member["member_id"] != ctx.project_id and not ctx.is_admin:
        raise not_authorized("modify_member")
    updated = backend(request).set_member_status(image["id"], member["member_id"], status)
    return json_response(member_view(updated))


async def delete_member(request: Request) -> Response:
    """DELETE .../members/{member_id}: the owner ends the sharing, 204."""
    ctx = authenticate(request)
    image = _shared_image(request, ctx)
    member = _member(request, ctx, image)
    require_owner(ctx, image, "delete_member")
    backend(request).remove_member(image["id"], member["member_id"])
    return empty_response(204)


ROUTES: RouteTable = (
    (f"{IMAGE}/members", list_members, GET),
    (f"{IMAGE}/members", create_member, POST),
    (f"{IMAGE}/members/{{member_id}}", show_member, GET),
    (f"{IMAGE}/members/{{member_id}}", update_member, PUT),
    (f"{IMAGE}/members/{{member_id}}", delete_member, DELETE),
)
