"""How Neutron renders an error: `{"NeutronError": {"type", "message", "detail"}}`, the
exception's name as `type` (a `NeutronError`'s own, else webob's name for the status)."""

from __future__ import annotations

import json

from ..errors import ApiError
from ..service import Scope
from .exceptions import DEFAULT_TYPES


def neutron_body(err: ApiError) -> bytes:
    """Neutron's error body."""
    kind = getattr(err, "type", None) or DEFAULT_TYPES.get(err.status, "HTTPInternalServerError")
    return json.dumps({"NeutronError": {"type": kind, "message": err.message,
                                        "detail": ""}}).encode()


def render_error(err: ApiError, scope: Scope) -> tuple[bytes, str]:
    """The service's error renderer (`ServiceSpec.render_error`)."""
    return neutron_body(err), "application/json"
