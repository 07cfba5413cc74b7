"""The attachments API (3.27+): reserve a volume for an instance or host, give it a connector,
complete it (3.44), delete it. Attachments made through compute appear here too."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import BadRequest, NotFound
from ..policy import Context
from ..routing import DELETE, GET, POST, PUT, RouteTable
from ..service import empty_response, json_response
from . import http, volumes

MIN_VERSION = (3, 27)


def _check_version(request: Request) -> None:
    if http.mv(request) < MIN_VERSION:
        raise NotFound("The resource could not be found.")


def _ts(value: float | None) -> str:
    return timestamps.iso_micro(value) if value is not None else ""


def summary(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "status": row["attach_status"], "instance": row["server_id"],
            "volume_id": row["volume_id"]}


def view(request: Request, row: dict[str, Any], volume: dict[str, Any] | None,
         ) -> dict[str, Any]:
    body = summary(row)
    body.update({"attached_at": _ts(row["attached_at"]), "detached_at": "",
                 "attach_mode": row["attach_mode"],
                 "connection_info": _connection_info(row, volume) if row["connector"] else {}})
    return body


def _connection_info(row: dict[str, Any], volume: dict[str, Any] | None) -> dict[str, Any]:
    volume_id = row["volume_id"]
    return {"driver_volume_type": "iscsi", "target_discovered": False,
            "target_portal": "127.0.0.1:3260",
            "target_iqn": f"iqn.2010-10.org.openstack:volume-{volume_id}", "target_lun": 1,
            "volume_id": volume_id, "access_mode": row["attach_mode"], "encrypted": False,
            "attachment_id": row["id"]}


def find(request: Request, ctx: Context, attachment_id: str) -> dict[str, Any]:
    return http.readable(http.backend(request).get_attachment(attachment_id), ctx,
                         f"Volume attachment could not be found with filter: attachment_id = "
                         f"{attachment_id}.")


async def _list(request: Request, detail: bool) -> Response:
    _check_version(request)
    ctx = http.caller(request)
    project_id = None if (ctx.is_admin and http.bool_param(request, "all_tenants")) \
        else http.project_of(ctx)
    backend = http.backend(request)
    rows = backend.list_attachments(project_id)
    for key in ("volume_id", "instance_id", "status", "attach_status"):
        value = request.query_params.get(key)
        if value is not None:
            column = {"instance_id": "server_id", "status": "attach_status"}.get(key, key)
            rows = [r for r in rows if r[column] == value]
    return http.listing(request, ctx, "attachments",
                        "attachments/detail" if detail else "attachments", rows,
                        (lambda r: view(request, r, None)) if detail else summary,
                        counted=False)


async def list_attachments(request: Request) -> Response:
    """GET /v3/{project_id}/attachments."""
    return await _list(request, detail=False)


async def list_attachments_detail(request: Request) -> Response:
    """GET /v3/{project_id}/attachments/detail."""
    return await _list(request, detail=True)


async def show_attachment(request: Request) -> Response:
    """GET /v3/{project_id}/attachments/{attachment_id}."""
    _check_version(request)
    ctx = http.caller(request)
    row = find(request, ctx, request.path_params["attachment_id"])
    return json_response({"attachment": view(request, row, None)})


async def create_attachment(request: Request) -> Response:
    """POST /v3/{project_id}/attachments: `reserved` (no connector) or `attaching`."""
    _check_version(request)
    ctx = http.caller(request)
    body = await http.body_of(request, "attachment")
    allowed = ("volume_uuid", "instance_uuid", "connector")
    if http.mv(request) >= (3, 54):
        allowed += ("mode",)
    http.no_extra(body, allowed, "attachment")
    if "volume_uuid" not in body:
        raise http.invalid("attachment", body, "'volume_uuid' is a required property")
    volume_id = http.string(body["volume_uuid"], "volume_uuid", nullable=False)
    instance = http.string(body.get("instance_uuid"), "instance_uuid")
    connector = body.get("connector")
    if connector is not None and not isinstance(connector, dict):
        raise http.invalid("connector", connector, f"{connector!r} is not of type 'object'")
    mode = body.get("mode", "rw")
    if mode not in ("rw", "ro"):
        raise http.invalid("mode", mode, f"{mode!r} is not one of ['rw', 'ro']")
    volume = volumes.writable(request, ctx, volume_id,  # type: ignore[arg-type]
                              "volume:attachment_create")
    backend = http.backend(request)
    row = backend.reserve(volume, instance, volume["project_id"],
                          host=(connector or {}).get("host"), mode=mode,
                          status="attaching" if connector else "reserved")
    if connector:
        _set_connector(request, row["id"], connector)
        row = backend.get_attachment(row["id"])  # type: ignore[assignment]
    return json_response({"attachment": view(request, row, volume)})


def _set_connector(request: Request, attachment_id: str, connector: dict[str, Any]) -> None:
    from ..store import dumps

    backend = http.backend(request)
    backend.store.execute(
        "UPDATE volume_attachments SET connector = ?, host = COALESCE(?, host),"
        " device = COALESCE(?, device), attach_status = CASE WHEN attach_status = 'reserved'"
        " THEN 'attaching' ELSE attach_status END, updated_at = ? WHERE id = ?",
        (dumps(connector), connector.get("host"), connector.get("mountpoint"),
         timestamps.now(), attachment_id))


async def update_attachment(request: Request) -> Response:
    """PUT /v3/{project_id}/attachments/{attachment_id}: give the connector."""
    _check_version(request)
    ctx = http.caller(request)
    body = await http.body_of(request, "attachment")
    http.no_extra(body, ("connector",), "attachment")
    connector = body.get("connector")
    if not isinstance(connector, dict) or not connector:
        raise http.invalid("connector", connector, "'connector' is a required property")
    row = find(request, ctx, request.path_params["attachment_id"])
    http.check_write(ctx, row["project_id"], "volume:attachment_update")
    _set_connector(request, row["id"], connector)
    backend = http.backend(request)
    volume = backend.get_volume(row["volume_id"])
    if volume is not None and volume["status"] == "reserved":
        backend.update_volume(volume["id"], {"status": "attaching"})
    row = backend.get_attachment(row["id"])  # type: ignore[assignment]
    return json_response({"attachment": view(request, row, volume)})


async def attachment_action(request: Request) -> Response:
    """POST .../attachments/{attachment_id}/action: `os-complete` (3.44): `in-use`."""
    _check_version(request)
    ctx = http.caller(request)
    body = await http.body_of(request)
    if list(body) != ["os-complete"] or http.mv(request) < (3, 44):
        raise BadRequest(f"There is no such action: {','.join(body) or 'None'}")
    row = find(request, ctx, request.path_params["attachment_id"])
    http.check_write(ctx, row["project_id"], "volume:attachment_complete")
    http.backend(request).complete_attachment(row["id"], delay=0.0)
    return empty_response(204)


async def delete_attachment(request: Request) -> Response:
    """DELETE /v3/{project_id}/attachments/{attachment_id}: the volume's remaining
    attachments."""
    _check_version(request)
    ctx = http.caller(request)
    row = find(request, ctx, request.path_params["attachment_id"])
    http.check_write(ctx, row["project_id"], "volume:attachment_delete")
    backend = http.backend(request)
    backend.remove_attachment(row["id"], delay=0.0)
    remaining = [r for r in backend.list_attachments(row["project_id"])
                 if r["volume_id"] == row["volume_id"]]
    return json_response({"attachments": [summary(r) for r in remaining]})


ROUTES: RouteTable = (
    ("/attachments", list_attachments, GET),
    ("/attachments", create_attachment, POST),
    ("/attachments/detail", list_attachments_detail, GET),
    ("/attachments/{attachment_id}", show_attachment, GET),
    ("/attachments/{attachment_id}", update_attachment, PUT),
    ("/attachments/{attachment_id}", delete_attachment, DELETE),
    ("/attachments/{attachment_id}/action", attachment_action, POST),
)
