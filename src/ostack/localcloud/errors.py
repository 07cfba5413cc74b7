"""Errors raised by the handlers; each service renders them in its own body format.

Keystone: `{"error": {"code": 404, "message": "...", "title": "Not Found"}}`.
Nova: `{"itemNotFound": {"code": 404, "message": "..."}}` (the key names the fault).
Glance: webob's format, `{"message": "...", "code": "404 Not Found", "title": "Not Found"}`
for JSON clients and plain text for the others.
"""

from __future__ import annotations

import json
from http import HTTPStatus

# Nova's fault names by status (nova.api.openstack.wsgi.Fault); anything else is computeFault.
NOVA_FAULT_NAMES = {
    400: "badRequest",
    401: "unauthorized",
    403: "forbidden",
    404: "itemNotFound",
    405: "badMethod",
    409: "conflictingRequest",
    413: "overLimit",
    415: "badMediaType",
    429: "overLimit",
    501: "notImplemented",
    503: "serviceUnavailable",
}

KEYSTONE_401 = "The request you have made requires authentication."


class ApiError(Exception):
    """An HTTP error answered to the client; `message` is in the user's terms."""

    status = 500

    def __init__(self, message: str, status: int | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        self.headers = headers or {}

    @property
    def title(self) -> str:
        try:
            return HTTPStatus(self.status).phrase
        except ValueError:
            return "Error"


class BadRequest(ApiError):
    status = 400


class Unauthorized(ApiError):
    status = 401

    def __init__(self, message: str = KEYSTONE_401, headers: dict[str, str] | None = None):
        super().__init__(message, headers=headers)


class Forbidden(ApiError):
    status = 403


class NotFound(ApiError):
    status = 404


class MethodNotAllowed(ApiError):
    status = 405


class NotAcceptable(ApiError):
    status = 406


class Conflict(ApiError):
    status = 409


def keystone_body(err: ApiError) -> bytes:
    """Keystone's error body (also what keystonemiddleware answers for 401 in every service);
    an error with a `body` of its own (Keystone's auth receipt) answers that instead."""
    body = getattr(err, "body", None)
    if body is not None:
        return json.dumps(body).encode()
    return json.dumps(
        {"error": {"code": err.status, "message": err.message, "title": err.title}}
    ).encode()


# Swift's (swob) titles and default explanations, by status (Swift's fault body and the
# operator API render them).
SWIFT_REASONS = {
    400: ("Bad Request", "The server could not comply with the request since it is either "
          "malformed or otherwise incorrect."),
    401: ("Unauthorized", "This server could not verify that you are authorized to access the "
          "document you requested."),
    403: ("Forbidden", "Access was denied to this resource."),
    404: ("Not Found", "The resource could not be found."),
    405: ("Method Not Allowed", "The method is not allowed for this resource."),
    406: ("Not Acceptable", "The resource is not available in a format acceptable to your "
          "browser."),
    409: ("Conflict", "There was a conflict when trying to complete your request."),
    411: ("Length Required", "Content-Length header required."),
    412: ("Precondition Failed", "A precondition for this request was not met."),
    413: ("Request Entity Too Large", "The body of your request was too large for this server."),
    416: ("Requested Range Not Satisfiable", "The Range requested is not available."),
    422: ("Unprocessable Entity", "Unable to process the contained instructions"),
    499: ("Client Disconnect", "The client was disconnected during request."),
    500: ("Internal Error", "The server has either erred or is incapable of performing the "
          "requested operation."),
    503: ("Service Unavailable", "The server is currently unavailable. Please try again at a "
          "later time."),
}
