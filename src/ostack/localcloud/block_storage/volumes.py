"""Volumes: create (blank, from an image, a snapshot or another volume), list and detail with
Cinder's filters, summary, show, update, delete and metadata. The actions are in
`volume_actions.py`."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest, NotFound
from ..interfaces import Images
from ..policy import Context, can_read
from ..routing import DELETE, GET, POST, PUT, RouteTable
from ..service import empty_response, json_response, peers_of
from . import groups, http, messages, metadata
from .common import DEFAULT_AZ, HOST, SERVICE_UUID, image_min_size
from .common import invalid_volume as _invalid_volume

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
        "device": a["device"], "attached_at": http.timestamp(a["attached_at"]),
    } for a in volume["attachments"] if a["attach_status"] == "attached"]
    body: dict[str, Any] = {
        "id": volume["id"],
        "status": volume["status"],
        "size": volume["size"],
        "availability_zone": volume["availability_zone"],
        "created_at": http.timestamp(volume["created_at"]),
        "updated_at": http.timestamp(volume["updated_at"]),
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
    return http.readable(http.backend(request).get_volume(volume_id), ctx,
                         f"Volume {volume_id} could not be found.")


def writable(request: Request, ctx: Context, volume_id: str, action: str) -> dict[str, Any]:
    """A volume the caller may change (a reader of the project gets 403)."""
    return http.writable(find(request, ctx, volume_id), ctx, action)


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
    render = view if detail else summary
    return http.listing(request, ctx, "volumes", "volumes/detail" if detail else "volumes",
                        _filtered(request, ctx), lambda v: render(request, ctx, v))


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
        images = peers_of(request).get(Images)
        image = images.get_image(image_ref) if images is not None and image_ref else None
        if images is None or image is None or not images.visible(image, project_id,
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
METADATA = metadata.MetadataRoutes(
    "volume", find, writable,
    lambda request, ident, changes: http.backend(request).update_volume(ident, changes))


ROUTES: RouteTable = (
    ("/volumes", list_volumes, GET),
    ("/volumes", create_volume, POST),
    ("/volumes/detail", list_volumes_detail, GET),
    ("/volumes/summary", volumes_summary, GET),
    ("/volumes/{volume_id}", show_volume, GET),
    ("/volumes/{volume_id}", update_volume, PUT),
    ("/volumes/{volume_id}", delete_volume, DELETE),
) + METADATA.routes("/volumes/{volume_id}")
