"""`/v2.1/limits`: the project's absolute limits and usage (no rate limits).

This cloud enforces no instance, core or RAM quota (-1, Nova's "unlimited"), so benchmarks can
create thousands of servers; key pairs are limited to 100 per user as in Nova.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..service import json_response
from .http import backend, caller
from .keypairs import MAX_KEYPAIRS
from .versions import microversion


async def show_limits(request: Request) -> Response:
    """GET /limits."""
    ctx = caller(request, "os_compute_api:limits")
    mv = microversion(request)
    used = backend(request).usage(ctx.project_id or "")
    absolute = {
        "maxServerMeta": 128, "maxTotalCores": -1, "maxTotalInstances": -1,
        "maxTotalKeypairs": MAX_KEYPAIRS, "maxTotalRAMSize": -1, "maxServerGroups": 10,
        "maxServerGroupMembers": 10, "totalCoresUsed": used["cores"],
        "totalInstancesUsed": used["instances"], "totalRAMUsed": used["ram"],
        "totalServerGroupsUsed": 0,
    }
    if mv < (2, 57):
        absolute.update(maxPersonality=5, maxPersonalitySize=10240)
    if mv < (2, 39):
        absolute["maxImageMeta"] = 128
    if mv < (2, 36):
        absolute.update(maxSecurityGroups=10, maxSecurityGroupRules=20, maxTotalFloatingIps=10,
                        totalFloatingIpsUsed=0, totalSecurityGroupsUsed=0)
    return json_response({"limits": {"absolute": absolute, "rate": []}})
