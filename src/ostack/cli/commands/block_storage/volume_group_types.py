"""`volume group type create|delete|list|set|show` (volume API 3.11+), as the official
client prints them."""

from __future__ import annotations

import argparse
import logging
from typing import Any

from ostack import exceptions
from ostack.cli.columns import DictColumn
from ostack.cli.command import Command, ShowOne
from ostack.cli.commands.block_storage.microversioned import VolumeApiCommand
from ostack.cli.declare import Arg, Column, Option, properties
from ostack.cli.generic import ResourceList, ResourceShow

LOG = logging.getLogger(__name__)
RESOURCE = "block_storage.group_type"
MICROVERSION = "3.11"

GROUP_TYPE = Arg("group_type", metavar="<group_type>", help="volume group type (name or ID)")


def group_type_fields(group_type: Any) -> dict[str, Any]:
    """The fields the official client shows for a group type, in its order."""
    return {"ID": group_type.id, "Name": group_type.name,
            "Description": group_type.description, "Is Public": group_type.is_public,
            "Properties": DictColumn(group_type.group_specs)}


class GroupTypeCommand(VolumeApiCommand):
    """A group type command: needs volume API 3.11."""

    resource = RESOURCE
    microversion = MICROVERSION


class CreateVolumeGroupType(GroupTypeCommand, ShowOne):
    """Create a volume group type."""

    name = "volume group type create"
    options = (
        Arg("name", metavar="<name>", help="name of new volume group type"),
        Option("--description", metavar="<description>",
               help="description of the volume group type"),
        Option("--public", dest="is_public", action="store_true", default=True, group="pub",
               help="volume group type is available to other projects (default)"),
        Option("--private", dest="is_public", action="store_false", group="pub",
               help="volume group type is not available to other projects"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        self.require()
        created = self.service.create_group_type(
            name=args.name, description=args.description, is_public=args.is_public)
        return group_type_fields(created)


class DeleteVolumeGroupType(GroupTypeCommand, Command):
    """Delete a volume group type."""

    name = "volume group type delete"
    options = (Arg("group_type", metavar="<group_type>",
                   help="name or ID of volume group type to delete"),)

    def take_action(self, args: argparse.Namespace) -> int:
        self.require()
        self.service.delete_group_type(self.find(args.group_type), ignore_missing=False)
        return 0


class ListVolumeGroupType(GroupTypeCommand, ResourceList):
    """Lists all volume group types."""

    name = "volume group type list"
    columns = (Column("ID", "id"), Column("Name", "name"), Column("Is Public", "is_public"),
               Column("Group Specs", "group_specs", DictColumn))
    options = (Option("--default", dest="show_default", action="store_true", default=False,
                      help="list the default volume group type"),)

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        self.require()
        if args.show_default:
            try:
                return [self.service.get_group_type("default")]
            except exceptions.NotFound as exc:
                raise exceptions.OstackError(
                    f"No GroupType found for default: {exc.message}") from None
        return self.service.group_types()


class SetVolumeGroupType(GroupTypeCommand, ShowOne):
    """Update a volume group type."""

    name = "volume group type set"
    options = (
        GROUP_TYPE,
        Option("--name", metavar="<name>", help="new name for volume group type"),
        Option("--description", metavar="<description>",
               help="new description for volume group type"),
        Option("--public", dest="is_public", action="store_true", default=None, group="pub",
               help="make volume group type available to other projects"),
        Option("--private", dest="is_public", action="store_false", group="pub",
               help="make volume group type unavailable to other projects"),
        Option("--no-property", action="store_true",
               help="remove all properties from this volume group type (with --property: "
                    "before setting the new ones)"),
        properties(dest="properties", help="property to add or modify for this volume group "
                   "type (repeat option to set multiple properties)"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        self.require()
        found = self.find(args.group_type)
        service = self.service
        attrs = {key: value for key, value in (
            ("name", args.name), ("description", args.description),
            ("is_public", args.is_public)) if value is not None}
        errors = 0
        if attrs:
            try:
                found = service.update_group_type(found.id, **attrs)
            except exceptions.OstackError as exc:
                LOG.error("Failed to update group type: %s", exc)
                errors += 1
        if args.no_property:
            try:
                for key in found.group_specs or {}:
                    service.delete_group_type_group_specs_property(found.id, key)
            except exceptions.OstackError as exc:
                LOG.error("Failed to clear group type properties: %s", exc)
                errors += 1
        if args.properties:
            try:
                service.create_group_type_group_specs(found.id, dict(args.properties))
            except exceptions.OstackError as exc:
                LOG.error("Failed to set group type properties: %s", exc)
                errors += 1
        if errors:
            raise exceptions.OstackError("Command Failed: One or more of the operations failed")
        return group_type_fields(self.find(args.group_type))


class ShowVolumeGroupType(GroupTypeCommand, ResourceShow):
    """Show detailed information for a volume group type."""

    name = "volume group type show"
    options = (GROUP_TYPE,)

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        self.require()
        return group_type_fields(self.find(args.group_type))
