"""`network agent add|remove network|router`, `network agent delete|list|set|show` and
`network agent router set`, as the official client prints them.

The official client ignores what goes wrong when it adds or removes a network or a router
(it builds an error and drops it, or does not look at the answer): so do these commands."""

from __future__ import annotations

import argparse
from typing import Any

from ostack import exceptions
from ostack.cli import lookups
from ostack.cli.columns import FormattableColumn, ReprColumn
from ostack.cli.command import Command, ShowOne
from ostack.cli.declare import Arg, Column, Option, add_options, marker_pagination
from ostack.cli.generic import ResourceDelete, ResourceList

RESOURCE = "network.agent"
AGENT_TYPES = {
    "bgp": "BGP dynamic routing agent", "dhcp": "DHCP agent",
    "open-vswitch": "Open vSwitch agent", "linux-bridge": "Linux bridge agent",
    "ofa": "OFA driver agent", "l3": "L3 agent", "loadbalancer": "Loadbalancer agent",
    "metering": "Metering agent", "metadata": "Metadata agent", "macvtap": "Macvtap agent",
    "nic": "NIC Switch agent", "baremetal": "Baremetal Node",
    "ovn-controller": "OVN Controller agent",
    "ovn-controller-gateway": "OVN Controller Gateway agent",
    "ovn-metadata": "OVN Metadata agent", "ovn-agent": "OVN Neutron agent",
}


class AliveColumn(FormattableColumn):
    def human_readable(self) -> str:
        return ":-)" if self.value else "XXX"


class AdminStateColumn(FormattableColumn):
    def human_readable(self) -> str:
        return "UP" if self.value else "DOWN"


SHOW = (("admin_state_up", "is_admin_state_up", AdminStateColumn),
        ("agent_type", "agent_type", None), ("alive", "is_alive", AliveColumn),
        ("availability_zone", "availability_zone", None), ("binary", "binary", None),
        ("configuration", "configuration", ReprColumn), ("created_at", "created_at", None),
        ("description", "description", None),
        ("ha_chassis_priority", "ha_chassis_priority", None), ("ha_state", "ha_state", None),
        ("host", "host", None), ("id", "id", None),
        ("last_heartbeat_at", "last_heartbeat_at", None),
        ("resources_synced", "resources_synced", None), ("started_at", "started_at", None),
        ("topic", "topic", None))


def _agent(conn: Any, agent_id: str) -> Any:
    return conn.network.get_agent(agent_id)


def _quietly(step: Any) -> None:
    """Run a hosting change, ignoring the cloud's refusal as the official client does."""
    try:
        step()
    except exceptions.HttpError:
        pass


class AddNetworkToAgent(Command):
    """Add network to an agent."""

    name = "network agent add network"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Option("--dhcp", action="store_true", help="add network to a DHCP agent"),
            Arg("agent_id", metavar="<agent-id>",
                help="agent to which a network is added (ID only)"),
            Arg("network", metavar="<network>",
                help="network to be added to an agent (name or ID)")))

    def take_action(self, args: argparse.Namespace) -> int:
        agent = _agent(self.conn, args.agent_id)
        network = lookups.find(self.conn, "network.network", args.network)
        if args.dhcp:
            _quietly(lambda: self.conn.network.add_dhcp_agent_to_network(agent, network))
        return 0


class RemoveNetworkFromAgent(Command):
    """Remove network from an agent."""

    name = "network agent remove network"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Option("--dhcp", action="store_true", help="remove network from DHCP agent"),
            Arg("agent_id", metavar="<agent-id>",
                help="agent to which a network is removed (ID only)"),
            Arg("network", metavar="<network>",
                help="network to be removed from an agent (name or ID)")))

    def take_action(self, args: argparse.Namespace) -> int:
        agent = _agent(self.conn, args.agent_id)
        network = lookups.find(self.conn, "network.network", args.network)
        if args.dhcp:
            _quietly(lambda: self.conn.network.remove_dhcp_agent_from_network(agent, network))
        return 0


PRIORITY_HELP = ("HA Chassis priority, ranging from [0, 32767]; only used with --l3 and for "
                 "ML2/OVN L3 agents")


class AddRouterToAgent(Command):
    """Add router to an agent."""

    name = "network agent add router"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Option("--l3", action="store_true", help="add router to an L3 agent"),
            Option("--ha-chassis-priority", metavar="<ha-chassis-priority>", type=int,
                   help=PRIORITY_HELP),
            Arg("agent_id", metavar="<agent-id>",
                help="agent to which a router is added (ID only)"),
            Arg("router", metavar="<router>",
                help="router to be added to an agent (name or ID)")))

    def take_action(self, args: argparse.Namespace) -> int:
        agent = _agent(self.conn, args.agent_id)
        router = lookups.find(self.conn, "network.router", args.router)
        if args.l3:
            _quietly(lambda: self.conn.network.add_router_to_agent(
                agent, router, ha_chassis_priority=args.ha_chassis_priority))
        return 0


