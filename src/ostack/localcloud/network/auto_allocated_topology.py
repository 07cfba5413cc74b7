"""`/v2.0/auto-allocated-topology/{project_id}` (the `auto-allocated-topology` extension):
"get me a network". The first GET makes the project a network, a subnet from the default
subnet pool and a router to the default external network; later GETs show it, `?fields=dry-run`
only checks that the cloud could make one, DELETE takes it apart. Without a default external
network or a default subnet pool Neutron answers 409 (`AutoAllocationFailure`)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..routing import DELETE, GET, RouteTable
from ..service import empty_response, json_response
from .backend import SYSTEM, NetworkBackend
from .exceptions import NeutronError, policy_denied
from .http import backend, caller
from .resources import Caller

NETWORK, SUBNET, ROUTER = "auto_allocated_network", "auto_allocated_subnet_v4", \
    "auto_allocated_router"


def _failure(reason: str) -> NeutronError:
    return NeutronError(f"Deployment error: {reason}.", "AutoAllocationFailure", 409)


def _defaults(cloud: NetworkBackend) -> tuple[str, str]:
    """The default external network and the default IPv4 subnet pool (409 without them)."""
    external = [n for n in cloud.records("network", SYSTEM)
                if n.get("router:external") and n.get("is_default")]
    if not external:
        raise _failure("No default router:external network")
    pools = [p for p in cloud.records("subnetpool", SYSTEM)
             if p.get("is_default") and p.get("ip_version") == 4]
    if not pools:
        raise _failure("No default subnetpools defined")
    return external[0]["id"], pools[0]["id"]


def _project(request: Request) -> tuple[Caller, str]:
    who = caller(request)
    project = request.path_params["project_id"]
    if not who.is_admin and project != who.project_id:
        raise policy_denied("rule:get_auto_allocated_topology")
    return who, project


def _existing(cloud: NetworkBackend, project: str) -> dict[str, Any] | None:
    for network in cloud.records("network", SYSTEM):
        if network["project_id"] == project and network["name"] == NETWORK:
            return network
    return None


async def get_topology(request: Request) -> Response:
    """GET: the project's topology, made on first use."""
    who, project = _project(request)
    cloud = backend(request)
    found = _existing(cloud, project)
    if request.query_params.get("fields") == "dry-run":
        if found is None:
            _defaults(cloud)
        return json_response({"auto_allocated_topology": {"id": "dry-run=pass",
                                                           "tenant_id": project}})
    if found is None:
        external, pool = _defaults(cloud)
        with cloud.bulk():
            found = cloud.networks.create(SYSTEM, {"name": NETWORK, "project_id": project})
            subnet = cloud.subnets.create(SYSTEM, {
                "name": SUBNET, "project_id": project, "network_id": found["id"],
                "ip_version": 4, "subnetpool_id": pool})
            router = cloud.routers.create(SYSTEM, {
                "name": ROUTER, "project_id": project,
                "external_gateway_info": {"network_id": external}})
            cloud.routers.add_interface(SYSTEM, router["id"], {"subnet_id": subnet["id"]})
    return json_response({"auto_allocated_topology": {
        "id": found["id"], "tenant_id": project, "project_id": project}})


async def delete_topology(request: Request) -> Response:
    """DELETE: the router, subnet and network made for the project (none: nothing to do)."""
    who, project = _project(request)
    if not (who.is_admin or who.can_write):  # delete_auto_allocated_topology: member
        raise policy_denied("rule:delete_auto_allocated_topology")
    cloud = backend(request)
    network = _existing(cloud, project)
    if network is not None:
        for router in cloud.records("router", SYSTEM):
            if router["project_id"] == project and router["name"] == ROUTER:
                for subnet_id in network.get("subnets", []):
                    cloud.routers.remove_interface(SYSTEM, router["id"],
                                                   {"subnet_id": subnet_id})
                cloud.routers.delete(SYSTEM, router["id"])
        cloud.networks.delete(SYSTEM, network["id"])
    return empty_response(204)


ROUTES: RouteTable = (
    ("/auto-allocated-topology/{project_id}", get_topology, GET),
    ("/auto-allocated-topology/{project_id}", delete_topology, DELETE),
)
