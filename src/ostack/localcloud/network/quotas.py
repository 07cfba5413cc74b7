"""Quotas: `/v2.0/quotas` (admins), `/v2.0/quotas/{project_id}` (show, update, reset),
`/default` and `/details` (used, limit, reserved)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..routing import DELETE, GET, PUT, RouteTable
from ..service import empty_response, json_response, read_json
from . import attributes
from .exceptions import NeutronError, bad_request
from .http import backend, caller
from .resources import QUOTA_DEFAULTS, Caller


def _admin(who: Caller) -> None:
    if not who.is_admin:
        raise NeutronError("User does not have admin privileges: Only admin can view or "
                           "configure quota.", "AdminRequired", 403)


def _readable(who: Caller, project_id: str) -> None:
    if not who.is_admin and project_id != who.project_id:
        raise NeutronError("User does not have admin privileges: Non-admin is not authorised "
                           "to access quotas for another project.", "AdminRequired", 403)


def _with_project(limits: dict[str, Any], project_id: str) -> dict[str, Any]:
    return {**limits, "project_id": project_id, "tenant_id": project_id}


async def list_quotas(request: Request) -> Response:
    """GET /v2.0/quotas: the projects whose quotas differ from the defaults."""
    who = caller(request)
    _admin(who)
    cloud = backend(request)
    return json_response({"quotas": [_with_project(cloud.quotas.quota(project), project)
                                     for project in cloud.quotas.projects()]})


async def show_quota(request: Request) -> Response:
    project_id = request.path_params["project_id"]
    _readable(caller(request), project_id)
    return json_response({"quota": backend(request).quotas.quota(project_id)})


async def show_default(request: Request) -> Response:
    project_id = request.path_params["project_id"]
    _readable(caller(request), project_id)
    return json_response({"quota": dict(QUOTA_DEFAULTS)})


async def show_details(request: Request) -> Response:
    project_id = request.path_params["project_id"]
    _readable(caller(request), project_id)
    return json_response({"quota": backend(request).quotas.details(project_id)})


async def update_quota(request: Request) -> Response:
    """PUT /v2.0/quotas/{project_id}: new limits (-1: unlimited)."""
    who = caller(request)
    _admin(who)
    body = await read_json(request)
    quota = body.get("quota")
    if not isinstance(quota, dict):
        raise bad_request("Unable to find 'quota' in request body")
    # `check_limit` (quota-check-limit) and `force` (its opt-out) steer the usage check
    # before a lower limit applies; this cloud applies the limit either way.
    quota = {k: v for k, v in quota.items() if k not in ("check_limit", "force")}
    unknown = sorted(set(quota) - set(QUOTA_DEFAULTS))
    if unknown:
        raise bad_request(f"Unrecognized attribute(s) '{', '.join(unknown)}'")
    limits = {name: attributes.integer(-1)(name, value) for name, value in quota.items()}
    project_id = request.path_params["project_id"]
    return json_response({"quota": backend(request).quotas.update(project_id, limits)})


async def delete_quota(request: Request) -> Response:
    """DELETE /v2.0/quotas/{project_id}: back to the defaults."""
    _admin(caller(request))
    backend(request).quotas.reset(request.path_params["project_id"])
    return empty_response(204)


ROUTES: RouteTable = (
    ("/quotas", list_quotas, GET),
    ("/quotas/{project_id}", show_quota, GET),
    ("/quotas/{project_id}", update_quota, PUT),
    ("/quotas/{project_id}", delete_quota, DELETE),
    ("/quotas/{project_id}/default", show_default, GET),
    ("/quotas/{project_id}/details", show_details, GET),
)
