"""`policy create|delete|list|set|show`: Keystone's policy documents (a blob of a type)."""

from __future__ import annotations

import argparse
from typing import Any

from ostack import exceptions
from ostack.cli import lookups
from ostack.cli.declare import Arg, Column, Option
from ostack.cli.generic import (
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceSet,
    ResourceShow,
)

RESOURCE = "identity.policy"
SHOWN = (Column("id", "id"), Column("rules", "blob"), Column("type", "type"))


def read_rules(path: str) -> str:
    """A rules file's text, stripped, as the official client reads it."""
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read().strip()
    except OSError:
        raise exceptions.OstackError(f"Error occurred trying to read from file {path}") from None


class CreatePolicy(ResourceCreate):
    """Create new policy."""

    name = "policy create"
    resource = RESOURCE
    show_columns = SHOWN
    options = (
        Option("--type", metavar="<type>", default="application/json", body="type",
               help="new MIME type of the policy rules file (defaults to application/json)"),
        Arg("rules", metavar="<filename>", help="new serialized policy rules file"),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        return {"blob": read_rules(args.rules), **super().attrs(args)}


class DeletePolicy(ResourceDelete):
    """Delete policy(s)."""

    name = "policy delete"
    resource = RESOURCE
    summary = "{failed} of {total} policies failed to delete."
    options = (Arg("policy", metavar="<policy>", nargs="+", help="policy(s) to delete"),)

    def delete(self, args: argparse.Namespace, name: str) -> Any:
        return self.service.delete_policy(name, ignore_missing=False)


class ListPolicy(ResourceList):
    """List policies."""

    name = "policy list"
    resource = RESOURCE
    columns = (Column("ID", "id"), Column("Type", "type"))
    long_columns = (Column("Rules", "blob"),)


class SetPolicy(ResourceSet):
    """Set policy properties."""

    name = "policy set"
    resource = RESOURCE
    options = (
        Arg("policy", metavar="<policy>", help="policy to modify"),
        Option("--type", metavar="<type>", body="type",
               help="new MIME type of the policy rules file"),
        Option("--rules", metavar="<filename>", help="new serialized policy rules file"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        attrs = {k: v for k, v in self.attrs(args).items() if v}
        if args.rules:
            attrs["blob"] = read_rules(args.rules)
        lookups.method(self.conn, self.resource, "update")(args.policy, **attrs)
        return 0


class ShowPolicy(ResourceShow):
    """Display policy details."""

    name = "policy show"
    resource = RESOURCE
    show_columns = SHOWN
    options = (Arg("policy", metavar="<policy>", help="policy to display"),)

    def fetch(self, args: argparse.Namespace) -> Any:
        return self.service.get_policy(args.policy)
