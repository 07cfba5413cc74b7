"""`volume group create|delete|list|set|show|failover|add volume|remove volume` (volume API
3.13+), as the official client prints them."""

from __future__ import annotations

import argparse
import logging
from typing import Any

from ostack import exceptions
from ostack.cli.columns import ReprColumn
from ostack.cli.command import Command, ShowOne
from ostack.cli.declare import Arg, Column, Option, env_bool
from ostack.cli.generic import ResourceCommand, ResourceList

LOG = logging.getLogger(__name__)
RESOURCE = "block_storage.group"

GROUP = Arg("group", metavar="<group>", help="volume group (name or ID)")


def group_fields(group: Any) -> dict[str, Any]:
    """The fields the official client shows for a group, in its order."""
    return {"ID": group.id, "Status": group.status, "Name": group.name,
            "Description": group.description, "Group Type": group.group_type,
            "Volume Types": ReprColumn(group.volume_types),
            "Availability Zone": group.availability_zone, "Created At": group.created_at,
            "Volumes": ReprColumn(group.volumes) if group.volumes is not None else None,
            "Group Snapshot ID": group.group_snapshot_id,
            "Source Group ID": group.source_group_id}


class GroupCommand(ResourceCommand):
    """A volume group command: needs volume API 3.13 (some options more)."""

    resource = RESOURCE

    def require(self, version: str = "3.13", what: str = "") -> None:
        if not self.supports(version):
            raise exceptions.OstackError(
                f"--os-volume-api-version {version} or greater is required to support "
                + (what or f"the '{self.name}' command"))


