"""Microversion negotiation, one implementation for every service that has microversions.

A request names its version with `OpenStack-API-Version: <service> X.Y` (or a service's legacy
header, e.g. Nova's `X-OpenStack-Nova-API-Version`); no header means the minimum, `latest` the
maximum. A malformed value is a 400, one out of range a 406, both with the service's wording.
Every answer under the versioned prefix names the version used, with `Vary`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from starlette.requests import Request

from .errors import BadRequest, NotAcceptable

Microversion = tuple[int, int]
Scope = dict
_FORMAT = re.compile(r"^([1-9]\d*)\.([1-9]\d*|0)$")


def text(version: Microversion) -> str:
    return f"{version[0]}.{version[1]}"


@dataclass(frozen=True)
class Microversions:
    """One service's range and headers; its hooks go into the `ServiceSpec`."""

    #: The name in `OpenStack-API-Version` (`compute`, `volume`).
    service: str
    minimum: Microversion
    maximum: Microversion
    #: Requests under this path (relative to the mount) are negotiated: `/v2.1/`, `/v3/`.
    prefix: str
    #: A legacy header naming the version alone, read when the standard one is absent.
    legacy_header: str = ""

    def requested(self, headers: dict[bytes, bytes]) -> str | None:
        value = headers.get(b"openstack-api-version")
        if value is not None:
            for part in value.decode("latin-1").split(","):
                service, _, version = part.strip().partition(" ")
                if service.lower() == self.service:
                    return version.strip()
        if self.legacy_header:
            legacy = headers.get(self.legacy_header.lower().encode())
            if legacy is not None:
                return legacy.decode("latin-1").strip()
        return None

    def negotiate(self, headers: dict[bytes, bytes]) -> Microversion:
        """The microversion a request asks for; 400 when malformed, 406 when out of range."""
        requested = self.requested(headers)
        if requested is None:
            return self.minimum
        if requested.lower() == "latest":
            return self.maximum
        match = _FORMAT.match(requested)
        if match is None:
            raise BadRequest(f"API Version String {requested} is of invalid format. Must be of "
                             f"format MajorNum.MinorNum.")
        version = (int(match.group(1)), int(match.group(2)))
        if not self.minimum <= version <= self.maximum:
            raise NotAcceptable(f"Version {requested} is not supported by the API. Minimum is "
                                f"{text(self.minimum)} and maximum is {text(self.maximum)}.")
        return version

    def before_request(self, scope: Scope) -> None:
        """Service hook: negotiate the microversion of requests under the prefix."""
        path = scope["path"][len(scope.get("root_path", "")):]
        if path.startswith(self.prefix) and path != self.prefix:
            scope["microversion"] = self.negotiate(dict(scope["headers"]))

    def response_headers(self, scope: Scope) -> list[tuple[bytes, bytes]]:
        """Service hook: the microversion headers of an answer."""
        version = scope.get("microversion")
        if version is None:
            return []
        value = text(version).encode()
        headers = [(b"openstack-api-version", self.service.encode() + b" " + value)]
        vary = b"OpenStack-API-Version"
        if self.legacy_header:
            headers.append((self.legacy_header.lower().encode(), value))
            vary += b", " + self.legacy_header.encode()
        headers.append((b"vary", vary))
        return headers

    def of(self, request: Request) -> Microversion:
        """The microversion negotiated for this request (the minimum outside the prefix)."""
        return request.scope.get("microversion", self.minimum)
