"""Glance's version documents: `/image/` (300 Multiple Choices) and `/image/versions` (200),
listing v2.16 (CURRENT) down to v2.0."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..routing import GET, RouteTable
from ..service import base_url, json_response

CURRENT = (2, 16)


def version_list(request: Request) -> dict[str, Any]:
    """Every v2 minor version, newest first, each linking to `/image/v2/`."""
    href = f"{base_url(request)}/image/v2/"
    values = []
    for minor in range(CURRENT[1], -1, -1):
        values.append({"id": f"v2.{minor}", "status": "CURRENT" if minor == CURRENT[1]
                       else "SUPPORTED", "links": [{"rel": "self", "href": href}]})
    return {"versions": values}


async def list_versions(request: Request) -> Response:
    """GET /image/: 300 Multiple Choices with every v2 version, as Glance answers."""
    return json_response(version_list(request), status=300)


async def versions_document(request: Request) -> Response:
    """GET /image/versions: the same list, 200."""
    return json_response(version_list(request))


ROUTES: RouteTable = (
    ("/", list_versions, GET),
    ("/versions", versions_document, GET),
)
