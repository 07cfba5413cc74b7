"""`/v2.1/servers/{id}/os-instance-actions` (+ `/{request_id}`): what was done to a server,
newest first, with the events of each action (for everyone from 2.51, admins before), paging
and `changes-since` from 2.58, `changes-before` from 2.66; a deleted server's actions from
2.21."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import BadRequest, NotFound
from ..policy import Context
from ..routing import GET, RouteTable
from ..service import json_response
from .backend import host_id
from .http import backend, caller, marker_missing, next_link, paginate
from .versions import microversion


def _iso(ts: float | None) -> str | None:
    return timestamps.iso_micro(ts) if ts is not None else None


def _server_id(request: Request, ctx: Context) -> str:
    """The server's id when the caller may see its actions (a deleted one's from 2.21)."""
    server_id = request.path_params["server_id"]
    compute = backend(request)
    row = compute.get_server(server_id)
    project = row["project_id"] if row is not None else (
        compute.actions.owner(server_id) if microversion(request) >= (2, 21) else None)
    if project is None or (project != ctx.project_id and not ctx.is_admin):
        raise NotFound(f"Instance {server_id} could not be found.")
    return server_id


def action_view(request: Request, action: dict[str, Any], ctx: Context,
                events: bool) -> dict[str, Any]:
    mv = microversion(request)
    view: dict[str, Any] = {
        "action": action["action"], "instance_uuid": action["server_id"],
        "message": action["message"], "project_id": action["project_id"],
        "request_id": action["request_id"], "start_time": _iso(action["start_time"]),
        "user_id": action["user_id"],
    }
    if mv >= (2, 58):
        view["updated_at"] = _iso(action["updated_at"])
    if events:
        items = []
        for event in action["events"]:
            item: dict[str, Any] = {
                "event": event["event"], "start_time": _iso(event["start_time"]),
                "finish_time": _iso(event["finish_time"]), "result": event["result"]}
            if ctx.is_admin:
                item["traceback"] = None
            if mv >= (2, 62):
                item["hostId"] = host_id(action["project_id"], event.get("host"))
                if ctx.is_admin:
                    item["host"] = event.get("host") or ""
            if mv >= (2, 84):
                item["details"] = None
            items.append(item)
        view["events"] = items
    return view


async def list_actions(request: Request) -> Response:
    """GET /servers/{id}/os-instance-actions."""
    ctx = caller(request, "os_compute_api:os-instance-actions:list")
    mv = microversion(request)
    server_id = _server_id(request, ctx)
    actions = backend(request).actions.list(server_id)
    body: dict[str, Any] = {}
    if mv >= (2, 58):
        query = request.query_params
        for name, keep in (("changes-since", lambda a, t: a["updated_at"] >= t),
                           ("changes-before", lambda a, t: a["updated_at"] <= t)):
            if name in query and (name == "changes-since" or mv >= (2, 66)):
                try:
                    moment = timestamps.parse_iso(query[name])
                except ValueError:
                    raise BadRequest(f"Invalid input for query parameters {name}. Value: "
                                     f"{query[name]}. '{query[name]}' is not a "
                                     f"'date-time'") from None
                actions = [a for a in actions if keep(a, moment)]
        actions, next_marker = paginate(request, actions, "request_id", when_more=True,
                                        missing=marker_missing)
        if next_marker is not None:
            body["links"] = next_link(request, f"servers/{server_id}/os-instance-actions",
                                      next_marker)
    body["instanceActions"] = [action_view(request, a, ctx, events=False) for a in actions]
    return json_response(body)


async def show_action(request: Request) -> Response:
    """GET /servers/{id}/os-instance-actions/{request_id}."""
    ctx = caller(request, "os_compute_api:os-instance-actions:show")
    server_id = _server_id(request, ctx)
    wanted = request.path_params["request_id"]
    for action in backend(request).actions.list(server_id):
        if action["request_id"] == wanted:
            events = ctx.is_admin or microversion(request) >= (2, 51)
            return json_response({"instanceAction": action_view(request, action, ctx,
                                                                 events=events)})
    raise NotFound(f"Action for request_id {wanted} on instance {server_id} not found")

ROUTES: RouteTable = (
    ("/servers/{server_id}/os-instance-actions", list_actions, GET),
    ("/servers/{server_id}/os-instance-actions/{request_id}", show_action, GET),
)
