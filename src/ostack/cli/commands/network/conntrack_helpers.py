"""`network l3 conntrack helper create|delete|list|set|show`, as the official client prints
them."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ostack import exceptions
from ostack.cli import lookups
from ostack.cli.command import Command, Lister, ShowOne
from ostack.cli.declare import Arg, Option, add_options, marker_pagination

ROUTER = Arg("router", metavar="<router>", help="router that the conntrack helper belongs to")


def _shown(helper: Any) -> dict[str, Any]:
    data = {name: getattr(helper, name) for name in type(helper).fields()}
    return {k: data[k] for k in sorted(data)}


def _attrs(args: argparse.Namespace) -> dict[str, Any]:
    return {name: getattr(args, name) for name in ("helper", "protocol", "port")
            if getattr(args, name)}


def _router_id(conn: Any, args: argparse.Namespace) -> str:
    return lookups.find_id(conn, "network.router", args.router)


class CreateConntrackHelper(ShowOne):
    """Create a new L3 conntrack helper."""

    name = "network l3 conntrack helper create"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Arg("router", metavar="<router>",
                help="router for which conntrack helper will be created"),
            Option("--helper", required=True, metavar="<helper>",
                   help="the netfilter conntrack helper module"),
            Option("--protocol", required=True, metavar="<protocol>",
                   help="the network protocol for the netfilter conntrack target rule"),
            Option("--port", required=True, metavar="<port>", type=int,
                   help="the network port for the netfilter conntrack target rule")))

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        router = _router_id(self.conn, args)
        return _shown(self.conn.network.create_conntrack_helper(router, **_attrs(args)))


class DeleteConntrackHelper(Command):
    """Delete L3 conntrack helper."""

    name = "network l3 conntrack helper delete"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (ROUTER, Arg("conntrack_helper_id",
                                         metavar="<conntrack-helper-id>", nargs="+",
                                         help="the ID of the conntrack helper(s) to delete")))

    def take_action(self, args: argparse.Namespace) -> int:
        router = _router_id(self.conn, args)
        failed = 0
        for ident in args.conntrack_helper_id:
            try:
                self.conn.network.delete_conntrack_helper(ident, router_id=router,
                                                          ignore_missing=False)
            except exceptions.OstackError as exc:
                failed += 1
                sys.stderr.write(f"Failed to delete L3 conntrack helper with ID '{ident}': "
                                 f"{exc}\n")
        if failed:
            raise exceptions.OstackError(
                f"{failed} of {len(args.conntrack_helper_id)} L3 conntrack helpers failed to "
                "delete.")
        return 0


class ListConntrackHelper(Lister):
    """List L3 conntrack helpers."""

    name = "network l3 conntrack helper list"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            ROUTER,
            Option("--helper", metavar="<helper>",
                   help="list only helpers using the specified netfilter conntrack helper "
                        "module"),
            Option("--protocol", metavar="<protocol>",
                   help="list only helpers with the specified network protocol for the "
                        "netfilter conntrack target rule"),
            Option("--port", metavar="<port>",
                   help="list only helpers with the specified network port for the netfilter "
                        "conntrack target rule (name or ID)"),
            *marker_pagination()))

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        router = _router_id(self.conn, args)
        # The official client's SDK filters on these after listing, comparing the text given
        # with the value as is: `--port 21` never matches the number 21.
        wanted = _attrs(args)
        query = {name: getattr(args, name) for name in ("marker", "limit", "max_items")
                 if getattr(args, name) is not None}
        from ostack.cli.ndjson import keep_bodies

        found = [h for h in self.conn.network.conntrack_helpers(router, **query)
                 if all(getattr(h, k) == v for k, v in wanted.items())]
        rows = [[h.id, router, h.helper, h.protocol, h.port] for h in found]
        return ["ID", "Router ID", "Helper", "Protocol", "Port"], keep_bodies(rows, found)


class SetConntrackHelper(Command):
    """Set L3 conntrack helper properties."""

    name = "network l3 conntrack helper set"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            ROUTER,
            Arg("conntrack_helper_id", metavar="<conntrack-helper-id>",
                help="the ID of the conntrack helper(s)"),
            Option("--helper", metavar="<helper>", help="the netfilter conntrack helper module"),
            Option("--protocol", metavar="<protocol>",
                   help="the network protocol for the netfilter conntrack target rule"),
            Option("--port", metavar="<port>", type=int,
                   help="the network port for the netfilter conntrack target rule")))

    def take_action(self, args: argparse.Namespace) -> int:
        router = _router_id(self.conn, args)
        self.conn.network.update_conntrack_helper(args.conntrack_helper_id, router,
                                                  **_attrs(args))
        return 0


class ShowConntrackHelper(ShowOne):
    """Display L3 conntrack helper details."""

    name = "network l3 conntrack helper show"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (ROUTER, Arg("conntrack_helper_id", metavar="<conntrack-helper-id>",
                                         help="the ID of the conntrack helper")))

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        router = _router_id(self.conn, args)
        return _shown(self.conn.network.get_conntrack_helper(args.conntrack_helper_id, router))
