"""`local ip association create|delete|list`: the ports associated with a local IP, as the
official client prints them."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ostack import exceptions
from ostack.cli import lookups
from ostack.cli.command import Command, Lister, ShowOne
from ostack.cli.declare import Arg, Option, add_options, project_options

PROJECT_DOMAIN = project_options("")[1]
LOCAL_IP = Arg("local_ip", metavar="<local-ip>",
               help="local IP that the port association belongs to (Name or ID)")


def _local_ip(conn: Any, args: argparse.Namespace) -> Any:
    return lookups.find(conn, "network.local_ip", args.local_ip)


class CreateLocalIPAssociation(ShowOne):
    """Create Local IP Association."""

    name = "local ip association create"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            LOCAL_IP,
            Arg("fixed_port", metavar="<fixed-port>",
                help="the ID or Name of Port to allocate Local IP Association"),
            Option("--fixed-ip", metavar="<fixed-ip>", help="fixed IP for Local IP Association"),
            PROJECT_DOMAIN))

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        attrs = {"fixed_port_id": lookups.find_id(self.conn, "network.port", args.fixed_port)}
        if args.fixed_ip:
            attrs["fixed_ip"] = args.fixed_ip
        local_ip = _local_ip(self.conn, args)
        found = self.conn.network.create_local_ip_association(local_ip.id, **attrs)
        data = found.to_dict()
        return {k: data[k] for k in sorted(data)
                if k not in ("location", "name", "id", "tenant_id", "links")}


class DeleteLocalIPAssociation(Command):
    """Delete Local IP association(s)."""

    name = "local ip association delete"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            LOCAL_IP,
            Arg("fixed_port_id", metavar="<fixed-port-id>", nargs="+",
                help="the fixed port ID of Local IP Association")))

    def take_action(self, args: argparse.Namespace) -> int:
        local_ip = _local_ip(self.conn, args)
        failed = 0
        for port_id in args.fixed_port_id:
            try:
                self.conn.network.delete_local_ip_association(port_id, local_ip_id=local_ip.id,
                                                              ignore_missing=False)
            except exceptions.OstackError as exc:
                failed += 1
                sys.stderr.write(f"Failed to delete Local IP Association with fixed port name "
                                 f"or ID '{port_id}': {exc}\n")
        if failed:
            raise exceptions.OstackError(
                f"{failed} of {len(args.fixed_port_id)} Local IP Associations failed to "
                "delete.")
        return 0


class ListLocalIPAssociation(Lister):
    """List Local IP Associations."""

    name = "local ip association list"
    COLUMNS = (("Local IP ID", "local_ip_id"), ("Local IP Address", "local_ip_address"),
               ("Fixed port ID", "fixed_port_id"), ("Fixed IP", "fixed_ip"), ("Host", "host"))

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Arg("local_ip", metavar="<local-ip>",
                help="local IP that port associations belongs to"),
            Option("--fixed-port", metavar="<fixed-port>",
                   help="list only local IP assocations with the specified fixed IP port "
                        "(name or ID)"),
            Option("--fixed-ip", metavar="<fixed-ip>",
                   help="list only local IP associations with the specified fixed IP"),
            Option("--host", metavar="<host>",
                   help="list only local IP associations with the specified host"),
            PROJECT_DOMAIN))

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        local_ip = _local_ip(self.conn, args)
        query: dict[str, Any] = {}
        if args.fixed_port:
            query["fixed_port_id"] = lookups.find_id(self.conn, "network.port", args.fixed_port)
        if args.fixed_ip:
            query["fixed_ip"] = args.fixed_ip
        if args.host:
            query["host"] = args.host
        from ostack.cli.ndjson import keep_bodies

        found = list(self.conn.network.local_ip_associations(local_ip, **query))
        rows = [[a.get(key) for _, key in self.COLUMNS] for a in found]
        return [h for h, _ in self.COLUMNS], keep_bodies(rows, found)
