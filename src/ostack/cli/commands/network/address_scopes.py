"""`address scope create|delete|list|set|show`, as the official client prints them."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli import extra_properties, lookups
from ostack.cli.declare import Arg, Column, Option, marker_pagination, project_options
from ostack.cli.generic import (
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceSet,
    ResourceShow,
    ShowFields,
)

RESOURCE = "network.address_scope"


class ScopeFields(ShowFields):
    show_source = "dict"
    show_rename = {"is_shared": "shared"}
    show_hidden = ("location", "tenant_id", "links")


def _share(args: argparse.Namespace) -> dict[str, Any]:
    if args.share:
        return {"is_shared": True}
    if args.no_share:
        return {"is_shared": False}
    return {}


def _share_options(default_text: str) -> tuple[Option, ...]:
    return (
        Option("--share", action="store_true", group="share",
               help="share the address scope between projects"),
        Option("--no-share", action="store_true", group="share",
               help=f"do not share the address scope between projects{default_text}"),
    )


class CreateAddressScope(ScopeFields, ResourceCreate):
    """Create a new Address Scope."""

    name = "address scope create"
    resource = RESOURCE
    options = (
        Arg("name", metavar="<name>", help="new address scope name"),
        Option("--ip-version", type=int, default=4, choices=[4, 6],
               help="IP version (default is 4)"),
        *project_options("owner's project (name or ID)"),
        *_share_options(" (default)"),
        extra_properties.option(),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        attrs: dict[str, Any] = {"name": args.name, "ip_version": args.ip_version,
                                 **_share(args)}
        if args.project is not None:
            attrs["project_id"] = lookups.project_id(self.conn, args.project,
                                                     args.project_domain)
        attrs.update(extra_properties.values(args))
        return attrs


class DeleteAddressScope(ResourceDelete):
    """Delete address scope(s)."""

    name = "address scope delete"
    resource = RESOURCE
    options = (Arg("address_scope", metavar="<address-scope>", nargs="+",
                   help="address scope(s) to delete (name or ID)"),)


class ListAddressScope(ResourceList):
    """List address scopes."""

    name = "address scope list"
    resource = RESOURCE
    limit_is_page_size = True
    columns = (Column("ID", "id"), Column("Name", "name"), Column("IP Version", "ip_version"),
               Column("Shared", "is_shared"), Column("Project", "project_id"))
    options = (
        Option("--name", metavar="<name>", query="name",
               help="list only address scopes with the specified name"),
        Option("--ip-version", type=int, choices=[4, 6], metavar="<ip-version>",
               query="ip_version",
               help="list only address scopes with the specified IP version networks "
                    "(4 or 6)"),
        *project_options("list only address scopes with the specified project (name or ID)"),
        *marker_pagination(),
        Option("--share", action="store_true", group="share",
               help="list only address scopes shared between projects"),
        Option("--no-share", action="store_true", group="share",
               help="list only address scopes not shared between projects"),
    )

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        query = {**super().query(args), **_share(args)}
        if args.project is not None:
            query["project_id"] = lookups.project_id(self.conn, args.project,
                                                     args.project_domain)
        return query


class SetAddressScope(ResourceSet):
    """Set address scope properties."""

    name = "address scope set"
    resource = RESOURCE
    options = (
        Arg("address_scope", metavar="<address-scope>",
            help="address scope to modify (name or ID)"),
        Option("--name", metavar="<name>", body="name", help="set address scope name"),
        *_share_options(""),
        extra_properties.option(),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        scope = self.find(args.address_scope)
        attrs = {**self.mapped(args, "body"), **_share(args), **extra_properties.values(args)}
        self.service.update_address_scope(scope, **attrs)
        return 0


class ShowAddressScope(ScopeFields, ResourceShow):
    """Display address scope details."""

    name = "address scope show"
    resource = RESOURCE
    options = (Arg("address_scope", metavar="<address-scope>",
                   help="address scope to display (name or ID)"),)
