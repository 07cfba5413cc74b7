"""Cinder's version documents and microversion negotiation.

A request names its microversion with `OpenStack-API-Version: volume 3.X` (no header means
3.0; `latest` means 3.70). Every answer under `/v3` names the version used, with `Vary`.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest, NotAcceptable
from ..service import Scope, base_url, json_response

Microversion = tuple[int, int]
MIN_VERSION: Microversion = (3, 0)
MAX_VERSION: Microversion = (3, 70)
UPDATED = "2023-08-31T00:00:00Z"
_FORMAT = re.compile(r"^([1-9]\d*)\.([1-9]\d*|0)$")


def text(version: Microversion) -> str:
    return f"{version[0]}.{version[1]}"


def _requested(headers: dict[bytes, bytes]) -> str | None:
    value = headers.get(b"openstack-api-version")
    if value is None:
        return None
    for part in value.decode("latin-1").split(","):
        service, _, version = part.strip().partition(" ")
        if service.lower() == "volume":
            return version.strip()
    return None


def negotiate(headers: dict[bytes, bytes]) -> Microversion:
    """The microversion a request asks for; 400 when malformed, 406 when out of range."""
    requested = _requested(headers)
    if requested is None:
        return MIN_VERSION
    if requested.lower() == "latest":
        return MAX_VERSION
    match = _FORMAT.match(requested)
    if match is None:
        raise BadRequest(f"API Version String {requested} is of invalid format. Must be of "
                         f"format MajorNum.MinorNum.")
    version = (int(match.group(1)), int(match.group(2)))
    if not MIN_VERSION <= version <= MAX_VERSION:
        raise NotAcceptable(f"Version {requested} is not supported by the API. Minimum is "
                            f"{text(MIN_VERSION)} and maximum is {text(MAX_VERSION)}.")
    return version


def response_headers(scope: Scope) -> list[tuple[bytes, bytes]]:
    """Service hook: the microversion headers of an answer."""
    version = scope.get("microversion")
    if version is None:
        return []
    return [(b"openstack-api-version", b"volume " + text(version).encode()),
            (b"vary", b"OpenStack-API-Version")]


def microversion(request: Request) -> Microversion:
    """The microversion negotiated for this request."""
    return request.scope.get("microversion", MIN_VERSION)


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
