"""`/v2.1/servers`: list (with Nova's filters, sorting and paging), detail, show, update,
delete; create is `server_create.py`, the server view `server_views.py` (it follows the
microversion)."""

from __future__ import annotations

import json
import re
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import BadRequest, Conflict, Forbidden
from ..policy import Context
from ..routing import DELETE, GET, PUT, RouteTable
from ..service import empty_response, json_response, peers_of, read_json
from . import network, states, validation
from .http import MAX_LIMIT, backend, bool_param, caller, int_param, next_link
from .server_recovery import release_and_delete, soft_delete
from .server_views import (
    COLLECTIONS,
    Extras,
    at_least,
    find_server,
    server_view,
    summary_view,
)
from .validation import Schema
from .versions import Microversion, microversion

# Nova's sort keys, as columns of the servers table.
SORT_KEYS = {
    "created_at": "created_at", "updated_at": "updated_at", "launched_at": "launched_at",
    "display_name": "name", "uuid": "id", "vm_state": "vm_state", "task_state": "task_state",
    "power_state": "power_state", "key_name": "key_name", "hostname": "hostname",
    "availability_zone": "availability_zone", "locked": "locked", "project_id": "project_id",
    "user_id": "user_id", "image_ref": "image_id", "display_description": "description",
    "launch_index": "launch_index", "config_drive": "config_drive",
    "access_ip_v4": "access_ipv4", "access_ip_v6": "access_ipv6",
    "reservation_id": "reservation_id", "terminated_at": "updated_at",
}
ADMIN_SORT_KEYS = {"host": "host", "node": "host", "compute_host": "host"}

# Query parameters Nova knows for GET /servers (unknown ones are refused from 2.75).
KNOWN_QUERY = {
    "user_id", "project_id", "tenant_id", "launch_index", "image_ref", "image", "kernel_id",
    "ramdisk_id", "hostname", "key_name", "power_state", "vm_state", "task_state", "host",
    "node", "flavor", "reservation_id", "launched_at", "terminated_at", "availability_zone",
    "name", "display_name", "description", "display_description", "locked_by", "uuid",
    "root_device_name", "config_drive", "access_ip_v4", "access_ip_v6", "auto_disk_config",
    "progress", "sort_key", "sort_dir", "all_tenants", "soft_deleted", "deleted", "status",
    "changes-since", "changes-before", "ip", "ip6", "created_at", "block_device_mapping",
    "services", "metadata", "pci_devices", "security_groups", "info_cache",
    "system_metadata", "tags", "tags-any", "not-tags", "not-tags-any", "limit", "marker",
    "locked", "compute_host",
}
# Filters a project member may use (the others are silently ignored for them, as Nova does).
USER_FILTERS = {
    "reservation_id", "name", "status", "image", "flavor", "ip", "changes-since",
    "changes-before", "all_tenants", "tags", "tags-any", "not-tags", "not-tags-any",
    "locked", "description", "display_name", "display_description", "uuid",
}
USER_FILTERS_283 = {"availability_zone", "config_drive", "key_name", "created_at",
                    "launched_at", "terminated_at", "power_state", "task_state", "vm_state",
                    "progress", "user_id"}


