"""`identity provider create|delete|list|set|show`, as the official client prints them."""

from __future__ import annotations

import argparse
from typing import Any

from ostack import exceptions
from ostack.cli import lookups
from ostack.cli.columns import ListColumn
from ostack.cli.declare import Arg, Column, Option
from ostack.cli.generic import (
    ResourceCommand,
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceShow,
)

RESOURCE = "identity.identity_provider"
SHOW = (Column("authorization_ttl"), Column("description"), Column("domain_id"),
        Column("enabled", "is_enabled"), Column("id", "name"),
        Column("remote_ids", "remote_ids", ListColumn))


def _remote_id_options(verb: str) -> tuple[Option, ...]:
    return (
        Option("--remote-id", metavar="<remote-id>", dest="remote_ids", action="append",
               group="remote", help=f"remote IDs to {verb} the identity provider (repeat "
                                    "option to provide multiple values)"),
        Option("--remote-id-file", metavar="<file-name>", group="remote",
               help="name of a file that contains many remote IDs to associate with the "
                    "identity provider, one per line"),
    )


def _read_file(path: str) -> str:
    """A file's text without surrounding blanks (osc-lib's error when it cannot be read)."""
    try:
        with open(path) as handle:
            return handle.read().strip()
    except OSError:
        raise exceptions.OstackError(f"Error occurred trying to read from file {path}") \
            from None


def _common_attrs(args: argparse.Namespace) -> dict[str, Any]:
    attrs: dict[str, Any] = {}
    if args.description:
        attrs["description"] = args.description
    if args.remote_id_file:
        attrs["remote_ids"] = [line.strip() for line in
                               _read_file(args.remote_id_file).splitlines()]
    elif args.remote_ids:
        attrs["remote_ids"] = args.remote_ids
    ttl = args.authorization_ttl
    if ttl is not None:
        if ttl < 0:
            raise exceptions.OstackError("authorization-ttl must be positive integer or zero.")
        attrs["authorization_ttl"] = ttl
    return attrs


TTL = Option("--authorization-ttl", metavar="<authorization-ttl>", type=int,
             help="time to keep the role assignments for users authenticating via this "
                  "identity provider (Identity API 3.14 and later)")


class CreateIdentityProvider(ResourceCreate):
    """Create new identity provider."""

    name = "identity provider create"
    resource = RESOURCE
    show_columns = SHOW
    options = (
        Arg("identity_provider_id", metavar="<name>",
            help="new identity provider name (must be unique)"),
        *_remote_id_options("associate with"),
        Option("--description", metavar="<description>",
               help="new identity provider description"),
        Option("--domain", metavar="<domain>",
               help="domain to associate with the identity provider; if not specified, a "
                    "domain will be created automatically (name or ID)"),
        TTL,
        Option("--enable", dest="enabled", action="store_true", default=True, group="enable",
               help="enable identity provider (default)"),
        Option("--disable", dest="enabled", action="store_false", group="enable",
               help="disable the identity provider"),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        attrs = {"is_enabled": args.enabled, "id": args.identity_provider_id,
                 **_common_attrs(args)}
        if args.domain:
            attrs["domain_id"] = _domain_id(self.conn, args.domain)
        return attrs


def _domain_id(conn: Any, domain: str) -> str:
    """The domain's ID; the name as given when it cannot be found or read (the official
    client does not insist)."""
    try:
        return lookups.find_id(conn, "identity.domain", domain)
    except (exceptions.NotFound, exceptions.Forbidden):
        return domain


class DeleteIdentityProvider(ResourceDelete):
    """Delete identity provider(s)."""

    name = "identity provider delete"
    resource = RESOURCE
    options = (Arg("identity_provider", metavar="<identity-provider>", nargs="+",
                   help="identity provider(s) to delete"),)

    def delete(self, args: argparse.Namespace, name: str) -> Any:
        # As the official client: by ID, and a missing one is no failure.
        self.service.delete_identity_provider(name, ignore_missing=True)


class ListIdentityProvider(ResourceList):
    """List identity providers."""

    name = "identity provider list"
    resource = RESOURCE
    columns = (Column("ID", "id"), Column("Enabled", "is_enabled"),
               Column("Domain ID", "domain_id"), Column("Description", "description"))
    options = (
        Option("--id", metavar="<id>", query="id", help="filter identity providers by ID"),
        Option("--enabled", action="store_true", help="list only enabled identity providers"),
    )

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        query = super().query(args)
        if args.enabled:
            query["is_enabled"] = True
        return query


class SetIdentityProvider(ResourceCommand):
    """Set identity provider properties."""

    name = "identity provider set"
    resource = RESOURCE
    options = (
        Arg("identity_provider", metavar="<identity-provider>",
            help="identity provider to modify"),
        Option("--description", metavar="<description>",
               help="set identity provider description"),
        *_remote_id_options("associate with"),
        TTL,
        Option("--enable", action="store_true", group="enable",
               help="enable the identity provider"),
        Option("--disable", action="store_true", group="enable",
               help="disable the identity provider"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        attrs = _common_attrs(args)
        if args.enable:
            attrs["is_enabled"] = True
        if args.disable:
            attrs["is_enabled"] = False
        if attrs:  # nothing to change: no request, as the official client
            self.service.update_identity_provider(args.identity_provider, **attrs)
        return 0


class ShowIdentityProvider(ResourceShow):
    """Display identity provider details."""

    name = "identity provider show"
    resource = RESOURCE
    show_columns = SHOW
    options = (Arg("identity_provider", metavar="<identity-provider>",
                   help="identity provider to display"),)

    def fetch(self, args: argparse.Namespace) -> Any:
        return self.service.get_identity_provider(args.identity_provider)
