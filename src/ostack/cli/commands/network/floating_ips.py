"""`floating ip create|delete|list|set|show|unset`, as the official client prints them
(`floating ip set --port --fixed-ip-address` associates it with a port)."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli import extra_properties, lookups, tags
from ostack.cli.columns import NullableDictColumn, ReprColumn
from ostack.cli.declare import Arg, Column, Option, marker_pagination, project_options
from ostack.cli.generic import (
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceSet,
    ResourceShow,
    ShowFields,
)

RESOURCE = "network.ip"


class FloatingIPFields(ShowFields):
    show_source = "dict"
    show_hidden = ("links", "location", "tenant_id")

    def show(self, resource: Any) -> dict[str, Any]:
        """Lists and mappings the official client leaves unformatted print as Python text."""
        data = super().show(resource)
        return {k: ReprColumn(v) if isinstance(v, (list, dict)) else v for k, v in data.items()}


def _ids(conn: Any, what: str, names: list[str] | None) -> list[str] | None:
    return None if names is None else [lookups.find_id(conn, what, n) for n in names]


class CreateFloatingIP(FloatingIPFields, ResourceCreate):
    """Create floating IP."""

    name = "floating ip create"
    resource = RESOURCE
    options = (
        extra_properties.option(),
        Arg("network", metavar="<network>",
            help="network to allocate floating IP from (name or ID)"),
        Option("--subnet", metavar="<subnet>", body="subnet_id", lookup="network.subnet",
               help="subnet on which you want to create the floating IP (name or ID)"),
        Option("--port", metavar="<port>", body="port_id", lookup="network.port",
               help="port to be associated with the floating IP (name or ID)"),
        Option("--router", metavar="<router>", body="router_id", lookup="network.router",
               help="router hosting the floating IP (name or ID)"),
        Option("--floating-ip-address", metavar="<ip-address>", dest="floating_ip_address",
               body="floating_ip_address", help="floating IP address"),
        Option("--fixed-ip-address", metavar="<ip-address>", dest="fixed_ip_address",
               body="fixed_ip_address", help="fixed IP address mapped to the floating IP"),
        Option("--qos-policy", metavar="<qos-policy>", body="qos_policy_id",
               lookup="network.qos_policy",
               help="attach QoS policy to the floating IP (name or ID)"),
        Option("--description", metavar="<description>", help="set floating IP description"),
        *project_options("owner's project (name or ID)"),
        Option("--dns-domain", metavar="<dns-domain>", dest="dns_domain", body="dns_domain",
               help="set DNS domain for this floating IP"),
        Option("--dns-name", metavar="<dns-name>", dest="dns_name", body="dns_name",
               help="set DNS name for this floating IP"),
        *tags.create_options("floating IP"),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        attrs = {k: v for k, v in super().attrs(args).items() if v != ""}
        attrs["floating_network_id"] = lookups.find_id(self.conn, "network.network",
                                                       args.network)
        if args.description is not None:
            attrs["description"] = args.description
        if args.project:
            attrs["project_id"] = lookups.project_id(self.conn, args.project,
                                                     args.project_domain)
        attrs.update(extra_properties.values(args))
        return attrs

    def create(self, args: argparse.Namespace, attrs: dict[str, Any]) -> Any:
        return tags.apply_set(self.service, super().create(args, attrs), args)


class DeleteFloatingIP(ResourceDelete):
    """Delete floating IP(s)."""

    name = "floating ip delete"
    resource = RESOURCE
    failure = "Failed to delete floating IP with name or ID '{name}': {error}"
    summary = "{failed} of {total} floating IPs failed to delete."
    options = (Arg("floating_ip", metavar="<floating-ip>", nargs="+",
                   help="floating IP(s) to delete (IP address or ID)"),)


class ListFloatingIP(ResourceList):
    """List floating IP(s)."""

    name = "floating ip list"
    resource = RESOURCE
    limit_is_page_size = True
    columns = (Column("ID", "id"), Column("Floating IP Address", "floating_ip_address"),
               Column("Fixed IP Address", "fixed_ip_address"), Column("Port", "port_id"),
               Column("Floating Network", "floating_network_id"),
               Column("Project", "project_id"))
    long_columns = (Column("Router", "router_id"), Column("Status", "status"),
                    Column("Description", "description"), Column("Tags", "tags", ReprColumn),
                    Column("DNS Name", "dns_name"), Column("DNS Domain", "dns_domain"))
    options = (
        Option("--network", metavar="<network>", dest="networks", action="append",
               help="list only floating IP(s) with the specified network (name or ID) "
                    "(repeatable)"),
        Option("--port", metavar="<port>", dest="ports", action="append",
               help="list only floating IP(s) with the specified port (name or ID) "
                    "(repeatable)"),
        Option("--fixed-ip-address", metavar="<ip-address>", query="fixed_ip_address",
               help="list only floating IP(s) with the specified fixed IP address"),
        Option("--floating-ip-address", metavar="<ip-address>", query="floating_ip_address",
               help="list only floating IP(s) with the specified floating IP address"),
        Option("--status", metavar="<status>", choices=["ACTIVE", "DOWN"], query="status",
               help="list only floating IP(s) with the specified status ('ACTIVE', 'DOWN')"),
        *project_options("list only floating IP(s) with the specified project (name or ID)"),
        Option("--router", metavar="<router>", dest="routers", action="append",
               help="list only floating IP(s) with the specified router (name or ID) "
                    "(repeatable)"),
        *tags.list_options("floating IP"),
        *marker_pagination(),
    )

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        query = super().query(args)
        for key, what, names in (("floating_network_id", "network.network", args.networks),
                                 ("port_id", "network.port", args.ports),
                                 ("router_id", "network.router", args.routers)):
            ids = _ids(self.conn, what, names)
            if ids is not None:
                query[key] = ids
        query["project_id"] = lookups.project_of(self.conn, args)
        return query


class ShowFloatingIP(FloatingIPFields, ResourceShow):
    """Display floating IP details."""

    name = "floating ip show"
    resource = RESOURCE

    def show(self, resource: Any) -> dict[str, Any]:
        data = super().show(resource)
        data["port_details"] = NullableDictColumn(resource.port_details)
        return data
    options = (Arg("floating_ip", metavar="<floating-ip>",
                   help="floating IP to display (IP address or ID)"),)


class SetFloatingIP(ResourceSet):
    """Set floating IP properties."""

    name = "floating ip set"
    resource = RESOURCE
    options = (
        extra_properties.option(),
        Arg("floating_ip", metavar="<floating-ip>",
            help="floating IP to modify (IP address or ID)"),
        Option("--port", metavar="<port>", body="port_id", lookup="network.port",
               help="associate the floating IP with port (name or ID)"),
        Option("--router", metavar="<router>", body="router_id", lookup="network.router",
               help="router hosting the floating IP (name or ID)"),
        Option("--fixed-ip-address", metavar="<ip-address>", dest="fixed_ip_address",
               help="fixed IP of the port (required only if port has multiple IPs)"),
        Option("--description", metavar="<description>", help="set floating IP description"),
        Option("--qos-policy", metavar="<qos-policy>", group="qos", body="qos_policy_id",
               lookup="network.qos_policy",
               help="attach QoS policy to the floating IP (name or ID)"),
        Option("--no-qos-policy", action="store_true", group="qos",
               help="remove the QoS policy attached to the floating IP"),
        *tags.set_options("floating IP"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        ip = self.find(args.floating_ip)
        attrs = {k: v for k, v in self.mapped(args, "body").items() if v != ""}
        if args.fixed_ip_address:
            attrs["fixed_ip_address"] = args.fixed_ip_address
        if args.description:
            attrs["description"] = args.description
        if args.no_qos_policy:
            attrs["qos_policy_id"] = None
        attrs.update(extra_properties.values(args))
        if attrs:
            self.service.update_ip(ip, **attrs)
        tags.apply_set(self.service, ip, args)
        return 0


class UnsetFloatingIP(ResourceSet):
    """Unset floating IP properties."""

    name = "floating ip unset"
    resource = RESOURCE
    options = (
        extra_properties.option(),
        Arg("floating_ip", metavar="<floating-ip>",
            help="floating IP to disassociate (IP address or ID)"),
        Option("--port", action="store_true",
               help="disassociate any port associated with the floating IP"),
        Option("--qos-policy", action="store_true",
               help="remove the QoS policy attached to the floating IP"),
        *tags.unset_options("floating IP"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        ip = self.find(args.floating_ip)
        attrs: dict[str, Any] = {}
        if args.port:
            attrs["port_id"] = None
        if args.qos_policy:
            attrs["qos_policy_id"] = None
        attrs.update(extra_properties.values(args))
        if attrs:
            self.service.update_ip(ip, **attrs)
        tags.apply_unset(self.service, ip, args)
        return 0
