"""`/limits` (absolute limits with what the project uses; no rate limits) and the
availability zones (one zone, `nova`)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..routing import GET, RouteTable
from ..service import json_response
from . import http
from .common import DEFAULT_AZ


async def show_limits(request: Request) -> Response:
    """GET /v3/{project_id}/limits: the project's quotas and usage, as Cinder names them;
    from 3.39 an admin names another project with `project_id`."""
    ctx = http.caller(request)
    project_id = http.project_of(ctx)
    if http.mv(request) >= (3, 39) and request.query_params.get("project_id"):
        project_id = request.query_params["project_id"]
    http.check_read(ctx, project_id, "limits_extension:used_limits")
    backend = http.backend(request)
    limits, used = backend.quotas(project_id), backend.usage(project_id)
    return json_response({"limits": {"rate": [], "absolute": {
        "maxTotalVolumes": limits["volumes"],
        "maxTotalSnapshots": limits["snapshots"],
        "maxTotalVolumeGigabytes": limits["gigabytes"],
        "maxTotalBackups": limits["backups"],
        "maxTotalBackupGigabytes": limits["backup_gigabytes"],
        "totalVolumesUsed": used["volumes"],
        "totalGigabytesUsed": used["gigabytes"],
        "totalSnapshotsUsed": used["snapshots"],
        "totalBackupsUsed": used["backups"],
        "totalBackupGigabytesUsed": used["backup_gigabytes"],
    }}})


async def list_availability_zones(request: Request) -> Response:
    """GET /v3/{project_id}/os-availability-zone."""
    http.caller(request)
    return json_response({"availabilityZoneInfo": [
        {"zoneName": DEFAULT_AZ, "zoneState": {"available": True}}]})


ROUTES: RouteTable = (
    ("/limits", show_limits, GET),
    ("/os-availability-zone", list_availability_zones, GET),
)
