"""`server add|remove share` and `server share list|show`: Manila shares mapped into a server,
which need Compute 2.97; on a cloud (or with a client) below it they fail as the official
client fails, before any request."""

from __future__ import annotations

import argparse
from typing import Any

from ostack import exceptions
from ostack.cli import lookups
from ostack.cli.command import Command, Lister, ShowOne
from ostack.cli.declare import Arg, Option, add_options
from ostack.transport.microversions import at_least

NEEDS_297 = ("--os-compute-api-version 2.97 or greater is required to support share "
             "attachments")


class ServerShareCommand(Command):
    options: tuple[Option, ...] = ()

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, self.options)

    @property
    def compute(self) -> Any:
        return self.conn.compute

    def server(self, args: argparse.Namespace) -> Any:
        if not at_least(self.compute.microversion, "2.97"):
            raise exceptions.OstackError(NEEDS_297)
        return lookups.find(self.conn, "compute.server", args.server)


def _shown(attachment: Any) -> dict[str, Any]:
    """The fields of an attachment; the mapping's UUID and export location only when the
    caller may see them (admin)."""
    data = {"Share ID": attachment.share_id, "Status": attachment.status,
            "Tag": attachment.tag}
    if attachment.uuid is not None:
        data.update({"Export Location": attachment.export_location, "UUID": attachment.uuid})
    return {k: data[k] for k in sorted(data)}


class ListServerShare(ServerShareCommand, Lister):
    """List all the shares attached to a server.

    Requires ``--os-compute-api-version 2.97`` or later."""

    name = "server share list"
    options = (Arg("server", metavar="<server>",
                   help="server to list share mapping for (name or ID)"),)

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        server = self.server(args)
        from ostack.cli.ndjson import keep_bodies

        found = list(self.compute.share_attachments(server))
        return (["Share ID", "Status", "Tag"],
                keep_bodies([[s.share_id, s.status, s.tag] for s in found], found))


class ShowServerShare(ServerShareCommand, ShowOne):
    """Show detail of a share attachment to a server.

    Requires ``--os-compute-api-version 2.97`` or later."""

    name = "server share show"
    options = (
        Arg("server", metavar="<server>", help="server to show share mapping for (name or ID)"),
        Arg("share", metavar="<share>", help="share to show details for (ID)"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        server = self.server(args)
        return _shown(self.compute.get_share_attachment(server, args.share))


class AddServerShare(ServerShareCommand, ShowOne):
    """Add a share to a server.

    Requires ``--os-compute-api-version 2.97`` or later."""

    name = "server add share"
    options = (
        Arg("server", metavar="<server>", help="server to add share to (name or ID)"),
        Arg("share", metavar="<share>", help="share to add (ID)"),
        Option("--tag", metavar="<tag>",
               help="optional tag used to mount the share (default: the share's UUID)"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        server = self.server(args)
        return _shown(self.compute.create_share_attachment(server, args.share, tag=args.tag))


class RemoveServerShare(ServerShareCommand):
    """Remove a share from a server.

    Requires ``--os-compute-api-version 2.97`` or later."""

    name = "server remove share"
    options = (
        Arg("server", metavar="<server>", help="server to remove share from (name or ID)"),
        Arg("share", metavar="<share>", help="share to remove (ID)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        server = self.server(args)
        self.compute.delete_share_attachment(server, args.share, ignore_missing=False)
        return 0
