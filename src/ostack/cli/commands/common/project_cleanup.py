"""`project cleanup`: list a project's resources, then (after asking) delete them.

It runs for the services ostack's SDK has a cleanup for (`ostack.cleanup`): compute
(servers, server groups), block storage (backups, snapshots, volumes), network (floating IPs,
security groups, networks with their router interfaces, ports and subnets, routers) and image
(images the project owns). Swift containers, DNS zones, load balancers, stacks and secrets,
which the official client also removes through openstacksdk, are not cleaned up.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from ostack.cli import lookups
from ostack.cli.command import Command
from ostack.cli.declare import Option, add_options


def ask_yes_no(question: str) -> bool:
    """Ask until the answer is yes or no (read from the terminal, as the official client)."""
    import getpass

    from ostack import exceptions

    while True:
        try:
            answer = getpass.getpass(f"{question} [y/n]: ")
        except EOFError:
            raise exceptions.OstackError(
                "no answer to the question, so nothing was deleted (--auto-approve deletes "
                "without asking)") from None
        if answer in ("y", "Y", "yes"):
            return True
        if answer in ("n", "N", "no"):
            return False


class ProjectCleanup(Command):
    """Clean resources associated with a project."""

    name = "project cleanup"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Option("--dry-run", action="store_true", group="action",
                   help="list a project's resources but do not delete them"),
            Option("--auto-approve", action="store_true", group="action",
                   help="delete resources without asking for confirmation"),
        ))
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--auth-project", action="store_true",
                           help="delete resources of the project used to authenticate")
        which.add_argument("--project", metavar="<project>",
                           help="project to clean (name or ID)")
        add_options(parser, (
            Option("--created-before", metavar="<YYYY-MM-DDTHH24:MI:SS>",
                   help="only delete resources created before the given time"),
            Option("--updated-before", metavar="<YYYY-MM-DDTHH24:MI:SS>",
                   help="only delete resources updated before the given time"),
            Option("--skip-resource", metavar="<resource>", action="append",
                   help="skip cleanup of specific resource (repeat if necessary), named "
                        "<service>.<resource> (compute.server, network.floating_ip ...)"),
            Option("--project-domain", metavar="<project-domain>",
                   help="domain the project belongs to (name or ID)"),
        ))

    def take_action(self, args: argparse.Namespace) -> int:
        from ostack import cleanup

        conn = self.conn
        if args.project:
            query = {}
            if args.project_domain:
                query["domain_id"] = lookups.find_id(conn, "identity.domain",
                                                     args.project_domain)
            project = lookups.find(conn, "identity.project", args.project, **query)
            conn = cleanup.connect_as_project(conn, project)
        filters = {}
        if args.created_before:
            filters["created_at"] = args.created_before
        if args.updated_before:
            filters["updated_at"] = args.updated_before
        options: dict[str, Any] = {"filters": filters, "skip_resources": args.skip_resource}
        found = [[type(r).__name__, r.id, r.name]
                 for r in cleanup.project_cleanup(conn, dry_run=True, **options)]
        self._print(found)
        if args.dry_run:
            return 0
        if not args.auto_approve and not ask_yes_no(
                "These resources will be deleted. Are you sure"):
            return 0
        sys.stderr.write("Deleting resources\n")
        for _ in cleanup.project_cleanup(conn, dry_run=False, **options):
            pass
        return 0

    @staticmethod
    def _print(rows: list[list[Any]]) -> None:
        """Always a table, whatever the format options (the command has none)."""
        from ostack.cli import output

        def env_int(name: str) -> int:
            try:
                return int(os.environ.get(name, "0") or 0)
            except ValueError:
                return 0

        table = argparse.Namespace(formatter="table", columns=[], print_empty=False,
                                   max_width=env_int("CLIFF_MAX_TERM_WIDTH"),
                                   fit_width=bool(env_int("CLIFF_FIT_WIDTH")))
        output.emit_list(table, ["Type", "ID", "Name"], rows)
