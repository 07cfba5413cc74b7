"""`network create|delete|list|set|show|unset`, as the official client prints them."""

from __future__ import annotations

import argparse
from typing import Any

from ostack import exceptions
from ostack.cli import extra_properties, lookups, tags
from ostack.cli.columns import AdminStateColumn, FormattableColumn, ListColumn
from ostack.cli.declare import Arg, Column, Option, marker_pagination, on_off, project_options
from ostack.cli.generic import (
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceSet,
    ResourceShow,
    ShowFields,
)

RESOURCE = "network.network"


class RouterExternalColumn(FormattableColumn):
    """`router:external`: External or Internal in a table."""

    def human_readable(self) -> str:
        return "External" if self.value else "Internal"


class NetworkFields(ShowFields):
    show_source = "dict"  # Neutron's undeclared attributes are shown too
    show_rename = {
        "subnet_ids": "subnets", "is_admin_state_up": "admin_state_up",
        "is_router_external": "router:external",
        "is_port_security_enabled": "port_security_enabled",
        "provider_network_type": "provider:network_type",
        "provider_physical_network": "provider:physical_network",
        "provider_segmentation_id": "provider:segmentation_id", "is_shared": "shared",
        "ipv4_address_scope_id": "ipv4_address_scope",
        "ipv6_address_scope_id": "ipv6_address_scope",
    }
    show_hidden = ("links", "tenant_id", "location")
    show_formatters = {
        "subnet_ids": ListColumn, "is_admin_state_up": AdminStateColumn,
        "is_router_external": RouterExternalColumn, "availability_zones": ListColumn,
        "availability_zone_hints": ListColumn, "tags": ListColumn,
    }


def _flag(args: argparse.Namespace, on: str, off: str) -> bool | None:
    return True if getattr(args, on) else False if getattr(args, off) else None


def _attrs(command: Any, args: argparse.Namespace) -> dict[str, Any]:
    """The body of a create or set, from the options both share."""
    attrs: dict[str, Any] = {}
    if args.name is not None:
        attrs["name"] = args.name
    for key, on, off in (("admin_state_up", "enable", "disable"), ("shared", "share", "no_share"),
                         ("port_security_enabled", "enable_port_security",
                          "disable_port_security"),
                         ("router:external", "external", "internal"),
                         ("is_default", "default", "no_default"), ("pvlan", "pvlan", "no_pvlan")):
        value = _flag(args, on, off)
        if value is not None:
            attrs[key] = value
    if getattr(args, "project", None) is not None:
        attrs["project_id"] = lookups.project_id(command.conn, args.project, args.project_domain)
    if getattr(args, "availability_zone_hints", None) is not None:
        attrs["availability_zone_hints"] = args.availability_zone_hints
    if args.description is not None:
        attrs["description"] = args.description
    if args.mtu:
        attrs["mtu"] = args.mtu
    if args.provider_network_type:
        attrs["provider:network_type"] = args.provider_network_type
    if args.physical_network:
        attrs["provider:physical_network"] = args.physical_network
    if args.segmentation_id:
        attrs["provider:segmentation_id"] = args.segmentation_id
    if args.qos_policy is not None:
        attrs["qos_policy_id"] = lookups.find_id(command.conn, "network.qos_policy",
                                                 args.qos_policy)
    if getattr(args, "no_qos_policy", False):
        attrs["qos_policy_id"] = None
    if args.dns_domain is not None:
        attrs["dns_domain"] = args.dns_domain
    return attrs


PROVIDER = (
    Option("--provider-network-type", metavar="<provider-network-type>",
           help="the physical mechanism by which the virtual network is implemented; for "
                "example: flat, geneve, gre, local, vlan or vxlan"),
    Option("--provider-physical-network", metavar="<provider-physical-network>",
           dest="physical_network",
           help="name of the physical network over which the virtual network is implemented"),
    Option("--provider-segment", metavar="<provider-segment>", dest="segmentation_id",
           help="VLAN ID for VLAN networks or Tunnel ID for GENEVE/GRE/VXLAN networks"),
    Option("--dns-domain", metavar="<dns-domain>", dest="dns_domain",
           help="set DNS domain for this network (requires DNS integration extension)"),
)


