"""One exception hierarchy for every layer of the client.

HTTP errors map the status code to a class and carry the service's own message (every OpenStack
service formats its error body differently), the request id, the method and the URL.
"""

from __future__ import annotations

import json as _json

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class OstackError(Exception):
    """Base of every error ostack raises on purpose."""


class ConfigError(OstackError):
    """The configuration (clouds.yaml, OS_* variables, options) is missing or wrong."""


class AuthError(OstackError):
    """Authentication could not be attempted (missing or contradictory auth options)."""


class EndpointNotFound(OstackError):
    """No endpoint in the catalog matches the service type, interface and region."""


class DiscoveryError(OstackError):
    """A service's version document could not be read or does not fit what was asked."""


class MicroversionError(DiscoveryError):
    """The requested microversion is outside what the client and the server both support."""


class TransportError(OstackError):
    """The request did not produce an HTTP response."""

    def __init__(self, message: str, *, method: str = "", url: str = "") -> None:
        super().__init__(message)
        self.method = method
        self.url = url


class ConnectFailure(TransportError):
    """The TCP or TLS connection could not be made."""


class Timeout(TransportError):
    """The server did not answer in time."""


class SSLError(ConnectFailure):
    """TLS verification or handshake failed."""


#: What `MaybeApplied` says, whatever the request.
MAYBE_APPLIED = "the request was sent and may have been applied: check before retrying"


class MaybeApplied(TransportError):
    """A create (or another non-idempotent request) was sent and its outcome is unknown.

    Carries what is needed to check: `method`, `url`, `name` (of the resource asked for) and
    `resource` (its kind, "server"). Raised by ostack.recovery; the CLI prints it as one line.
    """

    def __init__(self, method: str, url: str, name: str | None, resource: str,
                 cause: BaseException | None = None) -> None:
        what = f"a {resource} named {name!r}" if name else f"the {resource}"
        reason = f" ({' '.join(str(cause).split())})" if cause else ""  # one line
        super().__init__(
            f"{method} {url}: {MAYBE_APPLIED} (look for {what}){reason}", method=method,
            url=url)
        self.name = name
        self.resource = resource
        self.maybe_applied = True


class HttpError(OstackError):
    """The server answered with an error status."""

    status_code: int = 0
    #: How many times the request was sent (retries included) to get this answer.
    attempts: int = 1
    #: Whether an earlier attempt may have been applied, its answer lost (a DELETE then
    #: answered 404 did its work: see ProxyCore.delete_flow).
    resent: bool = False

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        request_id: str | None = None,
        method: str = "",
        url: str = "",
        details: Any = None,
        response: Any = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if status_code is not None:
            self.status_code = status_code
        self.request_id = request_id
        self.method = method
        self.url = url
        self.details = details
        self.response = response

    def __str__(self) -> str:
        text = f"{self.message} (HTTP {self.status_code})"
        if self.request_id:
            text += f" (Request-ID: {self.request_id})"
        return text


class BadRequest(HttpError):
    status_code = 400


class Unauthorized(HttpError):
    status_code = 401


class Forbidden(HttpError):
    status_code = 403


class NotFound(HttpError):
    status_code = 404


class MethodNotAllowed(HttpError):
    status_code = 405


class NotAcceptable(HttpError):
    status_code = 406


class Conflict(HttpError):
    status_code = 409


class PreconditionFailed(HttpError):
    status_code = 412


class RequestEntityTooLarge(HttpError):
    status_code = 413


class UnsupportedMediaType(HttpError):
    status_code = 415


class TooManyRequests(HttpError):
    status_code = 429


class ServerError(HttpError):
    status_code = 500


class BadGateway(ServerError):
    status_code = 502


class ServiceUnavailable(ServerError):
    status_code = 503


class GatewayTimeout(ServerError):
    status_code = 504


class ResourceTimeout(OstackError):
    """A resource did not reach the wanted status in time."""


class ResourceFailure(OstackError):
    """A resource went into an error status while being waited for."""


