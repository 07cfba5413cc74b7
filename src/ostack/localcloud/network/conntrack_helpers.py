"""`/v2.0/routers/{router_id}/conntrack_helpers` (the `l3-conntrack-helper` extension): the
netfilter conntrack helpers of a router, each a helper module for a protocol and a port, from
the helpers the deployment allows (Neutron's `allowed_conntrack_helpers` default); a router
has each (helper, protocol, port) once. The caller's project must own the router."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..routing import DELETE, GET, POST, PUT, RouteTable
from ..service import empty_response, json_response, read_json
from ..store import dumps, loads
from . import attributes
from .attributes import Attr
from .backend import NetworkBackend
from .exceptions import NeutronError, bad_request, conflict
from .http import backend, caller, only_fields
from .resources import Caller, new_id

ALLOWED = {("amanda", "tcp"), ("ftp", "tcp"), ("h323", "udp"), ("h323", "tcp"),
           ("irc", "tcp"), ("netbios-ns", "udp"), ("pptp", "tcp"), ("sane", "tcp"),
           ("sip", "udp"), ("sip", "tcp"), ("snmp", "udp"), ("tftp", "udp")}
HELPER = {
    "helper": Attr(attributes.string(64), required=True),
    "protocol": Attr(attributes.values("tcp", "udp", "dccp", "sctp", "icmp", "ipv6-icmp"),
                     required=True),
    "port": Attr(attributes.integer(1, 65535), required=True),
    "project_id": attributes.PROJECT, "tenant_id": attributes.PROJECT,
}
attributes.ATTRIBUTES["conntrack_helper"] = HELPER


def _not_found(ident: str) -> NeutronError:
    return NeutronError(f"Conntrack Helper {ident} could not be found.",
                        "ConntrackHelperNotFound", 404)


def _router(request: Request, write: bool) -> tuple[Caller, NetworkBackend, dict[str, Any]]:
    who = caller(request)
    cloud = backend(request)
    router = cloud.record("router", who, request.path_params["router_id"])
    if write:
        cloud._changeable(who, "router", router["id"], "update_router")
    return who, cloud, router


def _helpers(cloud: NetworkBackend, router_id: str) -> list[dict[str, Any]]:
    return [loads(d) for d in cloud.store.column(
        "SELECT data FROM conntrack_helpers WHERE router_id = ? ORDER BY seq", (router_id,))]


def _one(cloud: NetworkBackend, router_id: str, ident: str) -> dict[str, Any]:
    for helper in _helpers(cloud, router_id):
        if helper["id"] == ident:
            return helper
    raise _not_found(ident)


def _check(cloud: NetworkBackend, router_id: str, helper: dict[str, Any]) -> None:
    if (helper["helper"], helper["protocol"]) not in ALLOWED:
        raise bad_request(f"The conntrack helper {helper['helper']}:{helper['protocol']} is "
                          "not allowed. Allowed helpers: " + ", ".join(
                              f"{h}:{p}" for h, p in sorted(ALLOWED)),
                          "ConntrackHelperNotAllowed")
    for other in _helpers(cloud, router_id):
        if other["id"] != helper["id"] and all(other[k] == helper[k] for k in
                                               ("helper", "protocol", "port")):
            raise conflict("A duplicate conntrack helper entry with same attributes already "
                           f"exists, conflicting values are {{'helper': '{helper['helper']}', "
                           f"'protocol': '{helper['protocol']}', 'port': {helper['port']}}}",
                           "ConntrackHelperDuplicate")


async def _body(request: Request, who: Caller, create: bool) -> dict[str, Any]:
    body = await read_json(request)
    if "conntrack_helper" not in body:
        raise bad_request("Unable to find 'conntrack_helper' in request body")
    attrs = attributes.parse_body("conntrack_helper", body["conntrack_helper"], who.is_admin,
                                  who.project_id, create)
    attrs.pop("project_id", None)
    return attrs


async def list_helpers(request: Request) -> Response:
    _who, cloud, router = _router(request, False)
    query = request.query_params
    found = [h for h in _helpers(cloud, router["id"])
             if all(str(h.get(k)) in query.getlist(k) for k in ("id", "helper", "protocol",
                                                                 "port") if k in query)]
    return json_response({"conntrack_helpers": only_fields(found, request)})


async def show_helper(request: Request) -> Response:
    _who, cloud, router = _router(request, False)
    return json_response({"conntrack_helper": _one(cloud, router["id"],
                                                   request.path_params["id"])})


async def create_helper(request: Request) -> Response:
    who, cloud, router = _router(request, True)
    helper = {"id": new_id(), **await _body(request, who, True)}
    with cloud.bulk() as db:
        _check(cloud, router["id"], helper)
        db.execute("INSERT INTO conntrack_helpers (id, router_id, data) VALUES (?, ?, ?)",
                   (helper["id"], router["id"], dumps(helper)))
    return json_response({"conntrack_helper": helper}, status=201)


async def update_helper(request: Request) -> Response:
    who, cloud, router = _router(request, True)
    attrs = await _body(request, who, False)
    with cloud.bulk() as db:
        helper = {**_one(cloud, router["id"], request.path_params["id"]), **attrs}
        _check(cloud, router["id"], helper)
        db.execute("UPDATE conntrack_helpers SET data = ? WHERE id = ?",
                   (dumps(helper), helper["id"]))
    return json_response({"conntrack_helper": helper})


async def delete_helper(request: Request) -> Response:
    _who, cloud, router = _router(request, True)
    ident = request.path_params["id"]
    _one(cloud, router["id"], ident)
    cloud.store.execute("DELETE FROM conntrack_helpers WHERE id = ?", (ident,))
    return empty_response(204)


ROUTES: RouteTable = (
    ("/routers/{router_id}/conntrack_helpers", list_helpers, GET),
    ("/routers/{router_id}/conntrack_helpers", create_helper, POST),
    ("/routers/{router_id}/conntrack_helpers/{id}", show_helper, GET),
    ("/routers/{router_id}/conntrack_helpers/{id}", update_helper, PUT),
    ("/routers/{router_id}/conntrack_helpers/{id}", delete_helper, DELETE),
)