def _common(verb: str) -> tuple[Option, ...]:
    default = " (default)" if verb == "create" else ""
    return (
        *on_off("--share", "--no-share", "share", "share the network between projects",
                "do not share the network between projects"),
        *on_off("--enable", "--disable", "admin", f"enable network{default}", "disable network"),
        Option("--description", metavar="<description>", help="set network description"),
        Option("--mtu", metavar="<mtu>", help="set network mtu"),
        *on_off("--enable-port-security", "--disable-port-security", "port_security",
                f"enable port security by default for ports created on this network{default}",
                "disable port security by default for ports created on this network"),
        *on_off("--external", "--internal", "external",
                "the network has an external routing facility that is not managed by Neutron "
                "and can be used (for example: openstack router set --external-gateway NETWORK)",
                f"opposite of '--external'{default}"),
        *on_off("--default", "--no-default", "default",
                "use the network as the default external network",
                f"do not use the network as the default external network{default}"),
    )


def _check_pvlan(attrs: dict[str, Any]) -> None:
    if attrs.get("port_security_enabled") is False and attrs.get("pvlan") is True:
        raise exceptions.OstackError(
            "--disable-port-security and --pvlan can not be used together.")


class CreateNetwork(NetworkFields, ResourceCreate):
    """Create new network."""

    name = "network create"
    resource = RESOURCE
    options = (
        extra_properties.option(),
        Arg("name", metavar="<name>", help="new network name"),
        *_common("create"),
        *project_options("owner's project (name or ID)"),
        Option("--availability-zone-hint", action="append", dest="availability_zone_hints",
               metavar="<availability-zone>",
               help="availability zone in which to create this network (network availability "
                    "zone extension required, repeat option to set multiple availability "
                    "zones)"),
        Option("--qos-policy", metavar="<qos-policy>",
               help="QoS policy to attach to this network (name or ID)"),
        *on_off("--transparent-vlan", "--no-transparent-vlan", "vlan_transparent",
                "make the network VLAN transparent", "do not make the network VLAN transparent"),
        *on_off("--qinq-vlan", "--no-qinq-vlan", "vlan_qinq",
                "enable VLAN QinQ (S-Tag ethtype 0x8a88) for the network",
                "disable VLAN QinQ (S-Tag ethtype 0x8a88) for the network"),
        *on_off("--pvlan", "--no-pvlan", "pvlan",
                "enable Private VLAN for the network (PVLAN extension required)",
                "disable Private VLAN for the network (PVLAN extension required)"),
        *PROVIDER,
        *tags.create_options("network"),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        attrs = _attrs(self, args)
        if not args.disable:  # --enable is the default
            attrs["admin_state_up"] = True
        for key, on, off in (("vlan_transparent", "transparent_vlan", "no_transparent_vlan"),
                             ("vlan_qinq", "qinq_vlan", "no_qinq_vlan")):
            value = _flag(args, on, off)
            if value is not None:
                attrs[key] = value
        if attrs.get("vlan_transparent") and attrs.get("vlan_qinq"):
            raise exceptions.OstackError(
                "--transparent-vlan and --qinq-vlan can not be both enabled for the network.")
        _check_pvlan(attrs)
        if args.segmentation_id and not args.provider_network_type:
            raise exceptions.OstackError(
                "--provider-segment requires --provider-network-type to be specified.")
        attrs.update(extra_properties.values(args))
        return attrs

    def create(self, args: argparse.Namespace, attrs: dict[str, Any]) -> Any:
        return tags.apply_set(self.service, super().create(args, attrs), args)


class DeleteNetwork(ResourceDelete):
    """Delete network(s)."""

    name = "network delete"
    resource = RESOURCE
    options = (Arg("network", metavar="<network>", nargs="+",
                   help="network(s) to delete (name or ID)"),)


class ListNetwork(ResourceList):
    """List networks."""

    name = "network list"
    resource = RESOURCE
    limit_is_page_size = True
    columns = (Column("ID", "id"), Column("Name", "name"),
               Column("Subnets", "subnet_ids", ListColumn))
    long_replaces = True
    long_columns = (
        Column("ID", "id"), Column("Name", "name"), Column("Status", "status"),
        Column("Project", "project_id"), Column("State", "is_admin_state_up", AdminStateColumn),
        Column("Shared", "is_shared"), Column("Subnets", "subnet_ids", ListColumn),
        Column("Network Type", "provider_network_type"),
        Column("Router Type", "is_router_external", RouterExternalColumn),
        Column("Availability Zones", "availability_zones", ListColumn),
        Column("Tags", "tags", ListColumn),
    )
    options = (
        *on_off("--external", "--internal", "external", "list only external networks",
                "list only internal networks"),
        Option("--name", metavar="<name>", query="name",
               help="list only networks with the specified name"),
        *on_off("--enable", "--disable", "admin", "list only enabled networks",
                "list only disabled networks"),
        Option("--project", metavar="<project>",
               help="list only networks with the specified project (name or ID)"),
        *on_off("--pvlan", "--no-pvlan", "pvlan", "list only networks with PVLAN enabled",
                "list only networks with PVLAN disabled"),
        project_options("")[1],
        *on_off("--share", "--no-share", "share", "list only networks shared between projects",
                "list only networks not shared between projects"),
        Option("--status", metavar="<status>", choices=["ACTIVE", "BUILD", "DOWN", "ERROR"],
               query="status", help="list only networks with the specified status ('ACTIVE', "
                                    "'BUILD', 'DOWN', 'ERROR')"),
        Option("--provider-network-type", metavar="<provider-network-type>",
               choices=["flat", "geneve", "gre", "local", "vlan", "vxlan"],
               query="provider_network_type",
               help="list only networks with the specified physical mechanisms"),
        Option("--provider-physical-network", metavar="<provider-physical-network>",
               dest="physical_network", query="provider_physical_network",
               help="list only networks with the specified physical network name"),
        Option("--provider-segment", metavar="<provider-segment>", dest="segmentation_id",
               query="provider_segmentation_id",
               help="list only networks with the specified provider segment ID"),
        Option("--agent", metavar="<agent-id>", dest="agent_id",
               help="list networks hosted by agent (ID only)"),
        *tags.list_options("networks"),
        *marker_pagination(),
    )

    def columns_for(self, args: argparse.Namespace) -> tuple[Column, ...]:
        return self.columns if args.agent_id else super().columns_for(args)

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        if args.agent_id:  # the agent's networks, no other filter
            agent = self.service.get_agent(args.agent_id)
            return self.service.dhcp_agent_hosting_networks(agent)
        networks = super().items(args, query)
        pvlan = _flag(args, "pvlan", "no_pvlan")
        if pvlan is not None:  # no Neutron filter: matched here, as openstacksdk does
            networks = [n for n in networks if n.pvlan == pvlan]
        return networks

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        query = super().query(args)
        for key, on, off in (("is_router_external", "external", "internal"),
                             ("is_admin_state_up", "enable", "disable"),
                             ("is_shared", "share", "no_share")):
            value = _flag(args, on, off)
            if value is not None:
                query[key] = value
        query["project_id"] = lookups.project_of(self.conn, args)
        return query


class ShowNetwork(NetworkFields, ResourceShow):
    """Show network details."""

    name = "network show"
    resource = RESOURCE
    options = (Arg("network", metavar="<network>", help="network to display (name or ID)"),)


class SetNetwork(ResourceSet):
    """Set network properties."""

    name = "network set"
    resource = RESOURCE
    options = (
        extra_properties.option(),
        Arg("network", metavar="<network>", help="network to modify (name or ID)"),
        Option("--name", metavar="<name>", help="set network name"),
        *_common("set"),
        Option("--qos-policy", metavar="<qos-policy>", group="qos",
               help="QoS policy to attach to this network (name or ID)"),
        Option("--no-qos-policy", action="store_true", group="qos",
               help="remove the QoS policy attached to this network"),
        *on_off("--pvlan", "--no-pvlan", "pvlan",
                "enable Private VLAN for the network (PVLAN extension required)",
                "disable Private VLAN for the network (PVLAN extension required)"),
        *tags.set_options("network"),
        *PROVIDER,
    )

    def take_action(self, args: argparse.Namespace) -> int:
        network = self.find(args.network)
        attrs = {**_attrs(self, args), **extra_properties.values(args)}
        _check_pvlan(attrs)
        if attrs:
            self.service.update_network(network, **attrs)
        tags.apply_set(self.service, network, args)
        return 0


class UnsetNetwork(ResourceSet):
    """Unset network properties."""

    name = "network unset"
    resource = RESOURCE
    options = (
        extra_properties.option(),
        Arg("network", metavar="<network>", help="network to modify (name or ID)"),
        *tags.unset_options("network"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        network = self.find(args.network)
        attrs = extra_properties.values(args, unset=True)
        if attrs:
            self.service.update_network(network, **attrs)
        tags.apply_unset(self.service, network, args)
        return 0
