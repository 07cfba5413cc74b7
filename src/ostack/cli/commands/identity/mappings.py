"""`mapping create|delete|list|set|show`: federation mapping rules, read from a JSON file."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ostack import exceptions
from ostack.cli.columns import ReprColumn
from ostack.cli.declare import Arg, Column, Option
from ostack.cli.generic import (
    ResourceCommand,
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceShow,
)

RESOURCE = "identity.mapping"
SHOW = (Column("id"), Column("rules", "rules", ReprColumn), Column("schema_version"))


def _rules(path: str | None) -> Any:
    """The rules in a JSON file (the official client's errors when it cannot be read or
    parsed)."""
    try:
        with open(path) as handle:  # type: ignore[arg-type]
            blob = handle.read().strip()
    except (OSError, TypeError):
        raise exceptions.OstackError(f"Error occurred trying to read from file {path}") \
            from None
    try:
        return json.loads(blob)
    except ValueError as exc:
        raise exceptions.OstackError(
            f"An error occurred when reading rules from file {path}: {exc}") from None


SCHEMA_VERSION = Option(
    "--schema-version", metavar="<schema_version>",
    help="the federated attribute mapping schema version (default: the one the Identity "
         "service is configured with)")


class CreateMapping(ResourceCreate):
    """Create new mapping."""

    name = "mapping create"
    resource = RESOURCE
    show_columns = SHOW
    options = (
        Arg("mapping", metavar="<name>", help="new mapping name (must be unique)"),
        Option("--rules", metavar="<filename>", required=True,
               help="filename that contains a set of mapping rules (required)"),
        SCHEMA_VERSION,
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        attrs = {"id": args.mapping, "rules": _rules(args.rules)}
        if args.schema_version is not None:
            attrs["schema_version"] = args.schema_version
        return attrs


class DeleteMapping(ResourceDelete):
    """Delete mapping(s)."""

    name = "mapping delete"
    resource = RESOURCE
    options = (Arg("mapping", metavar="<mapping>", nargs="+", help="mapping(s) to delete"),)

    def delete(self, args: argparse.Namespace, name: str) -> Any:
        self.service.delete_mapping(name, ignore_missing=False)


class ListMapping(ResourceList):
    """List mappings."""

    name = "mapping list"
    resource = RESOURCE
    columns = (Column("ID", "id"), Column("schema_version"))


class SetMapping(ResourceCommand):
    """Set mapping properties."""

    name = "mapping set"
    resource = RESOURCE
    options = (
        Arg("mapping", metavar="<name>", help="mapping to modify"),
        Option("--rules", metavar="<filename>",
               help="filename that contains a new set of mapping rules"),
        SCHEMA_VERSION,
    )

    def take_action(self, args: argparse.Namespace) -> int:
        attrs = {"rules": _rules(args.rules)}
        if args.schema_version is not None:
            attrs["schema_version"] = args.schema_version
        self.service.update_mapping(args.mapping, **attrs)
        return 0


class ShowMapping(ResourceShow):
    """Display mapping details."""

    name = "mapping show"
    resource = RESOURCE
    show_columns = SHOW
    options = (Arg("mapping", metavar="<mapping>", help="mapping to display"),)

    def fetch(self, args: argparse.Namespace) -> Any:
        return self.service.get_mapping(args.mapping)
