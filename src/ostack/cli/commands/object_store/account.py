"""`object store account set|show|unset`: the Swift account's usage and properties, as the
official client prints them (counts as the strings Swift's headers carry)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ostack.cli import lookups
from ostack.cli.columns import DictColumn
from ostack.cli.command import Command, ShowOne
from ostack.cli.declare import Option, add_options, properties


def _text(value: Any) -> Any:
    return None if value is None else str(value)


class SetAccount(Command):
    """Set account properties."""

    name = "object store account set"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (properties(
            required=True, help="a property to set on this account "
            "(repeat option to set multiple properties)"),))

    def take_action(self, args: argparse.Namespace) -> int:
        values = {}
        for key, value in args.property:
            if not (key.isascii() and value.isascii()):
                sys.stderr.write(f"Cannot set property {key} to non-ascii value\n")
                continue
            values[key] = value
        if values:
            self.conn.object_store.set_account_metadata(**values)
        return 0


class ShowAccount(ShowOne):
    """Display account details."""

    name = "object store account show"

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        found = self.conn.object_store.get_account_metadata()
        data: dict[str, Any] = {
            "Account": lookups.object_store_account(self.conn),
            "Bytes": _text(found.account_bytes_used),
            "Containers": _text(found.account_container_count),
            "Objects": _text(found.account_object_count),
        }
        if found.metadata:
            data["properties"] = DictColumn(dict(found.metadata))
        return data


class UnsetAccount(Command):
    """Unset account properties."""

    name = "object store account unset"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (Option(
            "--property", metavar="<key>", required=True, action="append", default=[],
            help="property to remove from account "
                 "(repeat option to remove multiple properties)"),))

    def take_action(self, args: argparse.Namespace) -> int:
        if args.property:
            self.conn.object_store.delete_account_metadata(args.property)
        return 0
