"""Project cleanup for networking: floating IPs, security groups (not `default`), then each
network no other resource holds a port on, with its routers' interfaces, its unowned ports
and its subnets; then routers attached to nothing.

As openstacksdk does: with filters, a floating IP attached to a port is kept, and the parts
of a network (routers, ports, subnets) follow the network whatever their own times; routers
attached to nothing are listed without a project filter (an admin sees every project's).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ostack import exceptions
from ostack.cleanup import LOG, matches, remove, skipped
from ostack.network.floating_ips import FloatingIP
from ostack.network.networks import Network
from ostack.network.ports import Port
from ostack.network.routers import Router
from ostack.network.security_groups import SecurityGroup
from ostack.network.subnets import Subnet
from ostack.proxy import Flow, Items, listing

ROUTER_INTERFACES = ("network:router_interface", "network:router_interface_distributed",
                     "network:ha_router_replicated_interface")


class NetworkCleanup:
    @listing
    def service_cleanup(self, project_id: str | None = None, dry_run: bool = True,
                        filters: Mapping[str, Any] | None = None,
                        identified: dict[str, Any] | None = None,
                        skip_resources: Sequence[str] | None = None) -> Flow:
        """The project's networking resources (see `ostack.cleanup`)."""
        identified = {} if identified is None else identified
        options = {"dry_run": dry_run, "filters": filters, "identified": identified}
        mine = {"project_id": project_id} if project_id else {}
        if not skipped("network", "floating_ip", skip_resources):
            def fip_wanted(fip: Any) -> bool:
                return not (filters and fip.port_id is not None)

            for fip in (yield from self.collect(self.list_flow(FloatingIP, **mine))):
                yield from remove(self, "delete_ip", fip, evaluate=fip_wanted, **options)
        if not skipped("network", "security_group", skip_resources):
            for group in (yield from self.collect(self.list_flow(SecurityGroup, **mine))):
                if group.name != "default":
                    yield from remove(self, "delete_security_group", group, **options)
        if not any(skipped("network", kind, skip_resources)
                   for kind in ("network", "router", "port", "subnet")):
            for network in (yield from self.collect(self.list_flow(Network, **mine))):
                yield from self._network_cleanup(network, mine, options)
        else:
            LOG.debug("Skipping networks, routers, ports and subnets: they go together")
        if not skipped("network", "router", skip_resources):
            for router in (yield from self.collect(self.list_flow(Router))):
                ports = yield from self.collect(self.list_flow(Port, device_id=router.id))
                if not ports:
                    yield from remove(self, "delete_router", router, dry_run=dry_run,
                                      filters=None, identified=identified)

    def _network_cleanup(self, network: Any, mine: dict[str, Any],
                         options: dict[str, Any]) -> Flow:
        identified, dry_run = options["identified"], options["dry_run"]
        interfaces = []
        held = False
        for port in (yield from self.collect(self.list_flow(
                Port, network_id=network.id, **mine))):
            if port.device_owner in ROUTER_INTERFACES:
                interfaces.append(port)
            elif port.device_owner in ("network:dhcp", None, ""):
                continue
            elif identified and port.device_id not in identified:
                held = True
        if held or not matches(network, options["filters"]):
            return
        loose = {"dry_run": dry_run, "filters": None, "identified": identified}
        for port in interfaces:
            yield Items([port])
            router = yield from self.get_flow(Router, port.device_id)
            if not dry_run:
                if router.routes:
                    try:
                        yield from self.sub("remove_extra_routes_from_router", router,
                                            {"router": {"routes": router.routes}})
                    except exceptions.OstackError:
                        LOG.error("Cannot delete routes %s from router %s", router.routes,
                                  router.id)
                try:
                    yield from self.sub("remove_interface_from_router", router,
                                        port_id=port.id)
                except exceptions.OstackError:
                    LOG.error("Cannot detach port %s from router %s", port.id, router.id)
            yield from remove(self, "delete_router", router, **loose)
        for port in (yield from self.collect(self.list_flow(
                Port, network_id=network.id, **mine))):
            if port.device_owner in (None, ""):
                yield from remove(self, "delete_port", port, **loose)
        for subnet in (yield from self.collect(self.list_flow(
                Subnet, network_id=network.id, **mine))):
            yield from remove(self, "delete_subnet", subnet, **loose)
        yield from remove(self, "delete_network", network, **loose)
