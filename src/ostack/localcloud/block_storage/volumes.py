"""Volumes: create (blank, from an image, a snapshot or another volume), list and detail with
Cinder's filters, show, update, delete, metadata, and the actions (`os-extend`,
`os-reset_status`, `os-set_bootable`, `os-attach` ...)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import BadRequest, NotFound
from ..policy import Context, can_read
from ..service import cloud_of, empty_response, json_response
from . import groups, http, messages, metadata
from .backend import DEFAULT_AZ, HOST, SERVICE_UUID, image_min_size
from .backend import invalid_volume as _invalid_volume

#: Query parameters that are not filters.
NOT_FILTERS = frozenset(("sort", "sort_key", "sort_dir", "limit", "marker", "offset",
                         "with_count", "all_tenants", "project_id", "is_public"))
#: Filters a non-admin may use (Cinder's resource_filters.json for volumes).
FILTERS = ("name", "status", "metadata", "bootable", "migration_status", "availability_zone",
           "group_id", "size", "created_at", "updated_at", "volume_type", "display_name",
           "glance_metadata", "user_id")
SORT_COLUMNS = {"id": "id", "name": "name", "display_name": "name", "status": "status",
                "size": "size", "created_at": "created_at", "updated_at": "updated_at",
                "availability_zone": "availability_zone", "bootable": "bootable",
                "volume_type": "volume_type_id", "project_id": "project_id",
                "user_id": "user_id", "description": "description"}
CREATE_FIELDS = ("name", "description", "display_name", "display_description", "volume_type",
                 "metadata", "snapshot_id", "source_volid", "consistencygroup_id", "size",
                 "availability_zone", "multiattach", "image_id", "imageRef", "group_id",
                 "backup_id", "source_replica", "scheduler_hints")


def _ts(value: float | None) -> str | None:
    return timestamps.iso_micro(value) if value is not None else None


# ------------------------------------------------------------------- views
def view(request: Request, ctx: Context, volume: dict[str, Any],
         extended: bool = True) -> dict[str, Any]:
    """Cinder's detail view of a volume at the request's microversion. `extended` adds what
    Cinder's extensions add to show and list (tenant, host and migration attributes, image
    metadata); create and update answer without them, as Cinder does."""
    version = http.mv(request)
    admin = ctx.is_admin
    type_ = volume.get("type") or {}
    attachments = [{
        "id": volume["id"], "attachment_id": a["id"], "volume_id": volume["id"],
        "server_id": a["server_id"], "host_name": a["host"] if admin else None,
        "device": a["device"], "attached_at": _ts(a["attached_at"]),
    } for a in volume["attachments"] if a["attach_status"] == "attached"]
    body: dict[str, Any] = {
        "id": volume["id"],
        "status": volume["status"],
        "size": volume["size"],
        "availability_zone": volume["availability_zone"],
        "created_at": _ts(volume["created_at"]),
        "updated_at": _ts(volume["updated_at"]),
        "attachments": attachments,
        "name": volume["name"],
        "description": volume["description"],
        "volume_type": type_.get("name"),
        "snapshot_id": volume["snapshot_id"],
        "source_volid": volume["source_volid"],
        "metadata": volume["metadata"],
        "links": http.links(request, ctx, "volumes", volume["id"]),
        "user_id": volume["user_id"],
        "bootable": "true" if volume["bootable"] else "false",
        "encrypted": False,
        "replication_status": None,
        "consistencygroup_id": None,
        "multiattach": volume["multiattach"],
    }
    if extended:
        body["os-vol-tenant-attr:tenant_id"] = volume["project_id"]
    if admin:
        body["migration_status"] = volume["migration_status"]
    if admin and extended:
        body["os-vol-host-attr:host"] = volume["host"] or HOST
        body["os-vol-mig-status-attr:migstat"] = volume["migration_status"]
        body["os-vol-mig-status-attr:name_id"] = None
    if volume["image_metadata"] is not None and extended:
        body["volume_image_metadata"] = volume["image_metadata"]
    if version >= (3, 13):
        body["group_id"] = volume.get("group_id")
    if version >= (3, 21) and admin:
        body["provider_id"] = None
    if version >= (3, 48):
        body["shared_targets"] = False
        body["service_uuid"] = SERVICE_UUID
    if version >= (3, 61) and admin:
        body["cluster_name"] = None
    if version >= (3, 63):
        body["volume_type_id"] = volume["volume_type_id"]
    if version >= (3, 65):
        body["consumes_quota"] = True
    return body


def summary(request: Request, ctx: Context, volume: dict[str, Any]) -> dict[str, Any]:
    return {"id": volume["id"], "name": volume["name"],
            "links": http.links(request, ctx, "volumes", volume["id"])}


# ------------------------------------------------------------------- lookups
def find(request: Request, ctx: Context, volume_id: str) -> dict[str, Any]:
    """A volume the caller may see; 404 (as for a missing one) otherwise."""
    volume = http.backend(request).get_volume(volume_id)
    if volume is None or not can_read(ctx, volume["project_id"]):
        raise NotFound(f"Volume {volume_id} could not be found.")
    return volume


def writable(request: Request, ctx: Context, volume_id: str, action: str) -> dict[str, Any]:
    """A volume the caller may change (a reader of the project gets 403)."""
    volume = find(request, ctx, volume_id)
    http.check_write(ctx, volume["project_id"], action)
    return volume


# ------------------------------------------------------------------- list
def _filtered(request: Request, ctx: Context) -> list[dict[str, Any]]:
    version = http.mv(request)
    where, params, filters = http.listing_scope(request, ctx, NOT_FILTERS, FILTERS)
    metadata: dict[str, str] = {}
    for key, value in filters.items():
        like = key.endswith("~") and version >= (3, 34)
        name = key.rstrip("~")
        if name in ("name", "display_name"):
            where.append("name LIKE ?" if like else "name = ?")
            params.append(f"%{value}%" if like else value)
        elif name in ("status", "availability_zone", "migration_status", "user_id"):
            where.append(f"{name} LIKE ?" if like else f"{name} = ?")
            params.append(f"%{value}%" if like else value)
        elif name == "bootable":
            where.append("bootable = ?")
            params.append(int(http.bool_value(value, "bootable")))
        elif name == "size":
            try:
                where.append("size = ?")
                params.append(int(value))
            except ValueError:
                raise BadRequest(f"Invalid input received: Invalid size {value}") from None
        elif name == "metadata":
            metadata.update(http.metadata_filter(value))
        elif name == "volume_type":
            found = http.backend(request).get_type(value)
            where.append("volume_type_id = ?")
            params.append(found["id"] if found else value)
        elif name == "group_id":
            where.append("group_id = ?")
            params.append(value)
        # other keys (unknown to an admin, or dropped below 3.33) do not filter
    order = http.sort_param(request, SORT_COLUMNS)
    volumes = http.backend(request).list_volumes(where, params, order)
    if metadata:
        volumes = [v for v in volumes if all(v["metadata"].get(k) == val
                                             for k, val in metadata.items())]
    return volumes


async def _list(request: Request, detail: bool) -> Response:
    ctx = http.caller(request)
    project_id = http.project_of(ctx) if not ctx.is_admin else ctx.project_id
    if project_id is not None:
        http.check_read(ctx, project_id, "volume:get_all")
    volumes = _filtered(request, ctx)
    page, limit = http.paginate(request, volumes)
    render = view if detail else summary
    body: dict[str, Any] = {"volumes": [render(request, ctx, v) for v in page]}
    more = http.next_links(request, ctx, "volumes/detail" if detail else "volumes", page, limit)
    if more:
        body["volumes_links"] = more
    if http.mv(request) >= (3, 45) and http.bool_param(request, "with_count"):
        body["count"] = len(volumes)
    return json_response(body)


async def list_volumes(request: Request) -> Response:
    """GET /v3/{project_id}/volumes: id, name and links of each volume."""
    return await _list(request, detail=False)


async def list_volumes_detail(request: Request) -> Response:
    """GET /v3/{project_id}/volumes/detail."""
    return await _list(request, detail=True)


async def volumes_summary(request: Request) -> Response:
    """GET /v3/{project_id}/volumes/summary (3.12): count and total size (3.36: metadata)."""
    ctx = http.caller(request)
    if http.mv(request) < (3, 12):
        raise NotFound("The resource could not be found.")
    volumes = _filtered(request, ctx)
    body: dict[str, Any] = {"total_size": sum(v["size"] for v in volumes),
                            "total_count": len(volumes)}
    if http.mv(request) >= (3, 36):
        merged: dict[str, list[str]] = {}
        for volume in volumes:
            for key, value in volume["metadata"].items():
                merged.setdefault(key, [])
                if value not in merged[key]:
                    merged[key].append(value)
        body["metadata"] = merged
    return json_response({"volume-summary": body})


# ------------------------------------------------------------------- create
async def create_volume(request: Request) -> Response:
    """POST /v3/{project_id}/volumes: 202 with the volume in `creating`."""
    ctx = http.caller(request)
    project_id = http.project_of(ctx)
    http.check_write(ctx, project_id, "volume:create")
    raw = await http.body_of(request)
    http.no_extra(raw, ("volume", "OS-SCH-HNT:scheduler_hints"), "body")
    body = raw.get("volume")
    if not isinstance(body, dict):
        if "volume" not in raw:
            raise BadRequest("Missing required element 'volume' in request body.")
        raise http.invalid("volume", body, f"{body!r} is not of type 'object'")
    if http.mv(request) >= (3, 53):
        http.no_extra(body, CREATE_FIELDS, "volume")
    backend = http.backend(request)
    name = http.name_field(body.get("name", body.get("display_name")))
    description = http.string(body.get("description", body.get("display_description")),
                              "description")
    size = http.size_field(body.get("size"))
    metadata = http.metadata(body.get("metadata"))
    zone = http.string(body.get("availability_zone"), "availability_zone", min_length=1)
    if zone is not None and zone != DEFAULT_AZ:
        raise BadRequest(f"Invalid input received: Availability zone '{zone}' is invalid.")
    multiattach = body.get("multiattach")
    multiattach = False if multiattach is None else http.bool_value(multiattach, "multiattach")
    spec: dict[str, Any] = {"name": name, "description": description,
                            "metadata": metadata, "availability_zone": zone,
                            "multiattach": multiattach}
    type_name = http.string(body.get("volume_type"), "volume_type")
    if type_name:
        volume_type = backend.get_type(type_name)
        if volume_type is None or not backend.type_visible(volume_type, project_id,
                                                           ctx.is_admin):
            raise NotFound(f"Volume type with name {type_name} could not be found.")
        spec["volume_type"] = volume_type
    snapshot_id = body.get("snapshot_id")
    source_id = body.get("source_volid")
    image_ref = body.get("imageRef") or body.get("image_id")
    if snapshot_id is not None:
        snapshot_id = http.string(snapshot_id, "snapshot_id")
        snapshot = backend.get_snapshot(snapshot_id)  # type: ignore[arg-type]
        if snapshot is None or not can_read(ctx, snapshot["project_id"]):
            raise NotFound(f"Snapshot {snapshot_id} could not be found.")
        if snapshot["status"] != "available":
            raise BadRequest("Invalid snapshot: Originating snapshot status must be one of "
                             "'available' values")
        size = size or snapshot["size"]
        if size < snapshot["size"]:
            raise BadRequest(f"Invalid input received: Volume size '{size}'GB cannot be "
                             f"smaller than the snapshot size {snapshot['size']}GB. They must "
                             f"be >= original snapshot size.")
        spec["snapshot"] = snapshot
        if "volume_type" not in spec:
            parent = backend.get_volume(snapshot["volume_id"])
            if parent is not None:
                spec["volume_type"] = parent.get("type")
    if source_id is not None:
        source_id = http.string(source_id, "source_volid")
        source = backend.get_volume(source_id)  # type: ignore[arg-type]
        if source is None or not can_read(ctx, source["project_id"]):
            raise NotFound(f"Volume {source_id} could not be found.")
        if source["status"] not in ("available", "in-use"):
            raise _invalid_volume(f"Volume {source_id} status must be available or in-use, "
                                  f"but current status is: {source['status']}.")
        size = size or source["size"]
        if size < source["size"]:
            raise BadRequest(f"Invalid input received: Volume size '{size}'GB cannot be "
                             f"smaller than original volume size {source['size']}GB. They "
                             f"must be >= original volume size.")
        spec["source"] = source
        spec.setdefault("volume_type", source.get("type"))
    if image_ref is not None:
        image_ref = http.string(image_ref, "imageRef")
        image = cloud_of(request).image.get_image(image_ref) if image_ref else None
        if image is None or not cloud_of(request).image.visible(image, project_id,
                                                                ctx.is_admin):
            raise BadRequest("Invalid image identifier or unable to access requested image.")
        if image["status"] != "active":
            raise BadRequest(f"Invalid input received: Image {image_ref} is not active.")
        need = image_min_size(image)
        size = size or need
        if size < need:
            raise BadRequest(f"Invalid input received: Image minDisk size {need} is larger "
                             f"than the volume size {size}.")
        spec["image"] = image
    if size is None:
        raise BadRequest("Invalid input received: Volume size 'None' must be an integer and "
                         "greater than 0")
    spec["size"] = size
    group_id = None
    if http.mv(request) >= (3, 13) and body.get("group_id") is not None:
        group_id = groups.join_on_create(request, ctx, body["group_id"],
                                         spec.get("volume_type") or backend.default_type())
    volume = backend.create_volume(project_id, ctx.user_id, spec)
    if group_id is not None:
        backend.store.execute("UPDATE volumes SET group_id = ? WHERE id = ?",
                              (group_id, volume["id"]))
        volume["group_id"] = group_id
    if messages.unschedulable(volume.get("type")):
        messages.schedule_failed(request, project_id, volume["id"])
    return json_response({"volume": view(request, ctx, volume, extended=False)}, status=202)


# ------------------------------------------------------------------- show, update, delete
async def show_volume(request: Request) -> Response:
    """GET /v3/{project_id}/volumes/{volume_id}."""
    ctx = http.caller(request)
    volume = find(request, ctx, request.path_params["volume_id"])
    return json_response({"volume": view(request, ctx, volume)})


async def update_volume(request: Request) -> Response:
    """PUT /v3/{project_id}/volumes/{volume_id}: name, description, metadata."""
    ctx = http.caller(request)
    body = await http.body_of(request, "volume")
    http.no_extra(body, ("name", "description", "display_name", "display_description",
                         "metadata"), "volume")
    if not body:
        raise http.invalid("volume", body, "{} does not have enough properties")
    volume = writable(request, ctx, request.path_params["volume_id"], "volume:update")
    changes: dict[str, Any] = {}
    if "name" in body or "display_name" in body:
        changes["name"] = http.name_field(body.get("name", body.get("display_name")))
    if "description" in body or "display_description" in body:
        changes["description"] = http.string(
            body.get("description", body.get("display_description")), "description")
    if "metadata" in body:
        changes["metadata"] = http.metadata(body["metadata"], nullable=False)
    volume = http.backend(request).update_volume(volume["id"], changes)
    return json_response({"volume": view(request, ctx, volume, extended=False)})


async def delete_volume(request: Request) -> Response:
    """DELETE /v3/{project_id}/volumes/{volume_id}[?cascade=true][&force=true]: 202."""
    ctx = http.caller(request)
    volume = writable(request, ctx, request.path_params["volume_id"], "volume:delete")
    cascade = http.bool_param(request, "cascade")
    force = http.bool_param(request, "force")
    if force:
        http.check_admin(ctx, "volume:force_delete")
    http.backend(request).delete_volume(volume, force=force, cascade=cascade)
    return empty_response(202)


# ------------------------------------------------------------------- metadata
_metadata = metadata.MetadataRoutes(
    "volume", find, writable,
    lambda request, ident, changes: http.backend(request).update_volume(ident, changes))
show_metadata = _metadata.show
create_metadata = _metadata.create
replace_metadata = _metadata.replace
show_metadata_item = _metadata.show_item
update_metadata_item = _metadata.update_item
delete_metadata_item = _metadata.delete_item


# ------------------------------------------------------------------- actions
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
    # Cinder tells Nova (a `volume-extended` external event), which records the action
    compute = cloud_of(request).compute
    for attachment in volume["attachments"]:
        if attachment["attach_status"] == "attached" and attachment["server_id"]:
            compute.record_action(attachment["server_id"], "extend_volume",
                                  volume["project_id"], ctx.user_id,
                                  request.scope.get("request_id", ""),
                                  events=["compute_extend_volume"])
    return empty_response(202)


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
    image_api = cloud_of(request).image
    create = getattr(image_api, "create_volume_image", None)
    if create is None:
        raise BadRequest("Invalid input received: uploading volumes to images is not "
                         "available in this cloud.")
    image = create(volume["project_id"], volume, name, disk_format, container_format,
                   args.get("visibility", "private"), bool(args.get("protected", False)))
    # `uploading` while the image is saved, then back to what it was
    http.backend(request).transition(volume["id"], "uploading", volume["status"])
    body = {"id": volume["id"], "updated_at": _ts(volume["updated_at"]),
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
}
ADMIN_ACTIONS = frozenset(("os-reset_status", "os-force_delete", "os-force_detach"))

