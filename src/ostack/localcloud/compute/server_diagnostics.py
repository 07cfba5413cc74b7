"""What the hypervisor tells of a server: `GET /v2.1/servers/{id}/diagnostics` (admin; the
libvirt driver's free-form keys before 2.48, the standard format from 2.48),
`GET /v2.1/servers/{id}/topology` (2.78; NUMA nodes, none for these flavors) and the
metadata service's encrypted password, `GET`/`DELETE /v2.1/servers/{id}/os-server-password`
(empty: no guest agent posts one)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import Conflict, NotFound
from ..policy import require_admin
from ..routing import DELETE, GET, RouteTable
from ..service import empty_response, json_response, peers_of
from . import network, states
from .http import caller
from .server_views import find_server
from .versions import microversion

Row = dict[str, Any]

POWER_NAMES = {states.NOSTATE: "pending", states.RUNNING: "running", states.PAUSED: "paused",
               states.SHUTDOWN: "shutdown", states.CRASHED: "crashed",
               states.SUSPENDED: "suspended"}


def _macs(request: Request, row: Row) -> list[str]:
    neutron = network.backend(peers_of(request))
    if neutron is None:
        return [a.get("OS-EXT-IPS-MAC:mac_addr", "") for items in row["addresses"].values()
                for a in items]
    return [port["mac_address"] for port in neutron.interfaces(row["id"])]


async def show_diagnostics(request: Request) -> Response:
    """GET /servers/{id}/diagnostics (admin)."""
    ctx = caller(request, "os_compute_api:os-server-diagnostics")
    require_admin(ctx, "os_compute_api:os-server-diagnostics")
    row = find_server(request, ctx, request.path_params["server_id"])
    if row["host"] is None or row["vm_state"] == states.BUILDING:
        raise Conflict(f"Instance {row['id']} is not ready")
    flavor = row["flavor"]
    vcpus = int(flavor.get("vcpus", 1))
    ram_kb = int(flavor.get("ram", 0)) * 1024
    uptime = int(timestamps.now() - (row["launched_at"] or row["created_at"]))
    macs = _macs(request, row)
    if microversion(request) < (2, 48):
        legacy: dict[str, Any] = {f"cpu{n}_time": 17300000000 for n in range(vcpus)}
        legacy.update({"memory": ram_kb, "memory-actual": ram_kb, "memory-rss": ram_kb // 4,
                       "vda_errors": -1, "vda_read": 262144, "vda_read_req": 112,
                       "vda_write": 5778432, "vda_write_req": 488})
        for index, _ in enumerate(macs):
            legacy.update({f"tap{index}_rx": 2070139, f"tap{index}_rx_drop": 0,
                           f"tap{index}_rx_errors": 0, f"tap{index}_rx_packets": 26701,
                           f"tap{index}_tx": 140208, f"tap{index}_tx_drop": 0,
                           f"tap{index}_tx_errors": 0, f"tap{index}_tx_packets": 662})
        return json_response(legacy)
    power = POWER_NAMES.get(row["power_state"], "pending")
    return json_response({
        "config_drive": bool(row["config_drive"]),
        "cpu_details": [{"id": n, "time": 17300000000, "utilisation": None}
                        for n in range(vcpus)],
        "disk_details": [{"errors_count": 0, "read_bytes": 262144, "read_requests": 112,
                          "write_bytes": 5778432, "write_requests": 488}],
        "driver": "libvirt", "hypervisor": "qemu", "hypervisor_os": "linux",
        "memory_details": {"maximum": ram_kb, "used": ram_kb // 4},
        "nic_details": [{"mac_address": mac, "rx_drop": 0, "rx_errors": 0,
                         "rx_octets": 2070139, "rx_packets": 26701, "rx_rate": None,
                         "tx_drop": 0, "tx_errors": 0, "tx_octets": 140208,
                         "tx_packets": 662, "tx_rate": None} for mac in macs],
        "num_cpus": vcpus, "num_disks": 1, "num_nics": len(macs),
        "state": power, "uptime": uptime,
    })


async def show_topology(request: Request) -> Response:
    """GET /servers/{id}/topology (2.78): no NUMA topology for these flavors."""
    if microversion(request) < (2, 78):
        raise NotFound("The resource could not be found.")
    ctx = caller(request, "os_compute_api:servers:topology:index")
    find_server(request, ctx, request.path_params["server_id"])
    return json_response({"nodes": [], "pagesize_kb": None})


async def show_password(request: Request) -> Response:
    """GET /servers/{id}/os-server-password: the encrypted password ("" when none)."""
    ctx = caller(request, "os_compute_api:os-server-password:show")
    find_server(request, ctx, request.path_params["server_id"])
    return json_response({"password": ""})


async def clear_password(request: Request) -> Response:
    """DELETE /servers/{id}/os-server-password: 204."""
    ctx = caller(request, "os_compute_api:os-server-password:clear")
    find_server(request, ctx, request.path_params["server_id"])
    return empty_response(204)

ROUTES: RouteTable = (
    ("/servers/{server_id}/diagnostics", show_diagnostics, GET),
    ("/servers/{server_id}/topology", show_topology, GET),
    ("/servers/{server_id}/os-server-password", show_password, GET),
    ("/servers/{server_id}/os-server-password", clear_password, DELETE),
)
