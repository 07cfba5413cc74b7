"""Volume actions: `POST /v3/{project_id}/volumes/{volume_id}/action` with one action per
request (`os-extend`, `os-reset_status`, `os-set_bootable`, `os-attach`, `os-detach`,
`os-retype`, `os-volume_upload_image`, `revert` ...)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest, NotFound
from ..interfaces import Images, ServerEvents
from ..policy import Context
from ..routing import POST, RouteTable
from ..service import empty_response, json_response, peers_of
from . import http
from .common import invalid_volume as _invalid_volume
from .volume_manage import unmanage_volume
from .volume_migration import migrate_volume
from .volumes import find


async def volume_action(request: Request) -> Response:
    """POST /v3/{project_id}/volumes/{volume_id}/action: one action per request."""
    ctx = http.caller(request)
    body = await http.body_of(request)
    if len(body) != 1:
        raise BadRequest("Malformed request body")
    (name, args), = body.items()
    handler = ACTIONS.get(name)
    if handler is None:
        raise BadRequest(f"There is no such action: {name}")
    volume = find(request, ctx, request.path_params["volume_id"])
    if name not in ADMIN_ACTIONS:
        http.check_write(ctx, volume["project_id"], f"volume_extension:volume_actions:{name}")
    return await handler(request, ctx, volume, args)


def _args(args: Any, name: str, allowed: tuple[str, ...] | None = None) -> dict[str, Any]:
    if args is None:
        return {}
    if not isinstance(args, dict):
        raise http.invalid(name, args, f"{args!r} is not of type 'object'")
    if allowed is not None:
        http.no_extra(args, allowed, name)
    return args


async def _extend(request: Request, ctx: Context, volume: dict[str, Any], args: Any,
                  ) -> Response:
    args = _args(args, "os-extend", ("new_size",))
    if "new_size" not in args:
        raise http.invalid("os-extend", args, "'new_size' is a required property")
    new_size = http.size_field(args["new_size"], "new_size", nullable=False)
    assert new_size is not None
    allowed = ("available", "in-use") if http.mv(request) >= (3, 42) else ("available",)
    if volume["status"] not in allowed:
        raise _invalid_volume(f"Volume {volume['id']} status must be "
                              f"{' or '.join(allowed)} to extend, but current status is: "
                              f"{volume['status']}.")
    if new_size <= volume["size"]:
        raise BadRequest(f"Invalid input received: New size for extend must be greater than "
                         f"current size. (current: {volume['size']}, extended: {new_size}).")
    backend = http.backend(request)
    type_name = (volume.get("type") or {}).get("name")
    backend.check_quota(volume["project_id"], type_name, gigabytes=new_size - volume["size"])
    backend.transition(volume["id"], "extending", volume["status"], size=new_size)
    _volume_extended(request, ctx, volume)
    return empty_response(202)


def _volume_extended(request: Request, ctx: Context, volume: dict[str, Any]) -> None:
    """Cinder tells Nova (a `volume-extended` external event), which records the action on
    each server the volume is attached to."""
    events = peers_of(request).get(ServerEvents)
    if events is None:
        return
    for attachment in volume["attachments"]:
        if attachment["attach_status"] == "attached" and attachment["server_id"]:
            events.record_action(attachment["server_id"], "extend_volume",
                                 volume["project_id"], ctx.user_id,
                                 request.scope.get("request_id", ""),
                                 events=["compute_extend_volume"])


async def _reset_status(request: Request, ctx: Context, volume: dict[str, Any], args: Any,
                        ) -> Response:
    http.check_admin(ctx, "volume_extension:volume_admin_actions:reset_status")
    args = _args(args, "os-reset_status", ("status", "attach_status", "migration_status"))
    if not args:
        raise BadRequest("Must specify 'status', 'attach_status' or 'migration_status' for "
                         "update.")
    valid = ("creating", "available", "deleting", "error", "error_deleting", "in-use",
             "attaching", "detaching", "error_extending", "maintenance", "reserved",
             "extending", "backing-up", "restoring-backup", "downloading", "uploading",
             "retyping", "error_restoring", "awaiting-transfer", "error_managing", "managing")
    changes: dict[str, Any] = {}
    if "status" in args:
        status = http.string(args["status"], "status", nullable=False)
        if status not in valid:
            raise BadRequest("Must specify a valid status")
        changes["status"] = status
    if "attach_status" in args:
        attach = args["attach_status"]
        if attach not in ("attached", "detached"):
            raise BadRequest("Must specify a valid attach status")
        changes["attach_status"] = attach
    if "migration_status" in args:
        changes["migration_status"] = http.string(args["migration_status"],
                                                  "migration_status")
    backend = http.backend(request)
    backend.store.execute("UPDATE volumes SET pending_status = NULL, pending_at = NULL"
                          " WHERE id = ?", (volume["id"],))
    backend.update_volume(volume["id"], changes)
    return empty_response(202)


async def _force_delete(request: Request, ctx: Context, volume: dict[str, Any], args: Any,
                        ) -> Response:
    http.check_admin(ctx, "volume_extension:volume_admin_actions:force_delete")
    http.backend(request).delete_volume(volume, force=True, cascade=True)
    return empty_response(202)


async def _set_bootable(request: Request, ctx: Context, volume: dict[str, Any], args: Any,
                        ) -> Response:
    args = _args(args, "os-set_bootable", ("bootable",))
    if "bootable" not in args:
        raise BadRequest("Must specify bootable in request.")
    try:
        bootable = http.bool_value(args["bootable"], "bootable")
    except BadRequest:
        raise BadRequest(f"Invalid input for field/attribute bootable. Value: "
                         f"{args['bootable']}.") from None
    http.backend(request).update_volume(volume["id"], {"bootable": bootable})
    return empty_response(200)


async def _readonly(request: Request, ctx: Context, volume: dict[str, Any], args: Any,
                    ) -> Response:
    args = _args(args, "os-update_readonly_flag", ("readonly",))
    if "readonly" not in args:
        raise BadRequest("Must specify readonly in request.")
    readonly = http.bool_value(args["readonly"], "readonly")
    if volume["status"] != "available":
        raise _invalid_volume(f"Volume {volume['id']} status must be available to update "
                              f"readonly flag, but current status is: {volume['status']}.")
    # Cinder keeps the flag in the admin metadata, shown with the volume's metadata
    http.backend(request).update_volume(volume["id"], {
        "readonly": readonly, "metadata": {**volume["metadata"], "readonly": str(readonly)}})
    return empty_response(202)


async def _retype(request: Request, ctx: Context, volume: dict[str, Any], args: Any,
                  ) -> Response:
    args = _args(args, "os-retype", ("new_type", "migration_policy"))
    if "new_type" not in args:
        raise BadRequest("New volume type must be specified.")
    policy = args.get("migration_policy")
    if policy is not None and policy not in ("never", "on-demand"):
        raise http.invalid("migration_policy", policy, f"{policy!r} is not one of "
                                                       f"['never', 'on-demand']")
    backend = http.backend(request)
    new_type = backend.get_type(str(args["new_type"]))
    if new_type is None or not backend.type_visible(new_type, volume["project_id"],
                                                    ctx.is_admin):
        raise NotFound(f"Volume type {args['new_type']} could not be found.")
    if volume["status"] not in ("available", "in-use"):
        raise _invalid_volume(f"Volume {volume['id']} status must be available or in-use, "
                              f"but current status is: {volume['status']}.")
    if new_type["id"] == volume["volume_type_id"]:
        raise BadRequest("Invalid input received: Retype cannot change to the same type.")
    backend.check_quota(volume["project_id"], new_type["name"], volumes=1,
                        gigabytes=volume["size"])
    # the volume shows its new type once `retyping` is over, as in Cinder
    backend.records.delete("retype", volume["id"])
    backend.records.create("retype", {"volume_type_id": new_type["id"]},
                           record_id=volume["id"])
    backend.transition(volume["id"], "retyping", volume["status"])
    return empty_response(202)


async def _reserve(request: Request, ctx: Context, volume: dict[str, Any], args: Any,
                   ) -> Response:
    if volume["status"] != "available":
        raise _invalid_volume(f"Volume {volume['id']} status must be available to reserve, "
                              f"but the current status is {volume['status']}.")
    http.backend(request).update_volume(volume["id"], {"status": "attaching"})
    return empty_response(202)


async def _unreserve(request: Request, ctx: Context, volume: dict[str, Any], args: Any,
                     ) -> Response:
    if volume["status"] == "attaching":
        status = "in-use" if volume["attachments"] else "available"
        http.backend(request).update_volume(volume["id"], {"status": status})
    return empty_response(202)


async def _begin_detaching(request: Request, ctx: Context, volume: dict[str, Any], args: Any,
                           ) -> Response:
    if volume["status"] != "in-use" or volume["attach_status"] != "attached":
        raise _invalid_volume(f"Volume {volume['id']} status must be in-use and attach_status "
                              f"must be attached to detach.")
    http.backend(request).update_volume(volume["id"], {"status": "detaching"})
    return empty_response(202)


async def _roll_detaching(request: Request, ctx: Context, volume: dict[str, Any], args: Any,
                          ) -> Response:
    if volume["status"] == "detaching":
        http.backend(request).update_volume(volume["id"], {"status": "in-use"})
    return empty_response(202)


async def _attach(request: Request, ctx: Context, volume: dict[str, Any], args: Any,
                  ) -> Response:
    args = _args(args, "os-attach", ("instance_uuid", "mountpoint", "host_name", "mode"))
    if "mountpoint" not in args:
        raise http.invalid("os-attach", args, "'mountpoint' is a required property")
    server = args.get("instance_uuid")
    host = args.get("host_name")
    if server is None and host is None:
        raise BadRequest("Invalid request to attach volume to an invalid target")
    mode = args.get("mode", "rw")
    if mode not in ("rw", "ro"):
        raise BadRequest("Invalid request to attach volume with an invalid mode. Attaching "
                         "mode should be 'rw' or 'ro'")
    mountpoint = http.string(args["mountpoint"], "mountpoint", nullable=False, min_length=1)
    backend = http.backend(request)
    if volume["status"] not in ("available", "attaching", "reserved") and not (
            volume["status"] == "in-use" and volume["multiattach"]):
        raise _invalid_volume(f"Volume {volume['id']} status must be available or attaching "
                              f"to attach, but current status is: {volume['status']}.")
    if volume["status"] in ("attaching", "reserved"):
        backend.update_volume(volume["id"], {"status": "available"})
        volume = backend.get_volume(volume["id"])  # type: ignore[assignment]
    attachment = backend.reserve(volume, server, volume["project_id"], host=host,
                                 device=mountpoint, mode=mode, status="attaching")
    backend.complete_attachment(attachment["id"], delay=0.0)
    return empty_response(202)


async def _detach(request: Request, ctx: Context, volume: dict[str, Any], args: Any,
                  ) -> Response:
    args = _args(args, "os-detach", ("attachment_id",))
    attachment_id = args.get("attachment_id")
    backend = http.backend(request)
    rows = volume["attachments"]
    if attachment_id is not None:
        rows = [a for a in rows if a["id"] == attachment_id]
        if not rows:
            raise BadRequest(f"Invalid volume: Volume {volume['id']} is not attached with "
                             f"attachment {attachment_id}.")
    elif len(rows) > 1:
        raise BadRequest("Invalid volume: Volume has multiple attachments; detach needs an "
                         "attachment_id.")
    for row in rows:
        backend.remove_attachment(row["id"], delay=0.0)
    if not rows and volume["status"] == "detaching":
        backend.update_volume(volume["id"], {"status": "available",
                                             "attach_status": "detached"})
    return empty_response(202)


async def _force_detach(request: Request, ctx: Context, volume: dict[str, Any], args: Any,
                        ) -> Response:
    """`os-force_detach` (admin): drop an attachment (or all) whatever the volume's state."""
    http.check_admin(ctx, "volume_extension:volume_admin_actions:force_detach")
    args = _args(args, "os-force_detach", ("attachment_id", "connector"))
    attachment_id = args.get("attachment_id")
    rows = [a for a in volume["attachments"]
            if attachment_id is None or a["id"] == attachment_id]
    if attachment_id is not None and not rows:
        raise NotFound(f"Volume attachment {attachment_id} could not be found.")
    backend = http.backend(request)
    for row in rows:
        backend.remove_attachment(row["id"], delay=0.0)
    backend.update_volume(volume["id"], {"status": "available"})
    return empty_response(202)


