"""`/v2.0/flavors` (with `/flavors/{id}/service_profiles`, the bindings) and
`/v2.0/service_profiles` (the `flavors` extension); the state is `flavor_state.py`."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..routing import DELETE, POST, RouteTable
from ..service import empty_response, json_response, read_json
from . import attributes
from .exceptions import bad_request
from .flavor_state import FlavorState, ServiceProfileState
from .http import backend, caller
from .record_collection import RecordCollection

FLAVORS = RecordCollection(kind="flavor", path="flavors", key="flavors", taggable=False,
                           state=lambda cloud: FlavorState(cloud.store))
PROFILES = RecordCollection(kind="service_profile", path="service_profiles",
                            key="service_profiles", taggable=False,
                            state=lambda cloud: ServiceProfileState(cloud.store))


async def bind_profile(request: Request) -> Response:
    """POST /v2.0/flavors/{id}/service_profiles: `{"service_profile": {"id": ...}}`."""
    who = caller(request)
    body = await read_json(request)
    item = body.get("service_profile")
    if not isinstance(item, dict) or "id" not in item:
        raise bad_request("Unable to find 'service_profile' in request body")
    profile_id = attributes.an_uuid("id", item["id"])
    FlavorState(backend(request).store).bind(who, request.path_params["id"], profile_id)
    return json_response({"service_profile": {"id": profile_id}}, status=201)


async def unbind_profile(request: Request) -> Response:
    FlavorState(backend(request).store).unbind(caller(request), request.path_params["id"],
                                               request.path_params["profile_id"])
    return empty_response(204)


ROUTES: RouteTable = (
    *FLAVORS.routes(), *PROFILES.routes(),
    ("/flavors/{id}/service_profiles", bind_profile, POST),
    ("/flavors/{id}/service_profiles/{profile_id}", unbind_profile, DELETE),
)
