"""`server ssh`: run `ssh <address of the server> <ssh arguments>` in the user's shell."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from ostack import exceptions
from ostack.cli.declare import Arg, Option
from ostack.cli.generic import ResourceCommand


def ip_address(addresses: dict[str, Any], address_type: str, families: list[int]) -> str:
    """The address to connect to: of the network named `address_type` (old style), else the
    first "fixed" (private) or "floating" (public) one of an allowed IP version."""
    for entry in addresses.get(address_type, []):
        if int(entry["version"]) in families:
            return entry["addr"]
    kind = {"public": "floating", "private": "fixed"}.get(address_type, address_type)
    for entries in addresses.values():
        for entry in entries:
            if isinstance(entry, str):
                return entries[0] if kind == "fixed" else entries[-1]
            if entry.get("OS-EXT-IPS:type") == kind and int(entry["version"]) in families:
                return entry["addr"]
    raise exceptions.OstackError(
        f"ERROR: No {address_type} IP version {families} address found")


class SshServer(ResourceCommand):
    """SSH to server."""

    name = "server ssh"
    resource = "compute.server"
    options = (
        Arg("server", metavar="<server>", help="server (name or ID)"),
        Option("--login", "-l", metavar="<login-name>", help=argparse.SUPPRESS),
        Option("--port", "-p", metavar="<port>", type=int, help=argparse.SUPPRESS),
        Option("--identity", "-i", metavar="<keyfile>", help=argparse.SUPPRESS),
        Option("--option", "-o", metavar="<config-options>", help=argparse.SUPPRESS),
        Option("-4", dest="ipv4", action="store_true", default=False, group="family",
               help="use only IPv4 addresses"),
        Option("-6", dest="ipv6", action="store_true", default=False, group="family",
               help="use only IPv6 addresses"),
        Option("--public", dest="address_type", action="store_const", const="public",
               default="public", group="type", help="use public IP address"),
        Option("--private", dest="address_type", action="store_const", const="private",
               default="public", group="type", help="use private IP address"),
        Option("--address-type", metavar="<address-type>", dest="address_type",
               default="public", group="type",
               help="use other IP address (public, private, etc)"),
        Option("-v", dest="verbose", action="store_true", default=False,
               help=argparse.SUPPRESS),
        Arg("ssh_args", nargs="*", metavar="-- <standard ssh args>",
            help="any argument or option that ssh allows; use -- once between ostack "
                 "arguments and ssh arguments"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        server = self.find(args.server)
        if any((args.port, args.identity, args.option, args.login, args.verbose)):
            sys.stderr.write("The ssh options have been deprecated. The ssh equivalent "
                             "options can be used instead as arguments after \"--\" on the "
                             "command line.\n")
        families = [4] if args.ipv4 else [6] if args.ipv6 else [4, 6]
        command = list(args.ssh_args)
        if args.port:
            command += ["-p", str(args.port)]
        if args.identity:
            command += ["-i", args.identity]
        if args.option:
            command += ["-o", args.option]
        if args.login:
            command += ["-l", args.login]
        elif "-l" not in command:
            command += ["-l", self.conn.session.get_access().username or ""]
        if args.verbose:
            command.append("-v")
        address = ip_address(server.addresses or {}, args.address_type, families)
        sys.stdout.flush()
        # The user's own arguments go through their shell, as with the official client.
        os.system(" ".join(["ssh", address, *command]))  # noqa: S605
        return 0
