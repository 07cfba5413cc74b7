"""`/os-services` (admin): a fixed, plausible fleet (scheduler, volume and backup services on
one host)."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import BadRequest, NotFound
from ..routing import GET, PUT, RouteTable
from ..service import empty_response, json_response
from . import http
from .common import DEFAULT_AZ

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
        if (host is not None and not _on_host(where, host)) or (
                binary is not None and name != binary):
            continue
        status = _status(request, name, where)
        service: dict[str, Any] = {"binary": name, "host": where, "zone": DEFAULT_AZ,
                                   "status": "disabled" if status["disabled"] else "enabled",
                                   "state": "up", "updated_at": now,
                                   "disabled_reason": status.get("disabled_reason")}
        if name == "cinder-volume":
            service.update({"replication_status": "disabled", "active_backend_id": None,
                            "frozen": False})
        if version >= (3, 7):
            service["cluster"] = None
        if version >= (3, 49) and name == "cinder-volume":
            service["backend_state"] = "up"
        if name == "cinder-volume":
            service["frozen"] = bool(status.get("frozen"))
        services.append(service)
    return json_response({"services": services})


def _on_host(where: str, host: str) -> bool:
    """Cinder's host filter: the host itself, or a backend (`host@backend#pool`) on it."""
    return where == host or where.startswith((host + "@", host + "#"))


def _status(request: Request, binary: str, host: str) -> dict[str, Any]:
    stored = http.backend(request).store.get_meta(f"cinder-service:{binary}:{host}")
    return json.loads(stored) if stored else {"disabled": False}


def _save_status(request: Request, binary: str, host: str, status: dict[str, Any]) -> None:
    http.backend(request).store.set_meta(f"cinder-service:{binary}:{host}", json.dumps(status))


async def service_action(request: Request) -> Response:
    """PUT /os-services/{enable|disable|disable-log-reason|freeze|thaw|failover_host|failover}
    (`failover`: 3.26)."""
    ctx = http.caller(request)
    http.check_admin(ctx, "volume_extension:services:update")
    action = request.path_params["action"]
    if action in ("get-log", "set-log"):
        from .admin_ops import log_levels

        return await log_levels(request, action)
    body = await http.body_of(request)
    host = body.get("host")
    if action in ("freeze", "thaw", "failover_host", "failover"):
        if not isinstance(host, str) or not any(_on_host(w, host) for _, w in FLEET
                                                if _ == "cinder-volume"):
            raise BadRequest(f"Invalid host: {host} is not a volume service host.")
        for binary, where in FLEET:
            if binary == "cinder-volume" and _on_host(where, host):
                status = _status(request, binary, where)
                if action in ("freeze", "thaw"):
                    status["frozen"] = action == "freeze"
                _save_status(request, binary, where, status)
        return empty_response(200 if action in ("freeze", "thaw") else 202)
    if action not in ("enable", "disable", "disable-log-reason"):
        raise NotFound("Unknown action")
    binary = body.get("binary") or body.get("service")
    if not isinstance(host, str) or not isinstance(binary, str):
        raise BadRequest("Missing required element 'host' or 'binary' in request body.")
    reason = body.get("disabled_reason")
    if action == "disable-log-reason" and (not isinstance(reason, str) or not reason.strip()
                                           or len(reason) > 255):
        raise BadRequest("Disabled reason contains invalid characters or is too long")
    matches = [(b, w) for b, w in FLEET if w == host]
    if not matches:
        raise NotFound(f"Host {host} could not be found.")
    if binary not in {b for b, _ in matches}:
        raise NotFound(f"Service {binary} could not be found.")
    disabled = action != "enable"
    status = {**_status(request, binary, host), "disabled": disabled,
              "disabled_reason": reason if action == "disable-log-reason" else None}
    _save_status(request, binary, host, status)
    answer: dict[str, Any] = {"host": host, "service": binary, "binary": binary,
                              "disabled": disabled,
                              "status": "disabled" if disabled else "enabled"}
    if action == "disable-log-reason":
        answer["disabled_reason"] = reason
    return json_response(answer)


#: (alias, name, description) of the API extensions this cloud serves, as Cinder lists them.
EXTENSIONS = (
    ("os-admin-actions", "AdminActions", "Enable admin actions."),
    ("os-availability-zone", "AvailabilityZones", "Describe Availability Zones."),
    ("os-hosts", "Hosts", "Admin-only host administration."),
    ("scheduler-stats", "Scheduler_stats", "Scheduler stats support."),
    ("capabilities", "Capabilities", "Capabilities support."),
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


ROUTES: RouteTable = (
    ("/os-services", list_services, GET),
    ("/os-services/{action}", service_action, PUT),
    ("/extensions", list_extensions, GET),
)
