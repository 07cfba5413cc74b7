"""Nova's version documents and microversion negotiation.

A request names its microversion with `OpenStack-API-Version: compute 2.X` or the legacy
`X-OpenStack-Nova-API-Version: 2.X` (no header means 2.1; `latest` means 2.96). Every answer
under `/v2.1` names the version used in both headers, with `Vary` on both.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest, NotAcceptable
from ..service import Scope, base_url, json_response

Microversion = tuple[int, int]
MIN_VERSION: Microversion = (2, 1)
MAX_VERSION: Microversion = (2, 96)
_FORMAT = re.compile(r"^([1-9]\d*)\.([1-9]\d*|0)$")
VARY = b"OpenStack-API-Version, X-OpenStack-Nova-API-Version"


def text(version: Microversion) -> str:
    return f"{version[0]}.{version[1]}"


def _requested(headers: dict[bytes, bytes]) -> str | None:
    value = headers.get(b"openstack-api-version")
    if value is not None:
        for part in value.decode("latin-1").split(","):
            service, _, version = part.strip().partition(" ")
            if service.lower() == "compute":
                return version.strip()
    legacy = headers.get(b"x-openstack-nova-api-version")
    return legacy.decode("latin-1").strip() if legacy is not None else None


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


def before_request(scope: Scope) -> None:
    """Service hook: negotiate the microversion of requests under `/v2.1`."""
    path = scope["path"][len(scope.get("root_path", "")):]
    if path.startswith("/v2.1/") and path != "/v2.1/":
        headers = dict(scope["headers"])
        scope["microversion"] = negotiate(headers)


def response_headers(scope: Scope) -> list[tuple[bytes, bytes]]:
    """Service hook: the microversion headers of an answer."""
    version = scope.get("microversion")
    if version is None:
        return []
    value = text(version).encode()
    return [
        (b"openstack-api-version", b"compute " + value),
        (b"x-openstack-nova-api-version", value),
        (b"vary", VARY),
    ]


def microversion(request: Request) -> Microversion:
    """The microversion negotiated for this request."""
    return request.scope.get("microversion", MIN_VERSION)


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
