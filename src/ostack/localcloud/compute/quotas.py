"""`/v2.1/os-quota-sets/{project_id}` (and `/detail`, `/defaults`): read-only quotas.

The values match /limits: no instance, core or RAM quota (-1), 100 key pairs per user.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import Forbidden
from ..service import json_response
from .http import backend, caller
from .keypairs import MAX_KEYPAIRS
from .versions import microversion


def _limits(request: Request) -> dict[str, int]:
    mv = microversion(request)
    limits = {"cores": -1, "instances": -1, "key_pairs": MAX_KEYPAIRS, "metadata_items": 128,
              "ram": -1, "server_groups": 10, "server_group_members": 10}
    if mv < (2, 57):
        limits.update(injected_file_content_bytes=10240, injected_file_path_bytes=255,
                      injected_files=5)
    if mv < (2, 36):
        limits.update(fixed_ips=-1, floating_ips=10, security_group_rules=20,
                      security_groups=10)
    return limits


def _project(request: Request) -> str:
    ctx = caller(request, "os_compute_api:os-quota-sets:show")
    project_id = request.path_params["project_id"]
    if project_id != ctx.project_id and not ctx.is_admin:
        raise Forbidden("Policy doesn't allow os_compute_api:os-quota-sets:show to be "
                        "performed.")
    return project_id


async def show_quotas(request: Request) -> Response:
    """GET /os-quota-sets/{project_id}."""
    project_id = _project(request)
    return json_response({"quota_set": {"id": project_id, **_limits(request)}})


async def show_defaults(request: Request) -> Response:
    """GET /os-quota-sets/{project_id}/defaults."""
    project_id = _project(request)
    return json_response({"quota_set": {"id": project_id, **_limits(request)}})


async def show_detail(request: Request) -> Response:
    """GET /os-quota-sets/{project_id}/detail: limit, in_use and reserved of each quota."""
    project_id = _project(request)
    used = backend(request).usage(project_id)
    in_use = {"cores": used["cores"], "instances": used["instances"], "ram": used["ram"]}
    detail: dict[str, Any] = {"id": project_id}
    for name, limit in _limits(request).items():
        detail[name] = {"limit": limit, "in_use": in_use.get(name, 0), "reserved": 0}
    return json_response({"quota_set": detail})
