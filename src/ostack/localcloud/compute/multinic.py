"""The multinic actions `addFixedIp` and `removeFixedIp` (up to 2.43; Nova answers 404 from
2.44): another port on a network, or one fixed IP fewer, through the network service as Nova's
neutron API does it."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest, NotFound
from ..interfaces import SYSTEM
from ..policy import Context
from ..service import empty_response, peers_of
from . import network, validation
from .server_actions import EXTRA_ACTIONS
from .versions import microversion

Row = dict[str, Any]


def _gone_after_243(request: Request) -> None:
    if microversion(request) >= (2, 44):
        raise NotFound("The resource could not be found.")


async def _add_fixed_ip(request: Request, ctx: Context, row: Row, args: Any) -> Response:
    _gone_after_243(request)
    validation.validate({"type": "object", "properties": {"networkId": {
        "type": ["string", "number"], "minLength": 1, "maxLength": 255}},
        "required": ["networkId"], "additionalProperties": False}, args, ["addFixedIp"])
    neutron = network.backend(peers_of(request))
    if neutron is None:
        raise BadRequest("Unable to find a network: this cloud has no network service.")
    neutron.attach_interface(row["project_id"], row["id"], net_id=str(args["networkId"]))
    return empty_response(202)


async def _remove_fixed_ip(request: Request, ctx: Context, row: Row, args: Any) -> Response:
    _gone_after_243(request)
    validation.validate({"type": "object", "properties": {"address": {
        "type": "string", "anyOf": [{"format": "ipv4"}, {"format": "ipv6"}]}},
        "required": ["address"], "additionalProperties": False}, args, ["removeFixedIp"])
    address = args["address"]
    neutron = network.backend(peers_of(request))
    for port in neutron.interfaces(row["id"]) if neutron is not None else []:
        kept = [ip for ip in port["fixed_ips"] if ip["ip_address"] != address]
        if len(kept) != len(port["fixed_ips"]):
            neutron.update_port(SYSTEM, port["id"], {"fixed_ips": kept})
            return empty_response(202)
    raise BadRequest(f"Instance {row['id']} doesn't have fixed IP '{address}'.")


EXTRA_ACTIONS.update({"addFixedIp": _add_fixed_ip, "removeFixedIp": _remove_fixed_ip})
