"""`host list|set|show` (os-hosts, which Nova deprecated), as the official client prints them:
each warns on stderr and names the command that replaces it."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ostack.cli.command import Command, Lister
from ostack.cli.declare import Arg, Column, Option, add_options


def _deprecated(instead: str) -> None:
    sys.stderr.write(f"API has been deprecated; consider using '{instead}' instead.\n")


class ListHost(Lister):
    """DEPRECATED: List hosts."""

    name = "host list"
    columns = (Column("Host Name", "host_name"), Column("Service", "service"),
               Column("Zone", "zone"))

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (Option("--zone", metavar="<zone>",
                                    help="only return hosts in the availability zone"),))

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        _deprecated("hypervisor list")
        hosts = list(self.conn.compute.hosts())
        if args.zone is not None:
            hosts = [h for h in hosts if h.zone == args.zone]
        from ostack.cli.ndjson import keep_bodies

        return [c.header for c in self.columns], keep_bodies(
            [[c.value(h) for c in self.columns] for h in hosts], hosts)


class ShowHost(Lister):
    """DEPRECATED: Display host details."""

    name = "host show"
    columns = (Column("Host", "host"), Column("Project", "project"), Column("CPU", "cpu"),
               Column("Memory MB", "memory_mb"), Column("Disk GB", "disk_gb"))

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (Arg("host", metavar="<host>", help="name of host"),))

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        _deprecated("hypervisor show")
        lines = self.conn.compute.get_host_resources(args.host)
        return [c.header for c in self.columns], [[c.value(r) for c in self.columns]
                                                  for r in lines]


class SetHost(Command):
    """DEPRECATED: Set host properties."""

    name = "host set"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Arg("host", metavar="<host>", help="host to modify (name only)"),
            Option("--enable", action="store_true", group="status", help="enable the host"),
            Option("--disable", action="store_true", group="status",
                   help="disable the host"),
            Option("--enable-maintenance", action="store_true", group="maintenance",
                   help="enable maintenance mode for the host"),
            Option("--disable-maintenance", action="store_true", group="maintenance",
                   help="disable maintenance mode for the host"),
        ))

    def take_action(self, args: argparse.Namespace) -> int:
        _deprecated("compute service set")
        status = "enable" if args.enable else "disable" if args.disable else None
        maintenance = ("enable" if args.enable_maintenance else
                       "disable" if args.disable_maintenance else None)
        if status or maintenance:
            self.conn.compute.update_host(args.host, status=status,
                                          maintenance_mode=maintenance)
        return 0
