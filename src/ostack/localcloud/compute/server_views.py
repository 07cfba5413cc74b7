"""How Nova shows a server (`server_view`, `summary_view`, at the request's microversion),
with what the other services know of it (`Extras`), and the lookups every server handler
shares (`find_server`, `request_id`)."""

from __future__ import annotations

import ipaddress
import secrets
from typing import Any

from starlette.requests import Request

from .. import timestamps
from ..errors import NotFound
from ..policy import Context
from ..service import peers_of
from . import network, states, volume
from .backend import host_id, server_status
from .http import backend, bookmark, links
from .versions import Microversion, microversion

#: The server collection, and its old name for boot from volume (every microversion).
COLLECTIONS = ("/servers", "/os-volumes_boot")

PROGRESS_STATUSES = ("ACTIVE", "BUILD", "REBUILD", "RESIZE", "VERIFY_RESIZE", "MIGRATING")


def at_least(mv: Microversion, minor: int) -> bool:
    """Whether `mv` is 2.`minor` or later."""
    return mv >= (2, minor)


def _flavor_view(request: Request, flavor: dict[str, Any], mv: Microversion) -> dict[str, Any]:
    if at_least(mv, 47):
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
        self.groups = (backend(request).server_groups.of_servers([row["id"] for row in rows])
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
    if at_least(mv, 9):
        view["locked"] = bool(row["locked"])
    if at_least(mv, 19):
        view["description"] = row["description"]
    if at_least(mv, 26):
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
            if at_least(mv, 3) else {"id": v["id"]} for v in attached],
    })
    groups = extras.security_groups.get(row["id"])
    if groups:
        view["security_groups"] = groups
    if admin:
        view["OS-EXT-SRV-ATTR:host"] = host
        view["OS-EXT-SRV-ATTR:hypervisor_hostname"] = host
        view["OS-EXT-SRV-ATTR:instance_name"] = f"instance-{row['seq']:08x}"
        if at_least(mv, 3):
            view.update({
                "OS-EXT-SRV-ATTR:reservation_id": row["reservation_id"],
                "OS-EXT-SRV-ATTR:launch_index": row["launch_index"],
                "OS-EXT-SRV-ATTR:hostname": row["hostname"],
                "OS-EXT-SRV-ATTR:kernel_id": "",
                "OS-EXT-SRV-ATTR:ramdisk_id": "",
                "OS-EXT-SRV-ATTR:root_device_name": row["root_device_name"],
                "OS-EXT-SRV-ATTR:user_data": row["user_data"],
            })
        if at_least(mv, 16):
            view["host_status"] = "UP" if host else ""
    elif at_least(mv, 90):
        view["OS-EXT-SRV-ATTR:hostname"] = row["hostname"]
    if at_least(mv, 63):
        view["trusted_image_certificates"] = row["trusted_image_certificates"]
    if at_least(mv, 71) and extras.groups is not None:
        view["server_groups"] = extras.groups.get(row["id"], [])
    if at_least(mv, 73):
        view["locked_reason"] = row["locked_reason"]
    if at_least(mv, 96):
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
