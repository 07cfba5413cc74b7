"""Keystone's version documents: `/identity` (300 Multiple Choices) and `/identity/v3`."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..routing import GET, RouteTable
from ..service import base_url, json_response

API_VERSION = "v3.14"
UPDATED = "2020-04-07T00:00:00Z"


def version_doc(request: Request) -> dict[str, Any]:
    return {
        "id": API_VERSION,
        "status": "stable",
        "updated": UPDATED,
        "links": [{"rel": "self", "href": f"{base_url(request)}/identity/v3/"}],
        "media-types": [
            {"base": "application/json", "type": "application/vnd.openstack.identity-v3+json"}
        ],
    }


async def list_versions(request: Request) -> Response:
    """GET /identity: every version, answered 300 as Keystone does."""
    return json_response({"versions": {"values": [version_doc(request)]}}, status=300)


async def show_version(request: Request) -> Response:
    """GET /identity/v3."""
    return json_response({"version": version_doc(request)})


ROUTES: RouteTable = (
    ("/", list_versions, GET),
    ("/v3", show_version, GET),
    ("/v3/", show_version, GET),
)
