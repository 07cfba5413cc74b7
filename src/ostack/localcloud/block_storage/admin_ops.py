"""Cinder's operator APIs beside the services: log levels (`/os-services/get-log|set-log`,
3.32), resource filters (`/resource_filters`, 3.33), clusters (`/clusters`, 3.7; this cloud's
services are not clustered), manageable volumes and snapshots (`/manageable_volumes|snapshots`,
3.8; the one LVM back end holds nothing unmanaged) and the cleanup of a dead service's
resources (`/workers/cleanup`, 3.24). All admin-only, with Cinder's policy names."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest, NotFound
from ..routing import GET, POST, PUT, RouteTable
from ..service import empty_response, json_response
from . import http
from .services import FLEET

#: The API service runs beside the others; `*` (or no binary) means all of them.
LOG_BINARIES = ("cinder-api", *(binary for binary, _ in FLEET))
LEVELS = ("INFO", "WARNING", "ERROR", "DEBUG")
#: A service's loggers and their levels, as a fresh Cinder process has them.
DEFAULT_LEVELS = {"cinder": "INFO", "keystonemiddleware": "INFO", "oslo_messaging": "INFO",
                  "sqlalchemy": "WARNING", "urllib3": "WARNING"}

#: The filters each resource's listing accepts (Cinder's default resource_filters.json).
RESOURCE_FILTERS = {
    "volume": ["name", "status", "metadata", "bootable", "migration_status",
               "availability_zone", "group_id", "size", "created_at", "updated_at"],
    "backup": ["name", "status", "volume_id"],
    "snapshot": ["name", "status", "volume_id", "metadata", "availability_zone"],
    "group": [],
    "group_snapshot": ["status", "group_id"],
    "attachment": ["volume_id", "status", "instance_id", "attach_status"],
    "message": ["resource_uuid", "resource_type", "event_id", "request_id",
                "message_level"],
    "pool": ["name", "volume_type"],
    "volume_type": ["is_public"],
}


def _since(request: Request, version: tuple[int, int]) -> None:
    if http.mv(request) < version:
        raise NotFound("The resource could not be found.")


def _admin(request: Request, action: str) -> None:
    http.check_admin(http.caller(request), action)


# ------------------------------------------------------------------- log levels
def _services(body: dict[str, Any]) -> list[tuple[str, str]]:
    binary = body.get("binary") or "*"
    server = body.get("server")
    if binary != "*" and binary not in LOG_BINARIES:
        raise BadRequest(f"Invalid input received: {binary} is not a valid binary.")
    found = [("cinder-api", "localcloud"), *FLEET]
    return [(b, h) for b, h in found if binary in ("*", b) and server in (None, "", h)]


def _levels(request: Request, binary: str, host: str) -> dict[str, str]:
    stored = http.backend(request).store.get_meta(f"cinder-log:{binary}:{host}")
    return {**DEFAULT_LEVELS, **(json.loads(stored) if stored else {})}


async def log_levels(request: Request, action: str) -> Response:
    """PUT /os-services/get-log (the levels of each service's loggers under `prefix`) and
    /os-services/set-log (set them), 3.32."""
    _since(request, (3, 32))
    body = await http.body_of(request)
    if not isinstance(body, dict):
        raise BadRequest("Invalid input received: the body must be an object.")
    prefix = body.get("prefix") or ""
    services = _services(body)
    if action == "set-log":
        level = str(body.get("level") or "").upper()
        if level not in LEVELS:
            raise BadRequest(f"Invalid input received: {body.get('level')} is not a valid "
                             f"log level.")
        store = http.backend(request).store
        for binary, host in services:
            levels = _levels(request, binary, host)
            changed = {name: level for name in levels if name.startswith(prefix)}
            if prefix and prefix not in levels:
                changed[prefix] = level
            stored = store.get_meta(f"cinder-log:{binary}:{host}")
            store.set_meta(f"cinder-log:{binary}:{host}",
                           json.dumps({**(json.loads(stored) if stored else {}), **changed}))
        return empty_response(202)
    return json_response({"log_levels": [
        {"binary": binary, "host": host,
         "levels": {name: level for name, level in _levels(request, binary, host).items()
                    if name.startswith(prefix)}}
        for binary, host in services]})


# ------------------------------------------------------------------- resource filters
async def list_resource_filters(request: Request) -> Response:
    """GET /resource_filters[?resource=] (3.33): open to every user."""
    http.caller(request)
    _since(request, (3, 33))
    wanted = request.query_params.get("resource")
    return json_response({"resource_filters": [
        {"resource": name, "filters": filters} for name, filters in RESOURCE_FILTERS.items()
        if wanted in (None, name)]})


# ------------------------------------------------------------------- clusters
async def list_clusters(request: Request) -> Response:
    """GET /clusters[/detail] (3.7): none, the services here are not clustered."""
    _admin(request, "clusters:get_all")
    _since(request, (3, 7))
    return json_response({"clusters": []})


async def show_cluster(request: Request) -> Response:
    _admin(request, "clusters:get")
    _since(request, (3, 7))
    name = request.path_params["name"]
    raise NotFound(f"Cluster {name} could not be found.")


async def update_cluster(request: Request) -> Response:
    """PUT /clusters/enable|disable (3.7): every name is unknown here."""
    _admin(request, "clusters:update")
    _since(request, (3, 7))
    action = request.path_params["action"]
    body = await http.body_of(request)
    if action not in ("enable", "disable"):
        raise NotFound("Unknown action")
    name = body.get("name") if isinstance(body, dict) else None
    if not isinstance(name, str) or not name:
        raise BadRequest("Missing required element 'name' in request body.")
    raise NotFound(f"Cluster {name} could not be found.")


# ------------------------------------------------------------------- manageable resources
def _manageable(kind: str, policy: str) -> Any:
    async def handler(request: Request) -> Response:
        _admin(request, policy)
        _since(request, (3, 8))
        host = request.query_params.get("host")
        cluster = request.query_params.get("cluster")
        if not host and not cluster:
            raise BadRequest("Invalid input received: host or cluster must be specified.")
        if host and cluster:
            raise BadRequest("Invalid input received: host and cluster are mutually "
                             "exclusive.")
        volume_hosts = {where.split("#", 1)[0] for b, where in FLEET if b == "cinder-volume"}
        if host and host.split("#", 1)[0] not in volume_hosts:
            raise NotFound(f"Service {host} could not be found.")
        if cluster:
            raise NotFound(f"Cluster {cluster} could not be found.")
        return json_response({kind: []})
    return handler


# ------------------------------------------------------------------- cleanup
async def cleanup(request: Request) -> Response:
    """POST /workers/cleanup (3.24): the services matching the filters whose resources would
    be cleaned; every service here is up, so none is `cleaning`."""
    _admin(request, "workers:cleanup")
    _since(request, (3, 24))
    body = await http.body_of(request)
    if not isinstance(body, dict):
        raise BadRequest("Invalid input received: the body must be an object.")
    known = {"cluster_name", "host", "binary", "is_up", "disabled", "resource_id",
             "resource_type", "service_id", "until"}
    extra = sorted(set(body) - known)
    if extra:
        raise BadRequest(f"Invalid input received: unknown filters {', '.join(extra)}.")
    return json_response({"cleaning": [], "unavailable": []}, status=202)


ROUTES: RouteTable = (
    ("/resource_filters", list_resource_filters, GET),
    ("/clusters", list_clusters, GET),
    ("/clusters/detail", list_clusters, GET),
    ("/clusters/{action}", update_cluster, PUT),
    ("/clusters/{name}", show_cluster, GET),
    ("/manageable_volumes", _manageable("manageable-volumes",
                                        "volume_extension:list_manageable"), GET),
    ("/manageable_volumes/detail", _manageable("manageable-volumes",
                                               "volume_extension:list_manageable"), GET),
    ("/manageable_snapshots", _manageable("manageable-snapshots",
                                          "snapshot_extension:list_manageable"), GET),
    ("/manageable_snapshots/detail", _manageable("manageable-snapshots",
                                                 "snapshot_extension:list_manageable"), GET),
    ("/workers/cleanup", cleanup, POST),
)
