"""`network auto allocated topology create|delete`: a project's "get me a network"."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli.command import Command, ShowOne
from ostack.cli.declare import Option, add_options, project_options


def _project(conn: Any, args: argparse.Namespace) -> str:
    """The project as given (the official client does not look it up), or the caller's."""
    return args.project or conn.session.get_access().project_id


class CreateAutoAllocatedTopology(ShowOne):
    """Create the  auto allocated topology for project."""

    name = "network auto allocated topology create"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            *project_options("return the auto allocated topology for a given project; "
                             "default is current project"),
            Option("--check-resources", action="store_true",
                   help="validate the requirements for auto allocated topology; does not "
                        "return a topology"),
            Option("--or-show", action="store_true", default=True,
                   help="if topology exists returns the topology's information (default)")))

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        network = self.conn.network
        if args.check_resources:
            found = network.validate_auto_allocated_topology(_project(self.conn, args))
            return {"dry_run": found.dry_run}
        found = network.get_auto_allocated_topology(_project(self.conn, args))
        data = found.to_dict()
        return {k: data[k] for k in sorted(data)
                if k not in ("name", "location", "tenant_id", "dry_run")}


class DeleteAutoAllocatedTopology(Command):
    """Delete auto allocated topology for project."""

    name = "network auto allocated topology delete"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, project_options(
            "delete auto allocated topology for a given project; default is the current "
            "project"))

    def take_action(self, args: argparse.Namespace) -> int:
        self.conn.network.delete_auto_allocated_topology(_project(self.conn, args))
        return 0