# ------------------------------------------------------------------- list
def _list_filters(request: Request, ctx: Context) -> tuple[list[str], list[Any]]:
    mv = microversion(request)
    query = request.query_params
    if at_least(mv, 75):
        unknown = sorted(set(query.keys()) - KNOWN_QUERY)
        if unknown:
            raise BadRequest(f"Invalid input for query parameters {unknown[0]}. Value: "
                             f"{query[unknown[0]]}. Additional properties are not allowed "
                             f"('{unknown[0]}' was unexpected)")
    allowed = None if ctx.is_admin else (
        USER_FILTERS | (USER_FILTERS_283 if at_least(mv, 83) else set()))

    def given(name: str) -> bool:
        return name in query and (allowed is None or name in allowed)

    where: list[str] = []
    params: list[Any] = []
    if not given("status") and "changes-since" not in query:
        where.append("vm_state != 'soft-delete'")  # as Nova: only when asked for
    all_tenants = "all_tenants" in query and (
        query["all_tenants"] == "" or bool_param(query["all_tenants"], "all_tenants"))
    if all_tenants and not ctx.is_admin:
        raise Forbidden("Policy doesn't allow os_compute_api:servers:index:get_all_tenants to "
                        "be performed.")
    project_filter = query.get("project_id") or query.get("tenant_id")
    if all_tenants:
        if project_filter:
            where.append("project_id = ?")
            params.append(project_filter)
    else:
        where.append("project_id = ?")
        params.append(ctx.project_id)
    for name in ("name", "display_name"):
        if given(name):
            where.append("name REGEXP ?")
            params.append(query[name])
    for name in ("description", "display_description"):
        if given(name):
            where.append("description REGEXP ?")
            params.append(query[name])
    statuses = query.getlist("status") if given("status") else []
    if statuses:
        clauses = []
        for value in statuses:
            pairs = states.states_for_status(value)
            if pairs is None:
                if at_least(mv, 38):
                    raise BadRequest(f"Invalid status value: {value}")
                continue
            for vm_state, task_state in pairs:
                if task_state is None:
                    clauses.append("vm_state = ?")
                    params.append(vm_state)
                else:
                    clauses.append("(vm_state = ? AND task_state = ?)")
                    params.extend([vm_state, task_state])
        where.append(f"({' OR '.join(clauses)})" if clauses else "0")
    simple = {"image": "image_id", "image_ref": "image_id", "key_name": "key_name",
              "reservation_id": "reservation_id", "availability_zone": "availability_zone",
              "user_id": "user_id", "uuid": "id", "hostname": "hostname", "vm_state": "vm_state",
              "task_state": "task_state", "host": "host", "node": "host",
              "launch_index": "launch_index", "access_ip_v4": "access_ipv4",
              "access_ip_v6": "access_ipv6", "config_drive": "config_drive"}
    for name, column in simple.items():
        if given(name):
            value = query[name]
            if name in ("image", "image_ref"):
                value = value.rstrip("/").rsplit("/", 1)[-1]
            where.append(f"{column} = ?")
            params.append(value)
    if given("power_state"):
        try:
            where.append("power_state = ?")
            params.append(int(query["power_state"]))
        except ValueError:
            raise BadRequest(f"Invalid input for query parameters power_state. Value: "
                             f"{query['power_state']}.") from None
    if given("flavor"):
        where.append("json_extract(flavor, '$.id') = ?")
        params.append(query["flavor"].rstrip("/").rsplit("/", 1)[-1])
    for name in ("ip", "ip6"):
        if given(name):
            ids = _servers_by_ip(request, query[name])
            where.append(f"id IN ({','.join('?' * len(ids))})" if ids else "0")
            params.extend(ids)
    if given("locked"):
        locked = bool_param(query["locked"], "locked")
        if at_least(mv, 73):
            where.append("locked != 0" if locked else "locked = 0")
    for name, op in (("changes-since", ">="), ("changes-before", "<=")):
        if given(name):
            if name == "changes-before" and not at_least(mv, 66):
                continue
            try:
                moment = timestamps.parse_iso(query[name])
            except ValueError:
                raise BadRequest(f"Invalid input for query parameters {name}. Value: "
                                 f"{query[name]}. '{query[name]}' is not a 'date-time'") from None
            where.append(f"updated_at {op} ?")
            params.append(moment)
    if ("changes-since" in query and "changes-before" in query and at_least(mv, 66)
            and timestamps.parse_iso(query["changes-since"]) > timestamps.parse_iso(
                query["changes-before"])):
            raise BadRequest("The value of changes-since must be less than or equal to "
                             "changes-before.")
    for name in ("tags", "tags-any", "not-tags", "not-tags-any"):
        if given(name) and at_least(mv, 26):
            tags = [t for t in query[name].split(",") if t]
            clauses = ["EXISTS (SELECT 1 FROM json_each(servers.tags) WHERE value = ?)"
                       for _ in tags]
            params.extend(tags)
            if not clauses:
                continue
            joined = (" AND " if name in ("tags", "not-tags") else " OR ").join(clauses)
            where.append(f"NOT ({joined})" if name.startswith("not") else f"({joined})")
    return where, params


def _servers_by_ip(request: Request, pattern: str) -> list[str]:
    """Ids of the servers with an address matching the regex `pattern`."""
    try:
        compiled = re.compile(pattern)
    except re.error:
        raise BadRequest(f"Invalid input for query parameters ip. Value: {pattern}.") from None
    rows = backend(request).store.query("SELECT id, addresses FROM servers")
    for row in rows:
        row["addresses"] = json.loads(row["addresses"] or "{}")
    found = network.addresses(peers_of(request), rows)
    return [server_id for server_id, addresses in found.items()
            if any(compiled.search(a.get("addr", "")) for items in addresses.values()
                   for a in items)]


