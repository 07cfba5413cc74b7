"""Migrations (admin): `/v2.1/os-migrations` lists every recorded move (filters, paging from
2.59, `migration_type` from 2.23, `uuid` from 2.59, user and project from 2.80);
`/v2.1/servers/{id}/migrations` (2.23) shows a server's in-progress live migrations, which can
be force-completed (2.22) or aborted (2.24; queued and preparing ones too from 2.65)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import BadRequest, Conflict, NotFound
from ..policy import Context, require_admin
from ..routing import DELETE, GET, POST, RouteTable
from ..service import empty_response, json_response, read_json
from . import hosts, states, validation
from .http import (
    api_url,
    backend,
    bool_param,
    caller,
    marker_missing,
    next_link,
    paginate,
)
from .migration_state import LIVE_IN_PROGRESS
from .server_views import find_server, request_id
from .versions import Microversion, microversion

Row = dict[str, Any]


def _admin(request: Request, rule: str) -> Context:
    ctx = caller(request, rule)
    require_admin(ctx, rule)
    return ctx


def _time(ts: float | None) -> str | None:
    return timestamps.iso_micro(ts) if ts is not None else None


def _common(row: Row) -> dict[str, Any]:
    dest = row["dest_compute"]
    return {
        "created_at": _time(row["created_at"]), "dest_compute": dest,
        "dest_host": hosts.HOST_IPS.get(dest or "", ""), "dest_node": dest,
        "id": row["id"], "source_compute": row["source_compute"],
        "source_node": row["source_compute"], "status": row["status"],
        "updated_at": _time(row["updated_at"]),
    }


def migration_view(request: Request, row: Row) -> dict[str, Any]:
    """A migration in `GET /os-migrations` at the request's microversion."""
    mv = microversion(request)
    view = _common(row)
    view.update(instance_uuid=row["server_id"], new_instance_type_id=row["new_flavor_id"],
                old_instance_type_id=row["old_flavor_id"])
    if mv >= (2, 23):
        view["migration_type"] = row["migration_type"]
        if row["migration_type"] == "live-migration" and row["status"] in LIVE_IN_PROGRESS:
            base = f"{api_url(request)}/servers/{row['server_id']}/migrations/{row['id']}"
            view["links"] = [
                {"rel": "self", "href": base},
                {"rel": "bookmark", "href": base.replace("/v2.1/", "/", 1)}]
    return _versioned(view, row, mv)


def _versioned(view: dict[str, Any], row: Row, mv: Microversion) -> dict[str, Any]:
    """The fields both migration views gain: `uuid` (2.59), the owner (2.80)."""
    if mv >= (2, 59):
        view["uuid"] = row["uuid"]
    if mv >= (2, 80):
        view["user_id"] = row["user_id"]
        view["project_id"] = row["project_id"]
    return view


def _progress(row: Row) -> dict[str, int]:
    """Made-up transfer figures of a running live migration (half of the memory copied)."""
    total = row["memory_total"]
    done = total // 2 if row["status"] in ("running", "post-migrating") else 0
    return {"memory_total_bytes": total, "memory_processed_bytes": done,
            "memory_remaining_bytes": total - done, "disk_total_bytes": 0,
            "disk_processed_bytes": 0, "disk_remaining_bytes": 0}


def server_migration_view(request: Request, row: Row) -> dict[str, Any]:
    """A live migration in `/servers/{id}/migrations`."""
    mv = microversion(request)
    view = _common(row)
    view["server_uuid"] = row["server_id"]
    view.update(_progress(row))
    return _versioned(view, row, mv)


# ------------------------------------------------------------------- os-migrations
def _moment(request: Request, name: str) -> float:
    value = request.query_params[name]
    try:
        return timestamps.parse_iso(value)
    except ValueError:
        raise BadRequest(f"Invalid input for query parameters {name}. Value: {value}. "
                         f"'{value}' is not a 'date-time'") from None


def _filters(request: Request) -> tuple[list[str], list[Any]]:
    mv = microversion(request)
    query = request.query_params
    where: list[str] = []
    params: list[Any] = []
    for name, column in (("status", "status"), ("instance_uuid", "server_id"),
                         ("source_compute", "source_compute"),
                         ("migration_type", "migration_type")):
        if name in query:
            where.append(f"{column} = ?")
            params.append(query[name])
    if "host" in query:
        where.append("(source_compute = ? OR dest_compute = ?)")
        params += [query["host"], query["host"]]
    if "hidden" in query and bool_param(query["hidden"], "hidden"):
        where.append("0")  # nothing here is hidden
    if mv >= (2, 59) and "changes-since" in query:
        where.append("COALESCE(updated_at, created_at) >= ?")
        params.append(_moment(request, "changes-since"))
    if mv >= (2, 66) and "changes-before" in query:
        where.append("COALESCE(updated_at, created_at) <= ?")
        params.append(_moment(request, "changes-before"))
    if mv >= (2, 80):
        for name in ("user_id", "project_id"):
            if name in query:
                where.append(f"{name} = ?")
                params.append(query[name])
    return where, params


