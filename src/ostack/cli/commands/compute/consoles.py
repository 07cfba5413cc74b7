"""`console log show`, `console url show` and `console connection show`: a server's console
output, a remote console's URL and what a console token connects to."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ostack import exceptions
from ostack.cli import lookups
from ostack.cli.command import Command, ShowOne
from ostack.cli.declare import Arg, Option, add_options, non_negative


class ConsoleCommand(Command):
    options: tuple[Option, ...] = ()

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, self.options)

    def server(self, args: argparse.Namespace) -> Any:
        return lookups.find(self.conn, "compute.server", args.server)


class ShowConsoleLog(ConsoleCommand):
    """Show server's console output."""

    name = "console log show"
    options = (
        Arg("server", metavar="<server>", help="server to show console log (name or ID)"),
        Option("--lines", metavar="<num-lines>", type=non_negative("--lines"),
               help="number of lines to display from the end of the log (default=all)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        server = self.server(args)
        output = self.conn.compute.get_server_console_output(server.id, length=args.lines)
        data = (output or {}).get("output")
        if data:
            if not data.endswith("\n"):
                data += "\n"
            sys.stdout.write(data)
        return 0


def _console_type(value: str) -> dict[str, Any]:
    return {"dest": "url_type", "action": "store_const", "const": value,
            "group": "console type"}


class ShowConsoleURL(ConsoleCommand, ShowOne):
    """Show server's remote console URL."""

    name = "console url show"
    options = (
        Arg("server", metavar="<server>", help="server to show URL (name or ID)"),
        Option("--novnc", default="novnc", help="show noVNC console URL (default)",
               **_console_type("novnc")),
        Option("--xvpvnc", help="show xvpvnc console URL", **_console_type("xvpvnc")),
        Option("--spice", help="show SPICE console URL", **_console_type("spice-html5")),
        Option("--spice-direct", help="show SPICE direct protocol native console URL",
               **_console_type("spice-direct")),
        Option("--rdp", help="show RDP console URL", **_console_type("rdp-html5")),
        Option("--serial", help="show serial console URL", **_console_type("serial")),
        Option("--mks", help="show WebMKS console URL", **_console_type("webmks")),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        server = self.server(args)
        try:
            console = self.conn.compute.create_console(server.id, console_type=args.url_type)
        except ValueError as exc:
            raise exceptions.OstackError(str(exc)) from None
        hidden = {"id", "links", "location", "name", "server_id"}
        return {k: console[k] for k in sorted(console) if k not in hidden}


class ShowConsoleConnectionInformation(ConsoleCommand, ShowOne):
    """Show server's remote console connection information."""

    name = "console connection show"
    options = (Arg("token", metavar="<token>", help="Nova console token to lookup"),)

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        token = self.conn.compute.validate_console_auth_token(args.token)
        data = token.to_dict()
        hidden = {"id", "location", "name", "links"}
        return {k: data[k] for k in sorted(data) if k not in hidden}