def _sort_order(request: Request, ctx: Context) -> list[tuple[str, str]]:
    keys = request.query_params.getlist("sort_key")
    dirs = request.query_params.getlist("sort_dir")
    for direction in dirs:
        if direction not in ("asc", "desc"):
            raise BadRequest(f"Invalid input for query parameters sort_dir. Value: "
                             f"{direction}. '{direction}' is not one of ['asc', 'desc']")
    if not keys:
        return [("created_at", dirs[0] if dirs else "desc")]
    order = []
    for index, key in enumerate(keys):
        if key in ADMIN_SORT_KEYS:
            if not ctx.is_admin:
                raise Forbidden(f"Only administrators can sort servers by {key}")
            column = ADMIN_SORT_KEYS[key]
        else:
            column = SORT_KEYS.get(key)
        if column is None:
            raise BadRequest(f"Invalid input for query parameters sort_key. Value: {key}.")
        direction = dirs[index] if index < len(dirs) else "desc"
        order.append((column, direction))
    return order


def _listing(request: Request, detail: bool) -> Response:
    ctx = caller(request, "os_compute_api:servers:index")
    where, params = _list_filters(request, ctx)
    limit = int_param(request, "limit")
    page_size = MAX_LIMIT if limit is None else min(limit, MAX_LIMIT)
    page, full = backend(request).list_servers(
        where, params, _sort_order(request, ctx), marker=request.query_params.get("marker"),
        limit=page_size)
    if detail:
        extras = Extras(request, page)
        servers = [server_view(request, row, ctx, extras=extras) for row in page]
    else:
        servers = [summary_view(request, row) for row in page]
    body: dict[str, Any] = {"servers": servers}
    next_marker = page[-1]["id"] if full and page else None
    if next_marker is not None:
        path = "servers/detail" if detail else "servers"
        body["servers_links"] = next_link(request, path, next_marker)
    return json_response(body)


async def list_servers(request: Request) -> Response:
    """GET /servers."""
    return _listing(request, detail=False)


async def list_servers_detail(request: Request) -> Response:
    """GET /servers/detail."""
    return _listing(request, detail=True)


async def show_server(request: Request) -> Response:
    """GET /servers/{server_id}."""
    ctx = caller(request, "os_compute_api:servers:show")
    row = find_server(request, ctx, request.path_params["server_id"])
    return json_response({"server": server_view(request, row, ctx)})


# ------------------------------------------------------------------- update, delete
def update_schema(mv: Microversion) -> Schema:
    server: dict[str, Any] = {
        "name": validation.NAME, "accessIPv4": validation.ACCESS_IPV4,
        "accessIPv6": validation.ACCESS_IPV6,
        "OS-DCF:diskConfig": {"type": "string", "enum": ["AUTO", "MANUAL"]},
    }
    if at_least(mv, 19):
        server["description"] = validation.DESCRIPTION
    if at_least(mv, 90):
        server["hostname"] = validation.server_hostname(mv[1])
    return {"type": "object", "properties": {
        "server": {"type": "object", "properties": server, "additionalProperties": False}},
        "required": ["server"], "additionalProperties": False}


async def update_server(request: Request) -> Response:
    """PUT /servers/{server_id}: name, description (2.19), access IPs, hostname (2.90)."""
    ctx = caller(request, "os_compute_api:servers:update")
    mv = microversion(request)
    row = find_server(request, ctx, request.path_params["server_id"])
    body = await read_json(request)
    validation.validate(update_schema(mv), body)
    server = body["server"]
    names = {"name": "name", "description": "description", "accessIPv4": "access_ipv4",
             "accessIPv6": "access_ipv6", "hostname": "hostname",
             "OS-DCF:diskConfig": "disk_config"}
    changes = {column: server[key] for key, column in names.items() if key in server}
    row = backend(request).update_server(row["id"], changes)
    view = server_view(request, row, ctx, basic=not at_least(mv, 75))
    return json_response({"server": view})


async def delete_server(request: Request) -> Response:
    """DELETE /servers/{server_id}: 204; ports and volumes are released, the server
    disappears after the delete delay."""
    ctx = caller(request, "os_compute_api:servers:delete")
    row = find_server(request, ctx, request.path_params["server_id"])
    if row["locked"] and not ctx.is_admin:
        raise Conflict(f"Instance {row['id']} is locked")
    if not soft_delete(request, ctx, row):
        release_and_delete(request, ctx, row)
    return empty_response(204)


ROUTES: RouteTable = [row for base in COLLECTIONS for row in (
    (base, list_servers, GET),
    (f"{base}/detail", list_servers_detail, GET),
    (f"{base}/{{server_id}}", show_server, GET),
    (f"{base}/{{server_id}}", update_server, PUT),
    (f"{base}/{{server_id}}", delete_server, DELETE),
)]
