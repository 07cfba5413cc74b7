"""Nova's version documents and microversion negotiation.

A request names its microversion with `OpenStack-API-Version: compute 2.X` or the legacy
`X-OpenStack-Nova-API-Version: 2.X` (no header means 2.1; `latest` means 2.96). Every answer
under `/v2.1` names the version used in both headers, with `Vary` on both.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..microversions import Microversion, Microversions, text
from ..routing import GET, RouteTable
from ..service import base_url, json_response

NOVA = Microversions("compute", (2, 1), (2, 96), "/v2.1/",
                     legacy_header="X-OpenStack-Nova-API-Version")
MIN_VERSION: Microversion = NOVA.minimum
MAX_VERSION: Microversion = NOVA.maximum
negotiate = NOVA.negotiate
before_request = NOVA.before_request
response_headers = NOVA.response_headers
microversion = NOVA.of


def _v21(request: Request) -> dict[str, Any]:
    return {
        "id": "v2.1",
        "status": "CURRENT",
        "version": text(MAX_VERSION),
        "min_version": text(MIN_VERSION),
        "updated": "2013-07-23T11:33:21Z",
        "links": [{"rel": "self", "href": f"{base_url(request)}/compute/v2.1/"}],
    }


def _v20(request: Request) -> dict[str, Any]:
    return {
        "id": "v2.0",
        "status": "DEPRECATED",
        "version": "",
        "min_version": "",
        "updated": "2025-07-04T12:00:00Z",
        "links": [{"rel": "self", "href": f"{base_url(request)}/compute/v2/"}],
    }


def _with_details(doc: dict[str, Any], media_version: str) -> dict[str, Any]:
    doc = dict(doc)
    doc["links"] = doc["links"] + [
        {"rel": "describedby", "type": "text/html", "href": "http://docs.openstack.org/"}]
    doc["media-types"] = [{"base": "application/json",
                           "type": f"application/vnd.openstack.compute+json;version="
                                   f"{media_version}"}]
    return doc


async def list_versions(request: Request) -> Response:
    """GET /compute/: the v2.0 and v2.1 documents."""
    return json_response({"versions": [_v20(request), _v21(request)]})


async def show_v21(request: Request) -> Response:
    """GET /compute/v2.1/: the v2.1 document (microversions 2.1 to 2.96)."""
    return json_response({"version": _with_details(_v21(request), "2.1")})


async def show_v20(request: Request) -> Response:
    """GET /compute/v2/: the deprecated v2.0 document."""
    return json_response({"version": _with_details(_v20(request), "2")})

ROUTES: RouteTable = (
    ("/", list_versions, GET),
    ("/v2.1", show_v21, GET),
    ("/v2.1/", show_v21, GET),
    ("/v2", show_v20, GET),
    ("/v2/", show_v20, GET),
)
