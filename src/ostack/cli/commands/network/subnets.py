"""`subnet create|delete|list|set|show|unset`, as the official client prints them."""

from __future__ import annotations

import argparse
from typing import Any

from ostack import exceptions
from ostack.cli import extra_properties, lookups, tags
from ostack.cli.columns import FormattableColumn, ListColumn, format_dict
from ostack.cli.declare import (
    Arg,
    Column,
    MultiKeyValueAction,
    Option,
    marker_pagination,
    on_off,
    project_options,
)
from ostack.cli.generic import (
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceSet,
    ResourceShow,
    ShowFields,
)

RESOURCE = "network.subnet"


class AllocationPoolsColumn(FormattableColumn):
    """`start-end,start-end` in a table."""

    def human_readable(self) -> str:
        return ",".join(f"{p.get('start', '')}-{p.get('end', '')}" for p in self.value or [])


class HostRoutesColumn(FormattableColumn):
    """One `destination='...', gateway='...'` line per route in a table (as `--host-route`
    takes them); Neutron's `nexthop` in json."""

    def human_readable(self) -> str:
        return "\n".join(format_dict(r) for r in _to_gateway(self.value or []))


class UnsortedListColumn(FormattableColumn):
    """A list whose order matters (DNS servers): comma-joined as given."""

    def human_readable(self) -> str:
        return ", ".join(self.value or [])


def _to_nexthop(routes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{("nexthop" if k == "gateway" else k): v for k, v in r.items()} for r in routes]


def _to_gateway(routes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{("gateway" if k == "nexthop" else k): v for k, v in r.items()} for r in routes]


FORMATTERS = {"allocation_pools": AllocationPoolsColumn, "dns_nameservers": UnsortedListColumn,
              "host_routes": HostRoutesColumn, "service_types": ListColumn, "tags": ListColumn}


class SubnetFields(ShowFields):
    show_source = "dict"  # Neutron's undeclared attributes are shown too
    show_rename = {"is_dhcp_enabled": "enable_dhcp", "subnet_pool_id": "subnetpool_id"}
    show_hidden = ("links", "location", "use_default_subnet_pool", "prefix_length", "tenant_id")
    show_formatters = FORMATTERS


def _common(create: bool) -> tuple[Option, ...]:
    """--allocation-pool, --dns-nameserver, --host-route, --service-type (and, for set,
    their --no-* forms)."""
    options = [
        Option("--allocation-pool", metavar="start=<ip-address>,end=<ip-address>",
               dest="allocation_pools", action=MultiKeyValueAction, default=None,
               required_keys=("start", "end"),
               help="allocation pool IP addresses for this subnet, for example, "
                    "start=192.168.199.2,end=192.168.199.254 (repeat option to add multiple "
                    "IP addresses)"),
        Option("--dns-nameserver", metavar="<dns-nameserver>", action="append",
               dest="dns_nameservers",
               help="DNS server for this subnet (repeat option to set multiple DNS servers)"),
        Option("--host-route", metavar="destination=<subnet>,gateway=<ip-address>",
               dest="host_routes", action=MultiKeyValueAction, default=None,
               required_keys=("destination", "gateway"),
               help="additional route for this subnet, for example, destination=10.10.0.0/16,"
                    "gateway=192.168.71.254 (repeat option to add multiple routes)"),
        Option("--service-type", metavar="<service-type>", action="append",
               dest="service_types",
               help="service type for this subnet, for example, "
                    "network:floatingip_agent_gateway (repeat option to set multiple service "
                    "types)"),
    ]
    if not create:
        options[1:1] = [Option("--no-allocation-pool", action="store_true",
                               help="clear associated allocation-pools from the subnet")]
        options[3:3] = [Option("--no-dns-nameservers", action="store_true",
                               help="clear existing information of DNS nameservers")]
        options[5:5] = [Option("--no-host-route", action="store_true",
                               help="clear associated host-routes from the subnet")]
    return tuple(options)


