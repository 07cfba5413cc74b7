"""`domain create|delete|list|set|show`, as the official client prints them."""

from __future__ import annotations

import argparse
from typing import Any

from ostack import exceptions
from ostack.cli.columns import ReprColumn
from ostack.cli.declare import Arg, Column, Option
from ostack.cli.generic import (
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceSet,
    ResourceShow,
    ShowFields,
)
from ostack.cli.identity_fields import enable_options, immutable_options

RESOURCE = "identity.domain"


class DomainFields(ShowFields):
    show_columns = (Column("id"), Column("name"), Column("enabled", "is_enabled"),
                    Column("description"), Column("options", formatter=ReprColumn))


class CreateDomain(DomainFields, ResourceCreate):
    """Create new domain."""

    name = "domain create"
    resource = RESOURCE
    options = (
        Arg("name", metavar="<domain-name>", help="new domain name"),
        Option("--description", metavar="<description>", help="new domain description"),
        *enable_options(True, "domain (default)"),
        Option("--or-show", action="store_true", help="return existing domain"),
        *immutable_options(),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        options = {} if args.immutable is None else {"immutable": args.immutable}
        try:
            domain = self.service.create_domain(
                name=args.name, description=args.description, options=options,
                is_enabled=args.enabled)
        except exceptions.Conflict:
            if not args.or_show:
                raise
            domain = self.find(args.name)
        return self.show(domain)


class DeleteDomain(ResourceDelete):
    """Delete domain(s)."""

    name = "domain delete"
    resource = RESOURCE
    options = (Arg("domain", metavar="<domain>", nargs="+",
                   help="domain(s) to delete (name or ID)"),)


class ListDomain(ResourceList):
    """List domains."""

    name = "domain list"
    resource = RESOURCE
    columns = (Column("ID", "id"), Column("Name", "name"), Column("Enabled", "is_enabled"),
               Column("Description", "description"))
    options = (
        Option("--name", metavar="<name>", query="name",
               help="the domain name (also used by the official client's filter)"),
        Option("--enabled", action="store_true", query="is_enabled",
               help="the domains that are enabled will be returned"),
    )


class SetDomain(ResourceSet):
    """Set domain properties."""

    name = "domain set"
    resource = RESOURCE
    options = (
        Arg("domain", metavar="<domain>", help="domain to modify (name or ID)"),
        Option("--name", metavar="<name>", help="new domain name"),
        Option("--description", metavar="<description>", help="new domain description"),
        *enable_options(None, "domain"),
        *immutable_options(),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        attrs: dict[str, Any] = {}
        if args.name:
            attrs["name"] = args.name
        if args.description:
            attrs["description"] = args.description
        if args.enabled is not None:
            attrs["is_enabled"] = args.enabled
        if args.immutable is not None:
            attrs["options"] = {"immutable": args.immutable}
        return attrs


class ShowDomain(DomainFields, ResourceShow):
    """Display domain details."""

    name = "domain show"
    resource = RESOURCE
    options = (Arg("domain", metavar="<domain>", help="domain to display (name or ID)"),)
