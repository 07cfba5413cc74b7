"""`region create|delete|list|set|show`: the catalog's regions, by ID."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli import lookups
from ostack.cli.declare import Arg, Column, Option
from ostack.cli.generic import (
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceSet,
    ResourceShow,
)

RESOURCE = "identity.region"
SHOWN = (Column("region", "id"), Column("description", "description"),
         Column("parent_region", "parent_region_id"))


class CreateRegion(ResourceCreate):
    """Create new region."""

    name = "region create"
    resource = RESOURCE
    show_columns = SHOWN
    options = (
        Arg("region", metavar="<region-id>", body="id", help="new region ID"),
        Option("--parent-region", metavar="<region-id>", body="parent_region_id",
               help="parent region ID"),
        Option("--description", metavar="<description>", body="description",
               help="new region description"),
    )


class DeleteRegion(ResourceDelete):
    """Delete region(s)."""

    name = "region delete"
    resource = RESOURCE
    failure = "Failed to delete region with ID '{name}': {error}"
    options = (Arg("region", metavar="<region-id>", nargs="+", help="region ID(s) to delete"),)

    def delete(self, args: argparse.Namespace, name: str) -> Any:
        # as the official client: by ID, and a region already gone is no failure
        return self.service.delete_region(name)


class ListRegion(ResourceList):
    """List regions."""

    name = "region list"
    resource = RESOURCE
    columns = (Column("Region", "id"), Column("Parent Region", "parent_region_id"),
               Column("Description", "description"))
    options = (Option("--parent-region", metavar="<region-id>", query="parent_region_id",
                      help="filter by parent region ID"),)


class SetRegion(ResourceSet):
    """Set region properties."""

    name = "region set"
    resource = RESOURCE
    options = (
        Arg("region", metavar="<region-id>", help="region to modify"),
        Option("--parent-region", metavar="<region-id>", body="parent_region_id",
               help="new parent region ID"),
        Option("--description", metavar="<description>", body="description",
               help="new region description"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        attrs = {k: v for k, v in self.attrs(args).items() if v}
        lookups.method(self.conn, self.resource, "update")(args.region, **attrs)
        return 0


class ShowRegion(ResourceShow):
    """Display region details."""

    name = "region show"
    resource = RESOURCE
    show_columns = SHOWN
    options = (Arg("region", metavar="<region-id>", help="region to display"),)

    def fetch(self, args: argparse.Namespace) -> Any:
        return self.service.get_region(args.region)
