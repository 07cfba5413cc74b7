"""`POST /v2.1/servers` (and `/os-volumes_boot`): Nova's request schema at the microversion,
the checks Nova makes before it schedules (flavor, image, key pair, zone, quotas, server
group, personality, user data), then ports, boot volumes and the new servers (BUILD)."""

from __future__ import annotations

import base64
import binascii
import secrets
import string
import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest, Forbidden
from ..interfaces import Images
from ..policy import Context
from ..routing import POST, RouteTable
from ..service import json_response, peers_of, read_json
from . import hosts, network, validation, volume
from .backend import DEFAULT_AZ
from .http import backend, caller, links
from .server_views import COLLECTIONS, at_least, request_id
from .validation import Schema
from .versions import Microversion, microversion


def _network_item(mv: Microversion) -> Schema:
    item: Schema = {"type": "object", "properties": {
        "fixed_ip": {"type": "string", "anyOf": [{"format": "ipv4"}, {"format": "ipv6"}]},
        "port": {"anyOf": [validation.UUID, {"type": "null"}]},
        "uuid": validation.UUID if at_least(mv, 37) else {"type": "string"},
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
    if at_least(mv, 67):
        properties["volume_type"] = {"type": ["string", "null"], "minLength": 0,
                                     "maxLength": 255}
    return {"type": "object", "properties": properties, "additionalProperties": False}


def create_schema(mv: Microversion) -> Schema:
    """Nova's schema of POST /servers at `mv`."""
    networks: Schema = {"type": "array", "items": _network_item(mv)}
    if at_least(mv, 37):
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
    if not at_least(mv, 57):
        server["personality"] = {"type": "array", "items": {
            "type": "object", "properties": {
                "path": {"type": "string"}, "contents": {"type": "string"}},
            "additionalProperties": False}}
    if at_least(mv, 19):
        server["description"] = validation.DESCRIPTION
    if at_least(mv, 52):
        server["tags"] = validation.TAGS
    if at_least(mv, 63):
        server["trusted_image_certificates"] = {
            "type": ["array", "null"], "minItems": 1, "maxItems": 50, "uniqueItems": True,
            "items": {"type": "string", "minLength": 1}}
    if at_least(mv, 74):
        server["host"] = validation.HOSTNAME
        server["hypervisor_hostname"] = validation.HOSTNAME
    if at_least(mv, 90):
        server["hostname"] = validation.server_hostname(mv[1])
    required = ["name", "flavorRef"] + (["networks"] if at_least(mv, 37) else [])
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
    flavor = compute.flavors.get(flavor_id)
    if flavor is None or not compute.flavors.visible(flavor, ctx.project_id, ctx.is_admin):
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
    if key_name is not None and compute.keypairs.get(ctx.user_id, key_name) is None:
        raise BadRequest("Invalid key_name provided.")
    az, host = _availability_zone(request, server, ctx, mv)
    metadata = server.get("metadata") or {}
    limits = compute.quotas.limits(ctx.project_id or "")
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
        group = compute.server_groups.get(hints["group"])
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
    count = compute.quotas.check_instances(ctx.project_id or "", flavor, min_count, max_count)
    if group is not None:
        members_limit = compute.quotas.limit(group["project_id"], "server_group_members")
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
    placements = compute.scheduler.place(data["count"], data["group"], data["host"],
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


ROUTES: RouteTable = [(base, create_server, POST) for base in COLLECTIONS]
