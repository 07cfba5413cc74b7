"""Neutron's version documents: `/network/` lists v2.0, `/network/v2.0/` lists the
collections."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..routing import GET, RouteTable
from ..service import base_url, json_response

# (singular, collection) of the resources `/v2.0/` lists
COLLECTIONS = (("subnet", "subnets"), ("subnetpool", "subnetpools"), ("network", "networks"),
               ("port", "ports"), ("router", "routers"), ("floatingip", "floatingips"),
               ("security_group", "security-groups"),
               ("security_group_rule", "security-group-rules"), ("quota", "quotas"),
               ("extension", "extensions"))


def api_url(request: Request) -> str:
    """`http://127.0.0.1:<port>/network/v2.0`."""
    return f"{base_url(request)}/network/v2.0"


async def list_versions(request: Request) -> Response:
    """GET /network/: the one API version."""
    return json_response({"versions": [{
        "status": "CURRENT", "id": "v2.0",
        "links": [{"href": f"{api_url(request)}/", "rel": "self"}]}]})


async def show_v20(request: Request) -> Response:
    """GET /network/v2.0/: the collections of the API."""
    return json_response({"resources": [
        {"links": [{"href": f"{api_url(request)}/{collection}", "rel": "self"}],
         "name": name, "collection": collection} for name, collection in COLLECTIONS]})


#: Relative to the mount (`/network`): the version documents are outside `/v2.0`.
ROUTES: RouteTable = (
    ("/", list_versions, GET),
    ("/v2.0", show_v20, GET),
    ("/v2.0/", show_v20, GET),
)
