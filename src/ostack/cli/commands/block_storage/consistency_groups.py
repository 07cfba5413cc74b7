"""`consistency group create|delete|list|set|show|add volume|remove volume` and `consistency
group snapshot create|delete|list|show`: Cinder's legacy consistency group API, as the
official client prints it."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

from ostack import exceptions
from ostack.cli.columns import ListColumn, ReprColumn
from ostack.cli.command import Command, ShowOne
from ostack.cli.declare import Arg, Column, Option
from ostack.cli.generic import ResourceCommand, ResourceDelete, ResourceList

LOG = logging.getLogger(__name__)

CG = "block_storage.consistency_group"
CG_SNAPSHOT = "block_storage.consistency_group_snapshot"
ALL_PROJECTS_HELP = "Show details for all projects. Admin only. (defaults to False)"


def cg_fields(group: Any) -> dict[str, Any]:
    """The fields the official client shows for a consistency group, in its order."""
    return {"availability_zone": group.availability_zone, "created_at": group.created_at,
            "description": group.description, "id": group.id, "name": group.name,
            "status": group.status,
            "volume_types": ReprColumn(group.volume_types)
            if isinstance(group.volume_types, list) else group.volume_types}


def cg_snapshot_fields(snapshot: Any) -> dict[str, Any]:
    """The fields the official client shows for a consistency group snapshot."""
    return {"consistencygroup_id": snapshot.consistencygroup_id,
            "created_at": snapshot.created_at, "description": snapshot.description,
            "id": snapshot.id, "name": snapshot.name, "status": snapshot.status}


class CgCommand(ResourceCommand):
    resource = CG


def _volume_ids(command: ResourceCommand, volumes: list[str], verb: str) -> list[str]:
    """The IDs of the volumes found; each one not found is logged, as the official client
    does (it goes on with the others and still exits 0)."""
    ids = []
    for volume in volumes:
        try:
            ids.append(command.service.find_volume(volume, ignore_missing=False).id)
        except exceptions.OstackError as exc:
            sys.stderr.write(f"Failed to find volume with name or ID '{volume}':{exc}\n")
    if len(ids) < len(volumes):
        sys.stderr.write(f"{len(volumes) - len(ids)} of {len(volumes)} volumes failed to "
                         f"{verb}.\n")
    return ids


class AddVolumeToConsistencyGroup(CgCommand, Command):
    """Add volume(s) to consistency group"""

    name = "consistency group add volume"
    options = (
        Arg("consistency_group", metavar="<consistency-group>",
            help="Consistency group to contain <volume> (name or ID)"),
        Arg("volumes", metavar="<volume>", nargs="+",
            help="Volume(s) to add to <consistency-group> (name or ID) (repeat option to add "
                 "multiple volumes)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        ids = _volume_ids(self, args.volumes, "add")
        if ids:
            found = self.find(args.consistency_group)
            self.service.update_consistency_group(found, add_volumes=",".join(ids))
        return 0


class RemoveVolumeFromConsistencyGroup(CgCommand, Command):
    """Remove volume(s) from consistency group"""

    name = "consistency group remove volume"
    options = (
        Arg("consistency_group", metavar="<consistency-group>",
            help="Consistency group containing <volume> (name or ID)"),
        Arg("volumes", metavar="<volume>", nargs="+",
            help="Volume(s) to remove from <consistency-group> (name or ID) (repeat option to "
                 "remove multiple volumes)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        ids = _volume_ids(self, args.volumes, "remove")
        if ids:
            found = self.find(args.consistency_group)
            self.service.update_consistency_group(found, remove_volumes=",".join(ids))
        return 0


class CreateConsistencyGroup(CgCommand, ShowOne):
    """Create new consistency group."""

    name = "consistency group create"
    options = (
        Arg("name", metavar="<name>", nargs="?",
            help="Name of new consistency group (default to None)"),
        Option("--volume-type", metavar="<volume-type>", group="source",
               help="Volume type of this consistency group (name or ID)"),
        Option("--source", metavar="<consistency-group>", group="source",
               help="Existing consistency group (name or ID)"),
        Option("--consistency-group-source", metavar="<consistency-group>", dest="source",
               group="source", help=argparse.SUPPRESS),
        Option("--snapshot", metavar="<consistency-group-snapshot>", group="source",
               help="Existing consistency group snapshot (name or ID)"),
        Option("--consistency-group-snapshot", metavar="<consistency-group-snapshot>",
               dest="snapshot", group="source", help=argparse.SUPPRESS),
        Option("--description", metavar="<description>",
               help="Description of this consistency group"),
        Option("--availability-zone", metavar="<availability-zone>",
               help="Availability zone for this consistency group (not available if creating "
                    "consistency group from source)"),
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        super().add_arguments(parser)
        for group in parser._mutually_exclusive_groups:  # one of the sources is required
            if any(a.dest == "volume_type" for a in group._group_actions):
                group.required = True

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        service = self.service
        if args.volume_type:
            type_id = service.find_type(args.volume_type, ignore_missing=False).id
            return cg_fields(service.create_consistency_group(
                volume_types=type_id, name=args.name, description=args.description,
                availability_zone=args.availability_zone))
        if args.availability_zone:
            LOG.warning("'--availability-zone' option will not work if creating consistency "
                        "group from source")
        source = snapshot = None
        if args.source:
            source = self.find(args.source).id
        elif args.snapshot:
            snapshot = service.find_consistency_group_snapshot(
                args.snapshot, ignore_missing=False).id
        return cg_fields(service.create_consistency_group_from_source(
            consistency_group_snapshot=snapshot, consistency_group=source, name=args.name,
            description=args.description))


class DeleteConsistencyGroup(CgCommand, ResourceDelete):
    """Delete consistency group(s)."""

    name = "consistency group delete"
    failure = "Failed to delete {label} with name or ID '{name}':{error}"
    options = (
        Arg("consistency_groups", metavar="<consistency-group>", nargs="+",
            help="Consistency group(s) to delete (name or ID)"),
        Option("--force", action="store_true", default=False,
               help="Allow delete in state other than error or available"),
    )

    def delete(self, args: argparse.Namespace, name: str) -> Any:
        found = self.find(name)
        self.service.delete_consistency_group(found, force=args.force, ignore_missing=False)
        return found


class ListConsistencyGroup(CgCommand, ResourceList):
    """List consistency groups."""

    name = "consistency group list"
    columns = (Column("ID", "id"), Column("Status", "status"), Column("Name", "name"))
    long_columns = (Column("ID", "id"), Column("Status", "status"),
                    Column("Availability Zone", "availability_zone"),
                    Column("Name", "name"), Column("Description", "description"),
                    Column("Volume Types", "volume_types", ListColumn))
    long_replaces = True
    options = (Option("--all-projects", action="store_true", help=ALL_PROJECTS_HELP),)

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        if args.all_projects:
            return self.service.consistency_groups(all_projects=True)
        return self.service.consistency_groups()


class SetConsistencyGroup(CgCommand, Command):
    """Set consistency group properties"""

    name = "consistency group set"
    options = (
        Arg("consistency_group", metavar="<consistency-group>",
            help="Consistency group to modify (name or ID)"),
        Option("--name", metavar="<name>", help="New consistency group name"),
        Option("--description", metavar="<description>",
               help="New consistency group description"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        attrs = {key: value for key, value in (
            ("name", args.name), ("description", args.description)) if value}
        if attrs:
            self.service.update_consistency_group(self.find(args.consistency_group), **attrs)
        return 0


class ShowConsistencyGroup(CgCommand, ShowOne):
    """Display consistency group details."""

    name = "consistency group show"
    options = (Arg("consistency_group", metavar="<consistency-group>",
                   help="Consistency group to display (name or ID)"),)

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        return cg_fields(self.find(args.consistency_group))


# ------------------------------------------------------------------- snapshots
class CreateConsistencyGroupSnapshot(CgCommand, ShowOne):
    """Create new consistency group snapshot."""

    name = "consistency group snapshot create"
    options = (
        Arg("snapshot_name", metavar="<snapshot-name>", nargs="?",
            help="Name of new consistency group snapshot (default to None)"),
        Option("--consistency-group", metavar="<consistency-group>",
               help="Consistency group to snapshot (name or ID) (default to be the same as "
                    "<snapshot-name>)"),
        Option("--description", metavar="<description>",
               help="Description of this consistency group snapshot"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        group = self.find(args.consistency_group or args.snapshot_name)
        return cg_snapshot_fields(self.service.create_consistency_group_snapshot(
            consistencygroup_id=group.id, name=args.snapshot_name,
            description=args.description))


class DeleteConsistencyGroupSnapshot(ResourceDelete):
    """Delete consistency group snapshot(s)."""

    name = "consistency group snapshot delete"
    resource = CG_SNAPSHOT
    options = (Arg("consistency_group_snapshot", metavar="<consistency-group-snapshot>",
                   nargs="+", help="Consistency group snapshot(s) to delete (name or ID)"),)


class ListConsistencyGroupSnapshot(ResourceList):
    """List consistency group snapshots."""

    name = "consistency group snapshot list"
    resource = CG_SNAPSHOT
    columns = (Column("ID", "id"), Column("Status", "status"), Column("Name", "name"))
    long_columns = (Column("ID", "id"), Column("Status", "status"),
                    Column("ConsistencyGroup ID", "consistencygroup_id"),
                    Column("Name", "name"), Column("Description", "description"),
                    Column("Created At", "created_at"))
    long_replaces = True
    options = (
        Option("--all-projects", action="store_true",
               help="Show detail for all projects (admin only) (defaults to False)"),
        Option("--status", metavar="<status>", query="status",
               choices=["available", "error", "creating", "deleting", "error_deleting"],
               help='Filters results by a status ("available", "error", "creating", '
                    '"deleting" or "error_deleting")'),
        Option("--consistency-group", metavar="<consistency-group>",
               query="consistencygroup_id", lookup=CG,
               help="Filters results by a consistency group (name or ID)"),
    )

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        if args.all_projects:
            query["all_projects"] = True
        return self.service.consistency_group_snapshots(**query)


class ShowConsistencyGroupSnapshot(ResourceCommand, ShowOne):
    """Display consistency group snapshot details"""

    name = "consistency group snapshot show"
    resource = CG_SNAPSHOT
    options = (Arg("consistency_group_snapshot", metavar="<consistency-group-snapshot>",
                   help="Consistency group snapshot to display (name or ID)"),)

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        return cg_snapshot_fields(self.find(args.consistency_group_snapshot))