def _image_metadata(volume: dict[str, Any]) -> dict[str, str]:
    return dict(volume["image_metadata"] or {})


async def _set_image_metadata(request: Request, ctx: Context, volume: dict[str, Any],
                              args: Any) -> Response:
    """`os-set_image_metadata`: add or change items of `volume_image_metadata`."""
    args = _args(args, "os-set_image_metadata", ("metadata",))
    items = http.metadata(args.get("metadata"), nullable=False)
    merged = {**_image_metadata(volume), **items}
    http.backend(request).update_volume(volume["id"], {"image_metadata": merged})
    return json_response({"metadata": merged})


async def _unset_image_metadata(request: Request, ctx: Context, volume: dict[str, Any],
                                args: Any) -> Response:
    """`os-unset_image_metadata`: remove one item (`key`); 404 when it is not there."""
    args = _args(args, "os-unset_image_metadata", ("key",))
    key = args.get("key")
    current = _image_metadata(volume)
    if not isinstance(key, str) or key not in current:
        raise NotFound(f"Glance metadata for volume {volume['id']} with key {key} could not "
                       f"be found.")
    del current[key]
    http.backend(request).update_volume(volume["id"], {"image_metadata": current})
    return empty_response(200)


async def _show_image_metadata(request: Request, ctx: Context, volume: dict[str, Any],
                               args: Any) -> Response:
    return json_response({"metadata": _image_metadata(volume)})


