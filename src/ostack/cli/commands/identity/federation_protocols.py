"""`federation protocol create|delete|list|set|show`: the protocols of an identity
provider."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli.declare import Arg, Column, Option
from ostack.cli.generic import (
    ResourceCommand,
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceShow,
)

RESOURCE = "identity.federation_protocol"
SHOW = (Column("id", "name"), Column("identity_provider", "idp_id"),
        Column("mapping", "mapping_id"))


def _idp(help_text: str) -> Option:
    return Option("--identity-provider", metavar="<identity-provider>", required=True,
                  help=help_text)


SUPPORTS = "identity provider that supports <federation-protocol> (name or ID) (required)"


class CreateProtocol(ResourceCreate):
    """Create new federation protocol."""

    name = "federation protocol create"
    resource = RESOURCE
    show_columns = SHOW
    options = (
        Arg("federation_protocol", metavar="<name>",
            help="new federation protocol name (must be unique per identity provider)"),
        _idp("identity provider that will support the new federation protocol (name or ID) "
             "(required)"),
        Option("--mapping", metavar="<mapping>", required=True,
               help="mapping that is to be used (name or ID) (required)"),
    )

    def create(self, args: argparse.Namespace, attrs: dict[str, Any]) -> Any:
        return self.service.create_federation_protocol(
            args.identity_provider, id=args.federation_protocol, mapping_id=args.mapping)


class DeleteProtocol(ResourceDelete):
    """Delete federation protocol(s)."""

    name = "federation protocol delete"
    resource = RESOURCE
    options = (
        Arg("federation_protocol", metavar="<federation-protocol>", nargs="+",
            help="federation protocol(s) to delete (name or ID)"),
        _idp(SUPPORTS),
    )

    def delete(self, args: argparse.Namespace, name: str) -> Any:
        self.service.delete_federation_protocol(args.identity_provider, name,
                                                ignore_missing=False)


class ListProtocols(ResourceList):
    """List federation protocols."""

    name = "federation protocol list"
    resource = RESOURCE
    columns = (Column("id", "id"), Column("mapping", "mapping_id"))
    options = (_idp("identity provider to list (name or ID) (required)"),)

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        return self.service.federation_protocols(args.identity_provider)


class SetProtocol(ResourceCommand):
    """Set federation protocol properties.

    The official client's command prints nothing and exits 1 after a successful update (it
    hands its table to the exit code); this one exits 0.
    """

    name = "federation protocol set"
    resource = RESOURCE
    options = (
        Arg("federation_protocol", metavar="<name>", help="federation protocol to modify "
                                                         "(name or ID)"),
        _idp(SUPPORTS),
        Option("--mapping", metavar="<mapping>", help="mapping that is to be used "
                                                      "(name or ID)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        if args.mapping:  # nothing to change: no request
            self.service.update_federation_protocol(
                args.identity_provider, args.federation_protocol, mapping_id=args.mapping)
        return 0


class ShowProtocol(ResourceShow):
    """Display federation protocol details."""

    name = "federation protocol show"
    resource = RESOURCE
    show_columns = SHOW
    options = (
        Arg("federation_protocol", metavar="<federation-protocol>",
            help="federation protocol to display (name or ID)"),
        _idp(SUPPORTS),
    )

    def fetch(self, args: argparse.Namespace) -> Any:
        return self.service.get_federation_protocol(args.identity_provider,
                                                    args.federation_protocol)
