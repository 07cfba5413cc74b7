"""`/v2.1/servers`: list (with Nova's filters, sorting and paging), detail, show, create,
update, delete. The server view follows the microversion (see `server_view`)."""

from __future__ import annotations

import base64
import binascii
import ipaddress
import json
import re
import secrets
import string
import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import BadRequest, Conflict, Forbidden, NotFound
from ..interfaces import Images
from ..policy import Context
from ..service import empty_response, json_response, peers_of, read_json
from . import hosts, network, states, validation, volume
from .backend import DEFAULT_AZ, host_id, server_status
from .http import MAX_LIMIT, backend, bookmark, bool_param, caller, int_param, links, next_link
from .validation import Schema
from .versions import Microversion, microversion

PROGRESS_STATUSES = ("ACTIVE", "BUILD", "REBUILD", "RESIZE", "VERIFY_RESIZE", "MIGRATING")

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


def _at_least(mv: Microversion, minor: int) -> bool:
    return mv >= (2, minor)


# ------------------------------------------------------------------- views
def _flavor_view(request: Request, flavor: dict[str, Any], mv: Microversion) -> dict[str, Any]:
    if _at_least(mv, 47):
        return {
            "vcpus": flavor["vcpus"], "ram": flavor["ram"], "disk": flavor["disk"],
            "ephemeral": flavor.get("ephemeral", 0), "swap": flavor.get("swap", 0),
            "original_name": flavor["name"], "extra_specs": flavor.get("extra_specs", {}),
        }
    return {"id": flavor["id"], "links": bookmark(request, "flavors", flavor["id"])}


class Extras:
    """What other services know of a set of servers, fetched once for a whole listing:
    addresses and security groups (network), attached volumes (block storage), groups."""

    def __init__(self, request: Request, rows: list[dict[str, Any]],
                 groups: bool = False) -> None:
        peers = peers_of(request)
        self.addresses = network.addresses(peers, rows) if rows else {}
        self.security_groups = network.security_groups(peers, rows) if rows else {}
        self.volumes = volume.attachments(peers, [row["id"] for row in rows])
        self.groups = (backend(request).groups_of_servers([row["id"] for row in rows])
                       if groups else None)


def _ipv6(value: str | None) -> str | None:
    """Nova keeps accessIPv6 as an IP address: its compressed form."""
    try:
        return ipaddress.IPv6Address(value).compressed if value else value
    except ValueError:
        return value


