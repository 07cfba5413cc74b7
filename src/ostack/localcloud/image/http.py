"""What every Glance handler shares: the image backend of the request, Glance's policy refusals
and access rules, its JSON body errors, and its listings' `limit` and `first` / `next` links."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request

from .. import paging
from ..errors import BadRequest, Forbidden, NotFound
from ..policy import Context
from ..service import backend_of
from .backend import ImageBackend

DEFAULT_LIMIT = 25     # Glance's limit_param_default
MAX_LIMIT = 1000       # Glance's api_limit_max
IMPORT_METHODS = ("glance-direct", "web-download", "copy-image")  # Glance's default
# The paths the resource modules' route tables share.
IMAGE = "/v2/images/{image_id}"
NAMESPACES = "/v2/metadefs/namespaces"
NAMESPACE = "/v2/metadefs/namespaces/{namespace}"


def backend(request: Request) -> ImageBackend:
    """The image service's state."""
    return backend_of(request)


# ------------------------------------------------------------------ access rules
def not_authorized(action: str) -> Forbidden:
    """Glance's policy refusal."""
    return Forbidden(f"You are not authorized to complete {action} action.")


def can_write(ctx: Context) -> bool:
    return ctx.is_admin or (ctx.project_id is not None and "member" in ctx.role_names)


def require_writer(ctx: Context, action: str) -> str | None:
    """The caller's project, for a call that creates or changes images; 403 for readers and
    tokens without a project (admins excepted)."""
    if not can_write(ctx) or (ctx.project_id is None and not ctx.is_admin):
        raise not_authorized(action)
    return ctx.project_id


def visible_image(request: Request, ctx: Context, image_id: str) -> dict[str, Any] | None:
    """The image if the caller may see it, else None."""
    images = backend(request)
    image = images.get_image(image_id)
    if image is None or not images.visible(image, ctx.project_id, ctx.is_admin):
        return None
    return image


def find_image(request: Request, ctx: Context, image_id: str) -> dict[str, Any]:
    """The image if the caller may see it, else 404 (as Glance hides others' images)."""
    image = visible_image(request, ctx, image_id)
    if image is None:
        raise NotFound(f"No image found with ID {image_id}")
    return image


def require_owner(ctx: Context, image: dict[str, Any], action: str) -> None:
    """403 unless the caller is an admin or a member of the owning project."""
    if ctx.is_admin:
        return
    if not can_write(ctx) or image["owner"] != ctx.project_id:
        raise not_authorized(action)


# ------------------------------------------------------------------ requests
async def read_body(request: Request) -> Any:
    """The JSON body; Glance's 400s when it is missing or malformed."""
    raw = await request.body()
    if not raw.strip():
        raise BadRequest("Body expected in request.")
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise BadRequest("Malformed JSON in request body.") from None


def limit_param(request: Request, default: int | None = DEFAULT_LIMIT) -> int | None:
    """`limit` (at most `MAX_LIMIT`; `default` when absent); Glance's 400s when it is not a
    positive integer or zero."""
    text = request.query_params.get("limit")
    if text is None:
        return default
    try:
        limit = int(text)
    except ValueError:
        raise BadRequest("limit param must be an integer") from None
    if limit < 0:
        raise BadRequest("limit param must be positive")
    return min(limit, MAX_LIMIT)


def sort_dir_param(request: Request) -> str:
    """`sort_dir` (asc|desc, default desc)."""
    sort_dir = request.query_params.get("sort_dir", "desc")
    if sort_dir not in ("asc", "desc"):
        raise BadRequest(f"Invalid sort direction: {sort_dir}")
    return sort_dir


def links(request: Request, path: str, page: Sequence[Any], limit: int | None,
          marker_of: Callable[[Any], str] = lambda item: item["id"]) -> dict[str, str]:
    """A Glance listing's `first` link (the request's query without its marker) and, when the
    page is full, its `next` link (the marker of the page's last item)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "marker"]
    found = {"first": path + (f"?{urlencode(params)}" if params else "")}
    if page and len(page) == limit:
        found["next"] = paging.next_href(path, request, marker_of(page[-1]))
    return found
