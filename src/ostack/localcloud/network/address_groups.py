"""`/v2.0/address-groups`: the collection and its `add_addresses` / `remove_addresses`
actions; the state is `address_group_state.py`."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..routing import PUT, RouteTable
from ..service import json_response, read_json
from .address_group_state import AddressGroupState
from .exceptions import bad_request
from .http import backend, caller, view
from .record_collection import RecordCollection

ADDRESS_GROUPS = RecordCollection(
    kind="address_group", path="address-groups", key="address_groups", taggable=False,
    state=lambda backend: AddressGroupState(backend.store))


async def _change(request: Request, add: bool) -> Response:
    who = caller(request)
    body = await read_json(request)
    if not isinstance(body, dict) or "addresses" not in body:
        raise bad_request("Request body contains invalid data")
    record = AddressGroupState(backend(request).store).change_addresses(
        who, request.path_params["id"], body["addresses"], add)
    return json_response({"address_group": view("address_group", record, who)})


async def add_addresses(request: Request) -> Response:
    """PUT /v2.0/address-groups/{id}/add_addresses."""
    return await _change(request, True)


async def remove_addresses(request: Request) -> Response:
    """PUT /v2.0/address-groups/{id}/remove_addresses."""
    return await _change(request, False)


ROUTES: RouteTable = (
    *ADDRESS_GROUPS.routes(),
    ("/address-groups/{id}/add_addresses", add_addresses, PUT),
    ("/address-groups/{id}/remove_addresses", remove_addresses, PUT),
)
