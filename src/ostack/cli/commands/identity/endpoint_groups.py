"""`endpoint group create|delete|list|set|show` and `endpoint group add|remove project`:
named endpoint filters (OS-EP-FILTER) and the projects they are given to."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ostack import exceptions
from ostack.cli import identity_fields
from ostack.cli.columns import ReprColumn
from ostack.cli.command import Command
from ostack.cli.declare import Arg, Column, Option, add_options
from ostack.cli.generic import (
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceSet,
    ResourceShow,
)

RESOURCE = "identity.endpoint_group"
SHOWN = (Column("description", "description"), Column("filters", "filters", ReprColumn),
         Column("id", "id"), Column("name", "name"))
COLUMNS = (Column("ID", "id"), Column("Name", "name"), Column("Description", "description"))
GROUP = Arg("endpointgroup", metavar="<endpoint-group>", help="endpoint group (name or ID)")


def read_filters(path: str) -> Any:
    """The filters of a JSON file (`{"interface": "admin", "service_id": "..."}`)."""
    try:
        with open(path, encoding="utf-8") as handle:
            blob = handle.read().strip()
    except OSError:
        raise exceptions.OstackError(f"Error occurred trying to read from file {path}") from None
    try:
        return json.loads(blob)
    except ValueError as exc:
        raise exceptions.OstackError(
            f"An error occurred when reading filters from file {path}: {exc}") from None


class CreateEndpointGroup(ResourceCreate):
    """Create new endpoint group."""

    name = "endpoint group create"
    resource = RESOURCE
    show_columns = SHOWN
    options = (
        Arg("name", metavar="<name>", help="name of the endpoint group"),
        Arg("filters", metavar="<filename>", help="filename that contains a new set of filters"),
        Option("--description", help="description of the endpoint group"),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        return {"name": args.name, "filters": read_filters(args.filters),
                "description": args.description}


class DeleteEndpointGroup(ResourceDelete):
    """Delete endpoint group(s)."""

    name = "endpoint group delete"
    resource = RESOURCE
    failure = "Failed to delete endpoint group with ID '{name}': {error}"
    summary = "{failed} of {total} endpointgroups failed to delete."
    options = (Arg("endpointgroup", metavar="<endpoint-group>", nargs="+",
                   help="endpoint group(s) to delete (name or ID)"),)


class ListEndpointGroup(ResourceList):
    """List endpoint groups."""

    name = "endpoint group list"
    resource = RESOURCE
    columns = COLUMNS
    options = (
        Option("--endpointgroup", metavar="<endpoint-group>", group="list",
               help="endpoint group (name or ID)"),
        Option("--project", metavar="<project>", group="list", help="project (name or ID)"),
        Option("--domain", metavar="<domain>", help="domain owning <project> (name or ID)"),
    )

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        identity = self.service
        if args.endpointgroup:
            group = identity.find_endpoint_group(args.endpointgroup, ignore_missing=False)
            return identity.endpoint_group_projects(group)
        if args.project:
            query = {"domain_id": args.domain} if args.domain else {}
            project = identity.find_project(args.project, ignore_missing=False, **query)
            return identity.project_endpoint_groups(project)
        return identity.endpoint_groups()


class SetEndpointGroup(ResourceSet):
    """Set endpoint group properties."""

    name = "endpoint group set"
    resource = RESOURCE
    options = (
        Arg("endpointgroup", metavar="<endpoint-group>",
            help="endpoint group to modify (name or ID)"),
        Option("--name", metavar="<name>", help="new endpoint group name"),
        Option("--filters", metavar="<filename>",
               help="filename that contains a new set of filters"),
        Option("--description", metavar="<description>", default="",
               help="new endpoint group description"),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        # as the official client: every field is sent, the ones not given as null (and
        # the description as "")
        return {"name": args.name,
                "filters": read_filters(args.filters) if args.filters else None,
                "description": args.description}


class ShowEndpointGroup(ResourceShow):
    """Display endpoint group details."""

    name = "endpoint group show"
    resource = RESOURCE
    show_columns = SHOWN
    options = (Arg("endpointgroup", metavar="<endpointgroup>",
                   help="endpoint group (name or ID)"),)


class _GroupProject(Command):
    associate = True

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        verb = "associate" if self.associate else "remove"
        add_options(parser, (
            GROUP, Arg("project", metavar="<project>", help=f"project to {verb} (name or ID)"),
            identity_fields.domain_option("--project-domain", "project")))

    def take_action(self, args: argparse.Namespace) -> int:
        identity = self.conn.identity
        group = identity.find_endpoint_group(args.endpointgroup, ignore_missing=False)
        query = {"domain_id": args.project_domain} if args.project_domain else {}
        project = identity.find_project(args.project, ignore_missing=False, **query)
        if self.associate:
            identity.associate_project_with_endpoint_group(group, project)
        else:
            identity.disassociate_project_from_endpoint_group(group, project)
        return 0


class AddProjectToEndpointGroup(_GroupProject):
    """Add a project to an endpoint group."""

    name = "endpoint group add project"


class RemoveProjectFromEndpointGroup(_GroupProject):
    """Remove project from endpoint group."""

    name = "endpoint group remove project"
    associate = False
