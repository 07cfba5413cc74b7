"""`aggregate add host|cache image|create|delete|list|remove host|set|show|unset`, as the
official client prints them."""

from __future__ import annotations

import argparse
from typing import Any

from ostack import exceptions
from ostack.cli import lookups
from ostack.cli.columns import DictColumn, ListColumn
from ostack.cli.command import Command, ShowOne
from ostack.cli.declare import Arg, Column, Option, properties
from ostack.cli.generic import (
    ResourceCommand,
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceSet,
    ResourceShow,
    ShowFields,
)
from ostack.transport.microversions import at_least

RESOURCE = "compute.aggregate"
AGGREGATE = Arg("aggregate", metavar="<aggregate>", help="aggregate (name or ID)")


def _without_zone(metadata: Any) -> dict[str, Any]:
    """The metadata as `show` and `list --long` print it: Nova keeps the zone there too."""
    return {k: v for k, v in (metadata or {}).items() if k != "availability_zone"}


class AggregateFields(ShowFields):
    show_rename = {"metadata": "properties"}
    show_formatters = {"hosts": ListColumn, "metadata": DictColumn}


class ListAggregate(ResourceList):
    """List all aggregates."""

    name = "aggregate list"
    resource = RESOURCE
    columns = (Column("ID", "id"), Column("Name", "name"),
               Column("Availability Zone", "availability_zone"))
    long_columns = (Column("Properties", lambda a: DictColumn(_without_zone(a.metadata))),
                    Column("Hosts", "hosts", ListColumn))
    options = (
        Option("--availability-zone", metavar="<availability-zone>",
               help="filter by availability zone name"),
        Option("--host", metavar="<host>", help="filter by aggregates containing this host"),
    )

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> list[Any]:
        # Nova has no filters here: they are applied on this side, all of them at once.
        found = list(self.service.aggregates())
        if args.availability_zone is not None:
            found = [a for a in found if a.availability_zone == args.availability_zone]
        if args.host is not None:
            found = [a for a in found if args.host in (a.hosts or [])]
        return found

    def columns_for(self, args: argparse.Namespace) -> tuple[Column, ...]:
        columns = super().columns_for(args)
        if at_least(self.service.microversion, "2.41"):
            columns = columns[:1] + (Column("UUID", "uuid"),) + columns[1:]
        return columns


class ShowAggregate(AggregateFields, ResourceShow):
    """Display aggregate details."""

    name = "aggregate show"
    resource = RESOURCE
    options = (Arg("aggregate", metavar="<aggregate>",
                   help="aggregate to display (name or ID)"),)

    def show(self, aggregate: Any) -> dict[str, Any]:
        data = super().show(aggregate)
        data["properties"] = DictColumn(_without_zone(aggregate.metadata))
        return data


class CreateAggregate(AggregateFields, ResourceCreate):
    """Create a new aggregate."""

    name = "aggregate create"
    resource = RESOURCE
    options = (
        Arg("name", metavar="<name>", body="name", help="new aggregate name"),
        Option("--zone", metavar="<availability-zone>", body="availability_zone",
               help="availability zone name"),
        properties(dest="properties",
                   help="property to add to this aggregate (repeat option to set multiple "
                        "properties)"),
    )

    def create(self, args: argparse.Namespace, attrs: dict[str, Any]) -> Any:
        aggregate = self.service.create_aggregate(**attrs)
        if args.properties:
            aggregate = self.service.set_aggregate_metadata(aggregate, dict(args.properties))
        return aggregate


class DeleteAggregate(ResourceDelete):
    """Delete existing aggregate(s)."""

    name = "aggregate delete"
    resource = RESOURCE
    options = (Arg("aggregate", metavar="<aggregate>", nargs="+",
                   help="aggregate(s) to delete (name or ID)"),)


class SetAggregate(ResourceSet):
    """Set aggregate properties."""

    name = "aggregate set"
    resource = RESOURCE
    options = (
        Arg("aggregate", metavar="<aggregate>", help="aggregate to modify (name or ID)"),
        Option("--name", metavar="<name>", body="name", help="set aggregate name"),
        Option("--zone", metavar="<availability-zone>", body="availability_zone",
               help="set availability zone name"),
        properties(dest="properties",
                   help="property to set on <aggregate> (repeat option to set multiple "
                        "properties)"),
        Option("--no-property", action="store_true",
               help="remove all properties from <aggregate> (specify both --property and "
                    "--no-property to overwrite the current properties)"),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        # Empty names and zones are not sent, as the official client does not send them.
        return {k: v for k, v in super().attrs(args).items() if v}

    def apply(self, args: argparse.Namespace, aggregate: Any) -> None:
        metadata: dict[str, Any] = {}
        if args.no_property:
            # The zone lives in the metadata too, and cannot be removed from there.
            metadata.update({key: None for key in _without_zone(aggregate.metadata)})
        metadata.update(dict(args.properties or []))
        if metadata:
            self.service.set_aggregate_metadata(aggregate, metadata)


class UnsetAggregate(ResourceSet):
    """Unset aggregate properties."""

    name = "aggregate unset"
    resource = RESOURCE
    options = (
        Arg("aggregate", metavar="<aggregate>", help="aggregate to modify (name or ID)"),
        Option("--property", metavar="<key>", action="append", dest="properties",
               help="property to remove from aggregate (repeat option to remove multiple "
                    "properties)"),
    )

    def apply(self, args: argparse.Namespace, aggregate: Any) -> None:
        if args.properties:
            self.service.set_aggregate_metadata(
                aggregate, {key: None for key in args.properties})


class _HostChange(AggregateFields, ResourceCommand, ShowOne):
    """Add a host to an aggregate or remove one; the aggregate is shown afterwards."""

    resource = RESOURCE
    method = ""

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        aggregate = self.find(args.aggregate)
        return self.show(getattr(self.service, self.method)(aggregate, args.host))


class AddAggregateHost(_HostChange):
    """Add host to aggregate."""

    name = "aggregate add host"
    method = "add_host_to_aggregate"
    options = (AGGREGATE, Arg("host", metavar="<host>", help="host to add to <aggregate>"))


class RemoveAggregateHost(_HostChange):
    """Remove host from aggregate."""

    name = "aggregate remove host"
    method = "remove_host_from_aggregate"
    options = (AGGREGATE,
               Arg("host", metavar="<host>", help="host to remove from <aggregate>"))


class CacheImageForAggregate(ResourceCommand, Command):
    """Request image caching for aggregate."""

    name = "aggregate cache image"
    resource = RESOURCE
    options = (
        AGGREGATE,
        Arg("image", metavar="<image>", nargs="+",
            help="image ID to request caching for aggregate (name or ID); may be specified "
                 "multiple times"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        if not at_least(self.service.microversion, "2.81"):
            raise exceptions.OstackError(
                "This operation requires server support for API microversion 2.81")
        aggregate = self.find(args.aggregate)
        images = [lookups.find_id(self.conn, "image.image", image) for image in args.image]
        self.service.aggregate_precache_images(aggregate, images)
        return 0