async def list_migrations(request: Request) -> Response:
    """GET /os-migrations."""
    _admin(request, "os_compute_api:os-migrations:index")
    mv = microversion(request)
    where, params = _filters(request)
    rows = backend(request).migrations.list(where, params)
    body: dict[str, Any] = {}
    if mv >= (2, 59):
        rows, next_marker = paginate(request, rows, "uuid", when_more=True,
                                     missing=marker_missing)
        if next_marker is not None:
            body["migrations_links"] = next_link(request, "os-migrations", next_marker)
    body["migrations"] = [migration_view(request, r) for r in rows]
    return json_response(body)


# ------------------------------------------------------------------- /servers/{id}/migrations
def _server_and_migration(request: Request, ctx: Context) -> tuple[Row, Row | None, int]:
    row = find_server(request, ctx, request.path_params["server_id"])
    text = request.path_params.get("migration_id", "")
    try:
        migration_id = int(text)
    except ValueError:
        raise BadRequest("Invalid input received: id must be an integer") from None
    migration = backend(request).migrations.get(migration_id)
    if migration is not None and migration["server_id"] != row["id"]:
        migration = None
    return row, migration, migration_id


def _require(request: Request, minor: int) -> None:
    if microversion(request) < (2, minor):
        raise NotFound("The resource could not be found.")


async def list_server_migrations(request: Request) -> Response:
    """GET /servers/{id}/migrations (2.23): the server's in-progress live migrations."""
    _require(request, 23)
    ctx = _admin(request, "os_compute_api:servers:migrations:index")
    row = find_server(request, ctx, request.path_params["server_id"])
    found = backend(request).migrations.list(
        ["server_id = ?", "migration_type = 'live-migration'",
         f"status IN ({','.join('?' * len(LIVE_IN_PROGRESS))})"],
        [row["id"], *LIVE_IN_PROGRESS])
    return json_response({"migrations": [server_migration_view(request, m) for m in found]})


async def show_server_migration(request: Request) -> Response:
    """GET /servers/{id}/migrations/{migration_id} (2.23)."""
    _require(request, 23)
    ctx = _admin(request, "os_compute_api:servers:migrations:show")
    row, migration, migration_id = _server_and_migration(request, ctx)
    if migration is None:
        raise NotFound(f"Migration {migration_id} not found for instance {row['id']}")
    if migration["migration_type"] != "live-migration" or \
            migration["status"] not in LIVE_IN_PROGRESS:
        raise NotFound(f"In-progress live migration {migration_id} is not found for server "
                       f"{row['id']}.")
    return json_response({"migration": server_migration_view(request, migration)})


def _check_live(row: Row, migration: Row, allowed: tuple[str, ...], method: str,
                action: str) -> None:
    if row["task_state"] != "migrating" or row["vm_state"] not in (states.ACTIVE,
                                                                   states.PAUSED_VM):
        raise Conflict(f"Cannot '{action}' instance {row['id']} while it is in task_state "
                       f"{row['task_state']}")
    if migration["migration_type"] != "live-migration" or migration["status"] not in allowed:
        raise BadRequest(f"Migration {migration['id']} state of instance {row['id']} is "
                         f"{migration['status']}. Cannot {method} while the migration is in "
                         f"this state.")


async def abort_migration(request: Request) -> Response:
    """DELETE /servers/{id}/migrations/{migration_id} (2.24): abort a live migration; the
    server stays on its host."""
    _require(request, 24)
    ctx = _admin(request, "os_compute_api:servers:migrations:delete")
    row, migration, migration_id = _server_and_migration(request, ctx)
    if migration is None:
        raise NotFound(f"Migration {migration_id} not found for instance {row['id']}")
    allowed = ("queued", "preparing", "running") if microversion(request) >= (2, 65) \
        else ("running",)
    _check_live(row, migration, allowed, "abort live migration", "abort live migration")
    compute = backend(request)
    compute.start_task(row["id"], [], {"task_state": None, "host": row["host"],
                                       "due_at": None, "pending": None},
                       ("live_migration_cancel", row["project_id"], ctx.user_id,
                        request_id(request), ["compute_live_migration_abort"]))
    compute.migrations.set_status(migration_id, "cancelled")
    return empty_response(202)


async def migration_action(request: Request) -> Response:
    """POST /servers/{id}/migrations/{migration_id}/action {"force_complete": null} (2.22)."""
    _require(request, 22)
    ctx = _admin(request, "os_compute_api:servers:migrations:force_complete")
    body = await read_json(request)
    validation.validate({"type": "object", "properties": {"force_complete": {"type": "null"}},
                         "required": ["force_complete"], "additionalProperties": False}, body)
    row, migration, migration_id = _server_and_migration(request, ctx)
    if migration is None:
        raise NotFound(f"Migration {migration_id} not found for instance {row['id']}")
    _check_live(row, migration, ("running",), "force_complete", "force_complete")
    compute = backend(request)
    compute.actions.record(row["id"], "live_migration_force_complete", row["project_id"],
                          ctx.user_id, request_id(request),
                          ["compute_live_migration_force_complete"])
    compute.hurry(row["id"])
    return empty_response(202)

ROUTES: RouteTable = (
    ("/os-migrations", list_migrations, GET),
    ("/servers/{server_id}/migrations", list_server_migrations, GET),
    ("/servers/{server_id}/migrations/{migration_id}", show_server_migration, GET),
    ("/servers/{server_id}/migrations/{migration_id}", abort_migration, DELETE),
    ("/servers/{server_id}/migrations/{migration_id}/action", migration_action, POST),
)
