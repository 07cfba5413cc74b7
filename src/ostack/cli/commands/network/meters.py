"""`network meter create|delete|list|show`: metering labels, as the official client prints
them (its listing asks the SDK for `shared`, an attribute it names `is_shared`, and so always
shows an empty Shared column)."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli import extra_properties, lookups
from ostack.cli.declare import Arg, Column, Option, marker_pagination, project_options
from ostack.cli.generic import ResourceCreate, ResourceDelete, ResourceList, ResourceShow

RESOURCE = "network.metering_label"


class MeterFields:
    show_source = "dict"
    show_rename = {"is_shared": "shared"}
    show_hidden = ("links", "location", "tenant_id")


class CreateMeter(MeterFields, ResourceCreate):
    """Create network meter."""

    name = "network meter create"
    resource = RESOURCE
    options = (
        Option("--description", metavar="<description>", help="description for meter"),
        *project_options("owner's project (name or ID)"),
        Option("--share", action="store_true", default=None, group="share",
               help="share meter between projects"),
        Option("--no-share", action="store_true", group="share",
               help="do not share meter between projects"),
        Arg("name", metavar="<name>", help="name of meter"),
        extra_properties.option(),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        attrs: dict[str, Any] = {}
        if args.description is not None:
            attrs["description"] = args.description
        if args.project is not None:
            attrs["project_id"] = lookups.project_id(self.conn, args.project,
                                                     args.project_domain)
        if args.share:
            attrs["shared"] = True
        if args.no_share:
            attrs["shared"] = False
        attrs["name"] = args.name
        return {**attrs, **extra_properties.values(args)}


class DeleteMeter(ResourceDelete):
    """Delete network meter."""

    name = "network meter delete"
    resource = RESOURCE
    failure = "Failed to delete meter with ID '{name}': {error}"
    summary = "{failed} of {total} meters failed to delete."
    options = (Arg("meter", metavar="<meter>", nargs="+", help="meter to delete (name or ID)"),)


class ListMeter(ResourceList):
    """List network meters."""

    name = "network meter list"
    resource = RESOURCE
    limit_is_page_size = True
    columns = (Column("ID", "id"), Column("Name", "name"), Column("Description", "description"),
               Column("Shared", lambda meter: ""))
    options = marker_pagination()


class ShowMeter(MeterFields, ResourceShow):
    """Show network meter."""

    name = "network meter show"
    resource = RESOURCE
    options = (Arg("meter", metavar="<meter>", help="meter to display (name or ID)"),)
