"""`/v2.0/floatingips/{floatingip_id}/port_forwardings`: the port forwardings of a floating
IP (list with filters, sorting and paging, create, show, update, delete); the state is
`port_forwarding_state.py`."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..routing import DELETE, GET, POST, PUT, RouteTable
from ..service import empty_response, json_response, read_json
from . import attributes
from .exceptions import bad_request
from .http import backend, caller, fields_of, listing, view
from .port_forwarding_state import PortForwardingState

KIND = "port_forwarding"


def _state(request: Request) -> PortForwardingState:
    return PortForwardingState(backend(request).store, request.path_params["floatingip_id"])


async def _body(request: Request, create: bool) -> dict:
    who = caller(request)
    body = await read_json(request)
    if not isinstance(body, dict) or KIND not in body:
        raise bad_request(f"Unable to find '{KIND}' in request body")
    return attributes.parse_body(KIND, body[KIND], who.is_admin, who.project_id, create)


async def list_port_forwardings(request: Request) -> Response:
    who = caller(request)
    items = _state(request).visible(who)
    path = f"floatingips/{request.path_params['floatingip_id']}/port_forwardings"
    return listing(request, KIND, path, "port_forwardings", items, who)


async def create_port_forwarding(request: Request) -> Response:
    who = caller(request)
    record = _state(request).create(who, await _body(request, True))
    return json_response({KIND: view(KIND, record, who)}, status=201)


async def show_port_forwarding(request: Request) -> Response:
    who = caller(request)
    record = _state(request).one(who, request.path_params["id"])
    return json_response({KIND: view(KIND, record, who, fields_of(request))})


async def update_port_forwarding(request: Request) -> Response:
    who = caller(request)
    record = _state(request).update(who, request.path_params["id"],
                                    await _body(request, False))
    return json_response({KIND: view(KIND, record, who)})


async def delete_port_forwarding(request: Request) -> Response:
    _state(request).delete(caller(request), request.path_params["id"])
    return empty_response(204)


BASE = "/floatingips/{floatingip_id}/port_forwardings"
ROUTES: RouteTable = (
    (BASE, list_port_forwardings, GET), (BASE, create_port_forwarding, POST),
    (f"{BASE}/{{id}}", show_port_forwarding, GET),
    (f"{BASE}/{{id}}", update_port_forwarding, PUT),
    (f"{BASE}/{{id}}", delete_port_forwarding, DELETE),
)
