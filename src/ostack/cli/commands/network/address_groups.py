"""`address group create|delete|list|set|show|unset`, as the official client prints them
(addresses are sent as CIDRs: `10.0.0.1` -> `10.0.0.1/32`)."""

from __future__ import annotations

import argparse
import ipaddress
from typing import Any

from ostack import exceptions
from ostack.cli import extra_properties, lookups
from ostack.cli.columns import ReprColumn
from ostack.cli.declare import Arg, Column, Option, marker_pagination, project_options
from ostack.cli.generic import (
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceSet,
    ResourceShow,
    ShowFields,
)

RESOURCE = "network.address_group"


def _cidrs(addresses: list[str]) -> list[str]:
    try:
        return [str(ipaddress.ip_interface(address)) for address in addresses]
    except ValueError as exc:
        raise exceptions.OstackError(str(exc)) from None


class GroupFields(ShowFields):
    show_source = "dict"
    show_hidden = ("location", "tenant_id", "links")
    show_formatters = {"addresses": ReprColumn}


def _address_option(verb: str) -> Option:
    return Option("--address", metavar="<ip-address>", action="append", default=[],
                  help=f"IP address or CIDR (repeat option to {verb} multiple addresses)")


class CreateAddressGroup(GroupFields, ResourceCreate):
    """Create a new Address Group."""

    name = "address group create"
    resource = RESOURCE
    options = (
        Arg("name", metavar="<name>", help="new address group name"),
        Option("--description", metavar="<description>",
               help="new address group description"),
        _address_option("set"),
        *project_options("owner's project (name or ID)"),
        extra_properties.option(),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        attrs: dict[str, Any] = {"name": args.name}
        if args.description:
            attrs["description"] = args.description
        attrs["addresses"] = _cidrs(args.address)
        if args.project is not None:
            attrs["project_id"] = lookups.project_id(self.conn, args.project,
                                                     args.project_domain)
        attrs.update(extra_properties.values(args))
        return attrs


class DeleteAddressGroup(ResourceDelete):
    """Delete address group(s)."""

    name = "address group delete"
    resource = RESOURCE
    options = (Arg("address_group", metavar="<address-group>", nargs="+",
                   help="address group(s) to delete (name or ID)"),)


class ListAddressGroup(ResourceList):
    """List address groups."""

    name = "address group list"
    resource = RESOURCE
    limit_is_page_size = True
    columns = (Column("ID", "id"), Column("Name", "name"), Column("Description", "description"),
               Column("Project", "project_id"), Column("Addresses", "addresses", ReprColumn))
    options = (
        Option("--name", metavar="<name>", query="name",
               help="list only address groups with the specified name"),
        *project_options("list only address groups with the specified project (name or ID)"),
        *marker_pagination(),
    )

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        query = super().query(args)
        if args.project is not None:
            query["project_id"] = lookups.project_id(self.conn, args.project,
                                                     args.project_domain)
        return query


class SetAddressGroup(ResourceSet):
    """Set address group properties."""

    name = "address group set"
    resource = RESOURCE
    options = (
        Arg("address_group", metavar="<address-group>",
            help="address group to modify (name or ID)"),
        Option("--name", metavar="<name>", body="name", help="set address group name"),
        Option("--description", metavar="<description>", body="description",
               help="set address group description"),
        _address_option("set"),
        extra_properties.option(),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        group = self.find(args.address_group)
        attrs = {**self.mapped(args, "body"), **extra_properties.values(args)}
        attrs.pop("addresses", None)
        if attrs:
            self.service.update_address_group(group, **attrs)
        if args.address:
            self.service.add_addresses_to_address_group(group, _cidrs(args.address))
        return 0


class ShowAddressGroup(GroupFields, ResourceShow):
    """Display address group details."""

    name = "address group show"
    resource = RESOURCE
    options = (Arg("address_group", metavar="<address-group>",
                   help="address group to display (name or ID)"),)


class UnsetAddressGroup(ResourceSet):
    """Unset address group properties."""

    name = "address group unset"
    resource = RESOURCE
    options = (
        Arg("address_group", metavar="<address-group>",
            help="address group to modify (name or ID)"),
        _address_option("unset"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        group = self.find(args.address_group)
        if args.address:
            self.service.remove_addresses_from_address_group(group, _cidrs(args.address))
        return 0
