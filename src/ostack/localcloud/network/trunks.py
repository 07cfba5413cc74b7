"""`/v2.0/trunks`: the collection (with tags) and its `add_subports`, `remove_subports` and
`get_subports` actions; the state is `trunk_state.py`."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..routing import GET, PUT, RouteTable
from ..service import json_response, read_json
from .exceptions import bad_request
from .http import backend, caller, view
from .record_collection import RecordCollection
from .trunk_state import TrunkState

TRUNKS = RecordCollection(kind="trunk", path="trunks", key="trunks",
                          state=lambda backend: TrunkState(backend.store))


async def _change(request: Request, add: bool) -> Response:
    who = caller(request)
    body = await read_json(request)
    if not isinstance(body, dict) or "sub_ports" not in body:
        raise bad_request("Invalid input for operation: sub_ports is required.")
    trunk = TrunkState(backend(request).store).change_subports(
        who, request.path_params["id"], body["sub_ports"], add)
    # Neutron answers these two actions with the trunk itself, not wrapped in "trunk".
    return json_response(view("trunk", trunk, who))


async def add_subports(request: Request) -> Response:
    """PUT /v2.0/trunks/{id}/add_subports."""
    return await _change(request, True)


async def remove_subports(request: Request) -> Response:
    """PUT /v2.0/trunks/{id}/remove_subports."""
    return await _change(request, False)


async def get_subports(request: Request) -> Response:
    """GET /v2.0/trunks/{id}/get_subports: `{"sub_ports": [...]}`."""
    trunk = TrunkState(backend(request).store).one(caller(request), request.path_params["id"])
    return json_response({"sub_ports": trunk.get("sub_ports") or []})


ROUTES: RouteTable = (
    *TRUNKS.routes(),
    ("/trunks/{id}/add_subports", add_subports, PUT),
    ("/trunks/{id}/remove_subports", remove_subports, PUT),
    ("/trunks/{id}/get_subports", get_subports, GET),
)
