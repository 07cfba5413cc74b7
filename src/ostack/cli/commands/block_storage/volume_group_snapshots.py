"""`volume group snapshot create|delete|list|show` (volume API 3.14+), as the official
client prints them."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli.command import Command, ShowOne
from ostack.cli.commands.block_storage.microversioned import VolumeApiCommand
from ostack.cli.declare import Arg, Column, Option, env_bool
from ostack.cli.generic import ResourceList

RESOURCE = "block_storage.group_snapshot"
MICROVERSION = "3.14"

SNAPSHOT = Arg("snapshot", metavar="<snapshot>", help="volume group snapshot (name or ID)")


def group_snapshot_fields(snapshot: Any) -> dict[str, Any]:
    """The fields the official client shows for a group snapshot, in its order."""
    return {"ID": snapshot.id, "Status": snapshot.status, "Name": snapshot.name,
            "Description": snapshot.description, "Group": snapshot.group_id,
            "Group Type": snapshot.group_type_id}


class GroupSnapshotCommand(VolumeApiCommand):
    """A group snapshot command: needs volume API 3.14."""

    resource = RESOURCE
    microversion = MICROVERSION


class CreateVolumeGroupSnapshot(GroupSnapshotCommand, ShowOne):
    """Create a volume group snapshot."""

    name = "volume group snapshot create"
    options = (
        Arg("volume_group", metavar="<volume_group>",
            help="volume group to snapshot (name or ID)"),
        Option("--name", metavar="<name>", help="name of the volume group snapshot"),
        Option("--description", metavar="<description>",
               help="description of a volume group snapshot"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        self.require()
        group = self.service.find_group(args.volume_group, ignore_missing=False)
        created = self.service.create_group_snapshot(
            group_id=group.id, name=args.name, description=args.description)
        return group_snapshot_fields(created)


class DeleteVolumeGroupSnapshot(GroupSnapshotCommand, Command):
    """Delete a volume group snapshot."""

    name = "volume group snapshot delete"
    options = (Arg("snapshot", metavar="<snapshot>",
                   help="volume group snapshot to delete (name or ID)"),)

    def take_action(self, args: argparse.Namespace) -> int:
        self.require()
        found = self.find(args.snapshot)
        self.service.delete_group_snapshot(found.id, ignore_missing=False)
        return 0


class ListVolumeGroupSnapshot(GroupSnapshotCommand, ResourceList):
    """Lists all volume group snapshot."""

    name = "volume group snapshot list"
    columns = (Column("ID", "id"), Column("Status", "status"), Column("Name", "name"))
    options = (Option("--all-projects", action="store_true",
                      default=env_bool("ALL_PROJECTS"),
                      help="include all projects (admin only)"),)

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        self.require()
        return self.service.group_snapshots(all_projects=args.all_projects)


class ShowVolumeGroupSnapshot(GroupSnapshotCommand, ShowOne):
    """Show detailed information for a volume group snapshot."""

    name = "volume group snapshot show"
    options = (SNAPSHOT,)

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        self.require()
        return group_snapshot_fields(self.find(args.snapshot))
