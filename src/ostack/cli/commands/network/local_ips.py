"""`local ip create|delete|list|set|show`, as the official client prints them (its create
offers `--project-domain` but no `--project`)."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli import lookups
from ostack.cli.declare import Arg, Column, Option, project_options
from ostack.cli.generic import (
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceSet,
    ResourceShow,
)

RESOURCE = "network.local_ip"
PROJECT_DOMAIN = project_options("")[1]


class LocalIPFields:
    show_source = "dict"
    show_hidden = ("links", "location", "tenant_id")


def _filters(conn: Any, args: argparse.Namespace) -> dict[str, Any]:
    """What create sends and list filters on, from the options given."""
    attrs: dict[str, Any] = {}
    if args.name:
        attrs["name"] = args.name
    if getattr(args, "description", None):
        attrs["description"] = args.description
    if getattr(args, "project", None) is not None:
        attrs["project_id"] = lookups.project_id(conn, args.project, args.project_domain)
    if args.network:
        attrs["network_id"] = lookups.find_id(conn, "network.network", args.network)
    if args.local_port:
        attrs["local_port_id"] = lookups.find_id(conn, "network.port", args.local_port)
    if args.local_ip_address:
        attrs["local_ip_address"] = args.local_ip_address
    if args.ip_mode:
        attrs["ip_mode"] = args.ip_mode
    return attrs


class CreateLocalIP(LocalIPFields, ResourceCreate):
    """Create Local IP."""

    name = "local ip create"
    resource = RESOURCE
    options = (
        Option("--name", metavar="<name>", help="new Local IP name"),
        Option("--description", metavar="<description>", help="description for Local IP"),
        Option("--network", metavar="<network>",
               help="network to allocate Local IP from (name or ID)"),
        Option("--local-port", metavar="<local-port>",
               help="port to allocate Local IP from (name or ID)"),
        Option("--local-ip-address", metavar="<local-ip-address>",
               help="IP address or CIDR for Local IP"),
        Option("--ip-mode", metavar="<ip-mode>", help="IP mode to use for Local IP"),
        PROJECT_DOMAIN,
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        return _filters(self.conn, args)


class DeleteLocalIP(ResourceDelete):
    """Delete Local IP(s)."""

    name = "local ip delete"
    resource = RESOURCE
    failure = "Failed to delete Local IP with name or ID '{name}': {error}"
    summary = "{failed} of {total} local IPs failed to delete."
    options = (Arg("local_ip", metavar="<local-ip>", nargs="+",
                   help="local IP(s) to delete (name or ID)"),)


class ListLocalIP(ResourceList):
    """List Local IPs."""

    name = "local ip list"
    resource = RESOURCE
    columns = (Column("ID", "id"), Column("Name", "name"), Column("Description", "description"),
               Column("Project", "project_id"), Column("Local Port ID", "local_port_id"),
               Column("Network", "network_id"), Column("Local IP address", "local_ip_address"),
               Column("IP mode", "ip_mode"))
    options = (
        Option("--name", metavar="<name>", help="list only local IP(s) with the specified name"),
        *project_options("list only local IP(s) with the specified project (name or ID)"),
        Option("--network", metavar="<network>",
               help="list only local IP(s) with the specified network (name or ID)"),
        Option("--local-port", metavar="<local-port>",
               help="list only local IP(s) with the specified port (name or ID)"),
        Option("--local-ip-address", metavar="<local-ip-address>",
               help="list only local IP(s) with the specified IP address"),
        Option("--ip-mode", metavar="<ip_mode>",
               help="list only local IP(s) with the specified IP mode"),
    )

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        return _filters(self.conn, args)


class SetLocalIP(ResourceSet):
    """Set Local IP properties."""

    name = "local ip set"
    resource = RESOURCE
    options = (
        Arg("local_ip", metavar="<local-ip>", help="local IP to modify (name or ID)"),
        Option("--name", metavar="<name>", body="name", help="set local IP name"),
        Option("--description", metavar="<description>", body="description",
               help="set Local IP description"),
    )


class ShowLocalIP(LocalIPFields, ResourceShow):
    """Display Local IP details."""

    name = "local ip show"
    resource = RESOURCE
    options = (Arg("local_ip", metavar="<local-ip>", help="local IP to display (name or ID)"),)
