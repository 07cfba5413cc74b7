"""`/v2.1/servers/{id}/tags` (+ `/{tag}`), from microversion 2.26: list, replace, delete all,
check, add, delete one; at most 50 tags; only in states where Nova allows tag changes."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest, NotFound
from ..policy import Context
from ..routing import DELETE, GET, PUT, RouteTable
from ..service import empty_response, json_response, read_json
from . import states, validation
from .http import api_url, backend, caller
from .server_views import find_server
from .versions import microversion

MAX_TAGS = 50
TAGGABLE = (states.ACTIVE, states.PAUSED_VM, states.SUSPENDED_VM, states.STOPPED,
            states.SHELVED, states.SHELVED_OFFLOADED)


def _server(request: Request, action: str | None) -> tuple[Context, dict[str, Any]]:
    if microversion(request) < (2, 26):
        raise NotFound("The resource could not be found.")
    ctx = caller(request, "os_compute_api:os-server-tags")
    row = find_server(request, ctx, request.path_params["server_id"])
    if action is not None:
        states.check(action, row, TAGGABLE)
    return ctx, row


def _tag(request: Request) -> str:
    tag = request.path_params["tag"]
    validation.validate(validation.TAG, tag, ["tag"])
    return tag


async def list_tags(request: Request) -> Response:
    """GET /servers/{id}/tags."""
    _, row = _server(request, None)
    return json_response({"tags": row["tags"]})


async def replace_tags(request: Request) -> Response:
    """PUT /servers/{id}/tags: the new full list."""
    _, row = _server(request, "update tags")
    body = await read_json(request)
    tags = validation.body_of(body, "tags", {"type": "array", "items": validation.TAG})
    if len(tags) > MAX_TAGS:
        raise BadRequest(f"The number of tags exceeded the per-server limit {MAX_TAGS}")
    tags = list(dict.fromkeys(tags))
    backend(request).update_server(row["id"], {"tags": tags})
    return json_response({"tags": tags})


async def delete_tags(request: Request) -> Response:
    """DELETE /servers/{id}/tags."""
    _, row = _server(request, "delete tags")
    backend(request).update_server(row["id"], {"tags": []})
    return empty_response(204)


async def check_tag(request: Request) -> Response:
    """GET /servers/{id}/tags/{tag}: 204 when present, else 404."""
    _, row = _server(request, None)
    tag = request.path_params["tag"]
    if tag not in row["tags"]:
        raise NotFound(f"Tag {tag} could not be found.")
    return empty_response(204)


async def add_tag(request: Request) -> Response:
    """PUT /servers/{id}/tags/{tag}: 201 with Location when new, 204 when already there."""
    _, row = _server(request, "update tag")
    tag = _tag(request)
    if tag in row["tags"]:
        return empty_response(204)
    if len(row["tags"]) >= MAX_TAGS:
        raise BadRequest(f"The number of tags exceeded the per-server limit {MAX_TAGS}")
    backend(request).update_server(row["id"], {"tags": [*row["tags"], tag]})
    location = f"{api_url(request)}/servers/{row['id']}/tags/{tag}"
    return empty_response(201, headers={"Location": location})


async def delete_tag(request: Request) -> Response:
    """DELETE /servers/{id}/tags/{tag}."""
    _, row = _server(request, "delete tag")
    tag = request.path_params["tag"]
    if tag not in row["tags"]:
        raise NotFound(f"Tag {tag} could not be found.")
    backend(request).update_server(row["id"], {"tags": [t for t in row["tags"] if t != tag]})
    return empty_response(204)

ROUTES: RouteTable = (
    ("/servers/{server_id}/tags", list_tags, GET),
    ("/servers/{server_id}/tags", replace_tags, PUT),
    ("/servers/{server_id}/tags", delete_tags, DELETE),
    ("/servers/{server_id}/tags/{tag}", check_tag, GET),
    ("/servers/{server_id}/tags/{tag}", add_tag, PUT),
    ("/servers/{server_id}/tags/{tag}", delete_tag, DELETE),
)