async def _initialize_connection(request: Request, ctx: Context, volume: dict[str, Any],
                                 args: Any) -> Response:
    args = _args(args, "os-initialize_connection", ("connector",))
    if "connector" not in args:
        raise BadRequest("Must specify 'connector'")
    return json_response({"connection_info": _connection_info(volume)})


async def _terminate_connection(request: Request, ctx: Context, volume: dict[str, Any],
                                args: Any) -> Response:
    args = _args(args, "os-terminate_connection", ("connector",))
    if "connector" not in args:
        raise BadRequest("Must specify 'connector'")
    return empty_response(202)


async def _upload_image(request: Request, ctx: Context, volume: dict[str, Any], args: Any,
                        ) -> Response:
    args = _args(args, "os-volume_upload_image")
    name = http.string(args.get("image_name"), "image_name", nullable=False, min_length=1)
    force = http.bool_value(args.get("force", False), "force")
    allowed = ("available", "in-use") if force else ("available",)
    if volume["status"] not in allowed:
        raise _invalid_volume(f"Volume {volume['id']} status must be available or in-use, "
                              f"but current status is: {volume['status']}.")
    disk_format = args.get("disk_format", "raw")
    container_format = args.get("container_format", "bare")
    images = peers_of(request).get(Images)
    if images is None:
        raise BadRequest("Invalid input received: uploading volumes to images is not "
                         "available in this cloud.")
    image = images.create_volume_image(
        volume["project_id"], volume, name, disk_format, container_format,
        args.get("visibility", "private"), bool(args.get("protected", False)))
    # `uploading` while the image is saved, then back to what it was
    http.backend(request).transition(volume["id"], "uploading", volume["status"])
    body = {"id": volume["id"], "updated_at": http.timestamp(volume["updated_at"]),
            "status": "uploading", "display_description": volume["description"],
            "size": volume["size"], "volume_type": (volume.get("type") or {}).get("name"),
            "image_id": image["id"], "container_format": container_format,
            "disk_format": disk_format, "image_name": name}
    if http.mv(request) >= (3, 1):
        body["visibility"] = image.get("visibility", "private")
        body["protected"] = bool(image.get("protected", False))
    return json_response({"os-volume_upload_image": body}, status=202)


