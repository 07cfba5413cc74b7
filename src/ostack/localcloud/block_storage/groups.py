"""Generic volume groups: group types (3.11, admin; with group specs), groups (3.13: create,
list and detail, show, update with `add_volumes`/`remove_volumes`, delete with or without
their volumes, create from a group or a group snapshot 3.14, reset status 3.20) and group
snapshots (3.14: a snapshot of every volume of the group; reset status 3.19).

A volume joins a group when created with `group_id` (its type must be one of the group's).
Groups and group snapshots are ready at once (`available`); their volumes and snapshots take
the usual task delay.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import BadRequest, NotFound
from ..policy import Context, can_read
from ..routing import DELETE, GET, POST, PUT, RouteTable
from ..service import empty_response, json_response
from . import http

TYPE, GROUP, SNAPSHOT = "group_type", "group", "group_snapshot"
STATUSES = ("creating", "available", "error", "deleting", "error_deleting", "updating")


def _since(request: Request, version: tuple[int, int]) -> Context:
    ctx = http.caller(request)
    if http.mv(request) < version:
        raise NotFound("The resource could not be found.")
    return ctx


def _ts(value: float) -> str:
    return timestamps.iso_micro(value)


# ------------------------------------------------------------------- group types
def type_view(group_type: dict[str, Any]) -> dict[str, Any]:
    return {k: group_type[k] for k in ("id", "name", "description", "is_public",
                                       "group_specs")}


def _group_type(request: Request, ctx: Context, type_id: str) -> dict[str, Any]:
    records = http.backend(request).records
    found = records.get(TYPE, type_id) or next(
        (t for t in records.list(TYPE) if t["name"] == type_id), None)
    if found is None or not (found["is_public"] or ctx.is_admin):
        raise NotFound(f"Group type {type_id} could not be found.")
    return found


def _specs(value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                              for k, v in value.items()):
        raise BadRequest("Invalid input received: group_specs must be strings by name.")
    return value


async def list_group_types(request: Request) -> Response:
    """GET /group_types[?is_public=][&sort=name:asc]."""
    ctx = _since(request, (3, 11))
    rows = http.backend(request).records.list(TYPE)
    value = request.query_params.get("is_public")
    is_public: bool | None = True
    if value is not None:
        is_public = None if value.lower() == "none" else http.bool_value(value, "is_public")
    if not ctx.is_admin:
        is_public = True
    rows = [t for t in rows if is_public is None or t["is_public"] == is_public]
    for key, _, direction in reversed([part.partition(":") for part in
                                       request.query_params.get("sort", "").split(",")
                                       if part]):
        rows.sort(key=lambda t, k=key: str(t.get(k) or ""), reverse=direction == "desc")
    return json_response({"group_types": [type_view(t) for t in rows]})


async def create_group_type(request: Request) -> Response:
    ctx = _since(request, (3, 11))
    http.check_admin(ctx, "group:group_types:create")
    body = await http.body_of(request, "group_type")
    name = body.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 255:
        raise BadRequest("Invalid input received: Group type name must be given.")
    records = http.backend(request).records
    if any(t["name"] == name for t in records.list(TYPE)):
        raise BadRequest(f"Group Type {name} already exists.")
    group_type = records.create(TYPE, {
        "name": name, "description": http.string(body.get("description"), "description"),
        "is_public": http.bool_value(body.get("is_public", True), "is_public"),
        "group_specs": _specs(body.get("group_specs") or {})})
    return json_response({"group_type": type_view(group_type)}, status=202)


async def show_group_type(request: Request) -> Response:
    ctx = _since(request, (3, 11))
    return json_response({"group_type": type_view(_group_type(
        request, ctx, request.path_params["type_id"]))})


async def update_group_type(request: Request) -> Response:
    ctx = _since(request, (3, 11))
    http.check_admin(ctx, "group:group_types:update")
    group_type = _group_type(request, ctx, request.path_params["type_id"])
    body = await http.body_of(request, "group_type")
    for key in ("name", "description"):
        if key in body:
            group_type[key] = http.string(body[key], key)
    if "is_public" in body:
        group_type["is_public"] = http.bool_value(body["is_public"], "is_public")
    http.backend(request).records.save(TYPE, group_type)
    return json_response({"group_type": type_view(group_type)})


async def delete_group_type(request: Request) -> Response:
    ctx = _since(request, (3, 11))
    http.check_admin(ctx, "group:group_types:delete")
    group_type = _group_type(request, ctx, request.path_params["type_id"])
    records = http.backend(request).records
    if any(g["group_type"] == group_type["id"] for g in records.list(GROUP)):
        raise BadRequest(f"Group Type {group_type['id']} deletion is not allowed with groups "
                         f"present with the type.")
    records.delete(TYPE, group_type["id"])
    return empty_response(202)


async def group_specs(request: Request) -> Response:
    """GET or POST /group_types/{id}/group_specs (POST merges; 202 with what was set)."""
    ctx = _since(request, (3, 11))
    group_type = _group_type(request, ctx, request.path_params["type_id"])
    if request.method == "GET":
        return json_response({"group_specs": group_type["group_specs"]})
    http.check_admin(ctx, "group:group_types_specs")
    body = await http.body_of(request)
    specs = _specs(body.get("group_specs") if isinstance(body, dict) else None)
    group_type["group_specs"].update(specs)
    http.backend(request).records.save(TYPE, group_type)
    return json_response({"group_specs": specs}, status=202)


async def group_spec_item(request: Request) -> Response:
    """GET, PUT or DELETE /group_types/{id}/group_specs/{key}."""
    ctx = _since(request, (3, 11))
    group_type = _group_type(request, ctx, request.path_params["type_id"])
    key = request.path_params["key"]
    if request.method == "PUT":
        http.check_admin(ctx, "group:group_types_specs")
        body = _specs(await http.body_of(request))
        if set(body) != {key}:
            raise BadRequest("Request body and URI mismatch")
        group_type["group_specs"].update(body)
        http.backend(request).records.save(TYPE, group_type)
        return json_response(body)
    if key not in group_type["group_specs"]:
        raise NotFound(f"Group Type {group_type['id']} has no specs with key {key}.")
    if request.method == "DELETE":
        http.check_admin(ctx, "group:group_types_specs")
        del group_type["group_specs"][key]
        http.backend(request).records.save(TYPE, group_type)
        return empty_response(202)
    return json_response({key: group_type["group_specs"][key]})


# ------------------------------------------------------------------- groups
def _members(request: Request, group_id: str) -> list[str]:
    return http.backend(request).store.column(
        "SELECT id FROM volumes WHERE group_id = ? ORDER BY created_at", (group_id,))


def group_view(request: Request, group: dict[str, Any]) -> dict[str, Any]:
    body = {k: group.get(k) for k in ("id", "name", "description", "status",
                                      "availability_zone", "group_type", "volume_types",
                                      "group_snapshot_id", "source_group_id")}
    body["created_at"] = _ts(group["created_at"])
    version = http.mv(request)
    if version >= (3, 25) and http.bool_param(request, "list_volume"):
        body["volumes"] = _members(request, group["id"])
    if version >= (3, 38):
        body["replication_status"] = "disabled"
    return body


def find_group(request: Request, ctx: Context, group_id: str) -> dict[str, Any]:
    return http.readable(http.backend(request).records.get(GROUP, group_id), ctx,
                         f"Group {group_id} could not be found.")


def _new_group(request: Request, ctx: Context, name: Any, description: Any,
               group_type: str, volume_types: list[str], **source: Any) -> dict[str, Any]:
    project_id = http.project_of(ctx)
    return http.backend(request).records.create(GROUP, {
        "name": http.string(name, "name") or "", "description": http.string(
            description, "description"), "status": "available",
        "availability_zone": "nova", "group_type": group_type, "volume_types": volume_types,
        "project_id": project_id, "group_snapshot_id": source.get("group_snapshot_id"),
        "source_group_id": source.get("source_group_id")}, project_id)


async def create_group(request: Request) -> Response:
    """POST /groups: `{"group": {"group_type", "volume_types": [...], "name"?, ...}}`."""
    ctx = _since(request, (3, 13))
    body = await http.body_of(request, "group")
    group_type = _group_type(request, ctx, str(body.get("group_type")))
    types = body.get("volume_types")
    if not isinstance(types, list) or not types:
        raise BadRequest("Invalid input received: volume_types must be provided to create "
                         "group.")
    backend = http.backend(request)
    type_ids = []
    for ref in types:
        volume_type = backend.get_type(str(ref))
        if volume_type is None:
            raise NotFound(f"Volume type {ref} could not be found.")
        type_ids.append(volume_type["id"])
    group = _new_group(request, ctx, body.get("name"), body.get("description"),
                       group_type["id"], type_ids)
    return json_response({"group": {"id": group["id"], "name": group["name"]}}, status=202)


async def _list_groups(request: Request, detail: bool) -> Response:
    ctx = _since(request, (3, 13))
    all_projects = ctx.is_admin and http.bool_param(request, "all_tenants")
    rows = [g for g in http.backend(request).records.list(GROUP)
            if g["project_id"] == ctx.project_id or all_projects]
    if detail:
        return json_response({"groups": [group_view(request, g) for g in rows]})
    return json_response({"groups": [{"id": g["id"], "name": g["name"]} for g in rows]})


async def list_groups(request: Request) -> Response:
    return await _list_groups(request, detail=False)


async def list_groups_detail(request: Request) -> Response:
    return await _list_groups(request, detail=True)


async def show_group(request: Request) -> Response:
    ctx = _since(request, (3, 13))
    group = find_group(request, ctx, request.path_params["group_id"])
    return json_response({"group": group_view(request, group)})


def _ids(value: Any) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()] if isinstance(value, str) else []


def change_members(request: Request, group: dict[str, Any], add: Any, remove: Any) -> None:
    """Add and remove volumes (comma-separated IDs); 400 for one that cannot join."""
    backend = http.backend(request)
    for volume_id in _ids(add):
        volume = backend.get_volume(volume_id)
        if volume is None or volume["project_id"] != group["project_id"]:
            raise BadRequest(f"Invalid volume: Volume {volume_id} cannot be added to group.")
        if volume["volume_type_id"] not in group["volume_types"]:
            raise BadRequest(f"Invalid volume: Volume {volume_id} type is not supported by "
                             f"the group.")
        backend.store.execute("UPDATE volumes SET group_id = ? WHERE id = ?",
                              (group["id"], volume_id))
    for volume_id in _ids(remove):
        backend.store.execute("UPDATE volumes SET group_id = NULL WHERE id = ? AND "
                              "group_id = ?", (volume_id, group["id"]))


async def update_group(request: Request) -> Response:
    """PUT /groups/{id}: name, description, `add_volumes`/`remove_volumes` (comma lists)."""
    ctx = _since(request, (3, 13))
    group = find_group(request, ctx, request.path_params["group_id"])
    http.check_write(ctx, group["project_id"], "group:update")
    body = await http.body_of(request, "group")
    backend = http.backend(request)
    change_members(request, group, body.get("add_volumes"), body.get("remove_volumes"))
    for key in ("name", "description"):
        if key in body:
            group[key] = http.string(body[key], key)
    backend.records.save(GROUP, group)
    return empty_response(202)


async def group_action(request: Request) -> Response:
    """POST /groups/{id}/action: `delete` (`delete-volumes`), `reset_status` (3.20, admin)."""
    ctx = _since(request, (3, 13))
    group = find_group(request, ctx, request.path_params["group_id"])
    body = await http.body_of(request)
    backend = http.backend(request)
    if isinstance(body, dict) and "reset_status" in body:
        http.check_admin(ctx, "group:reset_status")
        status = (body["reset_status"] or {}).get("status")
        if status not in STATUSES:
            raise BadRequest(f"Invalid input received: status {status} is not valid.")
        group["status"] = status
        backend.records.save(GROUP, group)
        return empty_response(202)
    if not isinstance(body, dict) or "delete" not in body:
        raise BadRequest("Invalid input received: unknown group action.")
    http.check_write(ctx, group["project_id"], "group:delete")
    remove_group(request, group, bool((body["delete"] or {}).get("delete-volumes")))
    return empty_response(202)


def remove_group(request: Request, group: dict[str, Any], delete_volumes: bool) -> None:
    """Delete a group; its volumes too with `delete_volumes` (else it must be empty)."""
    backend = http.backend(request)
    members = _members(request, group["id"])
    if members and not delete_volumes:
        raise BadRequest(f"Invalid group: Group {group['id']} still contains volumes. The "
                         f"delete-volumes flag is required to delete it.")
    for volume_id in members:
        volume = backend.get_volume(volume_id)
        if volume is not None:
            backend.delete_volume(volume)
    backend.records.delete(GROUP, group["id"])


async def create_group_from_source(request: Request) -> Response:
    """POST /groups/action `{"create-from-src": {"source_group_id" | "group_snapshot_id"}}`
    (3.14): a new group with a copy of each volume."""
    ctx = _since(request, (3, 14))
    body = await http.body_of(request, "create-from-src")
    if not body.get("source_group_id") and not body.get("group_snapshot_id"):
        raise BadRequest("Invalid input received: source_group_id or group_snapshot_id is "
                         "required.")
    group = copy_group(request, ctx, body.get("name"), body.get("description"),
                       body.get("source_group_id"), body.get("group_snapshot_id"))
    return json_response({"group": {"id": group["id"], "name": group["name"]}}, status=202)


def copy_group(request: Request, ctx: Context, name: Any, description: Any,
               source_group_id: Any, group_snapshot_id: Any) -> dict[str, Any]:
    """A new group with a copy of each volume of a group (or of a group snapshot's)."""
    backend = http.backend(request)
    if source_group_id:
        source = find_group(request, ctx, str(source_group_id))
        volumes = [backend.get_volume(v) for v in _members(request, source["id"])]
        origin = {"source_group_id": source["id"]}
    else:
        snap = _find_snapshot(request, ctx, str(group_snapshot_id))
        source = find_group(request, ctx, snap["group_id"])
        volumes = [backend.get_volume(v) for v in snap["volume_ids"]]
        origin = {"group_snapshot_id": snap["id"]}
    group = _new_group(request, ctx, name, description, source["group_type"],
                       source["volume_types"], **origin)
    for volume in volumes:
        if volume is None:
            continue
        copy = backend.create_volume(group["project_id"], ctx.user_id, {
            "size": volume["size"], "volume_type": volume.get("type"), "source": volume,
            "name": volume["name"], "description": None, "metadata": {}})
        backend.store.execute("UPDATE volumes SET group_id = ? WHERE id = ?",
                              (group["id"], copy["id"]))
    return group


def join_on_create(request: Request, ctx: Context, group_id: Any,
                   volume_type: dict[str, Any] | None) -> str | None:
    """The group a new volume joins (`group_id`, 3.13); its type must be one of the group's."""
    if group_id is None:
        return None
    group = find_group(request, ctx, str(group_id))
    if volume_type is None or volume_type["id"] not in group["volume_types"]:
        raise BadRequest("Invalid input received: the volume's type is not one of the "
                         "group's volume types.")
    return group["id"]


# ------------------------------------------------------------------- group snapshots
def snapshot_view(snapshot: dict[str, Any]) -> dict[str, Any]:
    body = {k: snapshot[k] for k in ("id", "name", "description", "status", "group_id",
                                     "group_type_id")}
    body["created_at"] = _ts(snapshot["created_at"])
    return body


def _find_snapshot(request: Request, ctx: Context, snapshot_id: str) -> dict[str, Any]:
    snapshot = http.backend(request).records.get(SNAPSHOT, snapshot_id)
    if snapshot is None or not can_read(ctx, snapshot["project_id"]):
        raise NotFound(f"GroupSnapshot {snapshot_id} could not be found.")
    return snapshot


async def create_group_snapshot(request: Request) -> Response:
    ctx = _since(request, (3, 14))
    body = await http.body_of(request, "group_snapshot")
    group = find_group(request, ctx, str(body.get("group_id")))
    http.check_write(ctx, group["project_id"], "group:create_group_snapshot")
    record = snapshot_group(request, ctx, group, body.get("name"), body.get("description"))
    return json_response({"group_snapshot": {"id": record["id"], "name": record["name"],
                                             "group_type_id": record["group_type_id"]}},
                         status=202)


def snapshot_group(request: Request, ctx: Context, group: dict[str, Any], name: Any,
                   description: Any) -> dict[str, Any]:
    """A group snapshot: a snapshot of each volume of the group."""
    backend = http.backend(request)
    volume_ids = _members(request, group["id"])
    snapshot_ids = []
    for volume_id in volume_ids:
        volume = backend.get_volume(volume_id)
        if volume is not None:
            snapshot = backend.create_snapshot(group["project_id"], ctx.user_id, volume,
                                               volume["name"], None, {}, force=True)
            snapshot_ids.append(snapshot["id"])
    return backend.records.create(SNAPSHOT, {
        "name": http.string(name, "name") or "",
        "description": http.string(description, "description"),
        "status": "available", "group_id": group["id"], "group_type_id": group["group_type"],
        "project_id": group["project_id"], "volume_ids": volume_ids,
        "snapshot_ids": snapshot_ids}, group["project_id"])


async def _list_group_snapshots(request: Request, detail: bool) -> Response:
    ctx = _since(request, (3, 14))
    all_projects = ctx.is_admin and http.bool_param(request, "all_tenants")
    rows = [s for s in http.backend(request).records.list(SNAPSHOT)
            if s["project_id"] == ctx.project_id or all_projects]
    if detail:
        return json_response({"group_snapshots": [snapshot_view(s) for s in rows]})
    return json_response({"group_snapshots": [{"id": s["id"], "name": s["name"]}
                                              for s in rows]})


async def list_group_snapshots(request: Request) -> Response:
    return await _list_group_snapshots(request, detail=False)


async def list_group_snapshots_detail(request: Request) -> Response:
    return await _list_group_snapshots(request, detail=True)


async def show_group_snapshot(request: Request) -> Response:
    ctx = _since(request, (3, 14))
    snapshot = _find_snapshot(request, ctx, request.path_params["snapshot_id"])
    return json_response({"group_snapshot": snapshot_view(snapshot)})


async def delete_group_snapshot(request: Request) -> Response:
    """DELETE: the group snapshot and the snapshots it made."""
    ctx = _since(request, (3, 14))
    snapshot = _find_snapshot(request, ctx, request.path_params["snapshot_id"])
    http.check_write(ctx, snapshot["project_id"], "group:delete_group_snapshot")
    remove_group_snapshot(request, snapshot)
    return empty_response(202)


def remove_group_snapshot(request: Request, snapshot: dict[str, Any]) -> None:
    """Delete a group snapshot and the snapshots it made."""
    backend = http.backend(request)
    for snapshot_id in snapshot["snapshot_ids"]:
        member = backend.get_snapshot(snapshot_id)
        if member is not None:
            backend.delete_snapshot(member, force=True)
    backend.records.delete(SNAPSHOT, snapshot["id"])


async def group_snapshot_action(request: Request) -> Response:
    """POST /group_snapshots/{id}/action `{"reset_status": {"status"}}` (3.19, admin)."""
    ctx = _since(request, (3, 19))
    snapshot = _find_snapshot(request, ctx, request.path_params["snapshot_id"])
    http.check_admin(ctx, "group:reset_group_snapshot_status")
    body = await http.body_of(request, "reset_status")
    if body.get("status") not in STATUSES:
        raise BadRequest(f"Invalid input received: status {body.get('status')} is not "
                         f"valid.")
    snapshot["status"] = body["status"]
    http.backend(request).records.save(SNAPSHOT, snapshot)
    return empty_response(202)


ROUTES: RouteTable = (
    ("/group_types", list_group_types, GET),
    ("/group_types", create_group_type, POST),
    ("/group_types/{type_id}", show_group_type, GET),
    ("/group_types/{type_id}", update_group_type, PUT),
    ("/group_types/{type_id}", delete_group_type, DELETE),
    ("/group_types/{type_id}/group_specs", group_specs, GET + POST),
    ("/group_types/{type_id}/group_specs/{key}", group_spec_item, GET + PUT + DELETE),
    ("/groups", list_groups, GET),
    ("/groups", create_group, POST),
    ("/groups/detail", list_groups_detail, GET),
    ("/groups/action", create_group_from_source, POST),
    ("/groups/{group_id}", show_group, GET),
    ("/groups/{group_id}", update_group, PUT),
    ("/groups/{group_id}/action", group_action, POST),
    ("/group_snapshots", list_group_snapshots, GET),
    ("/group_snapshots", create_group_snapshot, POST),
    ("/group_snapshots/detail", list_group_snapshots_detail, GET),
    ("/group_snapshots/{snapshot_id}", show_group_snapshot, GET),
    ("/group_snapshots/{snapshot_id}", delete_group_snapshot, DELETE),
    ("/group_snapshots/{snapshot_id}/action", group_snapshot_action, POST),
)
