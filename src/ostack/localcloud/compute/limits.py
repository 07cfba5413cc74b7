"""`/v2.1/limits`: the project's absolute limits (its quotas) and what it uses; no rate
limits. An admin may ask for another project with `tenant_id`."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..policy import require_admin
from ..routing import GET, RouteTable
from ..service import json_response
from .http import backend, caller
from .quotas import LEGACY_NETWORK
from .versions import microversion


async def show_limits(request: Request) -> Response:
    """GET /limits."""
    ctx = caller(request, "os_compute_api:limits")
    mv = microversion(request)
    project_id = request.query_params.get("tenant_id") or ctx.project_id or ""
    if project_id != ctx.project_id:
        require_admin(ctx, "os_compute_api:limits:other_project")
    compute = backend(request)
    limits = compute.quotas.limits(project_id)
    used = compute.usage(project_id)
    absolute = {
        "maxServerMeta": limits["metadata_items"], "maxTotalCores": limits["cores"],
        "maxTotalInstances": limits["instances"], "maxTotalKeypairs": limits["key_pairs"],
        "maxTotalRAMSize": limits["ram"], "maxServerGroups": limits["server_groups"],
        "maxServerGroupMembers": limits["server_group_members"],
        "totalCoresUsed": used["cores"], "totalInstancesUsed": used["instances"],
        "totalRAMUsed": used["ram"],
        "totalServerGroupsUsed": compute.server_groups.count(project_id),
    }
    if mv < (2, 57):
        absolute.update(maxPersonality=limits["injected_files"],
                        maxPersonalitySize=limits["injected_file_content_bytes"])
    if mv < (2, 39):
        absolute["maxImageMeta"] = limits["metadata_items"]
    if mv < (2, 36):
        absolute.update(maxSecurityGroups=LEGACY_NETWORK["security_groups"],
                        maxSecurityGroupRules=LEGACY_NETWORK["security_group_rules"],
                        maxTotalFloatingIps=LEGACY_NETWORK["floating_ips"],
                        totalFloatingIpsUsed=0, totalSecurityGroupsUsed=0)
    return json_response({"limits": {"absolute": absolute, "rate": []}})

ROUTES: RouteTable = (
    ("/limits", show_limits, GET),
)
