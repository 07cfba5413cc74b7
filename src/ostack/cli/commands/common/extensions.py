"""`extension list|show`: the API extensions of compute, block storage and network.

Keystone v3 has no extensions API (the official client lists identity extensions of v2
only), so `--identity` lists nothing.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from ostack import exceptions
from ostack.cli import lookups
from ostack.cli.columns import ReprColumn
from ostack.cli.command import Lister
from ostack.cli.declare import Arg, Column, Option, add_options
from ostack.cli.generic import ResourceShow


def _attribute(name: str, formatter: Callable[[Any], Any] | None = None) -> Callable[[Any], Any]:
    """An extension's attribute; "" for a service whose extensions lack it (namespace)."""

    def value(extension: Any) -> Any:
        if name not in type(extension).fields():
            return ""
        found = getattr(extension, name)
        return formatter(found) if formatter else found

    return value


COLUMNS = (Column("Name", _attribute("name")), Column("Alias", _attribute("alias")),
           Column("Description", _attribute("description")))
LONG_COLUMNS = (Column("Namespace", _attribute("namespace")),
                Column("Updated At", _attribute("updated_at")),
                Column("Links", _attribute("links", ReprColumn)))


def _warn(message: str) -> None:
    sys.stderr.write(message + "\n")


class ListExtension(Lister):
    """List API extensions."""

    name = "extension list"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Option("--compute", action="store_true",
                   help="list extensions for the Compute API"),
            Option("--identity", action="store_true",
                   help="list extensions for the Identity API (only supported by v2, so "
                        "nothing with Keystone v3)"),
            Option("--network", action="store_true",
                   help="list extensions for the Network API"),
            Option("--volume", action="store_true",
                   help="list extensions for the Block Storage API"),
            Option("--long", action="store_true", help="list additional fields in output"),
        ))

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        columns = COLUMNS + (LONG_COLUMNS if args.long else ())
        show_all = not (args.identity or args.compute or args.volume or args.network)
        found: list[Any] = []
        if args.compute or show_all:
            try:
                found += list(self.conn.compute.extensions())
            except exceptions.OstackError:
                _warn("Extensions list not supported by Compute API")
        if args.volume or show_all:
            if lookups.has_service(self.conn, "block-storage"):
                try:
                    found += list(self.conn.block_storage.extensions())
                except exceptions.OstackError:
                    _warn("Extensions list not supported by Block Storage API")
            elif args.volume:
                _warn("Block Storage API is not available in the current cloud")
        if args.network or show_all:
            try:
                found += list(self.conn.network.extensions())
            except exceptions.OstackError:
                _warn("Failed to retrieve extensions list from Network API")
        from ostack.cli.ndjson import keep_bodies

        return [c.header for c in columns], keep_bodies(
            [[c.value(e) for c in columns] for e in found], found)


class ShowExtension(ResourceShow):
    """Show API extension."""

    name = "extension show"
    resource = "network.extension"
    show_hidden = ("id", "links")
    options = (Arg("extension", metavar="<extension>",
                   help="extension to display (name or alias); only network extensions are "
                        "supported"),)

    def fetch(self, args: argparse.Namespace) -> Any:
        try:
            return self.find(args.extension)
        except exceptions.NotFound:
            raise exceptions.OstackError(f"No Extension found for {args.extension}") from None