def _connection_info(volume: dict[str, Any]) -> dict[str, Any]:
    return {"driver_volume_type": "iscsi", "data": {
        "target_discovered": False, "target_portal": "127.0.0.1:3260",
        "target_iqn": f"iqn.2010-10.org.openstack:volume-{volume['id']}",
        "target_lun": 1, "volume_id": volume["id"], "auth_method": "CHAP",
        "access_mode": "ro" if volume["readonly"] else "rw", "encrypted": False}}


async def _revert(request: Request, ctx: Context, volume: dict[str, Any], args: Any,
                  ) -> Response:
    if http.mv(request) < (3, 40):
        raise BadRequest("There is no such action: revert")
    args = _args(args, "revert", ("snapshot_id",))
    snapshot_id = args.get("snapshot_id")
    backend = http.backend(request)
    snapshot = backend.get_snapshot(str(snapshot_id)) if snapshot_id else None
    if snapshot is None or snapshot["volume_id"] != volume["id"]:
        raise NotFound(f"Snapshot {snapshot_id} could not be found.")
    latest = backend.list_snapshots(["volume_id = ?"], [volume["id"]],
                                    [("created_at", "desc")])
    if latest and latest[0]["id"] != snapshot["id"]:
        raise BadRequest(f"Invalid snapshot: Snapshot {snapshot['id']} is not the latest "
                         f"one of volume {volume['id']}.")
    if volume["status"] != "available" or snapshot["status"] != "available":
        raise _invalid_volume(f"Volume {volume['id']} status must be available, but current "
                              f"status is: {volume['status']}.")
    backend.transition(volume["id"], "reverting", "available")
    return empty_response(202)


ACTIONS = {
    "os-extend": _extend,
    "os-reset_status": _reset_status,
    "os-force_delete": _force_delete,
    "os-set_bootable": _set_bootable,
    "os-update_readonly_flag": _readonly,
    "os-retype": _retype,
    "os-reserve": _reserve,
    "os-unreserve": _unreserve,
    "os-begin_detaching": _begin_detaching,
    "os-roll_detaching": _roll_detaching,
    "os-attach": _attach,
    "os-detach": _detach,
    "os-initialize_connection": _initialize_connection,
    "os-terminate_connection": _terminate_connection,
    "os-volume_upload_image": _upload_image,
    "os-force_detach": _force_detach,
    "os-set_image_metadata": _set_image_metadata,
    "os-unset_image_metadata": _unset_image_metadata,
    "os-show_image_metadata": _show_image_metadata,
    "revert": _revert,
    "os-migrate_volume": migrate_volume,
    "os-unmanage": unmanage_volume,
}
ADMIN_ACTIONS = frozenset(("os-reset_status", "os-force_delete", "os-force_detach",
                           "os-migrate_volume", "os-unmanage"))


ROUTES: RouteTable = (
    ("/volumes/{volume_id}/action", volume_action, POST),
)