class CreateVolumeGroup(GroupCommand, ShowOne):
    """Create a volume group.

    From a volume group type and volume types (3.13+), or from a source group or a group
    snapshot (3.14+).
    """

    name = "volume group create"
    options = (
        Arg("volume_group_type_legacy", metavar="<volume_group_type>", nargs="?",
            group="source", help="volume group type (deprecated: use --volume-group-type)"),
        Arg("volume_types_legacy", metavar="<volume_type>", nargs="*", default=[],
            group="types", help="volume type(s) (deprecated: use --volume-type)"),
        Option("--volume-group-type", metavar="<volume_group_type>", group="source",
               help="volume group type to use (name or ID)"),
        Option("--volume-type", metavar="<volume_type>", dest="volume_types",
               action="append", default=[], group="types",
               help="volume type(s) to use (name or ID) (required with --volume-group-type)"),
        Option("--source-group", metavar="<source-group>", group="source",
               help="existing volume group to copy (name or ID) (3.14+)"),
        Option("--group-snapshot", metavar="<group-snapshot>", group="source",
               help="existing group snapshot to make the group from (name or ID) (3.14+)"),
        Option("--name", metavar="<name>", help="name of the volume group"),
        Option("--description", metavar="<description>",
               help="description of a volume group"),
        Option("--availability-zone", metavar="<availability-zone>",
               help="availability zone for volume group (not available if creating group "
                    "from source)"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        service = self.service
        if args.volume_group_type_legacy:
            LOG.warning("Passing volume group type and volume types as positional arguments "
                        "is deprecated. Use the --volume-group-type and --volume-type option "
                        "arguments instead.")
        group_type = args.volume_group_type or args.volume_group_type_legacy
        volume_types = [*args.volume_types, *args.volume_types_legacy]
        if group_type:
            self.require()
            if not volume_types:
                raise exceptions.OstackError("--volume-types is a required argument when "
                                             "creating a group from group type.")
            type_id = service.find_group_type(group_type, ignore_missing=False).id
            type_ids = [service.find_type(t, ignore_missing=False).id for t in volume_types]
            created = service.create_group(
                group_type=type_id, volume_types=type_ids, name=args.name,
                description=args.description, availability_zone=args.availability_zone)
            return group_fields(service.get_group(created.id))
        self.require("3.14", "the 'volume group create [--source-group|--group-snapshot]' "
                     "command")
        if args.source_group is None and args.group_snapshot is None:
            raise exceptions.OstackError(
                "Either --source-group <source_group> or '--group-snapshot <group_snapshot>' "
                "needs to be provided to run the 'volume group create "
                "[--source-group|--group-snapshot]' command")
        if args.availability_zone:
            LOG.warning("'--availability-zone' option will not work if creating group from "
                        "source.")
        source = snapshot = None
        if args.source_group:
            source = service.find_group(args.source_group, ignore_missing=False).id
        if args.group_snapshot:
            snapshot = service.find_group_snapshot(args.group_snapshot, ignore_missing=False).id
        created = service.create_group_from_source(
            group_snapshot_id=snapshot, source_group_id=source, name=args.name,
            description=args.description)
        return group_fields(service.get_group(created.id))


class DeleteVolumeGroup(GroupCommand, Command):
    """Delete a volume group."""

    name = "volume group delete"
    options = (
        GROUP,
        Option("--force", action="store_true", default=False,
               help="delete the volume group even if it contains volumes (and delete them)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        self.require()
        found = self.find(args.group)
        self.service.delete_group(found, delete_volumes=args.force, ignore_missing=False)
        return 0


class ListVolumeGroup(GroupCommand, ResourceList):
    """Lists all volume groups."""

    name = "volume group list"
    columns = (Column("ID", "id"), Column("Status", "status"), Column("Name", "name"))
    options = (Option("--all-projects", action="store_true",
                      default=env_bool("ALL_PROJECTS"),
                      help="include all projects (admin only)"),)

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        self.require()
        return self.service.groups(all_projects=args.all_projects)


class SetVolumeGroup(GroupCommand, ShowOne):
    """Update a volume group."""

    name = "volume group set"
    options = (
        GROUP,
        Option("--name", metavar="<name>", help="new name for group"),
        Option("--description", metavar="<description>", help="new description for group"),
        Option("--enable-replication", action="store_true", dest="enable_replication",
               default=None, group="replication",
               help="enable replication for group (3.38+)"),
        Option("--disable-replication", action="store_false", dest="enable_replication",
               group="replication", help="disable replication for group (3.38+)"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        self.require()
        service = self.service
        found = self.find(args.group)
        if args.enable_replication is not None:
            self.require("3.38", "the '--enable-replication' or '--disable-replication' "
                         "options")
            if args.enable_replication:
                service.enable_group_replication(found)
            else:
                service.disable_group_replication(found)
        attrs = {key: value for key, value in (
            ("name", args.name), ("description", args.description)) if value is not None}
        if attrs:
            service.update_group(found, **attrs)
            found = service.get_group(found.id)
        return group_fields(found)


class ShowVolumeGroup(GroupCommand, ShowOne):
    """Show detailed information for a volume group."""

    name = "volume group show"
    options = (
        GROUP,
        Option("--volumes", action="store_true", dest="show_volumes", default=None,
               help="show volumes included in the group (3.25+)"),
        Option("--no-volumes", action="store_false", dest="show_volumes",
               help="do not show volumes included in the group (3.25+)"),
        Option("--replication-targets", action="store_true", dest="show_replication_targets",
               default=None, help="show replication targets for the group (3.38+)"),
        Option("--no-replication-targets", action="store_false",
               dest="show_replication_targets",
               help="do not show replication targets for the group (3.38+)"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        self.require()
        if args.show_volumes is not None:
            self.require("3.25", "the '--(no-)volumes' option")
        if args.show_replication_targets is not None:
            self.require("3.38", "the '--(no-)replication-targets' option")
        found = self.find(args.group)
        if args.show_volumes is not None:
            found = self.service.get_group(found.id, list_volume=args.show_volumes)
        return group_fields(found)


class FailoverVolumeGroup(GroupCommand, Command):
    """Failover replication for a volume group."""

    name = "volume group failover"
    options = (
        GROUP,
        Option("--allow-attached-volume", action="store_true", dest="allow_attached_volume",
               default=False, help="allow group with attached volumes to be failed over"),
        Option("--disallow-attached-volume", action="store_false",
               dest="allow_attached_volume", default=False,
               help="disallow group with attached volumes to be failed over"),
        Option("--secondary-backend-id", metavar="<backend_id>",
               help="secondary backend ID"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        self.require("3.38")
        found = self.find(args.group)
        self.service.failover_group_replication(
            found, allowed_attached_volume=args.allow_attached_volume,
            secondary_backend_id=args.secondary_backend_id)
        return 0


class AddVolumesToGroup(GroupCommand, Command):
    """Add volume(s) to volume group."""

    name = "volume group add volume"
    options = (
        Arg("group", metavar="<group>", help="volume group to add volume(s) to (name or ID)"),
        Arg("volumes", metavar="<volume>", nargs="+", help="volume(s) to add (name or ID)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        found = self.find(args.group)
        ids = [self.service.find_volume(v, ignore_missing=False).id for v in args.volumes]
        self.service.update_group(found, add_volumes=",".join(ids))
        return 0


class RemoveVolumesFromGroup(GroupCommand, Command):
    """Remove volume(s) from volume group."""

    name = "volume group remove volume"
    options = (
        Arg("group", metavar="<group>",
            help="volume group to remove volume(s) from (name or ID)"),
        Arg("volumes", metavar="<volume>", nargs="+", help="volume(s) to remove (name or ID)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        found = self.find(args.group)
        ids = [self.service.find_volume(v, ignore_missing=False).id for v in args.volumes]
        self.service.update_group(found, remove_volumes=",".join(ids))
        return 0
