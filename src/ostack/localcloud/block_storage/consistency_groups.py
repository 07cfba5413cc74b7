"""The legacy consistency group APIs (`/consistencygroups`, `/cgsnapshots`), served as Cinder
serves them today: views over the generic volume groups and group snapshots of `groups.py`
(no state of their own). A consistency group made here is a group of the group type
`default_cgsnapshot_type` (which Cinder's database migration creates; this cloud makes it on
first use); listings and shows cover every group, as Cinder's do.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest
from ..policy import Context
from ..routing import DELETE, GET, POST, PUT, RouteTable
from ..service import empty_response, json_response
from . import groups, http

DEFAULT_CGSNAPSHOT_TYPE = "default_cgsnapshot_type"


def cg_view(group: dict[str, Any]) -> dict[str, Any]:
    """Cinder's detail view of a group as a consistency group."""
    return {"id": group["id"], "status": group["status"],
            "availability_zone": group["availability_zone"],
            "created_at": groups._ts(group["created_at"]), "name": group["name"],
            "description": group["description"], "volume_types": group["volume_types"]}


def cgsnapshot_view(snapshot: dict[str, Any]) -> dict[str, Any]:
    """Cinder's detail view of a group snapshot as a cgsnapshot."""
    return {"id": snapshot["id"], "consistencygroup_id": snapshot["group_id"],
            "status": snapshot["status"], "created_at": groups._ts(snapshot["created_at"]),
            "name": snapshot["name"], "description": snapshot["description"]}


def _summary(record: dict[str, Any]) -> dict[str, Any]:
    return {"id": record["id"], "name": record["name"]}


def _cg_type(request: Request) -> dict[str, Any]:
    """The default cgsnapshot group type, made on first use (Cinder's migration makes it)."""
    records = http.backend(request).records
    found = next((t for t in records.list(groups.TYPE)
                  if t["name"] == DEFAULT_CGSNAPSHOT_TYPE), None)
    if found is None:
        found = records.create(groups.TYPE, {
            "name": DEFAULT_CGSNAPSHOT_TYPE, "description": "Default group type for "
            "migrating cgsnapshot", "is_public": True, "group_specs": {
                "consistent_group_snapshot_enabled": "<is> True"}})
    return found


def _visible(ctx: Context, request: Request, kind: str) -> list[dict[str, Any]]:
    all_projects = ctx.is_admin and http.bool_param(request, "all_tenants")
    return [r for r in http.backend(request).records.list(kind)
            if r["project_id"] == ctx.project_id or all_projects]


# ------------------------------------------------------------------- consistency groups
async def _list(request: Request, detail: bool) -> Response:
    rows = _visible(http.caller(request), request, groups.GROUP)
    view = cg_view if detail else _summary
    return json_response({"consistencygroups": [view(g) for g in rows]})


async def list_cgs(request: Request) -> Response:
    return await _list(request, detail=False)


async def list_cgs_detail(request: Request) -> Response:
    return await _list(request, detail=True)


async def show_cg(request: Request) -> Response:
    ctx = http.caller(request)
    group = groups.find_group(request, ctx, request.path_params["cg_id"])
    return json_response({"consistencygroup": cg_view(group)})


async def create_cg(request: Request) -> Response:
    """POST /consistencygroups: `volume_types` is a comma-separated string of type names/IDs."""
    ctx = http.caller(request)
    body = await http.body_of(request, "consistencygroup")
    name = http.string(body.get("name"), "name")
    refs = body.get("volume_types")
    if not refs:
        raise BadRequest(f"volume_types must be provided to create consistency group "
                         f"{name}.")
    if not isinstance(refs, str):
        raise http.invalid("volume_types", refs, f"{refs!r} is not of type 'string'")
    backend = http.backend(request)
    type_ids = []
    for ref in refs.rstrip(",").split(","):
        volume_type = backend.get_type(ref.strip())
        if volume_type is None:
            raise BadRequest(f"Invalid volume type: Volume type {ref} could not be found.")
        type_ids.append(volume_type["id"])
    group = groups._new_group(request, ctx, name, body.get("description"),
                              _cg_type(request)["id"], type_ids)
    zone = body.get("availability_zone")
    if zone:
        group["availability_zone"] = http.string(zone, "availability_zone")
        backend.records.save(groups.GROUP, group)
    return json_response({"consistencygroup": _summary(group)}, status=202)


async def create_cg_from_source(request: Request) -> Response:
    """POST /consistencygroups/create_from_src: from `cgsnapshot_id` or `source_cgid`."""
    ctx = http.caller(request)
    body = await http.body_of(request, "consistencygroup-from-src")
    name = http.string(body.get("name"), "name")
    snapshot_id, source_id = body.get("cgsnapshot_id"), body.get("source_cgid")
    if not snapshot_id and not source_id:
        raise BadRequest(f"Either 'cgsnapshot_id' or 'source_cgid' must be provided to "
                         f"create consistency group {name} from source.")
    if snapshot_id and source_id:
        raise BadRequest(f"Cannot provide both 'cgsnapshot_id' and 'source_cgid' to create "
                         f"consistency group {name} from source.")
    group = groups.copy_group(request, ctx, name, body.get("description"), source_id,
                              snapshot_id)
    return json_response({"consistencygroup": _summary(group)}, status=202)


