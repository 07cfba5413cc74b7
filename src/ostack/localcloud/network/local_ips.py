"""`/v2.0/local_ips` and `/v2.0/local_ips/{id}/port_associations` (the `local_ip`
extension); the state is `local_ip_state.py`."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..routing import DELETE, GET, POST, RouteTable
from ..service import empty_response, json_response, read_json
from . import attributes
from .exceptions import bad_request
from .http import backend, caller, only_fields
from .local_ip_state import LocalIpState
from .record_collection import RecordCollection

LOCAL_IPS = RecordCollection(kind="local_ip", path="local_ips", key="local_ips",
                             taggable=False, state=lambda cloud: LocalIpState(cloud.store))
FILTERS = ("fixed_port_id", "fixed_ip", "host", "local_ip_address")


async def list_associations(request: Request) -> Response:
    found = LocalIpState(backend(request).store).associations(caller(request),
                                                              request.path_params["id"])
    query = request.query_params
    found = [a for a in found if all(str(a.get(k)) in query.getlist(k) for k in FILTERS
                                     if k in query)]
    return json_response({"port_associations": only_fields(found, request)})


async def create_association(request: Request) -> Response:
    who = caller(request)
    body = await read_json(request)
    if "port_association" not in body:
        raise bad_request("Unable to find 'port_association' in request body")
    attrs = attributes.parse_body("port_association", body["port_association"], who.is_admin,
                                  who.project_id, True)
    record = LocalIpState(backend(request).store).associate(who, request.path_params["id"],
                                                            attrs)
    return json_response({"port_association": record}, status=201)


async def delete_association(request: Request) -> Response:
    LocalIpState(backend(request).store).dissociate(
        caller(request), request.path_params["id"], request.path_params["port_id"])
    return empty_response(204)


ROUTES: RouteTable = (
    *LOCAL_IPS.routes(),
    ("/local_ips/{id}/port_associations", list_associations, GET),
    ("/local_ips/{id}/port_associations", create_association, POST),
    ("/local_ips/{id}/port_associations/{port_id}", delete_association, DELETE),
)
