"""Quota classes (admin): `GET`/`PUT /v3/{project_id}/os-quota-class-sets/{class}`. The
`default` class gives every project its default quotas (what `os-quota-sets/{id}/defaults`
shows); keys other than quota names are ignored, as Cinder does."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest
from ..service import json_response
from . import http

MAX_INT = 2147483647


async def show_quota_class(request: Request) -> Response:
    """GET /v3/{project_id}/os-quota-class-sets/{class_name}."""
    ctx = http.caller(request)
    http.check_admin(ctx, "volume_extension:quota_classes")
    class_name = request.path_params["class_name"]
    limits = http.backend(request).quota_class(class_name)
    return json_response({"quota_class_set": dict({"id": class_name}, **limits)})


async def update_quota_class(request: Request) -> Response:
    """PUT /v3/{project_id}/os-quota-class-sets/{class_name}: new limits (-1: unlimited)."""
    ctx = http.caller(request)
    http.check_admin(ctx, "volume_extension:quota_classes:update")
    class_name = request.path_params["class_name"]
    body = await http.body_of(request, "quota_class_set")
    backend = http.backend(request)
    known = backend.quota_class(class_name)
    changes: dict[str, int] = {}
    for key, value in body.items():
        if key not in known:
            continue
        try:
            if isinstance(value, (bool, float)):
                raise ValueError
            number = int(value)
        except (TypeError, ValueError):
            raise BadRequest(f"Invalid input received: {key} must be an integer.") from None
        if number < -1:
            raise BadRequest(f"Invalid input received: {key} must be >= -1")
        if number > MAX_INT:
            raise BadRequest(f"Invalid input received: {key} must be <= {MAX_INT}")
        changes[key] = number
    return json_response({"quota_class_set": backend.set_quota_class(class_name, changes)})
