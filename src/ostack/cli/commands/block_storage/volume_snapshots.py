"""`volume snapshot create|delete|list|set|show|unset`, as the official client prints them."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ostack import exceptions
from ostack.cli import lookups, steps
from ostack.cli.columns import DictColumn, FormattableColumn
from ostack.cli.declare import Arg, Column, Option, marker_pagination, properties
from ostack.cli.generic import ResourceCommand, ResourceCreate, ResourceList, ResourceShow

RESOURCE = "block_storage.snapshot"


def snapshot_fields(snapshot: Any) -> dict[str, Any]:
    """The fields `volume snapshot show` prints (the official client leaves out quota,
    progress, project, user, group snapshot, force and update time)."""
    return {"created_at": snapshot.created_at, "description": snapshot.description,
            "id": snapshot.id, "name": snapshot.name,
            "properties": DictColumn(snapshot.metadata), "size": snapshot.size,
            "status": snapshot.status, "volume_id": snapshot.volume_id}


class VolumeNameColumn(FormattableColumn):
    """A volume ID, shown in a table as the volume's name when it is known."""

    __slots__ = ("names",)

    def __init__(self, value: Any, names: dict[str, str] | None = None) -> None:
        super().__init__(value)
        self.names = names or {}

    def human_readable(self) -> Any:
        return self.names.get(self.value, self.value)


class ListVolumeSnapshot(ResourceList):
    """List volume snapshots."""

    name = "volume snapshot list"
    resource = RESOURCE
    options = (
        Option("--all-projects", action="store_true", default=False,
               help="include all projects (admin only)"),
        Option("--project", metavar="<project>",
               help="filter results by project (name or ID) (admin only)"),
        Option("--project-domain", metavar="<project-domain>",
               help="domain the project belongs to (name or ID)"),
        Option("--long", action="store_true", default=False,
               help="list additional fields in output"),
        Option("--name", metavar="<name>", query="name", help="filters results by a name"),
        Option("--status", metavar="<status>", query="status",
               choices=["available", "error", "creating", "deleting", "error_deleting"],
               help="filters results by a status"),
        Option("--volume", metavar="<volume>",
               help="filters results by a volume (name or ID)"),
        *marker_pagination(),
    )

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        query = self.mapped(args, "query")
        if args.volume:
            query["volume_id"] = self.service.find_volume(args.volume, ignore_missing=False).id
        if args.project:
            query["project_id"] = lookups.project_id(self.conn, args.project,
                                                     args.project_domain)
        query["all_projects"] = True if args.project else args.all_projects
        return query

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        try:
            names = {v.id: v.name for v in self.service.volumes()}
        except exceptions.OstackError:
            names = {}
        query = self.query(args)
        snapshots = list(self.items(args, query))
        columns = [Column("ID", "id"), Column("Name", "name"),
                   Column("Description", "description"), Column("Status", "status"),
                   Column("Size", "size")]
        if args.long:
            columns += [Column("Created At", "created_at"),
                        Column("Volume", "volume_id", lambda v: VolumeNameColumn(v, names)),
                        Column("Properties", "metadata", DictColumn)]
        return [c.header for c in columns], [[c.value(s) for c in columns] for s in snapshots]


class ShowVolumeSnapshot(ResourceShow):
    """Display volume snapshot details."""

    name = "volume snapshot show"
    resource = RESOURCE
    options = (Arg("snapshot", metavar="<snapshot>", help="snapshot to display (name or ID)"),)

    def show(self, resource: Any) -> dict[str, Any]:
        return snapshot_fields(resource)