def _attrs(command: Any, args: argparse.Namespace, create: bool) -> dict[str, Any]:
    conn = command.conn
    attrs: dict[str, Any] = {}
    if getattr(args, "name", None) is not None:
        attrs["name"] = args.name
    if create:
        if args.project is not None:
            attrs["project_id"] = lookups.project_id(conn, args.project, args.project_domain)
        attrs["network_id"] = lookups.find_id(conn, "network.network", args.network)
        if args.subnet_pool is not None:
            attrs["subnetpool_id"] = lookups.find_id(conn, "network.subnet_pool",
                                                     args.subnet_pool)
        if args.use_prefix_delegation:
            attrs["subnetpool_id"] = "prefix_delegation"
        if args.use_default_subnet_pool:
            attrs["use_default_subnetpool"] = True
        if args.prefix_length is not None:
            attrs["prefixlen"] = args.prefix_length
        if args.subnet_range is not None:
            attrs["cidr"] = args.subnet_range
        if args.ip_version is not None:
            attrs["ip_version"] = args.ip_version
        if args.ipv6_ra_mode is not None:
            attrs["ipv6_ra_mode"] = args.ipv6_ra_mode
        if args.ipv6_address_mode is not None:
            attrs["ipv6_address_mode"] = args.ipv6_address_mode
    if args.network_segment is not None:
        attrs["segment_id"] = lookups.find_id(conn, "network.segment", args.network_segment)
    if args.gateway is not None:
        gateway = args.gateway.lower()
        if not create and gateway == "auto":
            raise exceptions.OstackError(
                "Auto option is not available for Subnet Set. Valid options are <ip-address> "
                "or none")
        if gateway != "auto":
            attrs["gateway_ip"] = None if gateway == "none" else gateway
    if args.allocation_pools is not None:
        attrs["allocation_pools"] = args.allocation_pools
    if args.dhcp:
        attrs["enable_dhcp"] = True
    if args.no_dhcp:
        attrs["enable_dhcp"] = False
    if args.dns_publish_fixed_ip:
        attrs["dns_publish_fixed_ip"] = True
    if args.no_dns_publish_fixed_ip:
        attrs["dns_publish_fixed_ip"] = False
    if args.dns_nameservers is not None:
        attrs["dns_nameservers"] = args.dns_nameservers
    if args.host_routes is not None:
        attrs["host_routes"] = _to_nexthop(args.host_routes)
    if args.service_types is not None:
        attrs["service_types"] = args.service_types
    if args.description is not None:
        attrs["description"] = args.description
    return attrs


MODES = ["dhcpv6-stateful", "dhcpv6-stateless", "slaac"]


