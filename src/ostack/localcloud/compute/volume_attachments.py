"""Nova's volume attachments of a server (`/servers/{server_id}/os-volume_attachments`):
list, attach, show, update (swap; `delete_on_termination` from 2.85), detach.

The volumes live in the block storage service (`cloud.block_storage`); Nova checks the server
(its state, its lock) and answers in its own format: `volumeAttachment` with `id` (until 2.88),
`serverId`, `volumeId`, `device`, `tag` (2.70), `delete_on_termination` (2.79),
`attachment_id` and `bdm_uuid` (2.89).
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest, Conflict, Forbidden, NotFound
from ..interfaces import BlockDevices
from ..policy import Context
from ..routing import DELETE, GET, POST, PUT, RouteTable
from ..service import empty_response, json_response, peers_of, read_json
from .http import backend, caller, int_param
from .server_views import find_server
from .states import check
from .versions import Microversion, microversion

DEVICE = re.compile(r"(^/dev/x{0,1}[a-z]{0,1}d{0,1})([a-z]+)[0-9]*$")
TAG = re.compile(r"^[^,/]*$")
#: vm states that accept attach/detach (nova.compute.api attach_volume / detach_volume).
ATTACH_STATES = ("active", "paused", "stopped", "resized", "soft-delete", "shelved",
                 "shelved_offloaded")
SWAP_STATES = ("active", "paused", "resized", "stopped")
TRUE_VALUES = (True, "True", "TRUE", "true", "1")
FALSE_VALUES = (False, "False", "FALSE", "false", "0")


def _block_storage(request: Request) -> Any:
    block_storage = peers_of(request).get(BlockDevices)
    if block_storage is None:
        raise BadRequest("Volume attachments are not supported: this cloud has no block "
                         "storage service.")
    return block_storage


def view(attachment: dict[str, Any], mv: Microversion, created: bool = False,
         ) -> dict[str, Any]:
    """One `volumeAttachment` at microversion `mv` (the attach answer keeps `id` and shows
    no attachment ids, as Nova's does)."""
    body: dict[str, Any] = {"device": attachment["device"], "serverId": attachment["serverId"],
                            "volumeId": attachment["volumeId"]}
    if created or mv < (2, 89):
        body["id"] = attachment["volumeId"]
    if mv >= (2, 70):
        body["tag"] = attachment.get("tag")
    if mv >= (2, 79):
        body["delete_on_termination"] = bool(attachment.get("delete_on_termination"))
    if mv >= (2, 89) and not created:
        body["attachment_id"] = attachment["attachment_id"]
        body["bdm_uuid"] = attachment["bdm_uuid"]
    return body


def _invalid(field: str, value: Any, reason: str) -> BadRequest:
    return BadRequest(f"Invalid input for field/attribute {field}. Value: {value}. {reason}")


def _uuid(value: Any, field: str) -> str:
    if not isinstance(value, str):
        raise _invalid(field, value, f"{value!r} is not of type 'string'")
    try:
        uuid.UUID(value)
    except ValueError:
        raise _invalid(field, value, f"'{value}' is not a 'uuid'") from None
    return value


def _delete_flag(value: Any) -> bool:
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise _invalid("delete_on_termination", value, f"{value!r} is not one of "
                                                   f"[True, 'True', 'TRUE', 'true', '1', "
                                                   f"False, 'False', 'FALSE', 'false', '0']")


def _device(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _invalid("device", value, f"{value!r} is not of type 'string', 'null'")
    if not DEVICE.match(value):
        raise _invalid("device", value, f"'{value}' does not match "
                                        f"'(^/dev/x{{0,1}}[a-z]{{0,1}}d{{0,1}})([a-z]+)[0-9]*$'")
    return value


def _tag(value: Any) -> str:
    if not isinstance(value, str):
        raise _invalid("tag", value, f"{value!r} is not of type 'string'")
    if not 1 <= len(value) <= 60 or not TAG.match(value):
        raise _invalid("tag", value, f"'{value}' is not a valid tag")
    return value


async def _body(request: Request, allowed: tuple[str, ...]) -> dict[str, Any]:
    raw = await read_json(request)
    extra = sorted(set(raw) - {"volumeAttachment"})
    if extra:
        raise _invalid("root", raw, f"Additional properties are not allowed "
                                    f"({', '.join(repr(e) for e in extra)} was unexpected)")
    body = raw.get("volumeAttachment")
    if not isinstance(body, dict):
        if "volumeAttachment" not in raw:
            raise _invalid("root", raw, "'volumeAttachment' is a required property")
        raise _invalid("volumeAttachment", body, f"{body!r} is not of type 'object'")
    extra = sorted(set(body) - set(allowed))
    if extra:
        raise _invalid("volumeAttachment", body, f"Additional properties are not allowed "
                                                 f"({', '.join(repr(e) for e in extra)} was "
                                                 f"unexpected)")
    if "volumeId" not in body:
        raise _invalid("volumeAttachment", body, "'volumeId' is a required property")
    return body


def _check_state(row: dict[str, Any], ctx: Context, action: str,
                 states: tuple[str, ...]) -> None:
    """Nova's 409s: a locked server (for non-admins), a vm state or task in the way."""
    if row.get("locked") and not ctx.is_admin:
        raise Conflict(f"Instance {row['id']} is locked")
    check(action, row, states)


def _record(request: Request, ctx: Context, server_id: str, action: str, event: str) -> None:
    record = getattr(backend(request), "record_action", None)
    if record is not None:
        record(server_id, action, ctx.project_id or "", ctx.user_id,
               request.scope.get("request_id") or f"req-{uuid.uuid4()}", [event])


def _find_attachment(request: Request, server_id: str, volume_id: str) -> dict[str, Any]:
    for attachment in _block_storage(request).attachments(server_id):
        if attachment["volumeId"] == volume_id:
            return attachment
    raise NotFound(f"No volume Block Device Mapping with id {volume_id}.")


# ------------------------------------------------------------------- handlers
async def list_attachments(request: Request) -> Response:
    """GET /servers/{server_id}/os-volume_attachments[?limit=&offset=]."""
    ctx = caller(request, "os_compute_api:os-volumes-attachments:index")
    row = find_server(request, ctx, request.path_params["server_id"])
    mv = microversion(request)
    items = _block_storage(request).attachments(row["id"])
    offset = int_param(request, "offset") or 0
    limit = int_param(request, "limit")
    items = items[offset:] if limit is None else items[offset:offset + limit]
    return json_response({"volumeAttachments": [view(a, mv) for a in items]})


async def show_attachment(request: Request) -> Response:
    """GET /servers/{server_id}/os-volume_attachments/{volume_id}."""
    ctx = caller(request, "os_compute_api:os-volumes-attachments:show")
    row = find_server(request, ctx, request.path_params["server_id"])
    attachment = _find_attachment(request, row["id"], request.path_params["volume_id"])
    return json_response({"volumeAttachment": view(attachment, microversion(request))})


async def attach_volume(request: Request) -> Response:
    """POST /servers/{server_id}/os-volume_attachments: the volume goes `attaching`, then
    `in-use`; 409 when the server's state refuses, 400 when the volume is not available."""
    ctx = caller(request, "os_compute_api:os-volumes-attachments:create")
    mv = microversion(request)
    allowed = ("volumeId", "device")
    if mv >= (2, 49):
        allowed += ("tag",)
    if mv >= (2, 79):
        allowed += ("delete_on_termination",)
    body = await _body(request, allowed)
    volume_id = _uuid(body["volumeId"], "volumeId")
    device = _device(body.get("device"))
    tag = _tag(body["tag"]) if "tag" in body else None
    delete = _delete_flag(body["delete_on_termination"]) \
        if "delete_on_termination" in body else False
    row = find_server(request, ctx, request.path_params["server_id"])
    if row["project_id"] != ctx.project_id and not ctx.is_admin:
        raise Forbidden("Policy doesn't allow os_compute_api:os-volumes-attachments:create to "
                        "be performed.")
    _check_state(row, ctx, "attach_volume", ATTACH_STATES)
    block_storage = _block_storage(request)
    if any(a["volumeId"] == volume_id for a in block_storage.attachments(row["id"])):
        raise BadRequest(f"Invalid volume: volume {volume_id} already attached")
    # The caller looks the volume up in the block storage service: an admin may attach
    # another project's volume to the server.
    found = block_storage.get_volume(volume_id) if ctx.is_admin else None
    owner = found["project_id"] if found is not None else row["project_id"]
    attachment = block_storage.attach(owner, row["id"], volume_id, device=device,
                                      tag=tag, delete_on_termination=delete)
    _record(request, ctx, row["id"], "attach_volume", "compute_attach_volume")
    return json_response({"volumeAttachment": view(attachment, mv, created=True)})


async def update_attachment(request: Request) -> Response:
    """PUT /servers/{server_id}/os-volume_attachments/{volume_id}: swap to another volume
    (admin), or from 2.85 change `delete_on_termination`; 202."""
    ctx = caller(request, "os_compute_api:os-volumes-attachments:update")
    mv = microversion(request)
    allowed = ("volumeId",)
    if mv >= (2, 85):
        allowed += ("device", "tag", "delete_on_termination", "serverId", "id")
    body = await _body(request, allowed)
    new_id = _uuid(body["volumeId"], "volumeId")
    row = find_server(request, ctx, request.path_params["server_id"])
    old_id = request.path_params["volume_id"]
    attachment = _find_attachment(request, row["id"], old_id)
    for key, current in (("device", attachment["device"]), ("tag", attachment.get("tag")),
                         ("serverId", row["id"]), ("id", old_id)):
        if key in body and body[key] != current:
            raise BadRequest(f"The {key} in the request body does not match the current "
                             f"attachment; only delete_on_termination may be changed.")
    block_storage = _block_storage(request)
    if new_id == old_id:
        if mv < (2, 85):
            raise BadRequest("The volumeId of the new volume must differ from the attached "
                             "one.")
        if "delete_on_termination" in body:
            block_storage.update_attachment(attachment["attachment_id"], {
                "delete_on_termination": int(_delete_flag(body["delete_on_termination"]))})
        return empty_response(202)
    if not ctx.is_admin:
        raise Forbidden("Policy doesn't allow os_compute_api:os-volumes-attachments:swap to "
                        "be performed.")
    _check_state(row, ctx, "swap_volume", SWAP_STATES)
    new = block_storage.get_volume(new_id)
    if new is None:
        raise NotFound(f"Volume {new_id} could not be found.")
    if new["status"] != "available":
        raise BadRequest(f"Invalid volume: Volume {new_id} status must be available or "
                         f"downloading to reserve, but the current status is "
                         f"{new['status']}.")
    block_storage.detach(row["id"], old_id)
    block_storage.attach(new["project_id"], row["id"], new_id, device=attachment["device"],
                         tag=attachment.get("tag"),
                         delete_on_termination=bool(attachment["delete_on_termination"]))
    _record(request, ctx, row["id"], "swap_volume", "compute_swap_volume")
    return empty_response(202)


async def detach_volume(request: Request) -> Response:
    """DELETE /servers/{server_id}/os-volume_attachments/{volume_id}: 202; the volume goes
    `detaching`, then `available`."""
    ctx = caller(request, "os_compute_api:os-volumes-attachments:delete")
    row = find_server(request, ctx, request.path_params["server_id"])
    volume_id = request.path_params["volume_id"]
    _check_state(row, ctx, "detach_volume", ATTACH_STATES)
    attachment = _find_attachment(request, row["id"], volume_id)
    if attachment["device"] == "/dev/vda" and not row.get("image_id"):
        raise BadRequest("Cannot detach a root device volume")
    _block_storage(request).detach(row["id"], volume_id)
    _record(request, ctx, row["id"], "detach_volume", "compute_detach_volume")
    return empty_response(202)

ROUTES: RouteTable = (
    ("/servers/{server_id}/os-volume_attachments", list_attachments, GET),
    ("/servers/{server_id}/os-volume_attachments", attach_volume, POST),
    ("/servers/{server_id}/os-volume_attachments/{volume_id}", show_attachment, GET),
    ("/servers/{server_id}/os-volume_attachments/{volume_id}", update_attachment, PUT),
    ("/servers/{server_id}/os-volume_attachments/{volume_id}", detach_volume, DELETE),
)