class NoUniqueMatch(OstackError):
    """A name matched more than one resource."""


class MethodNotSupported(OstackError):
    """The resource's declaration does not allow this operation (e.g. updating a keypair)."""


class InvalidRequest(OstackError):
    """openstacksdk's name for a request refused before sending (ostack raises TypeError or
    ValueError there); defined so that code catching it ports."""


class InvalidResourceQuery(InvalidRequest):
    """openstacksdk's name for a listing given filters it does not take (see InvalidRequest)."""


#: openstacksdk's names for the same errors, so that `except openstack.exceptions.X:` ports
#: unchanged to `ostack.exceptions.X`.
SDKException = OpenStackCloudException = OstackError
HttpException = HttpError
BadRequestException = BadRequest
NotFoundException = ResourceNotFound = NotFound
ForbiddenException = Forbidden
ConflictException = Conflict
PreconditionFailedException = PreconditionFailed
DuplicateResource = NoUniqueMatch
ConfigException = ConfigError
ServiceDiscoveryException = DiscoveryError


_BY_STATUS: dict[int, type[HttpError]] = {
    cls.status_code: cls
    for cls in (
        BadRequest, Unauthorized, Forbidden, NotFound, MethodNotAllowed, NotAcceptable, Conflict,
        PreconditionFailed, RequestEntityTooLarge, UnsupportedMediaType, TooManyRequests,
        ServerError, BadGateway, ServiceUnavailable, GatewayTimeout,
    )
}


def error_message(body: bytes, content_type: str = "") -> tuple[str, Any]:
    """Extract the human message from an OpenStack error body, whichever service wrote it.

    Keystone: {"error": {"message", "code", "title"}}; Nova: {"itemNotFound": {"message", "code"}};
    Neutron: {"NeutronError": {"type", "message", "detail"}}; Glance and Swift: plain text or HTML;
    Cinder: like Nova; newer services: {"errors": [{"title", "detail"}]}.
    """
    text = body.decode("utf-8", "replace").strip()
    if not text:
        return "", None
    if "json" in content_type or text[:1] in "{[":
        try:
            data = _json.loads(text)
        except ValueError:
            data = None
        if isinstance(data, dict):
            if isinstance(data.get("errors"), list) and data["errors"]:
                first = data["errors"][0]
                if isinstance(first, dict):
                    return str(first.get("detail") or first.get("title") or first), data
            if "NeutronError" in data and isinstance(data["NeutronError"], dict):
                return str(data["NeutronError"].get("message", "")), data
            for value in data.values():
                if isinstance(value, dict) and ("message" in value or "detail" in value):
                    msg = value.get("message") or value.get("detail")
                    return str(msg), data
            if "message" in data:
                return str(data["message"]), data
            if "error_message" in data:
                inner = data["error_message"]
                if isinstance(inner, str):
                    try:
                        inner = _json.loads(inner)
                    except ValueError:
                        return inner, data
                if isinstance(inner, dict):
                    return str(inner.get("faultstring", inner)), data
            return text[:500], data
    if "<" in text and ">" in text:
        # Glance/Swift HTML bodies: keep the words, drop the tags.
        import re

        words = re.sub(r"<[^>]+>", " ", text)
        return " ".join(words.split())[:500], None
    return text[:500], None


def from_response(status: int, body: bytes, headers: Any, method: str, url: str) -> HttpError:
    """Build the exception that matches an error response."""
    content_type = ""
    request_id = None
    if headers is not None:
        content_type = headers.get("content-type", "") or ""
        request_id = headers.get("x-openstack-request-id") or headers.get("x-compute-request-id")
    message, details = error_message(body, content_type)
    if not message:  # a HEAD's answer, or an empty body: the status says what happened
        from http import HTTPStatus

        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = "failed"
        message = f"{phrase}: {method} {url}"
    cls = _BY_STATUS.get(status)
    if cls is None:
        cls = ServerError if status >= 500 else HttpError
    return cls(
        message, status_code=status, request_id=request_id, method=method, url=url,
        details=details,
    )