class CreateSubnet(SubnetFields, ResourceCreate):
    """Create a subnet."""

    name = "subnet create"
    resource = RESOURCE
    options = (
        extra_properties.option(),
        Arg("name", metavar="<name>", help="new subnet name"),
        *project_options("owner's project (name or ID)"),
        Option("--subnet-pool", metavar="<subnet-pool>", group="pool",
               help="subnet pool from which this subnet will obtain a CIDR (name or ID)"),
        Option("--use-prefix-delegation", action="store_true", group="pool",
               help="use 'prefix-delegation' if IP is IPv6 format and IP would be delegated "
                    "externally"),
        Option("--use-default-subnet-pool", action="store_true", group="pool",
               help="use default subnet pool for --ip-version"),
        Option("--prefix-length", metavar="<prefix-length>",
               help="prefix length for subnet allocation from subnet pool"),
        Option("--subnet-range", metavar="<subnet-range>",
               help="subnet range in CIDR notation (required if --subnet-pool is not "
                    "specified, optional otherwise)"),
        *on_off("--dhcp", "--no-dhcp", "dhcp", "enable DHCP (default)", "disable DHCP"),
        *on_off("--dns-publish-fixed-ip", "--no-dns-publish-fixed-ip", "dns_publish",
                "enable publishing fixed IPs in DNS",
                "disable publishing fixed IPs in DNS (default)"),
        Option("--gateway", metavar="<gateway>", default="auto",
               help="specify a gateway for the subnet: <ip-address>, 'auto' (chosen from "
                    "within the subnet) or 'none' (default is 'auto')"),
        Option("--ip-version", type=int, default=4, choices=[4, 6],
               help="IP version (default is 4); when a subnet pool is specified, the IP "
                    "version is the subnet pool's"),
        Option("--ipv6-ra-mode", choices=MODES,
               help="IPv6 RA (Router Advertisement) mode, valid modes: [dhcpv6-stateful, "
                    "dhcpv6-stateless, slaac]"),
        Option("--ipv6-address-mode", choices=MODES,
               help="IPv6 address mode, valid modes: [dhcpv6-stateful, dhcpv6-stateless, "
                    "slaac]"),
        Option("--network-segment", metavar="<network-segment>",
               help="network segment to associate with this subnet (name or ID)"),
        Option("--network", required=True, metavar="<network>",
               help="network this subnet belongs to (name or ID)"),
        Option("--description", metavar="<description>", help="set subnet description"),
        *_common(create=True),
        *tags.create_options("subnet"),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        return {**_attrs(self, args, create=True), **extra_properties.values(args)}

    def create(self, args: argparse.Namespace, attrs: dict[str, Any]) -> Any:
        return tags.apply_set(self.service, super().create(args, attrs), args)


class DeleteSubnet(ResourceDelete):
    """Delete subnet(s)."""

    name = "subnet delete"
    resource = RESOURCE
    options = (Arg("subnet", metavar="<subnet>", nargs="+",
                   help="subnet(s) to delete (name or ID)"),)


class ListSubnet(ResourceList):
    """List subnets."""

    name = "subnet list"
    resource = RESOURCE
    limit_is_page_size = True
    columns = (Column("ID", "id"), Column("Name", "name"), Column("Network", "network_id"),
               Column("Subnet", "cidr"))
    long_columns = (
        Column("Project", "project_id"), Column("DHCP", "is_dhcp_enabled"),
        Column("Name Servers", "dns_nameservers", UnsortedListColumn),
        Column("Allocation Pools", "allocation_pools", AllocationPoolsColumn),
        Column("Host Routes", "host_routes", HostRoutesColumn),
        Column("IP Version", "ip_version"), Column("Gateway", "gateway_ip"),
        Column("Service Types", "service_types", ListColumn),
        Column("Tags", "tags", ListColumn),
    )
    options = (
        Option("--ip-version", type=int, choices=[4, 6], metavar="<ip-version>",
               query="ip_version",
               help="list only subnets with the specified IP version (4 or 6)"),
        *on_off("--dhcp", "--no-dhcp", "dhcp", "list only subnets which have DHCP enabled",
                "list only subnets which have DHCP disabled"),
        Option("--service-type", metavar="<service-type>", action="append",
               dest="service_types",
               help="list only subnets with the specified service type (repeatable)"),
        *project_options("list only subnets with the specified project (name or ID)"),
        Option("--network", metavar="<network>", query="network_id", lookup="network.network",
               help="list only subnets which belong to the specified network (name or ID)"),
        Option("--gateway", metavar="<gateway>", query="gateway_ip",
               help="list only subnets with the specified gateway IP"),
        Option("--name", metavar="<name>", query="name",
               help="list only subnets with the specified name"),
        Option("--subnet-range", metavar="<subnet-range>", query="cidr",
               help="list only subnets with the specified subnet range (in CIDR notation)"),
        Option("--subnet-pool", metavar="<subnet-pool>", query="subnet_pool_id",
               lookup="network.subnet_pool",
               help="list only subnets which belong to the specified subnet pool (name or ID)"),
        *tags.list_options("subnets"),
        *marker_pagination(),
    )

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        query = super().query(args)
        if args.dhcp or args.no_dhcp:
            query["is_dhcp_enabled"] = bool(args.dhcp)
        query["project_id"] = lookups.project_of(self.conn, args)
        return query

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        subnets = super().items(args, query)
        if args.service_types:  # no Neutron filter: matched here, as openstacksdk does
            subnets = [s for s in subnets if s.service_types == args.service_types]
        return subnets


class ShowSubnet(SubnetFields, ResourceShow):
    """Display subnet details."""

    name = "subnet show"
    resource = RESOURCE
    options = (Arg("subnet", metavar="<subnet>", help="subnet to display (name or ID)"),)


class SetSubnet(ResourceSet):
    """Set subnet properties."""

    name = "subnet set"
    resource = RESOURCE
    options = (
        extra_properties.option(),
        Arg("subnet", metavar="<subnet>", help="subnet to modify (name or ID)"),
        Option("--name", metavar="<name>", help="updated name of the subnet"),
        *on_off("--dhcp", "--no-dhcp", "dhcp", "enable DHCP", "disable DHCP"),
        *on_off("--dns-publish-fixed-ip", "--no-dns-publish-fixed-ip", "dns_publish",
                "enable publishing fixed IPs in DNS", "disable publishing fixed IPs in DNS"),
        Option("--gateway", metavar="<gateway>",
               help="specify a gateway for the subnet: <ip-address> or 'none'"),
        Option("--network-segment", metavar="<network-segment>",
               help="network segment to associate with this subnet (name or ID)"),
        Option("--description", metavar="<description>", help="set subnet description"),
        Option("--leak-routes", action="store_true", dest="leak_routes", default=None,
               group="leak",
               help="leak subnet routes to the underlay BGP fabric (ovn-bgp extension "
                    "required)"),
        Option("--no-leak-routes", action="store_false", dest="leak_routes", group="leak",
               help="do not leak subnet routes to the underlay BGP fabric (ovn-bgp extension "
                    "required)"),
        *tags.set_options("subnet"),
        *_common(create=False),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        subnet = self.find(args.subnet)
        attrs = _attrs(self, args, create=False)
        for key, clear, current in (
                ("dns_nameservers", args.no_dns_nameservers, subnet.dns_nameservers),
                ("host_routes", args.no_host_route, subnet.host_routes),
                ("allocation_pools", args.no_allocation_pool, subnet.allocation_pools)):
            if key in attrs:
                if not clear:
                    attrs[key] = attrs[key] + list(current or [])
            elif clear:
                attrs[key] = []
        if "service_types" in attrs:
            attrs["service_types"] = attrs["service_types"] + list(subnet.service_types or [])
        if args.leak_routes is not None:
            attrs["leak_routes"] = args.leak_routes
        attrs.update(extra_properties.values(args))
        if attrs:
            self.service.update_subnet(subnet, **attrs)
        tags.apply_set(self.service, subnet, args)
        return 0


def _without(current: list[Any], removed: list[Any], option: str) -> list[Any]:
    left = list(current or [])
    for item in removed:
        try:
            left.remove(item)
        except ValueError:
            raise exceptions.OstackError(
                f"Subnet does not contain {option} {item}") from None
    return left


class UnsetSubnet(ResourceSet):
    """Unset subnet properties."""

    name = "subnet unset"
    resource = RESOURCE
    options = (
        extra_properties.option(),
        Option("--allocation-pool", metavar="start=<ip-address>,end=<ip-address>",
               dest="allocation_pools", action=MultiKeyValueAction, default=None,
               required_keys=("start", "end"),
               help="allocation pool IP addresses to be removed from this subnet "
                    "(repeat option to unset multiple allocation pools)"),
        Option("--gateway", action="store_true", help="remove gateway IP from this subnet"),
        Option("--dns-nameserver", metavar="<dns-nameserver>", action="append",
               dest="dns_nameservers",
               help="DNS server to be removed from this subnet (repeatable)"),
        Option("--host-route", metavar="destination=<subnet>,gateway=<ip-address>",
               dest="host_routes", action=MultiKeyValueAction, default=None,
               required_keys=("destination", "gateway"),
               help="route to be removed from this subnet (repeatable)"),
        Option("--service-type", metavar="<service-type>", action="append",
               dest="service_types",
               help="service type to be removed from this subnet (repeatable)"),
        *tags.unset_options("subnet"),
        Arg("subnet", metavar="<subnet>", help="subnet to modify (name or ID)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        subnet = self.find(args.subnet)
        attrs: dict[str, Any] = {}
        if args.gateway:
            attrs["gateway_ip"] = None
        if args.dns_nameservers:
            attrs["dns_nameservers"] = _without(subnet.dns_nameservers, args.dns_nameservers,
                                                "dns-nameserver")
        if args.host_routes:
            attrs["host_routes"] = _without(subnet.host_routes, _to_nexthop(args.host_routes),
                                            "host-route")
        if args.allocation_pools:
            attrs["allocation_pools"] = _without(subnet.allocation_pools,
                                                 args.allocation_pools, "allocation-pool")
        if args.service_types:
            attrs["service_types"] = _without(subnet.service_types, args.service_types,
                                              "service-type")
        attrs.update(extra_properties.values(args, unset=True))
        if attrs:
            self.service.update_subnet(subnet, **attrs)
        tags.apply_unset(self.service, subnet, args)
        return 0
