"""Nova's fault body: `{"itemNotFound": {"code": 404, "message": "..."}}`, keyed by the fault
name of nova.api.openstack.wsgi.Fault (`computeFault` for any other status)."""

from __future__ import annotations

import json

from ..errors import NOVA_FAULT_NAMES, ApiError
from ..service import Scope


def nova_body(err: ApiError) -> bytes:
    """Nova's fault body, keyed by the fault name."""
    name = NOVA_FAULT_NAMES.get(err.status, "computeFault")
    return json.dumps({name: {"code": err.status, "message": err.message}}).encode()


def render_error(err: ApiError, scope: Scope) -> tuple[bytes, str]:
    """The service's error renderer (`ServiceSpec.render_error`)."""
    return nova_body(err), "application/json"
