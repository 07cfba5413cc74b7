"""`/v2.1/servers`: list (with Nova's filters and paging), detail, show, create, update,
delete. The server view follows the microversion (see `server_view`)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets
import string
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import BadRequest, Conflict, Forbidden, NotFound
from ..policy import Context
from ..service import cloud_of, empty_response, json_response, read_json
from .backend import DEFAULT_AZ, HOST, VM_STATES_BY_STATUS, server_status
from .http import (
    MAX_LIMIT,
    backend,
    bookmark,
    bool_param,
    caller,
    int_param,
    links,
    next_link,
)
from .versions import Microversion, microversion

PROGRESS_STATUSES = ("ACTIVE", "BUILD", "REBUILD", "RESIZE", "VERIFY_RESIZE", "MIGRATING")

CREATE_FIELDS = {
    "name", "imageRef", "flavorRef", "networks", "key_name", "metadata", "user_data",
    "min_count", "max_count", "return_reservation_id", "description", "tags",
    "availability_zone", "security_groups", "accessIPv4", "accessIPv6", "config_drive",
    "adminPass", "hostname", "trusted_image_certificates", "OS-DCF:diskConfig", "personality",
    "block_device_mapping", "block_device_mapping_v2", "host", "hypervisor_hostname",
}

# Nova's sort keys, as columns of the servers table.
SORT_KEYS = {
    "created_at": "created_at", "updated_at": "updated_at", "launched_at": "launched_at",
    "display_name": "name", "uuid": "id", "vm_state": "vm_state", "task_state": "task_state",
    "power_state": "power_state", "key_name": "key_name", "hostname": "hostname",
    "availability_zone": "availability_zone", "locked": "locked", "project_id": "project_id",
    "user_id": "user_id", "image_ref": "image_id", "display_description": "description",
    "launch_index": "launch_index", "config_drive": "config_drive",
}
ADMIN_SORT_KEYS = ("host", "node", "compute_host")


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


def server_view(request: Request, row: dict[str, Any], ctx: Context, *,
                basic: bool = False, show_server_groups: bool = False) -> dict[str, Any]:
    """A server as Nova shows it at the request's microversion.

    `basic` is the short form Nova answers for an update before 2.75.
    """
    mv = microversion(request)
    status = server_status(row)
    building = row["vm_state"] == "building"
    host = None if building else HOST
    view: dict[str, Any] = {
        "id": row["id"],
        "name": row["name"],
        "status": status,
        "tenant_id": row["project_id"],
        "user_id": row["user_id"],
        "metadata": row["metadata"],
        "hostId": hashlib.sha224((row["project_id"] + host).encode()).hexdigest()
        if host else "",
        "image": {"id": row["image_id"], "links": bookmark(request, "images", row["image_id"])},
        "flavor": _flavor_view(request, row["flavor"], mv),
        "created": timestamps.iso_z(row["created_at"]),
        "updated": timestamps.iso_z(row["updated_at"]),
        "addresses": {} if building else row["addresses"],
        "accessIPv4": row["access_ipv4"],
        "accessIPv6": row["access_ipv6"],
        "links": links(request, "servers", row["id"]),
        "OS-DCF:diskConfig": row["disk_config"],
    }
    if status in PROGRESS_STATUSES:
        view["progress"] = 0
    if _at_least(mv, 9):
        view["locked"] = bool(row["locked"])
    if _at_least(mv, 19):
        view["description"] = row["description"]
    if _at_least(mv, 26):
        view["tags"] = row["tags"]
    if basic:
        return view
    admin = ctx.is_admin
    az = row["availability_zone"] if not building or row["pinned_availability_zone"] else ""
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
        "os-extended-volumes:volumes_attached": [],
        "security_groups": [{"name": "default"}],
    })
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
                "OS-EXT-SRV-ATTR:root_device_name": None if building else "/dev/vda",
                "OS-EXT-SRV-ATTR:user_data": row["user_data"],
            })
        if _at_least(mv, 16):
            view["host_status"] = "" if building else "UP"
    elif _at_least(mv, 90):
        view["OS-EXT-SRV-ATTR:hostname"] = row["hostname"]
    if _at_least(mv, 63):
        view["trusted_image_certificates"] = row["trusted_image_certificates"]
    if _at_least(mv, 71) and show_server_groups:
        view["server_groups"] = []
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


# ------------------------------------------------------------------- list
def _list_filters(request: Request, ctx: Context) -> tuple[list[str], list[Any]]:
    query = request.query_params
    where: list[str] = []
    params: list[Any] = []
    all_tenants = "all_tenants" in query and (
        query["all_tenants"] == "" or bool_param(query["all_tenants"], "all_tenants"))
    if all_tenants and not ctx.is_admin:
        raise Forbidden("Policy doesn't allow os_compute_api:servers:index:get_all_tenants to "
                        "be performed.")
    project_filter = query.get("project_id") or query.get("tenant_id")
    if all_tenants:
        if project_filter and ctx.is_admin:
            where.append("project_id = ?")
            params.append(project_filter)
    else:
        where.append("project_id = ?")
        params.append(project_filter if (project_filter and ctx.is_admin) else ctx.project_id)
    if "name" in query:
        where.append("name REGEXP ?")
        params.append(query["name"])
    statuses = query.getlist("status")
    if statuses:
        vm_states = [VM_STATES_BY_STATUS.get(s.upper()) for s in statuses]
        vm_states = [v for v in vm_states if v]
        if not vm_states:
            where.append("0")
        else:
            where.append(f"vm_state IN ({','.join('?' * len(vm_states))})")
            params.extend(vm_states)
    simple = {"image": "image_id", "key_name": "key_name", "reservation_id": "reservation_id",
              "availability_zone": "availability_zone", "user_id": "user_id",
              "uuid": "id", "hostname": "hostname"}
    for name, column in simple.items():
        if name in query:
            value = query[name]
            if name == "image":
                value = value.rstrip("/").rsplit("/", 1)[-1]
            where.append(f"{column} = ?")
            params.append(value)
    if "flavor" in query:
        where.append("json_extract(flavor, '$.id') = ?")
        params.append(query["flavor"].rstrip("/").rsplit("/", 1)[-1])
    if "ip" in query:
        where.append("json_extract(addresses, '$.private[0].addr') REGEXP ?")
        params.append(query["ip"])
    if "locked" in query:
        where.append("locked = ?")
        params.append(int(bool_param(query["locked"], "locked")))
    for name, op in (("changes-since", ">="), ("changes-before", "<=")):
        if name in query:
            try:
                moment = timestamps.parse_iso(query[name])
            except ValueError:
                raise BadRequest(f"Invalid input for query parameters {name}. Value: "
                                 f"{query[name]}. '{query[name]}' is not a 'date-time'") from None
            where.append(f"updated_at {op} ?")
            params.append(moment)
    for name in ("tags", "tags-any", "not-tags", "not-tags-any"):
        if name in query:
            tags = [t for t in query[name].split(",") if t]
            clauses = ["EXISTS (SELECT 1 FROM json_each(servers.tags) WHERE value = ?)"
                       for _ in tags]
            params.extend(tags)
            if not clauses:
                continue
            joined = (" AND " if name in ("tags", "not-tags") else " OR ").join(clauses)
            where.append(f"NOT ({joined})" if name.startswith("not") else f"({joined})")
    return where, params


def _sort_order(request: Request, ctx: Context) -> list[tuple[str, str]]:
    keys = request.query_params.getlist("sort_key")
    dirs = request.query_params.getlist("sort_dir")
    if not keys:
        keys = ["created_at"]
    order = []
    for index, key in enumerate(keys):
        if key in ADMIN_SORT_KEYS:
            if not ctx.is_admin:
                raise Forbidden(f"Only administrators can sort servers by {key}")
            continue
        column = SORT_KEYS.get(key)
        if column is None:
            raise BadRequest(f"Invalid input for query parameters sort_key. Value: {key}.")
        direction = dirs[index] if index < len(dirs) else (dirs[-1] if dirs else "desc")
        if direction not in ("asc", "desc"):
            raise BadRequest(f"Invalid input for query parameters sort_dir. Value: "
                             f"{direction}.")
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
        servers = [server_view(request, row, ctx) for row in page]
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
    return json_response({"server": server_view(request, row, ctx, show_server_groups=True)})


# ------------------------------------------------------------------- create
def _string(value: Any, name: str, max_length: int = 255, allow_empty: bool = False) -> str:
    if not isinstance(value, str):
        raise BadRequest(f"Invalid input for field/attribute {name}. Value: {value!r}. "
                         f"{value!r} is not of type 'string'")
    if not allow_empty and not value:
        raise BadRequest(f"Invalid input for field/attribute {name}. Value: {value!r}. "
                         f"{value!r} is too short")
    if len(value) > max_length:
        raise BadRequest(f"Invalid input for field/attribute {name}. Value: {value!r}. "
                         f"It is longer than {max_length} characters")
    return value


def _name(value: Any) -> str:
    name = _string(value, "name")
    if name != name.strip() or not name.strip():
        raise BadRequest(f"Invalid input for field/attribute name. Value: {name!r}. "
                         f"{name!r} does not match the server name pattern (no leading or "
                         f"trailing whitespace)")
    return name


def _count(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise BadRequest(f"Invalid input for field/attribute {name}. Value: {value!r}. "
                         f"{value!r} is not of type 'integer', 'string'")
    try:
        number = int(value)
    except ValueError:
        raise BadRequest(f"Invalid input for field/attribute {name}. Value: {value!r}. "
                         f"{value!r} does not match '^[0-9]*$'") from None
    if number < 1:
        raise BadRequest(f"Invalid input for field/attribute {name}. Value: {value!r}. "
                         f"{value!r} is less than the minimum of 1")
    return number


def _ref(value: Any, name: str) -> str:
    """An id from an id or an URL (`imageRef`, `flavorRef`)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)) or str(value) == "":
        raise BadRequest(f"Invalid input for field/attribute {name}. Value: {value!r}. "
                         f"{value!r} is not a valid reference")
    return str(value).rstrip("/").rsplit("/", 1)[-1]