def server_view(request: Request, row: dict[str, Any], ctx: Context, *,
                basic: bool = False, extras: Extras | None = None) -> dict[str, Any]:
    """A server as Nova shows it at the request's microversion.

    `basic` is the short form Nova answers for an update before 2.75; `extras` carries the
    other services' data (fetched for this one server when not given).
    """
    mv = microversion(request)
    if extras is None:
        extras = Extras(request, [row], groups=True)
    status = server_status(row)
    building = row["vm_state"] == states.BUILDING
    host = row["host"]
    image: Any = ""
    if row["image_id"]:
        image = {"id": row["image_id"], "links": bookmark(request, "images", row["image_id"])}
    view: dict[str, Any] = {
        "id": row["id"],
        "name": row["name"],
        "status": status,
        "tenant_id": row["project_id"],
        "user_id": row["user_id"],
        "metadata": row["metadata"],
        "hostId": host_id(row["project_id"], host),
        "image": image,
        "flavor": _flavor_view(request, row["flavor"], mv),
        "created": timestamps.iso_z(row["created_at"]),
        "updated": timestamps.iso_z(row["updated_at"]),
        "addresses": {} if building else extras.addresses.get(row["id"], {}),
        "accessIPv4": row["access_ipv4"],
        "accessIPv6": _ipv6(row["access_ipv6"]),
        "links": links(request, "servers", row["id"]),
        "OS-DCF:diskConfig": row["disk_config"],
    }
    if status in PROGRESS_STATUSES:
        view["progress"] = 0
    if row["fault"] and status in ("ERROR", "DELETED"):
        fault = dict(row["fault"])
        if not ctx.is_admin and fault.get("code") == 500:
            fault.pop("details", None)
        view["fault"] = fault
    if _at_least(mv, 9):
        view["locked"] = bool(row["locked"])
    if _at_least(mv, 19):
        view["description"] = row["description"]
    if _at_least(mv, 26):
        view["tags"] = row["tags"]
    if basic:
        return view
    admin = ctx.is_admin
    az = row["availability_zone"] if (host or row["pinned_availability_zone"]) else ""
    attached = extras.volumes.get(row["id"], [])
    view.update({
        "OS-EXT-AZ:availability_zone": az,
        "config_drive": row["config_drive"],
        "key_name": row["key_name"],
        "OS-EXT-STS:task_state": row["task_state"],
        "OS-EXT-STS:vm_state": row["vm_state"],
        "OS-EXT-STS:power_state": row["power_state"],
        "OS-SRV-USG:launched_at": timestamps.iso_micro(row["launched_at"])
        if row["launched_at"] else None,
        "OS-SRV-USG:terminated_at": None,
        "os-extended-volumes:volumes_attached": [
            {"id": v["id"], "delete_on_termination": bool(v.get("delete_on_termination"))}
            if _at_least(mv, 3) else {"id": v["id"]} for v in attached],
    })
    groups = extras.security_groups.get(row["id"])
    if groups:
        view["security_groups"] = groups
    if admin:
        view["OS-EXT-SRV-ATTR:host"] = host
        view["OS-EXT-SRV-ATTR:hypervisor_hostname"] = host
        view["OS-EXT-SRV-ATTR:instance_name"] = f"instance-{row['seq']:08x}"
        if _at_least(mv, 3):
            view.update({
                "OS-EXT-SRV-ATTR:reservation_id": row["reservation_id"],
                "OS-EXT-SRV-ATTR:launch_index": row["launch_index"],
                "OS-EXT-SRV-ATTR:hostname": row["hostname"],
                "OS-EXT-SRV-ATTR:kernel_id": "",
                "OS-EXT-SRV-ATTR:ramdisk_id": "",
                "OS-EXT-SRV-ATTR:root_device_name": row["root_device_name"],
                "OS-EXT-SRV-ATTR:user_data": row["user_data"],
            })
        if _at_least(mv, 16):
            view["host_status"] = "UP" if host else ""
    elif _at_least(mv, 90):
        view["OS-EXT-SRV-ATTR:hostname"] = row["hostname"]
    if _at_least(mv, 63):
        view["trusted_image_certificates"] = row["trusted_image_certificates"]
    if _at_least(mv, 71) and extras.groups is not None:
        view["server_groups"] = extras.groups.get(row["id"], [])
    if _at_least(mv, 73):
        view["locked_reason"] = row["locked_reason"]
    if _at_least(mv, 96):
        view["pinned_availability_zone"] = row["pinned_availability_zone"]
    return view


def summary_view(request: Request, row: dict[str, Any]) -> dict[str, Any]:
    """A server in `GET /servers`: id, name and links."""
    return {"id": row["id"], "name": row["name"], "links": links(request, "servers", row["id"])}


# ------------------------------------------------------------------- lookups
def find_server(request: Request, ctx: Context, server_id: str) -> dict[str, Any]:
    """The server if the caller may see it (its project's members, or an admin), else 404."""
    row = backend(request).get_server(server_id)
    if row is None or (row["project_id"] != ctx.project_id and not ctx.is_admin):
        raise NotFound(f"Instance {server_id} could not be found.")
    return row


def request_id(request: Request) -> str:
    """This request's id (`req-...`), which instance actions are recorded under."""
    return request.scope.get("request_id") or f"req-{secrets.token_hex(16)}"


# ------------------------------------------------------------------- list
def _list_filters(request: Request, ctx: Context) -> tuple[list[str], list[Any]]:
    mv = microversion(request)
    query = request.query_params
    if _at_least(mv, 75):
        unknown = sorted(set(query.keys()) - KNOWN_QUERY)
        if unknown:
            raise BadRequest(f"Invalid input for query parameters {unknown[0]}. Value: "
                             f"{query[unknown[0]]}. Additional properties are not allowed "
                             f"('{unknown[0]}' was unexpected)")
    allowed = None if ctx.is_admin else (
        USER_FILTERS | (USER_FILTERS_283 if _at_least(mv, 83) else set()))

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
                if _at_least(mv, 38):
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
        if _at_least(mv, 73):
            where.append("locked != 0" if locked else "locked = 0")
    for name, op in (("changes-since", ">="), ("changes-before", "<=")):
        if given(name):
            if name == "changes-before" and not _at_least(mv, 66):
                continue
            try:
                moment = timestamps.parse_iso(query[name])
            except ValueError:
                raise BadRequest(f"Invalid input for query parameters {name}. Value: "
                                 f"{query[name]}. '{query[name]}' is not a 'date-time'") from None
            where.append(f"updated_at {op} ?")
            params.append(moment)
    if ("changes-since" in query and "changes-before" in query and _at_least(mv, 66)
            and timestamps.parse_iso(query["changes-since"]) > timestamps.parse_iso(
                query["changes-before"])):
            raise BadRequest("The value of changes-since must be less than or equal to "
                             "changes-before.")
    for name in ("tags", "tags-any", "not-tags", "not-tags-any"):
        if given(name) and _at_least(mv, 26):
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


