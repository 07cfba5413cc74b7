"""IP availability (`/v2.0/network-ip-availabilities`, admin only) and the onboarding of a
network's subnets into a subnet pool (`PUT /v2.0/subnetpools/{id}/onboard_network_subnets`).

A network's availability counts, per subnet, the addresses of its allocation pools
(`total_ips`) and the fixed IPs of ports in it (`used_ips`); the network's figures are the
sums over its subnets.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..routing import GET, PUT, RouteTable
from ..service import json_response, read_json
from ..store import loads
from .exceptions import NeutronError, bad_request, not_found, policy_denied
from .http import backend, caller, only_fields
from .resources import Caller

Record = dict[str, Any]
FILTERS = ("network_id", "network_name", "ip_version", "project_id", "tenant_id")


def _admin(who: Caller, action: str) -> None:
    if not who.is_admin:
        raise policy_denied(f"rule:{action}")


def _pool_size(subnet: Record) -> int:
    total = 0
    for pool in subnet.get("allocation_pools") or []:
        start, end = ipaddress.ip_address(pool["start"]), ipaddress.ip_address(pool["end"])
        total += int(end) - int(start) + 1
    return total


def _availability(network: Record, subnets: list[Record], ports: list[Record]) -> Record:
    used: dict[str, int] = {}
    for port in ports:
        for ip in port.get("fixed_ips") or []:
            used[ip.get("subnet_id")] = used.get(ip.get("subnet_id"), 0) + 1
    per_subnet = [{
        "subnet_id": s["id"], "ip_version": s["ip_version"], "cidr": s["cidr"],
        "subnet_name": s.get("name", ""), "used_ips": used.get(s["id"], 0),
        "total_ips": _pool_size(s),
    } for s in subnets]
    return {
        "network_id": network["id"], "network_name": network.get("name", ""),
        "tenant_id": network.get("project_id", ""), "project_id": network.get("project_id", ""),
        "total_ips": sum(s["total_ips"] for s in per_subnet),
        "used_ips": sum(s["used_ips"] for s in per_subnet),
        "subnet_ip_availability": per_subnet,
    }


def _all(request: Request, who: Caller) -> list[Record]:
    cloud = backend(request)
    subnets: dict[str, list[Record]] = {}
    for subnet in cloud.records("subnet", who):
        subnets.setdefault(subnet["network_id"], []).append(subnet)
    ports: dict[str, list[Record]] = {}
    for port in cloud.records("port", who):
        ports.setdefault(port["network_id"], []).append(port)
    return [_availability(n, subnets.get(n["id"], []), ports.get(n["id"], []))
            for n in cloud.records("network", who)]


async def list_availabilities(request: Request) -> Response:
    """GET /v2.0/network-ip-availabilities: every network's, filtered by network, name,
    project or IP version (a network without subnets of that version is left out)."""
    who = caller(request)
    _admin(who, "get_network_ip_availability")
    items = _all(request, who)
    query = request.query_params
    for name in FILTERS:
        wanted = query.getlist(name)
        if not wanted:
            continue
        if name == "ip_version":
            items = [dict(i, subnet_ip_availability=[
                s for s in i["subnet_ip_availability"] if str(s["ip_version"]) in wanted])
                for i in items]
            items = [i for i in items if i["subnet_ip_availability"]]
        else:
            items = [i for i in items if str(i[name]) in wanted]
    return json_response({"network_ip_availabilities": only_fields(items, request)})


async def show_availability(request: Request) -> Response:
    """GET /v2.0/network-ip-availabilities/{network_id}."""
    who = caller(request)
    _admin(who, "get_network_ip_availability")
    ident = request.path_params["id"]
    for item in _all(request, who):
        if item["network_id"] == ident:
            return json_response({"network_ip_availability": item})
    raise not_found("network", ident)


async def onboard_network_subnets(request: Request) -> Response:
    """PUT /v2.0/subnetpools/{id}/onboard_network_subnets `{"network_id"}`: the network's
    subnets of the pool's IP version join the pool, their CIDRs added to its prefixes."""
    who = caller(request)
    body = await read_json(request)
    network_id = body.get("network_id") if isinstance(body, dict) else None
    if not isinstance(network_id, str) or not network_id:
        raise bad_request("Failed to parse request. Required attribute 'network_id' not "
                          "specified")
    cloud = backend(request)
    pool_id = request.path_params["id"]
    pools = cloud.subnetpools
    with pools._transaction() as db:
        pool = pools._changeable(who, "subnetpool", pool_id, "onboard_network_subnets")
        cloud.record("network", who, network_id)
        subnets = [loads(row[0]) for row in db.execute(
            "SELECT data FROM subnets WHERE network_id = ?", (network_id,))]
        same = [s for s in subnets if s["ip_version"] == pool["ip_version"]]
        if any(s.get("subnetpool_id") not in (None, pool_id) for s in same):
            raise NeutronError("Subnets hosted on the same network must be allocated from the "
                               "same subnet pool.", "NetworkSubnetPoolAffinityError", 400)
        joining = [s for s in same if s.get("subnetpool_id") != pool_id]
        if joining:
            pools._update(db, pool, {"prefixes": pool["prefixes"] +
                                     [s["cidr"] for s in joining]})
        for subnet in joining:
            subnet["subnetpool_id"] = pool_id
            pools._save(db, "subnet", subnet)
    return json_response({"network_id": network_id, "subnetpool_id": pool_id})


ROUTES: RouteTable = (
    ("/network-ip-availabilities", list_availabilities, GET),
    ("/network-ip-availabilities/{id}", show_availability, GET),
    ("/subnetpools/{id}/onboard_network_subnets", onboard_network_subnets, PUT),
)