class CreateVolumeSnapshot(ResourceCreate):
    """Create new volume snapshot."""

    name = "volume snapshot create"
    resource = RESOURCE
    options = (
        Arg("snapshot_name", metavar="<snapshot-name>", help="name of the new snapshot"),
        Option("--volume", metavar="<volume>",
               help="volume to snapshot (name or ID) (default is <snapshot-name>)"),
        Option("--description", metavar="<description>", help="description of the snapshot"),
        Option("--force", action="store_true", default=False,
               help="allow snapshot of in-use (attached) volume; only needed for "
                    "microversions prior to 3.66; ignored for 3.66+"),
        properties(dest="properties", help="set a property to this snapshot (repeat option "
                                           "to set multiple properties)"),
        properties("--remote-source", dest="remote_source",
                   help="the attribute(s) of the existing remote volume snapshot (admin "
                        "required) (repeat option to specify multiple attributes)"),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        volume = self.service.find_volume(args.volume or args.snapshot_name,
                                          ignore_missing=False)
        if args.remote_source:
            if args.force:
                sys.stderr.write("'--force' option will not work when you create new volume "
                                 "snapshot from an existing remote volume snapshot\n")
            return {"volume_id": volume.id, "ref": dict(args.remote_source),
                    "name": args.snapshot_name, "description": args.description,
                    "metadata": dict(args.properties) if args.properties else None}
        attrs: dict[str, Any] = {"volume_id": volume.id, "name": args.snapshot_name,
                                 "description": args.description,
                                 "metadata": dict(args.properties) if args.properties else None}
        if not self.supports("3.66"):
            attrs["is_forced"] = args.force
        return {k: v for k, v in attrs.items() if v is not None}

    def create(self, args: argparse.Namespace, attrs: dict[str, Any]) -> Any:
        if args.remote_source:
            return self.service.manage_snapshot(**attrs)
        return self.service.create_snapshot(**attrs)

    def show(self, resource: Any) -> dict[str, Any]:
        return snapshot_fields(resource)


class DeleteVolumeSnapshot(ResourceCommand):
    """Delete volume snapshot(s)."""

    name = "volume snapshot delete"
    resource = RESOURCE
    options = (
        Arg("snapshots", metavar="<snapshot>", nargs="+",
            help="snapshot(s) to delete (name or ID)"),
        Option("--force", action="store_true",
               help="attempt forced removal of snapshot(s), regardless of state "
                    "(defaults to False)"),
        Option("--remote", action="store_true",
               help="unmanage the snapshot, removing it from the Block Storage service "
                    "management but not from the backend"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        storage = self.service
        if args.remote and args.force:
            raise exceptions.OstackError("The --force option is not supported with the "
                                         "--remote parameter.")
        failed = 0
        for name in args.snapshots:
            try:
                snapshot = storage.find_snapshot(name, ignore_missing=False)
                if args.remote:
                    storage.unmanage_snapshot(snapshot)
                else:
                    storage.delete_snapshot(snapshot, ignore_missing=False, force=args.force)
            except exceptions.OstackError as exc:
                failed += 1
                sys.stderr.write(f"Failed to delete snapshot with name or ID '{name}': {exc}\n")
        if failed:
            raise exceptions.OstackError(
                f"{failed} of {len(args.snapshots)} snapshots failed to delete.")
        return 0


class SetVolumeSnapshot(ResourceCommand):
    """Set volume snapshot properties."""

    name = "volume snapshot set"
    resource = RESOURCE
    options = (
        Arg("snapshot", metavar="<snapshot>", help="snapshot to modify (name or ID)"),
        Option("--name", metavar="<name>", help="new snapshot name"),
        Option("--description", metavar="<description>", help="new snapshot description"),
        Option("--no-property", action="store_true",
               help="remove all properties from <snapshot> (before setting new ones)"),
        properties(dest="properties", help="property to add/change for this snapshot "
                                           "(repeat option to set multiple properties)"),
        Option("--state", metavar="<state>",
               choices=["available", "error", "creating", "deleting", "error_deleting"],
               help="new snapshot state (admin only; only changes the database)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        storage = self.service
        snapshot = storage.find_snapshot(args.snapshot, ignore_missing=False)
        update = {k: v for k, v in (("name", args.name), ("description", args.description))
                  if v}
        plan = (
            (args.no_property, "Failed to clean snapshot properties",
             lambda: storage.delete_snapshot_metadata(snapshot, keys=list(snapshot.metadata))),
            (bool(args.properties), "Failed to set snapshot property",
             lambda: storage.set_snapshot_metadata(snapshot, **dict(args.properties))),
            (bool(args.state), "Failed to set snapshot state",
             lambda: storage.reset_snapshot_status(snapshot, args.state)),
            (bool(update), "Failed to update snapshot name or description",
             lambda: storage.update_snapshot(snapshot, **update)),
        )
        failed = steps.attempt(plan)
        if failed:
            raise exceptions.OstackError("One or more of the set operations failed")
        return 0


class UnsetVolumeSnapshot(ResourceCommand):
    """Unset volume snapshot properties."""

    name = "volume snapshot unset"
    resource = RESOURCE
    options = (
        Arg("snapshot", metavar="<snapshot>", help="snapshot to modify (name or ID)"),
        Option("--property", metavar="<key>", dest="properties", action="append", default=[],
               help="property to remove from snapshot (repeat option to remove multiple "
                    "properties)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        storage = self.service
        snapshot = storage.find_snapshot(args.snapshot, ignore_missing=False)
        if args.properties:
            storage.delete_snapshot_metadata(snapshot, keys=args.properties)
        return 0
