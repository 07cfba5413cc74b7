"""Cinder's fault body: `{"itemNotFound": {"code": 404, "message": "..."}}`, the fault names
of cinder.api.openstack.wsgi.Fault (the same as Nova's)."""

from __future__ import annotations

import json

from ..errors import NOVA_FAULT_NAMES, ApiError
from ..service import Scope


def cinder_body(err: ApiError) -> bytes:
    """Cinder's fault body, keyed by the fault name (`badRequest`, `overLimit` ...)."""
    name = NOVA_FAULT_NAMES.get(err.status, "computeFault")
    return json.dumps({name: {"code": err.status, "message": err.message}}).encode()


def render_error(err: ApiError, scope: Scope) -> tuple[bytes, str]:
    """The service's error renderer (`ServiceSpec.render_error`)."""
    return cinder_body(err), "application/json"
