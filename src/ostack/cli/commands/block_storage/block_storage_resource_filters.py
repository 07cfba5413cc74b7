"""`block storage resource filter list|show` (volume API 3.33+): the filters each listing
accepts, as the official client prints them."""

from __future__ import annotations

import argparse
from typing import Any

from ostack import exceptions
from ostack.cli.columns import ListColumn
from ostack.cli.command import Lister, ShowOne
from ostack.cli.declare import Arg, add_options
from ostack.cli.generic import ResourceCommand

MICROVERSION = "3.33"


class FilterCommand(ResourceCommand):
    resource = "block_storage.resource_filter"

    def require(self) -> None:
        if not self.supports(MICROVERSION):
            raise exceptions.OstackError(
                f"--os-volume-api-version {MICROVERSION} or greater is required to support "
                f"the '{self.name}' command")


class ListBlockStorageResourceFilter(FilterCommand, Lister):
    """List block storage resource filters."""

    name = "block storage resource filter list"

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        self.require()
        from ostack.cli.ndjson import keep_bodies

        found = list(self.service.resource_filters())
        return ["Resource", "Filters"], keep_bodies(
            [[f.resource, ListColumn(f.filters)] for f in found], found)


class ShowBlockStorageResourceFilter(FilterCommand, ShowOne):
    """Show filters for a block storage resource type."""

    name = "block storage resource filter show"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (Arg("resource", metavar="<resource>",
                                 help="resource to show filters for (name)"),))

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        self.require()
        found = list(self.service.resource_filters(resource=args.resource))
        if not found:
            raise exceptions.OstackError(
                f"No resource filter with a name of {args.resource}' exists.")
        return {"Resource": found[0].resource, "Filters": ListColumn(found[0].filters)}
