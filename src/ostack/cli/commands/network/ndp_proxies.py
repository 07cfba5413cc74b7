"""`router ndp proxy create|delete|list|set|show`, as the official client prints them."""

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

RESOURCE = "network.ndp_proxy"


class ProxyFields:
    show_source = "dict"
    show_hidden = ("links", "location")


class CreateNDPProxy(ProxyFields, ResourceCreate):
    """Create NDP proxy."""

    name = "router ndp proxy create"
    resource = RESOURCE
    options = (
        Arg("router", metavar="<router>",
            help="router to associate with this NDP proxy (name or ID)"),
        Option("--name", metavar="<name>", help="new NDP proxy name"),
        Option("--port", metavar="<port>", required=True,
               help="port to associate with this NDP proxy (name or ID)"),
        Option("--ip-address", metavar="<ip-address>",
               help="the IPv6 address that is to be proxied; in case the port has multiple "
                    "addresses assigned, use this option to select which address is to be "
                    "used"),
        Option("--description", metavar="<description>",
               help="text to describe/contextualize the use of the NDP proxy configuration"),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        # the official client sends the name even when none is given (null)
        attrs: dict[str, Any] = {"name": args.name,
                                 "router_id": lookups.find_id(self.conn, "network.router",
                                                              args.router)}
        if args.ip_address:
            attrs["ip_address"] = args.ip_address
        attrs["port_id"] = lookups.find_id(self.conn, "network.port", args.port)
        if args.description is not None:
            attrs["description"] = args.description
        return attrs


class DeleteNDPProxy(ResourceDelete):
    """Delete NDP proxy."""

    name = "router ndp proxy delete"
    resource = RESOURCE
    failure = "Failed to delete NDP proxy '{name}': {error}"
    summary = "{failed} of {total} NDP proxies failed to delete."
    options = (Arg("ndp_proxy", metavar="<ndp-proxy>", nargs="+",
                   help="NDP proxy(s) to delete (name or ID)"),)


class ListNDPProxy(ResourceList):
    """List NDP proxies."""

    name = "router ndp proxy list"
    resource = RESOURCE
    columns = (Column("ID", "id"), Column("Name", "name"), Column("Router ID", "router_id"),
               Column("IP Address", "ip_address"), Column("Project", "project_id"))
    options = (
        Option("--router", metavar="<router>",
               help="list only NDP proxies associated with the specifed router (name or ID)"),
        Option("--port", metavar="<port>",
               help="list only NDP proxies associated with the specified port (name or ID)"),
        Option("--ip-address", metavar="<ip-address>",
               help="list only NDP proxies associated with the specified IPv6 address"),
        *project_options("list only NDP proxies with the specified project (name or ID)"),
        Option("--name", metavar="<name>",
               help="list only NDP proxies with the specified name"),
    )

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        query: dict[str, Any] = {}
        if args.router:
            query["router_id"] = lookups.find_id(self.conn, "network.router", args.router)
        if args.port:
            query["port_id"] = lookups.find_id(self.conn, "network.port", args.port)
        if args.ip_address is not None:
            query["ip_address"] = args.ip_address
        if args.project:
            query["project_id"] = lookups.project_id(self.conn, args.project,
                                                     args.project_domain)
        if args.name:
            query["name"] = args.name
        return query


class SetNDPProxy(ResourceSet):
    """Set NDP proxy properties."""

    name = "router ndp proxy set"
    resource = RESOURCE
    options = (
        Arg("ndp_proxy", metavar="<ndp-proxy>", help="the ID or name of the NDP proxy to update"),
        Option("--name", metavar="<name>", body="name", help="set NDP proxy name"),
        Option("--description", metavar="<description>", body="description",
               help="text to describe/contextualize the use of the NDP proxy configuration"),
    )


class ShowNDPProxy(ProxyFields, ResourceShow):
    """Display NDP proxy details."""

    name = "router ndp proxy show"
    resource = RESOURCE
    options = (Arg("ndp_proxy", metavar="<ndp-proxy>", help="the ID or name of the NDP proxy"),)
