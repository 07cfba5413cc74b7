"""Cinder's version documents and microversion negotiation.

A request names its microversion with `OpenStack-API-Version: volume 3.X` (no header means
3.0; `latest` means 3.70). Every answer under `/v3` names the version used, with `Vary`.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import NotFound
from ..microversions import Microversion, Microversions, text
from ..routing import GET, RouteTable
from ..service import base_url, json_response

CINDER = Microversions("volume", (3, 0), (3, 70), "/v3/")
MIN_VERSION: Microversion = CINDER.minimum
MAX_VERSION: Microversion = CINDER.maximum
UPDATED = "2023-08-31T00:00:00Z"
negotiate = CINDER.negotiate
response_headers = CINDER.response_headers
microversion = CINDER.of
#: Keystone's project ids: 32 hex characters.
PROJECT_ID = re.compile(r"[0-9a-f]{32}")


def _v3(request: Request) -> dict[str, Any]:
    return {
        "id": "v3.0",
        "status": "CURRENT",
        "version": text(MAX_VERSION),
        "min_version": text(MIN_VERSION),
        "updated": UPDATED,
        "links": [
            {"rel": "describedby", "type": "text/html", "href": "https://docs.openstack.org/"},
            {"rel": "self", "href": f"{base_url(request)}/volume/v3/"},
        ],
        "media-types": [{"base": "application/json",
                         "type": "application/vnd.openstack.volume+json;version=3"}],
    }


async def list_versions(request: Request) -> Response:
    """GET /volume/: the known versions (Cinder answers 300 Multiple Choices)."""
    return json_response({"versions": [_v3(request)]}, status=300)


async def show_v3(request: Request) -> Response:
    """GET /volume/v3/: the v3 document (microversions 3.0 to 3.70)."""
    return json_response({"versions": [_v3(request)]})


async def show_v3_of_project(request: Request) -> Response:
    """The v3 document at a project's URL (keystoneauth's discovery may start at the catalog
    URL, which ends with the project); a segment that is no project id (an unknown
    collection such as `/v3/messages`) is not found."""
    if not PROJECT_ID.fullmatch(request.path_params["project_id"]):
        raise NotFound("The resource could not be found.")
    return await show_v3(request)


#: The version documents, before the resources.
ROUTES: RouteTable = (
    ("/", list_versions, GET),
    ("/v3", show_v3, GET),
    ("/v3/", show_v3, GET),
)
#: A project's URL, after the resources (whose first segment it would match).
PROJECT_ROUTES: RouteTable = (
    ("/v3/{project_id}", show_v3_of_project, GET),
    ("/v3/{project_id}/", show_v3_of_project, GET),
)
