"""Neutron's state: one state class per resource, composed here into the `NetworkBackend`
that the handlers reach with `backend_of` and Nova through the `Networking` Protocol.

The state classes share `Resources` (resources.py: visibility, revisions, quotas, tags, the
`default` security group) and hold no state of their own beyond the store: networks, subnet
pools, subnets, ports (with their fixed IPs, ip_allocations.py), routers, floating IPs,
security groups and their rules, quotas, and the ports of Nova's servers. The methods below
the states are the backend's public surface, kept as delegates for the callers that use them.
"""

from __future__ import annotations

from typing import Any

from ..interfaces import SYSTEM, Caller
from ..store import Store
from .floatingip_state import FloatingIpState
from .network_state import NetworkState
from .port_state import PortState
from .quota_state import QuotaState
from .resources import QUOTA_DEFAULTS, Record, Resources
from .router_state import RouterState
from .security_group_rule_state import SecurityGroupRuleState
from .security_group_state import SecurityGroupState
from .server_port_state import ServerPortState
from .subnet_state import SubnetState
from .subnetpool_state import SubnetPoolState

__all__ = ["QUOTA_DEFAULTS", "SYSTEM", "Caller", "NetworkBackend"]


class NetworkBackend(Resources):
    """All network state: the generic lookups (`records`, `record`, `set_tags`, `bulk`) of
    `Resources`, and a state object per resource."""

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self.networks = NetworkState(store)
        self.subnetpools = SubnetPoolState(store)
        self.subnets = SubnetState(store, self.subnetpools)
        self.ports = PortState(store)
        self.routers = RouterState(store, self.ports)
        self.floatingips = FloatingIpState(store)
        self.security_groups = SecurityGroupState(store)
        self.security_group_rules = SecurityGroupRuleState(store)
        self.quotas = QuotaState(store)
        self.servers = ServerPortState(store, self.ports)

    def bootstrap(self, admin_project: str, demo_project: str | None) -> None:
        """DevStack's networks: `public` (external, shared, 172.24.4.0/24) owned by admin;
        for demo a `private` network (10.0.0.0/26) and `router1` between the two."""
        with self._transaction():
            public = self.networks.create(SYSTEM, {
                "name": "public", "project_id": admin_project, "shared": True,
                "router:external": True, "provider:network_type": "flat",
                "provider:physical_network": "public"})
            self.subnets.create(SYSTEM, {
                "name": "public-subnet", "project_id": admin_project,
                "network_id": public["id"], "ip_version": 4, "cidr": "172.24.4.0/24",
                "gateway_ip": "172.24.4.1", "enable_dhcp": False})
            for project in (admin_project, demo_project):
                if project:
                    self.ensure_default_security_group(project)
            if demo_project is None:
                return
            private = self.networks.create(SYSTEM, {"name": "private",
                                                    "project_id": demo_project})
            private_subnet = self.subnets.create(SYSTEM, {
                "name": "private-subnet", "project_id": demo_project,
                "network_id": private["id"], "ip_version": 4, "cidr": "10.0.0.0/26",
                "gateway_ip": "10.0.0.1"})
            router = self.routers.create(SYSTEM, {
                "name": "router1", "project_id": demo_project,
                "external_gateway_info": {"network_id": public["id"]}})
            self.routers.add_interface(SYSTEM, router["id"], {"subnet_id": private_subnet["id"]})

    # ----------------------------------------------------------------- resources (delegates)
    def create_network(self, caller: Caller, attrs: Record) -> Record:
        return self.networks.create(caller, attrs)

    def update_network(self, caller: Caller, network_id: str, attrs: Record) -> Record:
        return self.networks.update(caller, network_id, attrs)

    def delete_network(self, caller: Caller, network_id: str) -> None:
        self.networks.delete(caller, network_id)

    def create_subnet(self, caller: Caller, attrs: Record) -> Record:
        return self.subnets.create(caller, attrs)

    def update_subnet(self, caller: Caller, subnet_id: str, attrs: Record) -> Record:
        return self.subnets.update(caller, subnet_id, attrs)

    def delete_subnet(self, caller: Caller, subnet_id: str) -> None:
        self.subnets.delete(caller, subnet_id)

    def create_port(self, caller: Caller, attrs: Record,
                    nova: dict[str, Any] | None = None) -> Record:
        return self.ports.create(caller, attrs, nova)

    def update_port(self, caller: Caller, port_id: str, attrs: Record) -> Record:
        return self.ports.update(caller, port_id, attrs)

    def delete_port(self, caller: Caller, port_id: str) -> None:
        self.ports.delete(caller, port_id)

    def create_router(self, caller: Caller, attrs: Record) -> Record:
        return self.routers.create(caller, attrs)

    def update_router(self, caller: Caller, router_id: str, attrs: Record) -> Record:
        return self.routers.update(caller, router_id, attrs)

    def delete_router(self, caller: Caller, router_id: str) -> None:
        self.routers.delete(caller, router_id)

    def add_router_interface(self, caller: Caller, router_id: str, info: Record) -> Record:
        return self.routers.add_interface(caller, router_id, info)

    def remove_router_interface(self, caller: Caller, router_id: str, info: Record) -> Record:
        return self.routers.remove_interface(caller, router_id, info)

    def create_floatingip(self, caller: Caller, attrs: Record) -> Record:
        return self.floatingips.create(caller, attrs)

    def update_floatingip(self, caller: Caller, fip_id: str, attrs: Record) -> Record:
        return self.floatingips.update(caller, fip_id, attrs)

    def delete_floatingip(self, caller: Caller, fip_id: str) -> None:
        self.floatingips.delete(caller, fip_id)

    def create_security_group(self, caller: Caller, attrs: Record) -> Record:
        return self.security_groups.create(caller, attrs)

    def update_security_group(self, caller: Caller, group_id: str, attrs: Record) -> Record:
        return self.security_groups.update(caller, group_id, attrs)

    def delete_security_group(self, caller: Caller, group_id: str) -> None:
        self.security_groups.delete(caller, group_id)

    def create_security_group_rule(self, caller: Caller, attrs: Record) -> Record:
        return self.security_group_rules.create(caller, attrs)

    def update_security_group_rule(self, caller: Caller, rule_id: str, attrs: Record) -> Record:
        return self.security_group_rules.update(caller, rule_id, attrs)

    def delete_security_group_rule(self, caller: Caller, rule_id: str) -> None:
        self.security_group_rules.delete(caller, rule_id)

    def quota(self, project_id: str) -> dict[str, int]:
        return self.quotas.quota(project_id)

    def quota_details(self, project_id: str) -> dict[str, dict[str, int]]:
        return self.quotas.details(project_id)

    def quota_projects(self) -> list[str]:
        return self.quotas.projects()

    def set_quota(self, project_id: str, limits: dict[str, int]) -> dict[str, int]:
        return self.quotas.update(project_id, limits)

    def reset_quota(self, project_id: str) -> None:
        self.quotas.reset(project_id)

    # ----------------------------------------------------------------- Networking (Nova's calls)
    def ports_for_server(self, project_id: str, server_id: str, requested: Any,
                         security_groups: list[str] | None) -> None:
        self.servers.ports_for_server(project_id, server_id, requested, security_groups)

    def release_server_ports(self, server_id: str) -> None:
        self.servers.release_server_ports(server_id)

    def addresses_for_servers(self, server_ids: list[str]) -> dict[str, dict[str, list[Any]]]:
        return self.servers.addresses_for_servers(server_ids)

    def security_groups_for_servers(self, server_ids: list[str]
                                    ) -> dict[str, list[dict[str, str]]]:
        return self.servers.security_groups_for_servers(server_ids)

    def attach_interface(self, project_id: str, server_id: str, net_id: str | None = None,
                         port_id: str | None = None, fixed_ip: str | None = None,
                         tag: str | None = None) -> Record:
        return self.servers.attach_interface(project_id, server_id, net_id, port_id, fixed_ip,
                                             tag)

    def detach_interface(self, server_id: str, port_id: str) -> None:
        self.servers.detach_interface(server_id, port_id)

    def interfaces(self, server_id: str) -> list[Record]:
        return self.servers.interfaces(server_id)

    def add_security_group(self, project_id: str, server_id: str, group: str) -> None:
        self.servers.add_security_group(project_id, server_id, group)

    def remove_security_group(self, project_id: str, server_id: str, group: str) -> None:
        self.servers.remove_security_group(project_id, server_id, group)