async def update_cg(request: Request) -> Response:
    """PUT /consistencygroups/{id}[/update]: name, description, add/remove_volumes."""
    ctx = http.caller(request)
    body = await http.body_of(request, "consistencygroup")
    group = groups.find_group(request, ctx, request.path_params["cg_id"])
    http.check_write(ctx, group["project_id"], "group:update")
    if not any(body.get(k) for k in ("name", "description", "add_volumes",
                                     "remove_volumes")):
        raise BadRequest("Name, description, add_volumes, and remove_volumes can not be all "
                         "empty in the request body.")
    groups.change_members(request, group, body.get("add_volumes"),
                          body.get("remove_volumes"))
    for key in ("name", "description"):
        if body.get(key):
            group[key] = http.string(body[key], key)
    http.backend(request).records.save(groups.GROUP, group)
    return empty_response(202)


async def delete_cg(request: Request) -> Response:
    """POST /consistencygroups/{id}/delete `{"consistencygroup": {"force": bool}}`: with
    `force` the group's volumes go too; else it must be empty."""
    ctx = http.caller(request)
    force = False
    if await request.body() and await http.body_of(request):
        cg_body = await http.body_of(request, "consistencygroup")
        force = http.bool_value(cg_body.get("force", False), "force")
    group = groups.find_group(request, ctx, request.path_params["cg_id"])
    http.check_write(ctx, group["project_id"], "group:delete")
    groups.remove_group(request, group, force)
    return empty_response(202)


# ------------------------------------------------------------------- cgsnapshots
async def _list_snapshots(request: Request, detail: bool) -> Response:
    rows = _visible(http.caller(request), request, groups.SNAPSHOT)
    for key, field in (("consistencygroup_id", "group_id"), ("status", "status"),
                       ("name", "name")):
        value = request.query_params.get(key)
        if value is not None:
            rows = [r for r in rows if r[field] == value]
    view = cgsnapshot_view if detail else _summary
    return json_response({"cgsnapshots": [view(s) for s in rows]})


async def list_cgsnapshots(request: Request) -> Response:
    return await _list_snapshots(request, detail=False)


async def list_cgsnapshots_detail(request: Request) -> Response:
    return await _list_snapshots(request, detail=True)


async def show_cgsnapshot(request: Request) -> Response:
    ctx = http.caller(request)
    snapshot = groups._find_snapshot(request, ctx, request.path_params["snapshot_id"])
    return json_response({"cgsnapshot": cgsnapshot_view(snapshot)})


async def create_cgsnapshot(request: Request) -> Response:
    """POST /cgsnapshots `{"cgsnapshot": {"consistencygroup_id", "name"?, ...}}`: a group
    snapshot of the group."""
    ctx = http.caller(request)
    body = await http.body_of(request, "cgsnapshot")
    group_id = body.get("consistencygroup_id")
    if not group_id:
        raise BadRequest("'consistencygroup_id' must be specified")
    group = groups.find_group(request, ctx, str(group_id))
    http.check_write(ctx, group["project_id"], "group:create_group_snapshot")
    record = groups.snapshot_group(request, ctx, group, body.get("name"),
                                   body.get("description"))
    return json_response({"cgsnapshot": _summary(record)}, status=202)


async def delete_cgsnapshot(request: Request) -> Response:
    """DELETE /cgsnapshots/{id}: the group snapshot and the snapshots it made."""
    ctx = http.caller(request)
    snapshot = groups._find_snapshot(request, ctx, request.path_params["snapshot_id"])
    http.check_write(ctx, snapshot["project_id"], "group:delete_group_snapshot")
    groups.remove_group_snapshot(request, snapshot)
    return empty_response(202)


ROUTES: RouteTable = (
    ("/consistencygroups", list_cgs, GET),
    ("/consistencygroups", create_cg, POST),
    ("/consistencygroups/detail", list_cgs_detail, GET),
    ("/consistencygroups/create_from_src", create_cg_from_source, POST),
    ("/consistencygroups/{cg_id}", show_cg, GET),
    ("/consistencygroups/{cg_id}", update_cg, PUT),
    ("/consistencygroups/{cg_id}/update", update_cg, PUT),
    ("/consistencygroups/{cg_id}/delete", delete_cg, POST),
    ("/cgsnapshots", list_cgsnapshots, GET),
    ("/cgsnapshots", create_cgsnapshot, POST),
    ("/cgsnapshots/detail", list_cgsnapshots_detail, GET),
    ("/cgsnapshots/{snapshot_id}", show_cgsnapshot, GET),
    ("/cgsnapshots/{snapshot_id}", delete_cgsnapshot, DELETE),
)