# ------------------------------------------------------------------- create
def _network_item(mv: Microversion) -> Schema:
    item: Schema = {"type": "object", "properties": {
        "fixed_ip": {"type": "string", "anyOf": [{"format": "ipv4"}, {"format": "ipv6"}]},
        "port": {"anyOf": [validation.UUID, {"type": "null"}]},
        "uuid": validation.UUID if _at_least(mv, 37) else {"type": "string"},
    }, "additionalProperties": False}
    if mv == (2, 32) or mv >= (2, 42):
        item["properties"]["tag"] = validation.TAG
    return item


def _bdm_item(mv: Microversion) -> Schema:
    properties: dict[str, Any] = {
        "virtual_name": {"type": "string", "maxLength": 255},
        "volume_id": validation.UUID, "snapshot_id": validation.UUID,
        "volume_size": {"type": ["integer", "string"], "pattern": "^[0-9]+$", "minimum": 1,
                        "maximum": 2147483647},
        "device_name": {"type": "string", "minLength": 1, "maxLength": 255,
                        "pattern": "^[a-zA-Z0-9._/-]*$"},
        "delete_on_termination": validation.BOOLEAN, "no_device": {},
        "connection_info": {"type": "string", "maxLength": 16777215},
        "source_type": {"type": "string", "enum": ["volume", "image", "snapshot", "blank"]},
        "uuid": {"type": "string", "minLength": 1, "maxLength": 255,
                 "pattern": "^[a-zA-Z0-9._-]*$"},
        "image_id": validation.UUID,
        "destination_type": {"type": "string", "enum": ["local", "volume"]},
        "guest_format": {"type": "string", "maxLength": 255},
        "device_type": {"type": "string", "maxLength": 255},
        "disk_bus": {"type": "string", "maxLength": 255},
        "boot_index": {"type": ["integer", "string", "null"], "pattern": "^-?[0-9]+$"},
    }
    if mv == (2, 32) or mv >= (2, 42):
        properties["tag"] = validation.TAG
    if _at_least(mv, 67):
        properties["volume_type"] = {"type": ["string", "null"], "minLength": 0,
                                     "maxLength": 255}
    return {"type": "object", "properties": properties, "additionalProperties": False}


def create_schema(mv: Microversion) -> Schema:
    """Nova's schema of POST /servers at `mv`."""
    networks: Schema = {"type": "array", "items": _network_item(mv)}
    if _at_least(mv, 37):
        networks = {"anyOf": [networks, {"type": "string", "enum": ["none", "auto"]}]}
    server: dict[str, Any] = {
        "name": validation.NAME, "imageRef": validation.IMAGE_REF,
        "flavorRef": validation.FLAVOR_REF, "adminPass": validation.ADMIN_PASSWORD,
        "metadata": validation.METADATA, "networks": networks,
        "OS-DCF:diskConfig": {"type": "string", "enum": ["AUTO", "MANUAL"]},
        "accessIPv4": validation.ACCESS_IPV4, "accessIPv6": validation.ACCESS_IPV6,
        "availability_zone": {"type": "string", "minLength": 1, "maxLength": 255},
        "block_device_mapping": {"type": "array", "items": {"type": "object"}},
        "block_device_mapping_v2": {"type": "array", "items": _bdm_item(mv)},
        "config_drive": validation.BOOLEAN,
        "key_name": {"type": "string", "minLength": 1, "maxLength": 255},
        "min_count": validation.POSITIVE_INTEGER, "max_count": validation.POSITIVE_INTEGER,
        "return_reservation_id": validation.BOOLEAN,
        "security_groups": {"type": "array", "items": {
            "type": "object", "properties": {"name": {"type": "string", "minLength": 1,
                                                      "maxLength": 255}},
            "additionalProperties": False}},
        "user_data": {"type": "string", "maxLength": 65535},
    }
    if not _at_least(mv, 57):
        server["personality"] = {"type": "array", "items": {
            "type": "object", "properties": {
                "path": {"type": "string"}, "contents": {"type": "string"}},
            "additionalProperties": False}}
    if _at_least(mv, 19):
        server["description"] = validation.DESCRIPTION
    if _at_least(mv, 52):
        server["tags"] = validation.TAGS
    if _at_least(mv, 63):
        server["trusted_image_certificates"] = {
            "type": ["array", "null"], "minItems": 1, "maxItems": 50, "uniqueItems": True,
            "items": {"type": "string", "minLength": 1}}
    if _at_least(mv, 74):
        server["host"] = validation.HOSTNAME
        server["hypervisor_hostname"] = validation.HOSTNAME
    if _at_least(mv, 90):
        hostname = dict(validation.HOSTNAME)
        if not _at_least(mv, 94):
            hostname.update(maxLength=63)
        server["hostname"] = hostname
    required = ["name", "flavorRef"] + (["networks"] if _at_least(mv, 37) else [])
    hints = {"type": "object", "properties": {
        "group": validation.UUID,
        "different_host": {"type": ["string", "array"], "items": validation.UUID},
        "same_host": {"type": ["string", "array"], "items": validation.UUID},
        "query": {"type": ["string", "object"]},
        "target_cell": {"type": "string", "minLength": 1, "maxLength": 255},
        "different_cell": {"type": ["string", "array"], "items": {"type": "string"}},
        "build_near_host_ip": {"type": "string"}, "cidr": {"type": "string"},
    }, "additionalProperties": True}
    return {"type": "object", "properties": {
        "server": {"type": "object", "properties": server, "required": required,
                   "additionalProperties": False},
        "os:scheduler_hints": hints, "OS-SCH-HNT:scheduler_hints": hints,
    }, "required": ["server"], "additionalProperties": False}


