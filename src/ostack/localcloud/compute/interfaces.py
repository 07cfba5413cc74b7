"""`/v2.1/servers/{id}/os-interface` (+ `/{port_id}`): Nova's interface attachments, the
server's ports in the network service (`cloud.network`): list, show, attach (a port, or a new
one on a network, maybe with a fixed IP and, from 2.49, a device tag), detach."""

from __future__ import annotations

import ipaddress
import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest, Conflict, NotFound
from ..policy import Context
from ..routing import DELETE, GET, POST, RouteTable
from ..service import empty_response, json_response, read_json
from . import states
from .http import backend, caller
from .neutron_proxy import neutron
from .server_views import find_server
from .versions import microversion

# vm states in which Nova attaches and detaches interfaces
ATTACHABLE = ("active", "paused", "stopped", "suspended")


def _server(request: Request, action: str | None) -> tuple[Context, dict[str, Any]]:
    ctx = caller(request, "os_compute_api:os-attach-interfaces")
    row = find_server(request, ctx, request.path_params["server_id"])
    if action is not None:
        if row.get("locked") and not ctx.is_admin:
            raise Conflict(f"Instance {row['id']} is locked")
        states.check(action, row, ATTACHABLE)
    return ctx, row


def attachment_view(request: Request, port: dict[str, Any]) -> dict[str, Any]:
    """A port as Nova shows an interface attachment (`tag` from 2.70)."""
    view = {
        "fixed_ips": [{"ip_address": ip["ip_address"], "subnet_id": ip["subnet_id"]}
                      for ip in port["fixed_ips"]],
        "mac_addr": port["mac_address"], "net_id": port["network_id"],
        "port_id": port["id"], "port_state": port["status"],
    }
    if microversion(request) >= (2, 70):
        view["tag"] = port.get("tag")
    return view


def _record(request: Request, ctx: Context, row: dict[str, Any], action: str) -> None:
    record = getattr(backend(request), "record_action", None)
    if record is not None:
        record(row["id"], action, row["project_id"], ctx.user_id,
               request.scope.get("request_id") or f"req-{uuid.uuid4()}",
               [f"compute_{action}"])


async def list_interfaces(request: Request) -> Response:
    """GET /servers/{id}/os-interface."""
    _, row = _server(request, None)
    ports = neutron(request).interfaces(row["id"])
    return json_response({"interfaceAttachments": [attachment_view(request, p)
                                                   for p in ports]})


async def show_interface(request: Request) -> Response:
    """GET /servers/{id}/os-interface/{port_id}."""
    _, row = _server(request, None)
    port_id = request.path_params["port_id"]
    port = next((p for p in neutron(request).interfaces(row["id"]) if p["id"] == port_id),
                None)
    if port is None:
        raise NotFound(f"Instance {row['id']} does not have a port with id {port_id}")
    return json_response({"interfaceAttachment": attachment_view(request, port)})


def _invalid(value: Any, reason: str) -> BadRequest:
    return BadRequest(f"Invalid input for field/attribute interfaceAttachment. Value: "
                      f"{value}. {reason}")


def _parse_attachment(body: dict[str, Any], mv: tuple[int, int]) -> dict[str, Any]:
    """The `interfaceAttachment` of a request, checked as Nova's schema does."""
    unknown = sorted(set(body) - {"interfaceAttachment"})
    if unknown:
        raise BadRequest(f"Invalid input for field/attribute request body. Value: {body}. "
                         f"Additional properties are not allowed ('{unknown[0]}' was "
                         f"unexpected)")
    attachment = body.get("interfaceAttachment", {})
    if not isinstance(attachment, dict):
        raise _invalid(attachment, f"{attachment!r} is not of type 'object'")
    allowed = {"net_id", "port_id", "fixed_ips"} | ({"tag"} if mv >= (2, 49) else set())
    extra = sorted(set(attachment) - allowed)
    if extra:
        raise _invalid(attachment, f"Additional properties are not allowed ('{extra[0]}' was "
                                   f"unexpected)")
    for key in ("net_id", "port_id"):
        value = attachment.get(key)
        if value is not None:
            try:
                uuid.UUID(str(value))
            except ValueError:
                raise _invalid(value, f"'{value}' is not a 'uuid'") from None
    tag = attachment.get("tag")
    if tag is not None and (not isinstance(tag, str) or not 1 <= len(tag) <= 60
                            or "," in tag or "/" in tag):
        raise _invalid(tag, f"'{tag}' is not a valid tag")
    fixed_ip = None
    fixed_ips = attachment.get("fixed_ips")
    if fixed_ips is not None:
        if not isinstance(fixed_ips, list) or len(fixed_ips) > 1 or not all(
                isinstance(f, dict) and set(f) == {"ip_address"} for f in fixed_ips):
            raise _invalid(fixed_ips, "fixed_ips must be a list of at most one "
                                      "{'ip_address': ...}")
        if fixed_ips:
            fixed_ip = fixed_ips[0]["ip_address"]
            try:
                ipaddress.ip_address(fixed_ip)
            except (TypeError, ValueError):
                raise _invalid(fixed_ip, f"'{fixed_ip}' is not a 'ipv4'") from None
    net_id, port_id = attachment.get("net_id"), attachment.get("port_id")
    if net_id and port_id:
        raise BadRequest("Must not input both network_id and port_id")
    if fixed_ip and not net_id:
        raise BadRequest("Must input network_id when request IP address")
    return {"net_id": net_id, "port_id": port_id, "fixed_ip": fixed_ip, "tag": tag}


async def attach_interface(request: Request) -> Response:
    """POST /servers/{id}/os-interface: bind a port, or make one on a network."""
    body = await read_json(request)
    ctx, row = _server(request, "attach_interface")
    args = _parse_attachment(body, microversion(request))
    tag = args.pop("tag")
    port = neutron(request).attach_interface(row["project_id"], row["id"], tag=tag, **args)
    _record(request, ctx, row, "attach_interface")
    return json_response({"interfaceAttachment": attachment_view(request, port)})


async def detach_interface(request: Request) -> Response:
    """DELETE /servers/{id}/os-interface/{port_id}: 202; the port Nova made is deleted, the
    user's own is unbound."""
    ctx, row = _server(request, "detach_interface")
    port_id = request.path_params["port_id"]
    try:
        neutron(request).detach_interface(row["id"], port_id)
    except NotFound:
        raise NotFound(f"Port {port_id} is not attached") from None
    _record(request, ctx, row, "detach_interface")
    return empty_response(202)

ROUTES: RouteTable = (
    ("/servers/{server_id}/os-interface", list_interfaces, GET),
    ("/servers/{server_id}/os-interface", attach_interface, POST),
    ("/servers/{server_id}/os-interface/{port_id}", show_interface, GET),
    ("/servers/{server_id}/os-interface/{port_id}", detach_interface, DELETE),
)
