"""`/v2.1/os-services` (admin): the nova services of the fixed fleet (conductor and scheduler
on the controller, nova-compute on each compute host); enable, disable (with a reason) and
force down a service (`PUT /os-services/{id}` from 2.53, the older `/enable`, `/disable`,
`/disable-log-reason`, `/force-down` before). A disabled compute host gets no new servers."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import BadRequest, NotFound
from ..policy import Context, require_admin
from ..routing import DELETE, GET, PUT, RouteTable
from ..service import empty_response, json_response, read_json
from . import validation
from .http import backend, caller
from .versions import microversion


def _admin(request: Request, rule: str) -> Context:
    ctx = caller(request, f"os_compute_api:os-services:{rule}")
    require_admin(ctx, f"os_compute_api:os-services:{rule}")
    return ctx


def service_view(request: Request, row: dict[str, Any]) -> dict[str, Any]:
    mv = microversion(request)
    view: dict[str, Any] = {
        "id": row["id"] if mv >= (2, 53) else row["seq"],
        "binary": row["binary"], "disabled_reason": row["disabled_reason"],
        "host": row["host"], "state": "down" if row["forced_down"] else "up",
        "status": "disabled" if row["disabled"] else "enabled",
        "updated_at": timestamps.iso_micro(row["updated_at"]),
        "zone": backend(request).aggregates.zone_of(row["host"])
        if row["binary"] == "nova-compute" else row["zone"],
    }
    if mv >= (2, 11):
        view["forced_down"] = bool(row["forced_down"])
    return view


async def list_services(request: Request) -> Response:
    """GET /os-services (filters: host, binary)."""
    _admin(request, "list")
    query = request.query_params
    rows = [r for r in backend(request).services.list()
            if ("host" not in query or r["host"] == query["host"])
            and ("binary" not in query or r["binary"] == query["binary"])]
    return json_response({"services": [service_view(request, r) for r in rows]})


async def update_service(request: Request) -> Response:
    """PUT /os-services/{id} (2.53): status, disabled_reason, forced_down."""
    _admin(request, "update")
    service_id = request.path_params["service_id"]
    if microversion(request) < (2, 53):
        return await _legacy_update(request, service_id)
    body = await read_json(request)
    validation.validate({"type": "object", "properties": {
        "status": {"type": "string", "enum": ["enabled", "disabled"]},
        "disabled_reason": {"type": "string", "minLength": 1, "maxLength": 255},
        "forced_down": validation.BOOLEAN}, "additionalProperties": False}, body)
    compute = backend(request)
    row = next((r for r in compute.services.list() if r["id"] == service_id), None)
    if row is None:
        raise NotFound(f"Service {service_id} could not be found.")
    if "disabled_reason" in body and body.get("status") != "disabled":
        raise BadRequest("Specifying 'disabled_reason' with status 'enabled' is invalid.")
    if not body:
        raise BadRequest("No updates were requested. Fields 'status' or 'forced_down' should "
                         "be specified.")
    changes: dict[str, Any] = {}
    if "status" in body:
        changes["disabled"] = int(body["status"] == "disabled")
        changes["disabled_reason"] = body.get("disabled_reason")
    if "forced_down" in body:
        if row["binary"] != "nova-compute":
            raise BadRequest("Updating a nova-compute service is the only one supported "
                             "for forced_down.")
        changes["forced_down"] = int(validation.as_bool(body["forced_down"]))
    row = compute.services.update(service_id, changes)
    return json_response({"service": service_view(request, row or {})})


async def _legacy_update(request: Request, action: str) -> Response:
    """PUT /os-services/{enable,disable,disable-log-reason,force-down} before 2.53."""
    if action not in ("enable", "disable", "disable-log-reason", "force-down"):
        raise NotFound("Unknown action")
    body = await read_json(request)
    properties: dict[str, Any] = {"host": validation.HOSTNAME,
                                  "binary": {"type": "string", "minLength": 1,
                                             "maxLength": 255},
                                  "disabled_reason": {"type": "string", "minLength": 1,
                                                      "maxLength": 255}}
    if microversion(request) >= (2, 11):
        properties["forced_down"] = validation.BOOLEAN
    validation.validate({"type": "object", "properties": properties,
                         "required": ["host", "binary"], "additionalProperties": False}, body)
    compute = backend(request)
    row = next((r for r in compute.services.list()
                if r["host"] == body["host"] and r["binary"] == body["binary"]), None)
    if row is None:
        raise NotFound(f"Service {body['binary']} on host {body['host']} could not be found.")
    changes: dict[str, Any] = {}
    if action == "enable":
        changes = {"disabled": 0, "disabled_reason": None}
    elif action in ("disable", "disable-log-reason"):
        if action == "disable-log-reason" and not body.get("disabled_reason"):
            raise BadRequest("Missing disabled reason field")
        changes = {"disabled": 1, "disabled_reason": body.get("disabled_reason")}
    else:
        if microversion(request) < (2, 11):
            raise NotFound("Unknown action")
        changes = {"forced_down": int(validation.as_bool(body.get("forced_down", True)))}
    row = compute.services.update(row["id"], changes) or row
    view: dict[str, Any] = {"host": row["host"], "binary": row["binary"]}
    if action == "force-down":
        view["forced_down"] = bool(row["forced_down"])
    else:
        view["status"] = "disabled" if row["disabled"] else "enabled"
        if action == "disable-log-reason":
            view["disabled_reason"] = row["disabled_reason"]
    return json_response({"service": view})


async def delete_service(request: Request) -> Response:
    """DELETE /os-services/{id}: 204; a compute service hosting servers refuses (409) and
    leaves its aggregates. A deleted service registers again when the cloud restarts, as a
    restarted nova service does."""
    _admin(request, "delete")
    service_id = request.path_params["service_id"]
    compute = backend(request)
    if microversion(request) >= (2, 53):
        if not validation.is_uuid(service_id):
            raise BadRequest(f"Invalid uuid {service_id}")
        row = next((r for r in compute.services.list() if r["id"] == service_id), None)
    else:
        row = next((r for r in compute.services.list() if str(r["seq"]) == service_id), None)
    if row is None:
        raise NotFound(f"Service {service_id} not found.")
    compute.services.delete(row["id"])
    return empty_response(204)



ROUTES: RouteTable = (
    ("/os-services", list_services, GET),
    ("/os-services/{service_id}", update_service, PUT),
    ("/os-services/{service_id}", delete_service, DELETE),
)