def _ref(value: Any) -> str:
    """An id from an id or an URL (`imageRef`, `flavorRef`)."""
    return str(value).rstrip("/").rsplit("/", 1)[-1]


def check_user_data(value: str) -> str:
    """Base64 user data (as Nova checks it): 400 when it does not decode."""
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise BadRequest("User data needs to be valid base 64.") from None
    return value


def _boot_source(server: dict[str, Any]) -> tuple[str | None, bool, list[dict[str, Any]]]:
    """From `block_device_mapping_v2`: the image on the boot disk, whether the server boots
    from a volume, and the mappings."""
    if server.get("block_device_mapping"):
        raise BadRequest("The legacy block_device_mapping is not supported by this cloud: "
                         "use block_device_mapping_v2.")
    mappings = server.get("block_device_mapping_v2") or []
    image = None
    from_volume = False
    for mapping in mappings:
        source = mapping.get("source_type")
        destination = mapping.get("destination_type") or (
            "volume" if source in ("volume", "snapshot") else "local")
        mapping["destination_type"] = destination
        if source in ("volume", "snapshot", "image") and not mapping.get("uuid"):
            raise BadRequest("Block Device Mapping is Invalid: Missing device UUID.")
        if source in ("volume", "snapshot") and destination == "local":
            raise BadRequest("Block Device Mapping is Invalid: Mapping image to local is not "
                             "supported.")
        if source == "blank" and destination == "volume" and not mapping.get("volume_size"):
            raise BadRequest("Block Device Mapping is Invalid: You specified more local "
                             "devices than the limit allows")
        boot = str(mapping.get("boot_index")) == "0"
        if boot:
            if destination == "volume":
                from_volume = True
            elif source == "image":
                image = mapping["uuid"]
    return image, from_volume, mappings


def _hints(body: dict[str, Any]) -> dict[str, Any]:
    hints = dict(body.get("OS-SCH-HNT:scheduler_hints") or {})
    hints.update(body.get("os:scheduler_hints") or {})
    return hints