class RemoveRouterFromAgent(Command):
    """Remove router from an agent."""

    name = "network agent remove router"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Option("--l3", action="store_true", help="remove router from an L3 agent"),
            Arg("agent_id", metavar="<agent-id>",
                help="agent from which router will be removed (ID only)"),
            Arg("router", metavar="<router>",
                help="router to be removed from an agent (name or ID)")))

    def take_action(self, args: argparse.Namespace) -> int:
        agent = _agent(self.conn, args.agent_id)
        router = lookups.find(self.conn, "network.router", args.router)
        if args.l3:
            _quietly(lambda: self.conn.network.remove_router_from_agent(agent, router))
        return 0


class SetNetworkAgentRouter(Command):
    """Set router properties in an L3 agent (ML2/OVN only)."""

    name = "network agent router set"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Option("--ha-chassis-priority", metavar="<ha-chassis-priority>", type=int,
                   required=True, help=PRIORITY_HELP),
            Arg("agent_id", metavar="<agent-id>", help="L3 agent to modify (ID only)"),
            Arg("router", metavar="<router>", help="router to update (name or ID)")))

    def take_action(self, args: argparse.Namespace) -> int:
        agent = _agent(self.conn, args.agent_id)
        router = lookups.find(self.conn, "network.router", args.router)
        _quietly(lambda: self.conn.network.update_router_in_agent(
            agent, router, ha_chassis_priority=args.ha_chassis_priority))
        return 0


class DeleteNetworkAgent(ResourceDelete):
    """Delete network agent(s)."""

    name = "network agent delete"
    resource = RESOURCE
    failure = "Failed to delete network agent with ID '{name}': {error}"
    summary = "{failed} of {total} network agents failed to delete."
    options = (Arg("network_agent", metavar="<network-agent>", nargs="+",
                   help="network agent(s) to delete (ID only)"),)

    def delete(self, args: argparse.Namespace, name: str) -> Any:
        self.service.delete_agent(name, ignore_missing=False)


class ListNetworkAgent(ResourceList):
    """List network agents."""

    name = "network agent list"
    resource = RESOURCE
    limit_is_page_size = True
    columns = (Column("ID", "id"), Column("Agent Type", "agent_type"), Column("Host", "host"),
               Column("Availability Zone", "availability_zone"),
               Column("Alive", "is_alive", AliveColumn),
               Column("State", "is_admin_state_up", AdminStateColumn),
               Column("Binary", "binary"))
    options = (
        Option("--agent-type", metavar="<agent-type>", choices=list(AGENT_TYPES),
               help="list only agents with the specified agent type; the supported agent "
                    f"types are: {','.join(AGENT_TYPES)}"),
        Option("--host", metavar="<host>", query="host",
               help="list only agents running on the specified host"),
        Option("--network", metavar="<network>", group="hosting",
               help="list agents hosting the specified network (name or ID)"),
        Option("--router", metavar="<router>", group="hosting",
               help="list agents hosting the specified router (name or ID)"),
        Option("--long", action="store_true", default=False,
               help="list additional fields in output"),
        *marker_pagination(),
    )

    def columns_for(self, args: argparse.Namespace) -> tuple[Column, ...]:
        if args.router is not None and args.long:
            return self.columns + (Column("HA State", "ha_state"),)
        return self.columns

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        network = self.conn.network
        if args.network is not None:
            found = lookups.find(self.conn, "network.network", args.network)
            return list(network.network_hosting_dhcp_agents(found))
        if args.router is not None:
            found = lookups.find(self.conn, "network.router", args.router)
            return list(network.routers_hosting_l3_agents(found))
        if args.agent_type is not None:
            query["agent_type"] = AGENT_TYPES[args.agent_type]
        return list(network.agents(**query))


class SetNetworkAgent(Command):
    """Set network agent properties."""

    name = "network agent set"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Arg("network_agent", metavar="<network-agent>",
                help="network agent to modify (ID only)"),
            Option("--description", metavar="<description>",
                   help="set network agent description"),
            Option("--enable", action="store_true", group="admin",
                   help="enable network agent"),
            Option("--disable", action="store_true", group="admin",
                   help="disable network agent")))

    def take_action(self, args: argparse.Namespace) -> int:
        agent = _agent(self.conn, args.network_agent)
        attrs: dict[str, Any] = {}
        if args.description is not None:
            attrs["description"] = args.description
        if args.enable:
            attrs["is_admin_state_up"] = True
        if args.disable:
            attrs["is_admin_state_up"] = False
        if attrs:
            self.conn.network.update_agent(agent, **attrs)
        return 0


class ShowNetworkAgent(ShowOne):
    """Display network agent details."""

    name = "network agent show"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (Arg("network_agent", metavar="<network-agent>",
                                 help="network agent to display (ID only)"),))

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        agent = _agent(self.conn, args.network_agent)
        return {name: (fmt(getattr(agent, attr)) if fmt else getattr(agent, attr))
                for name, attr, fmt in SHOW}
