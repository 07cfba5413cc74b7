"""`POST /v2.1/os-server-external-events` (admin or the `service` role): the events Neutron
and Cinder send Nova about a server (`network-vif-plugged`, `volume-extended` ...). Each event
is answered with a code: 200 when its server is on a host, 404 for an unknown server, 422 for
one not placed yet, 400 for a `volume-extended` without its tag; 207 overall when some were
refused, 404 when none was accepted. Nothing here waits for events, so accepting is all."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import NotFound
from ..microversions import Microversion
from ..policy import Context, deny
from ..routing import POST, RouteTable
from ..service import json_response, read_json
from . import validation
from .http import backend, caller
from .versions import microversion

ACTION = "os_compute_api:os-server-external-events:create"

# Event names by the microversion that introduced them.
NAMES: tuple[tuple[Microversion, str], ...] = (
    ((2, 0), "network-changed"), ((2, 0), "network-vif-plugged"),
    ((2, 0), "network-vif-unplugged"), ((2, 0), "network-vif-deleted"),
    ((2, 51), "volume-extended"), ((2, 76), "power-update"),
    ((2, 82), "accelerator-request-bound"), ((2, 93), "volume-reimaged"),
)
STATUSES = ["failed", "completed", "in-progress"]


def require_service(ctx: Context, action: str) -> None:
    """403 unless the caller is an admin or carries the `service` role (Nova's service APIs)."""
    if not (ctx.is_admin or ctx.has_role("service")):
        raise deny(action)


def _schema(request: Request) -> validation.Schema:
    mv = microversion(request)
    names = [name for since, name in NAMES if mv >= since]
    event = {"type": "object", "properties": {
        "server_uuid": {"type": "string", "format": "uuid"},
        "name": {"type": "string", "enum": names},
        "status": {"type": "string", "enum": STATUSES},
        "tag": {"type": "string", "maxLength": 255},
    }, "required": ["server_uuid", "name"], "additionalProperties": False}
    return {"type": "object", "properties": {
        "events": {"type": "array", "minItems": 1, "items": event},
    }, "required": ["events"], "additionalProperties": False}


def _answer(event: dict[str, Any], server: dict[str, Any] | None) -> dict[str, Any]:
    answer = dict(event)
    if server is None:
        return dict(answer, status="failed", code=404)
    if event["name"] == "volume-extended" and "tag" not in event:
        return dict(answer, status="failed", code=400)
    if not server.get("host"):
        return dict(answer, status="failed", code=422)
    return dict(answer, status="completed", code=200)


async def create_events(request: Request) -> Response:
    """POST /os-server-external-events."""
    ctx = caller(request, ACTION)
    require_service(ctx, ACTION)
    body = await read_json(request)
    validation.validate(_schema(request), body)
    compute = backend(request)
    answers = [_answer(event, compute.get_server(event["server_uuid"]))
               for event in body["events"]]
    if not any(a["code"] == 200 for a in answers):
        raise NotFound("No instances found for any event")
    status = 200 if all(a["code"] == 200 for a in answers) else 207
    return json_response({"events": answers}, status=status)

ROUTES: RouteTable = (
    ("/os-server-external-events", create_events, POST),
)