def _listed(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _parse_create(request: Request, body: dict[str, Any], ctx: Context,
                  mv: Microversion) -> dict[str, Any]:
    validation.validate(create_schema(mv), body)
    server = body["server"]
    compute = backend(request)
    peers = peers_of(request)
    flavor_id = _ref(server["flavorRef"])
    flavor = compute.get_flavor(flavor_id)
    if flavor is None or not compute.flavor_visible(flavor, ctx.project_id, ctx.is_admin):
        raise BadRequest(f"Flavor {flavor_id} could not be found.")
    bdm_image, from_volume, mappings = _boot_source(server)
    image_ref = server.get("imageRef") or bdm_image
    image_id = ""
    if image_ref and not from_volume:
        image_id = _ref(image_ref)
        image = peers.need(Images).get_image(image_id)
        if image is None or not peers.need(Images).visible(image, ctx.project_id, ctx.is_admin):
            raise BadRequest(f"Image {image_id} could not be found.")
        if image["status"] != "active":
            raise BadRequest(f"Image {image_id} is not active.")
        if image["min_disk"] and flavor["disk"] and flavor["disk"] < image["min_disk"]:
            raise BadRequest("Flavor's disk is too small for requested image.")
        if image["min_ram"] and flavor["ram"] < image["min_ram"]:
            raise BadRequest("Flavor's memory is too small for requested image.")
    elif not from_volume:
        raise BadRequest("Can not find requested image")
    key_name = server.get("key_name")
    if key_name is not None and compute.get_keypair(ctx.user_id, key_name) is None:
        raise BadRequest("Invalid key_name provided.")
    az, host = _availability_zone(request, server, ctx, mv)
    metadata = server.get("metadata") or {}
    limits = compute.quota_limits(ctx.project_id or "")
    if 0 <= limits["metadata_items"] < len(metadata):
        raise Forbidden(f"Maximum number of metadata items exceeds {limits['metadata_items']}")
    _check_personality(server.get("personality") or [], limits)
    user_data = server.get("user_data")
    if user_data:
        check_user_data(user_data)
    networks = server.get("networks", "auto")
    network.check_requested(peers, networks)
    hints = _hints(body)
    group = None
    if hints.get("group"):
        group = compute.get_server_group(hints["group"])
        if group is None or (group["project_id"] != ctx.project_id and not ctx.is_admin):
            raise BadRequest(f"Instance group {hints['group']} could not be found.")
    min_count = int(server.get("min_count", 1))
    max_count = int(server.get("max_count", min_count))
    if min_count > max_count:
        raise BadRequest("min_count must be <= max_count")
    if from_volume and max_count > 1 and any(m.get("source_type") == "volume"
                                             for m in mappings):
        raise BadRequest("Cannot attach one or more volumes to multiple instances")
    if isinstance(networks, list) and max_count > 1 and any(n.get("port") for n in networks):
        raise BadRequest("Unable to launch multiple instances with a single configured port "
                         "ID. Please launch your instance one by one with different ports.")
    count = compute.check_instance_quota(ctx.project_id or "", flavor, min_count, max_count)
    if group is not None:
        members_limit = compute.quota_limit(group["project_id"], "server_group_members")
        if 0 <= members_limit < len(group["members"]) + count:
            raise Forbidden("Quota exceeded, too many servers in group")
    admin_pass = server.get("adminPass")
    if admin_pass is None:
        alphabet = string.ascii_letters + string.digits
        admin_pass = "".join(secrets.choice(alphabet) for _ in range(12))
    security_groups = [g["name"] for g in server.get("security_groups") or []] or ["default"]
    flavor_copy = {k: flavor[k] for k in ("id", "name", "ram", "vcpus", "disk", "ephemeral",
                                          "swap", "extra_specs")}
    return {
        "name": server["name"],
        "project_id": ctx.project_id,
        "user_id": ctx.user_id,
        "image_id": image_id,
        "flavor": flavor_copy,
        "networks": networks,
        "mappings": mappings,
        "key_name": key_name,
        "metadata": metadata,
        "user_data": user_data or None,
        "description": server.get("description"),
        "tags": server.get("tags"),
        "availability_zone": az,
        "host": host,
        "hostname": server.get("hostname"),
        "config_drive": validation.as_bool(server.get("config_drive", False)),
        "access_ipv4": server.get("accessIPv4"),
        "access_ipv6": server.get("accessIPv6"),
        "disk_config": server.get("OS-DCF:diskConfig", "MANUAL"),
        "trusted_image_certificates": server.get("trusted_image_certificates"),
        "security_groups": security_groups,
        "group": group,
        "group_id": group["id"] if group else None,
        "hints": hints,
        "count": count,
        "return_reservation_id": validation.as_bool(server.get("return_reservation_id",
                                                               False)),
        "admin_pass": admin_pass,
        "fake_addresses": network.backend(peers) is None,
    }


def _availability_zone(request: Request, server: dict[str, Any], ctx: Context,
                       mv: Microversion) -> tuple[str | None, str | None]:
    """The zone asked for and a forced host (`nova:host`, or `host` from 2.74, admin only)."""
    az = server.get("availability_zone")
    host = None
    if az is not None and ":" in az:
        az, _, host = az.partition(":")
        host = host.split(":")[0] or None
        if host and not ctx.is_admin:
            raise Forbidden("Policy doesn't allow os_compute_api:servers:create:forced_host to "
                            "be performed.")
        az = az or None
    if az is not None and az != DEFAULT_AZ and \
            az not in backend(request).aggregates.host_zones().values():
        raise BadRequest("The requested availability zone is not available")
    for name in ("host", "hypervisor_hostname"):
        if server.get(name):
            if not ctx.is_admin:
                raise Forbidden("Policy doesn't allow compute:servers:create:requested_"
                                "destination to be performed.")
            host = server[name]
    if host is not None and host not in hosts.COMPUTE_HOSTS:
        raise BadRequest(f"Compute host {host} could not be found.")
    return az, host


def _check_personality(files: list[dict[str, Any]], limits: dict[str, int]) -> None:
    if len(files) > limits["injected_files"] >= 0:
        raise Forbidden("Personality file limit exceeded")
    for item in files:
        try:
            content = base64.b64decode(item.get("contents", ""), validate=True)
        except (binascii.Error, ValueError):
            raise BadRequest(f"Personality content for {item.get('path')} cannot be "
                             f"decoded") from None
        if len(item.get("path", "")) > limits["injected_file_path_bytes"]:
            raise Forbidden("Personality file path exceeds maximum 255")
        if len(content) > limits["injected_file_content_bytes"]:
            raise Forbidden("Personality file content exceeds maximum 10240")


async def create_server(request: Request) -> Response:
    """POST /servers: 202 with the new server's id, links and admin password (or, with
    `return_reservation_id`, the reservation id); the server is BUILD, then ACTIVE."""
    ctx = caller(request, "os_compute_api:servers:create")
    mv = microversion(request)
    body = await read_json(request)
    data = _parse_create(request, body, ctx, mv)
    compute = backend(request)
    peers = peers_of(request)
    hints = data["hints"]
    placements = compute.place(data["count"], data["group"], data["host"],
                               _listed(hints.get("same_host")),
                               _listed(hints.get("different_host")),
                               zone=data["availability_zone"])
    ids = [str(uuid.uuid4()) for _ in range(data["count"])]
    booted: list[str] = []
    try:
        network.allocate(peers, data["project_id"], ids, data["networks"],
                         data["security_groups"])
        for server_id in ids:
            volume.boot(peers, data["project_id"], server_id, data["mappings"])
            booted.append(server_id)
        servers = compute.create_servers(data, ids, placements, request_id(request))
    except Exception:
        # Nothing of a failed boot stays behind: no port, no attached or created volume.
        for server_id in ids:
            network.release(peers, server_id)
        for server_id in booted:
            volume.release(peers, server_id)
        raise
    if data["return_reservation_id"]:
        return json_response({"reservation_id": servers[0]["reservation_id"]}, status=202)
    first = servers[0]
    view = {
        "id": first["id"],
        "links": links(request, "servers", first["id"]),
        "OS-DCF:diskConfig": first["disk_config"],
        "security_groups": [{"name": name} for name in data["security_groups"]],
        "adminPass": data["admin_pass"],
    }
    location = view["links"][0]["href"]
    return json_response({"server": view}, status=202, headers={"Location": location})


# ------------------------------------------------------------------- update, delete
def update_schema(mv: Microversion) -> Schema:
    server: dict[str, Any] = {
        "name": validation.NAME, "accessIPv4": validation.ACCESS_IPV4,
        "accessIPv6": validation.ACCESS_IPV6,
        "OS-DCF:diskConfig": {"type": "string", "enum": ["AUTO", "MANUAL"]},
    }
    if _at_least(mv, 19):
        server["description"] = validation.DESCRIPTION
    if _at_least(mv, 90):
        hostname = dict(validation.HOSTNAME)
        if not _at_least(mv, 94):
            hostname.update(maxLength=63)
        server["hostname"] = hostname
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
    view = server_view(request, row, ctx, basic=not _at_least(mv, 75))
    return json_response({"server": view})


async def delete_server(request: Request) -> Response:
    """DELETE /servers/{server_id}: 204; ports and volumes are released, the server
    disappears after the delete delay."""
    ctx = caller(request, "os_compute_api:servers:delete")
    row = find_server(request, ctx, request.path_params["server_id"])
    if row["locked"] and not ctx.is_admin:
        raise Conflict(f"Instance {row['id']} is locked")
    # Imported here: server_recovery builds on the server actions, which import this module.
    from .server_recovery import release_and_delete, soft_delete

    if not soft_delete(request, ctx, row):
        release_and_delete(request, ctx, row)
    return empty_response(204)
