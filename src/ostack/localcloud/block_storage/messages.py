"""User messages (3.3): `/messages` list, show and delete, and the scheduling failure that
writes them. A volume whose type asks for a capability the one backend does not have
(`storage_protocol`, `vendor_name`, `volume_backend_name`, plain or `capabilities:` scoped)
ends in `error`, and its project gets Cinder's "no valid backend" message about it."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import NotFound
from ..policy import Context, can_read
from ..routing import DELETE, GET, RouteTable
from ..service import empty_response, json_response
from . import http
from .backends import STATS

KIND = "message"
#: Messages are kept 30 days (Cinder's message_ttl).
TTL = 30 * 24 * 3600
CHECKED = ("storage_protocol", "vendor_name", "volume_backend_name")


def unschedulable(volume_type: dict[str, Any] | None) -> bool:
    """Whether the type's extra specs name a capability value the backend lacks."""
    for key, wanted in ((volume_type or {}).get("extra_specs") or {}).items():
        name = key.removeprefix("capabilities:")
        if name in CHECKED and isinstance(wanted, str) and not wanted.startswith("<") \
                and str(STATS[name]) != wanted:
            return True
    return False


def schedule_failed(request: Request, project_id: str, volume_id: str) -> None:
    """The volume goes to `error` (instead of `available`); its project gets a message."""
    backend = http.backend(request)
    backend.store.execute("UPDATE volumes SET pending_status = 'error' WHERE id = ?",
                          (volume_id,))
    backend.records.create(KIND, {
        "request_id": request.scope.get("request_id", ""), "message_level": "ERROR",
        "event_id": "VOLUME_VOLUME_001_002", "resource_type": "VOLUME",
        "resource_uuid": volume_id,
        "user_message": "schedule allocate volume:Could not find any available weighted "
                        "backend."}, project_id)


def view(request: Request, ctx: Context, message: dict[str, Any]) -> dict[str, Any]:
    body = {k: message[k] for k in ("id", "request_id", "message_level", "event_id",
                                    "resource_type", "resource_uuid", "user_message")}
    body["created_at"] = timestamps.iso_micro(message["created_at"])
    body["guaranteed_until"] = timestamps.iso_micro(message["created_at"] + TTL)
    body["links"] = http.links(request, ctx, "messages", message["id"])
    return body


def _messages(request: Request, ctx: Context) -> list[dict[str, Any]]:
    records = http.backend(request).records
    if ctx.is_admin:
        return records.list(KIND)
    return records.list(KIND, http.project_of(ctx))


def _find(request: Request, ctx: Context) -> dict[str, Any]:
    message_id = request.path_params["message_id"]
    for message in _messages(request, ctx):
        if message["id"] == message_id:
            return message
    raise NotFound(f"Message {message_id} could not be found.")


def _since_3_3(request: Request) -> None:
    if http.mv(request) < (3, 3):
        raise NotFound("The resource could not be found.")


async def list_messages(request: Request) -> Response:
    ctx = http.caller(request)
    _since_3_3(request)
    return http.listing(request, ctx, "messages", "messages", _messages(request, ctx),
                        lambda m: view(request, ctx, m), counted=False)


async def show_message(request: Request) -> Response:
    ctx = http.caller(request)
    _since_3_3(request)
    return json_response({"message": view(request, ctx, _find(request, ctx))})


async def delete_message(request: Request) -> Response:
    ctx = http.caller(request)
    _since_3_3(request)
    message = _find(request, ctx)
    backend = http.backend(request)
    project = backend.store.scalar("SELECT project_id FROM volume_records WHERE kind = ? AND "
                                   "id = ?", (KIND, message["id"]))
    if not (ctx.is_admin or can_read(ctx, project)):
        raise NotFound(f"Message {message['id']} could not be found.")
    backend.records.delete(KIND, message["id"])
    return empty_response(204)


ROUTES: RouteTable = (
    ("/messages", list_messages, GET),
    ("/messages/{message_id}", show_message, GET),
    ("/messages/{message_id}", delete_message, DELETE),
)
