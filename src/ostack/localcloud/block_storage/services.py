"""`/os-services` (admin): a fixed, plausible fleet (scheduler, volume and backup services on
one host)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..service import json_response
from . import http
from .backend import DEFAULT_AZ

FLEET = (
    ("cinder-scheduler", "localcloud"),
    ("cinder-volume", "localcloud@lvmdriver-1"),
    ("cinder-backup", "localcloud"),
)


async def list_services(request: Request) -> Response:
    """GET /v3/{project_id}/os-services[?host=][&binary=]."""
    ctx = http.caller(request)
    http.check_admin(ctx, "volume_extension:services:index")
    version = http.mv(request)
    host = request.query_params.get("host")
    binary = request.query_params.get("binary")
    now = timestamps.iso_micro(timestamps.now())
    services: list[dict[str, Any]] = []
    for name, where in FLEET:
        if (host is not None and where != host) or (binary is not None and name != binary):
            continue
        service: dict[str, Any] = {"binary": name, "host": where, "zone": DEFAULT_AZ,
                                   "status": "enabled", "state": "up", "updated_at": now,
                                   "disabled_reason": None}
        if name == "cinder-volume":
            service.update({"replication_status": "disabled", "active_backend_id": None,
                            "frozen": False})
        if version >= (3, 7):
            service["cluster"] = None
        if version >= (3, 49) and name == "cinder-volume":
            service["backend_state"] = "up"
        services.append(service)
    return json_response({"services": services})


#: (alias, name, description) of the API extensions this cloud serves, as Cinder lists them.
EXTENSIONS = (
    ("os-admin-actions", "AdminActions", "Enable admin actions."),
    ("os-availability-zone", "AvailabilityZones", "Describe Availability Zones."),
    ("backups", "Backups", "Backups support."),
    ("os-extended-snapshot-attributes", "ExtendedSnapshotAttributes",
     "Extended SnapshotAttributes support."),
    ("os-quota-sets", "Quotas", "Quota management support."),
    ("os-services", "Services", "Services support."),
    ("os-types-extra-specs", "TypesExtraSpecs", "Type extra specs support."),
    ("os-types-manage", "TypesManage", "Types manage support."),
    ("os-used-limits", "UsedLimits", "Provide data on limited resources that are being used."),
    ("os-vol-host-attr", "VolumeHostAttribute", "Expose host as an attribute of a volume."),
    ("os-vol-image-meta", "VolumeImageMetadata", "Show image metadata associated with the "
                                                 "volume."),
    ("os-vol-mig-status-attr", "VolumeMigStatusAttribute", "Expose migration_status as an "
                                                          "attribute of a volume."),
    ("os-vol-tenant-attr", "VolumeTenantAttribute", "Expose the internal project_id as an "
                                                    "attribute of a volume."),
    ("os-volume-actions", "VolumeActions", "Enable volume actions."),
    ("os-volume-type-access", "VolumeTypeAccess", "Volume type access support."),
)


async def list_extensions(request: Request) -> Response:
    """GET /v3/{project_id}/extensions."""
    http.caller(request)
    return json_response({"extensions": [
        {"alias": alias, "name": name, "description": description, "links": [],
         "updated": "2012-01-01T00:00:00+00:00"}
        for alias, name, description in EXTENSIONS]})
