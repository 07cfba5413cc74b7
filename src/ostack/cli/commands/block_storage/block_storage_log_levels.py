"""`block storage log level list|set` (volume API 3.32+, admin): the log levels of Cinder's
running services, as the official client prints them."""

from __future__ import annotations

import argparse
from typing import Any

from ostack import exceptions
from ostack.cli.command import Command, Lister
from ostack.cli.declare import Arg, Option, add_options

MICROVERSION = "3.32"
SERVICES = (None, "*", "cinder-api", "cinder-volume", "cinder-scheduler", "cinder-backup")


def _filters(what: str) -> tuple[Option, ...]:
    return (
        Option("--host", metavar="<host>", default=None,
               help=f"{what} block storage service log level of specified host (name only)"),
        Option("--service", metavar="<service>", default=None, choices=SERVICES,
               help=f"{what} block storage service log level of specified service "
                    "(name only)"),
        Option("--log-prefix", metavar="<log-prefix>", default=None,
               help="prefix for the log, e.g. 'sqlalchemy'"),
    )


def _require(command: Any) -> None:
    from ostack.transport.microversions import at_least

    if not at_least(command.conn.block_storage.microversion, MICROVERSION):
        raise exceptions.OstackError(
            f"--os-volume-api-version {MICROVERSION} or greater is required to support the "
            f"'{command.name}' command")


class BlockStorageLogLevelList(Lister):
    """List log levels of block storage service."""

    name = "block storage log level list"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, _filters("List"))

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        _require(self)
        from ostack.cli.ndjson import keep_bodies

        rows = []
        entries = list(self.conn.block_storage.get_service_log_levels(
            binary=args.service, server=args.host, prefix=args.log_prefix))
        for entry in entries:
            for prefix, level in sorted((entry.levels or {}).items()):
                rows.append([entry.binary, entry.host, prefix, level])
        return ["Binary", "Host", "Prefix", "Level"], keep_bodies(rows, entries)


class BlockStorageLogLevelSet(Command):
    """Set log level of block storage service."""

    name = "block storage log level set"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Arg("level", metavar="<log-level>", choices=("INFO", "WARNING", "ERROR", "DEBUG"),
                type=str.upper, help="desired log level"),
            *_filters("Set"),
        ))

    def take_action(self, args: argparse.Namespace) -> int:
        _require(self)
        self.conn.block_storage.set_service_log_levels(
            level=args.level, binary=args.service, server=args.host, prefix=args.log_prefix)
        return 0
