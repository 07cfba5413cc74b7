"""Quota classes (admin): `GET`/`PUT /v3/{project_id}/os-quota-class-sets/{class}`. The
`default` class gives every project its default quotas (what `os-quota-sets/{id}/defaults`
shows); keys other than quota names are ignored, as Cinder does."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..routing import GET, PUT, RouteTable
from ..service import json_response
from . import http, quotas


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
        number = quotas.limit_value(key, value)
        changes[key] = number
    return json_response({"quota_class_set": backend.set_quota_class(class_name, changes)})


ROUTES: RouteTable = (
    ("/os-quota-class-sets/{class_name}", show_quota_class, GET),
    ("/os-quota-class-sets/{class_name}", update_quota_class, PUT),
)