def _metadata(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise BadRequest(f"Invalid input for field/attribute metadata. Value: {value!r}. "
                         f"{value!r} is not of type 'object'")
    for key, item in value.items():
        if not 1 <= len(key) <= 255 or not isinstance(item, str) or len(item) > 255:
            raise BadRequest(f"Invalid input for field/attribute metadata. Value: {value!r}. "
                             f"Keys must be 1-255 characters and values strings of at most "
                             f"255 characters")
    return value


def _networks(value: Any, mv: Microversion) -> Any:
    if value is None:
        if _at_least(mv, 37):
            raise BadRequest("Invalid input for field/attribute server. Value: networks. "
                             "'networks' is a required property")
        return "auto"
    if isinstance(value, str):
        if value in ("auto", "none") and _at_least(mv, 37):
            return value
        raise BadRequest(f"Invalid input for field/attribute networks. Value: {value!r}. "
                         f"{value!r} is not valid under any of the given schemas")
    if not isinstance(value, list):
        raise BadRequest(f"Invalid input for field/attribute networks. Value: {value!r}. "
                         f"{value!r} is not of type 'array'")
    for network in value:
        if not isinstance(network, dict):
            raise BadRequest(f"Invalid input for field/attribute networks. Value: {value!r}.")
        ident = network.get("uuid") or network.get("port")
        kind = "Network" if "uuid" in network else "Port"
        # There is no network service in this cloud yet: no network or port exists.
        raise BadRequest(f"{kind} {ident} could not be found.")
    return "auto"


def _user_data(value: Any) -> str:
    if not isinstance(value, str) or len(value) > 65535:
        raise BadRequest("User data needs to be valid base 64.")
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise BadRequest("User data needs to be valid base 64.") from None
    return value


def _block_device_image(server: dict[str, Any]) -> str | None:
    """The image of a `block_device_mapping_v2` that only boots an image on local disk (what
    the official client sends with --image); anything needing a volume is refused."""
    if server.get("block_device_mapping"):
        raise BadRequest("Booting from volume is not supported: this cloud has no block "
                         "storage service yet.")
    mappings = server.get("block_device_mapping_v2")
    if mappings is None:
        return None
    if not isinstance(mappings, list) or not all(isinstance(m, dict) for m in mappings):
        raise BadRequest("Invalid input for field/attribute block_device_mapping_v2. "
                         f"Value: {mappings!r}. It is not an array of objects")
    image = None
    for mapping in mappings:
        if mapping.get("destination_type", "local") != "local" or mapping.get(
                "source_type") not in ("image", "blank"):
            raise BadRequest("Booting from volume is not supported: this cloud has no block "
                             "storage service yet.")
        if mapping.get("source_type") == "image" and str(mapping.get("boot_index")) == "0":
            image = mapping.get("uuid")
            if not isinstance(image, str):
                raise BadRequest("Invalid input for field/attribute block_device_mapping_v2: "
                                 "an image mapping needs a uuid")
    return image


def _parse_create(request: Request, body: dict[str, Any], ctx: Context,
                  mv: Microversion) -> tuple[dict[str, Any], int, bool, str]:
    server = body.get("server")
    if not isinstance(server, dict):
        raise BadRequest("Invalid input for field/attribute server. 'server' is a required "
                         "property")
    unknown = sorted(set(server) - CREATE_FIELDS)
    if unknown:
        raise BadRequest(f"Invalid input for field/attribute server. Additional properties are "
                         f"not allowed ({', '.join(repr(u) for u in unknown)} were unexpected)")
    for name in ("name", "flavorRef"):
        if name not in server:
            raise BadRequest(f"Invalid input for field/attribute server. '{name}' is a "
                             f"required property")
    bdm_image = _block_device_image(server)
    if bdm_image and not server.get("imageRef"):
        server = dict(server, imageRef=bdm_image)
    if "personality" in server and _at_least(mv, 57):
        raise BadRequest("Invalid input for field/attribute server. Additional properties are "
                         "not allowed ('personality' was unexpected)")
    compute = backend(request)
    cloud = cloud_of(request)
    name = _name(server["name"])
    flavor_id = _ref(server["flavorRef"], "flavorRef")
    flavor = compute.get_flavor(flavor_id)
    if flavor is None:
        raise BadRequest(f"Flavor {flavor_id} could not be found.")
    if "imageRef" not in server or server["imageRef"] in ("", None):
        raise BadRequest("Can not find requested image")
    image_id = _ref(server["imageRef"], "imageRef")
    image = cloud.image.get_image(image_id)
    if image is None or not cloud.image.visible(image, ctx.project_id, ctx.is_admin):
        raise BadRequest(f"Image {image_id} could not be found.")
    if image["status"] != "active":
        raise BadRequest(f"Image {image_id} is not active.")
    if image["min_disk"] and flavor["disk"] and flavor["disk"] < image["min_disk"]:
        raise BadRequest("Flavor's disk is too small for requested image.")
    if image["min_ram"] and flavor["ram"] < image["min_ram"]:
        raise BadRequest("Flavor's memory is too small for requested image.")
    key_name = server.get("key_name")
    if key_name is not None:
        _string(key_name, "key_name")
        if compute.get_keypair(ctx.user_id, key_name) is None:
            raise BadRequest("Invalid key_name provided.")
    az = server.get("availability_zone")
    if az is not None:
        _string(az, "availability_zone")
        if az != DEFAULT_AZ:
            raise BadRequest("The requested availability zone is not available")
    description = server.get("description")
    if description is not None:
        if not _at_least(mv, 19):
            raise BadRequest("Invalid input for field/attribute server. Additional properties "
                             "are not allowed ('description' was unexpected)")
        _string(description, "description", allow_empty=True)
    tags = server.get("tags")
    if tags is not None and (not _at_least(mv, 52) or not isinstance(tags, list) or not all(
            isinstance(t, str) and 0 < len(t) <= 60 for t in tags)):
        raise BadRequest(f"Invalid input for field/attribute tags. Value: {tags!r}.")
    certs = server.get("trusted_image_certificates")
    if certs is not None and (not _at_least(mv, 63) or not isinstance(certs, list)):
        raise BadRequest("Invalid input for field/attribute trusted_image_certificates.")
    hostname = server.get("hostname")
    if hostname is not None:
        if not _at_least(mv, 90):
            raise BadRequest("Invalid input for field/attribute server. Additional properties "
                             "are not allowed ('hostname' was unexpected)")
        _string(hostname, "hostname")
    disk_config = server.get("OS-DCF:diskConfig", "MANUAL")
    if disk_config not in ("AUTO", "MANUAL"):
        raise BadRequest(f"Invalid input for field/attribute OS-DCF:diskConfig. Value: "
                         f"{disk_config!r}. {disk_config!r} is not one of ['AUTO', 'MANUAL']")
    security_groups = server.get("security_groups")
    if security_groups is not None and (not isinstance(security_groups, list) or not all(
            isinstance(g, dict) and isinstance(g.get("name"), str) for g in security_groups)):
        raise BadRequest("Invalid input for field/attribute security_groups.")
    min_count = _count(server.get("min_count", 1), "min_count")
    max_count = _count(server.get("max_count", min_count), "max_count")
    if min_count > max_count:
        raise BadRequest("min_count must be <= max_count")
    if max_count > 10000:
        raise BadRequest("max_count must be at most 10000 in this cloud")
    return_reservation_id = server.get("return_reservation_id", False)
    if not isinstance(return_reservation_id, bool):
        if isinstance(return_reservation_id, str):
            return_reservation_id = bool_param(return_reservation_id, "return_reservation_id")
        else:
            raise BadRequest("Invalid input for field/attribute return_reservation_id.")
    admin_pass = server.get("adminPass")
    if admin_pass is None:
        alphabet = string.ascii_letters + string.digits
        admin_pass = "".join(secrets.choice(alphabet) for _ in range(12))
    else:
        _string(admin_pass, "adminPass", allow_empty=True)
    for ip_field in ("accessIPv4", "accessIPv6"):
        if ip_field in server:
            _string(server[ip_field], ip_field, allow_empty=True)
    flavor_copy = {k: flavor[k] for k in ("id", "name", "ram", "vcpus", "disk", "ephemeral",
                                          "swap", "extra_specs")}
    request_data = {
        "name": name,
        "project_id": ctx.project_id,
        "user_id": ctx.user_id,
        "image_id": image["id"],
        "flavor": flavor_copy,
        "networks": _networks(server.get("networks"), mv),
        "key_name": key_name,
        "metadata": _metadata(server.get("metadata", {})),
        "user_data": _user_data(server["user_data"]) if server.get("user_data") else None,
        "description": description,
        "tags": tags,
        "availability_zone": az,
        "hostname": hostname,
        "config_drive": bool(server.get("config_drive")),
        "access_ipv4": server.get("accessIPv4"),
        "access_ipv6": server.get("accessIPv6"),
        "disk_config": disk_config,
        "trusted_image_certificates": certs,
    }
    return request_data, max_count, return_reservation_id, admin_pass


async def create_server(request: Request) -> Response:
    """POST /servers: 202 with the new server's id, links and admin password (or, with
    `return_reservation_id`, the reservation id); the server is BUILD, then ACTIVE."""
    ctx = caller(request, "os_compute_api:servers:create")
    mv = microversion(request)
    body = await read_json(request)
    data, count, return_reservation_id, admin_pass = _parse_create(request, body, ctx, mv)
    servers = backend(request).create_servers(data, count)
    cloud_of(request).wake()
    if return_reservation_id:
        return json_response({"reservation_id": servers[0]["reservation_id"]}, status=202)
    first = servers[0]
    view = {
        "id": first["id"],
        "links": links(request, "servers", first["id"]),
        "OS-DCF:diskConfig": first["disk_config"],
        "security_groups": [{"name": "default"}],
        "adminPass": admin_pass,
    }
    location = view["links"][0]["href"]
    return json_response({"server": view}, status=202, headers={"Location": location})


# ------------------------------------------------------------------- update, delete
async def update_server(request: Request) -> Response:
    """PUT /servers/{server_id}: name, description (2.19), access IPs, hostname (2.90)."""
    ctx = caller(request, "os_compute_api:servers:update")
    mv = microversion(request)
    row = find_server(request, ctx, request.path_params["server_id"])
    body = await read_json(request)
    server = body.get("server")
    if not isinstance(server, dict):
        raise BadRequest("Invalid input for field/attribute server. 'server' is a required "
                         "property")
    allowed = {"name", "accessIPv4", "accessIPv6", "OS-DCF:diskConfig"}
    if _at_least(mv, 19):
        allowed.add("description")
    if _at_least(mv, 90):
        allowed.add("hostname")
    unknown = sorted(set(server) - allowed)
    if unknown:
        raise BadRequest(f"Invalid input for field/attribute server. Additional properties are "
                         f"not allowed ({', '.join(repr(u) for u in unknown)} were unexpected)")
    changes: dict[str, Any] = {}
    if "name" in server:
        changes["name"] = _name(server["name"])
    if "description" in server:
        description = server["description"]
        changes["description"] = None if description is None else _string(
            description, "description", allow_empty=True)
    if "accessIPv4" in server:
        changes["access_ipv4"] = _string(server["accessIPv4"], "accessIPv4", allow_empty=True)
    if "accessIPv6" in server:
        changes["access_ipv6"] = _string(server["accessIPv6"], "accessIPv6", allow_empty=True)
    if "hostname" in server:
        changes["hostname"] = _string(server["hostname"], "hostname")
    row = backend(request).update_server(row["id"], changes)
    view = server_view(request, row, ctx, basic=not _at_least(mv, 75),
                       show_server_groups=True)
    return json_response({"server": view})


async def delete_server(request: Request) -> Response:
    """DELETE /servers/{server_id}: 204; the server disappears after the delete delay."""
    ctx = caller(request, "os_compute_api:servers:delete")
    row = find_server(request, ctx, request.path_params["server_id"])
    if row["locked"] and not ctx.is_admin:
        raise Conflict(f"Instance {row['id']} is locked")
    backend(request).delete_server(row["id"])
    cloud_of(request).wake()
    return empty_response(204)


# ------------------------------------------------------------------- actions
async def server_action(request: Request) -> Response:
    """POST /servers/{server_id}/action: lock, unlock, os-stop, os-start, reboot."""
    ctx = caller(request, "os_compute_api:servers:action")
    mv = microversion(request)
    row = find_server(request, ctx, request.path_params["server_id"])
    body = await read_json(request)
    if len(body) != 1:
        raise BadRequest("Invalid action request: exactly one action is expected.")
    action, args = next(iter(body.items()))
    compute = backend(request)
    busy = row["task_state"] is not None
    if action == "lock":
        reason = args.get("locked_reason") if isinstance(args, dict) else None
        if reason is not None and not _at_least(mv, 73):
            raise BadRequest("Invalid input for field/attribute lock.")
        compute.update_server(row["id"], {"locked": 1, "locked_reason": reason})
    elif action == "unlock":
        compute.update_server(row["id"], {"locked": 0, "locked_reason": None})
    elif action in ("os-stop", "os-start", "reboot"):
        if row["locked"] and not ctx.is_admin:
            raise Conflict(f"Instance {row['id']} is locked")
        wanted = {"os-stop": "active", "os-start": "stopped", "reboot": "active"}[action]
        if busy or row["vm_state"] != wanted:
            raise Conflict(f"Cannot '{action.removeprefix('os-')}' instance {row['id']} while "
                           f"it is in vm_state {row['vm_state']}")
        if action == "os-stop":
            compute.update_server(row["id"], {"vm_state": "stopped", "power_state": 4})
        elif action == "os-start":
            compute.update_server(row["id"], {"vm_state": "active", "power_state": 1})
    else:
        raise BadRequest(f"There is no such action: {action}")
    return empty_response(202)
