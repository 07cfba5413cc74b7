"""`volume backend pool list` and `volume backend capability show` (admin), as the official
client prints them."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli.columns import DictColumn
from ostack.cli.command import Lister
from ostack.cli.declare import Arg, Option, add_options


class ShowCapability(Lister):
    """Show capability command."""

    name = "volume backend capability show"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (Arg("host", metavar="<host>", help="list capabilities of "
                                 "specified host (host@backend-name)"),))

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        found = self.conn.block_storage.get_capabilities(args.host)
        rows = []
        for key, detail in (found.properties or {}).items():
            detail = detail if isinstance(detail, dict) else {}
            rows.append([detail.get("title", ""), key, detail.get("type", ""),
                         detail.get("description", "")])
        return ["Title", "Key", "Type", "Description"], rows


class ListPool(Lister):
    """List pool command."""

    name = "volume backend pool list"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (Option("--long", action="store_true", default=False,
                                    help="show detailed information about pools"),))

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        from ostack.cli.ndjson import keep_bodies

        pools = list(self.conn.block_storage.backend_pools(detailed=args.long))
        if args.long:
            return ["Name", "Capabilities"], keep_bodies(
                [[p.name, DictColumn(p.capabilities)] for p in pools], pools)
        return ["Name"], keep_bodies([[p.name] for p in pools], pools)
