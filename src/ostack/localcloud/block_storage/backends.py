"""What an administrator sees of Cinder's storage backends: `/os-hosts` (the services' hosts
and a host's usage per project), `/scheduler-stats/get_pools` (the one LVM pool) and
`/capabilities/{host}` (what the backend driver reports). One LVM backend on one host,
as DevStack sets up."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import NotFound
from ..routing import GET, RouteTable
from ..service import json_response
from . import http
from .common import DEFAULT_AZ, HOST
from .services import FLEET

BACKEND_NAME = "lvmdriver-1"
POOL = HOST  # `localcloud@lvmdriver-1#lvmdriver-1`
#: The pool's stats, as the LVM driver reports them (sizes in GiB).
STATS = {"QoS_support": False, "total_capacity_gb": 1000.0, "free_capacity_gb": 950.0,
         "volume_backend_name": BACKEND_NAME, "driver_version": "3.0.0",
         "reserved_percentage": 0, "storage_protocol": "iSCSI", "vendor_name": "Open Source"}


def _admin(request: Request, action: str) -> None:
    http.check_admin(http.caller(request), action)


async def list_hosts(request: Request) -> Response:
    """GET /os-hosts: every service's host (Cinder's hosts extension)."""
    _admin(request, "volume_extension:hosts")
    now = timestamps.iso_micro(timestamps.now())
    zone = request.query_params.get("service") or None
    hosts = [{"service-status": "available", "service": binary, "zone": DEFAULT_AZ,
              "service-state": "enabled", "host_name": host, "last-update": now}
             for binary, host in FLEET if zone is None or zone == binary]
    return json_response({"hosts": hosts})


async def show_host(request: Request) -> Response:
    """GET /os-hosts/{host}: volumes and snapshots there, in total and per project."""
    _admin(request, "volume_extension:hosts")
    host = request.path_params["host_name"]
    if host not in {where for _, where in FLEET} and host != POOL:
        raise NotFound(f"Host {host} could not be found.")
    backend = http.backend(request)
    usage: dict[str, dict[str, int]] = {}
    for volume in backend.list_volumes([], [], []):
        counts = usage.setdefault(volume["project_id"], {"volumes": 0, "volume_gb": 0,
                                                         "snapshots": 0, "snapshot_gb": 0})
        counts["volumes"] += 1
        counts["volume_gb"] += volume["size"]
    for snapshot in backend.list_snapshots([], [], []):
        counts = usage.setdefault(snapshot["project_id"], {"volumes": 0, "volume_gb": 0,
                                                           "snapshots": 0, "snapshot_gb": 0})
        counts["snapshots"] += 1
        counts["snapshot_gb"] += snapshot["size"]

    def resource(project: str, counts: dict[str, int]) -> dict[str, Any]:
        return {"resource": {"host": host, "project": project,
                             "volume_count": str(counts["volumes"]),
                             "total_volume_gb": str(counts["volume_gb"]),
                             "snapshot_count": str(counts["snapshots"]),
                             "total_snapshot_gb": str(counts["snapshot_gb"])}}

    total = {key: sum(c[key] for c in usage.values())
             for key in ("volumes", "volume_gb", "snapshots", "snapshot_gb")}
    body = [resource("(total)", total)] + [resource(p, c) for p, c in sorted(usage.items())]
    return json_response({"host": body})


async def get_pools(request: Request) -> Response:
    """GET /scheduler-stats/get_pools[?detail=true]."""
    _admin(request, "scheduler_extension:scheduler_stats:get_pools")
    pool: dict[str, Any] = {"name": POOL}
    if http.bool_param(request, "detail"):
        now = timestamps.iso_micro(timestamps.now())
        pool["capabilities"] = {**STATS, "timestamp": now, "updated": now}
    return json_response({"pools": [pool]})


async def show_capabilities(request: Request) -> Response:
    """GET /capabilities/{host}: the backend's driver capabilities."""
    _admin(request, "volume_extension:capabilities")
    host = request.path_params["host_name"]
    if host.split("#", 1)[0] != POOL.split("#", 1)[0]:
        raise NotFound(f"Host {host} could not be found.")
    return json_response({
        "namespace": f"OS::Storage::Capabilities::{host}", "vendor_name": STATS["vendor_name"],
        "volume_backend_name": BACKEND_NAME, "pool_name": None,
        "driver_version": STATS["driver_version"],
        "storage_protocol": STATS["storage_protocol"], "display_name": None,
        "description": None, "visibility": None, "replication_targets": [],
        "properties": {
            "compression": {"title": "Compression", "description": "Enables compression.",
                            "type": "boolean"},
            "thin_provisioning": {"title": "Thin Provisioning", "type": "boolean",
                                  "description": "Sets thin provisioning."}}})


ROUTES: RouteTable = (
    ("/os-hosts", list_hosts, GET),
    ("/os-hosts/{host_name}", show_host, GET),
    ("/scheduler-stats/get_pools", get_pools, GET),
    ("/capabilities/{host_name}", show_capabilities, GET),
)
