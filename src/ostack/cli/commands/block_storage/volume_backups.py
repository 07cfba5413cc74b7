"""`volume backup create|delete|list|restore|set|show|unset` and `volume backup record
export|import`, as the official client prints them (`create` also offers `--wait`)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ostack import exceptions
from ostack.cli import lookups
from ostack.cli.columns import FormattableColumn, ReprColumn
from ostack.cli.command import ShowOne
from ostack.cli.declare import Arg, Column, Option, marker_pagination, properties
from ostack.cli.generic import ResourceCommand, ResourceList

RESOURCE = "block_storage.backup"

SHOWN = ("availability_zone", "container", "created_at", "data_timestamp", "description",
         "encryption_key_id", "fail_reason", "has_dependent_backups", "id", "is_incremental",
         "metadata", "name", "object_count", "project_id", "size", "snapshot_id", "status",
         "updated_at", "user_id", "volume_id")


def backup_fields(backup: Any) -> dict[str, Any]:
    data = {name: getattr(backup, name) for name in SHOWN}
    data["metadata"] = ReprColumn(data["metadata"])
    return data


def _needs(version: str, what: str) -> exceptions.OstackError:
    return exceptions.OstackError(f"--os-volume-api-version {version} or greater is required "
                                  f"to support the {what}")


class VolumeNameColumn(FormattableColumn):
    """A volume ID, shown in a table as the volume's name when it is known."""

    __slots__ = ("names",)

    def __init__(self, value: Any, names: dict[str, str] | None = None) -> None:
        super().__init__(value)
        self.names = names or {}

    def human_readable(self) -> Any:
        return self.names.get(self.value, self.value)


class CreateVolumeBackup(ResourceCommand, ShowOne):
    """Create new volume backup."""

    name = "volume backup create"
    resource = RESOURCE
    options = (
        Arg("volume", metavar="<volume>", help="volume to backup (name or ID)"),
        Option("--name", metavar="<name>", help="name of the backup"),
        Option("--description", metavar="<description>", help="description of the backup"),
        Option("--container", metavar="<container>", help="optional backup container name"),
        Option("--snapshot", metavar="<snapshot>", help="snapshot to backup (name or ID)"),
        Option("--force", action="store_true", default=False,
               help="allow to back up an in-use volume"),
        Option("--incremental", action="store_true", default=False,
               help="perform an incremental backup"),
        Option("--no-incremental", action="store_false", dest="incremental",
               help="do not perform an incremental backup"),
        properties(dest="properties", help="set a property on this backup (repeatable) "
                                           "(supported by --os-volume-api-version 3.43 or "
                                           "above)"),
        Option("--availability-zone", metavar="<zone-name>",
               help="availability zone where the backup is created (supported by "
                    "--os-volume-api-version 3.51 or above)"),
        Option("--wait", action="store_true", help="wait until the backup is available"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        storage = self.service
        volume = storage.find_volume(args.volume, ignore_missing=False)
        attrs: dict[str, Any] = {"volume_id": volume.id, "container": args.container,
                                 "name": args.name, "description": args.description,
                                 "force": args.force, "is_incremental": args.incremental}
        if args.snapshot:
            attrs["snapshot_id"] = storage.find_snapshot(args.snapshot,
                                                         ignore_missing=False).id
        if args.properties:
            if not self.supports("3.43"):
                raise _needs("3.43", "--property option")
            attrs["metadata"] = dict(args.properties)
        if args.availability_zone:
            if not self.supports("3.51"):
                raise _needs("3.51", "--availability-zone option")
            attrs["availability_zone"] = args.availability_zone
        backup = storage.create_backup(**attrs)
        if args.wait:
            from ostack.cli import progress

            backup = progress.wait_after_create(storage, backup, "available")
        return {"id": backup.id, "name": backup.name, "volume_id": backup.volume_id}


class DeleteVolumeBackup(ResourceCommand):
    """Delete volume backup(s)."""

    name = "volume backup delete"
    resource = RESOURCE
    options = (
        Arg("backups", metavar="<backup>", nargs="+", help="backup(s) to delete (name or ID)"),
        Option("--force", action="store_true", default=False,
               help="allow delete in state other than error or available"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        storage = self.service
        failed = 0
        for name in args.backups:
            try:
                backup = storage.find_backup(name, ignore_missing=False)
                storage.delete_backup(backup, ignore_missing=False, force=args.force)
            except exceptions.OstackError as exc:
                failed += 1
                sys.stderr.write(f"Failed to delete backup with name or ID '{name}': {exc}\n")
        if failed:
            raise exceptions.OstackError(
                f"{failed} of {len(args.backups)} backups failed to delete.")
        return 0


class ListVolumeBackup(ResourceList):
    """List volume backups."""

    name = "volume backup list"
    resource = RESOURCE
    options = (
        Option("--project", metavar="<project>",
               help="filter results by project (name or ID) (admin only)"),
        Option("--long", action="store_true", default=False,
               help="list additional fields in output"),
        Option("--name", metavar="<name>", query="name",
               help="filters results by the backup name"),
        Option("--status", metavar="<status>", query="status",
               choices=["creating", "available", "deleting", "error", "restoring",
                        "error_restoring"],
               help="filters results by the backup status, one of: creating, available, "
                    "deleting, error, restoring or error_restoring"),
        Option("--volume", metavar="<volume>",
               help="filters results by the volume which they backup (name or ID)"),
        *marker_pagination(),
        Option("--all-projects", action="store_true", default=False,
               help="include all projects (admin only)"),
    )

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        storage = self.service
        query = self.mapped(args, "query")
        query["all_projects"] = args.all_projects
        if args.project:
            query["all_projects"] = True
            query["project_id"] = lookups.find_id(self.conn, "identity.project", args.project)
        if args.volume:
            found = storage.find_volume(args.volume)
            query["volume_id"] = found.id if found is not None else args.volume
        if args.marker:
            query["marker"] = storage.find_backup(args.marker, ignore_missing=False).id
        return query

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        try:
            names = {v.id: v.name for v in self.service.volumes()}
        except exceptions.OstackError:
            names = {}
        backups = list(self.items(args, self.query(args)))
        columns = [Column("ID", "id"), Column("Name", "name"),
                   Column("Description", "description"), Column("Status", "status"),
                   Column("Size", "size"), Column("Incremental", "is_incremental"),
                   Column("Created At", "created_at")]
        if args.long:
            columns += [Column("Availability Zone", "availability_zone"),
                        Column("Volume", "volume_id", lambda v: VolumeNameColumn(v, names)),
                        Column("Container", "container")]
        return [c.header for c in columns], [[c.value(b) for c in columns] for b in backups]


class RestoreVolumeBackup(ResourceCommand, ShowOne):
    """Restore volume backup."""

    name = "volume backup restore"
    resource = RESOURCE
    options = (
        Arg("backup", metavar="<backup>", help="backup to restore (name or ID)"),
        Arg("volume", metavar="<volume>", nargs="?",
            help="volume to restore to (name or ID for existing volume, name only for new "
                 "volume) (default to None)"),
        Option("--force", action="store_true",
               help="restore the backup to an existing volume (default to False)"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        storage = self.service
        backup = storage.find_backup(args.backup, ignore_missing=False)
        volume_id = name = None
        try:
            volume_id = storage.find_volume(args.volume, ignore_missing=False).id
        except exceptions.OstackError:
            name = args.volume
        else:
            if not args.force:
                raise exceptions.OstackError(
                    f"Volume '{args.volume}' already exists; if you want to restore the "
                    "backup to it you need to specify the '--force' option")
        restore = storage.restore_backup(backup, volume=volume_id, name=name)
        return {"id": restore.id, "volume_id": restore.volume_id,
                "volume_name": restore.volume_name}


class SetVolumeBackup(ResourceCommand):
    """Set volume backup properties."""

    name = "volume backup set"
    resource = RESOURCE
    options = (
        Arg("backup", metavar="<backup>", help="backup to modify (name or ID)"),
        Option("--name", metavar="<name>",
               help="new backup name (supported by --os-volume-api-version 3.9 or above)"),
        Option("--description", metavar="<description>",
               help="new backup description (supported by --os-volume-api-version 3.9 or "
                    "above)"),
        Option("--state", metavar="<state>", choices=["available", "error"],
               help="new backup state (admin only; only changes the database)"),
        Option("--no-property", action="store_true",
               help="remove all properties from this backup (supported by "
                    "--os-volume-api-version 3.43 or above)"),
        properties(dest="properties", help="set a property on this backup (repeatable) "
                                           "(supported by --os-volume-api-version 3.43 or "
                                           "above)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        storage = self.service
        backup = storage.find_backup(args.backup, ignore_missing=False)
        failed = 0
        if args.state:
            try:
                storage.reset_backup_status(backup, status=args.state)
            except exceptions.OstackError as exc:
                sys.stderr.write(f"Failed to set backup state: {exc}\n")
                failed += 1
        update: dict[str, Any] = {}
        for flag, version in (("name", "3.9"), ("description", "3.9")):
            if getattr(args, flag):
                if not self.supports(version):
                    raise _needs(version, f"--{flag} option")
                update[flag] = getattr(args, flag)
        for flag, given in (("no-property", args.no_property), ("property", args.properties)):
            if given and not self.supports("3.43"):
                raise _needs("3.43", f"--{flag} option")
        if self.supports("3.43"):
            metadata = {} if args.no_property else dict(backup.metadata or {})
            metadata.update(dict(args.properties or []))
            update["metadata"] = metadata
        if update:
            try:
                storage.update_backup(backup, **update)
            except exceptions.OstackError as exc:
                sys.stderr.write(f"Failed to update backup: {exc}\n")
                failed += 1
        if failed:
            raise exceptions.OstackError("One or more of the set operations failed")
        return 0


class UnsetVolumeBackup(ResourceCommand):
    """Unset volume backup properties."""

    name = "volume backup unset"
    resource = RESOURCE
    options = (
        Arg("backup", metavar="<backup>", help="backup to modify (name or ID)"),
        Option("--property", metavar="<key>", action="append", dest="properties",
               help="property to remove from this backup (repeatable)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        if not self.supports("3.43"):
            raise _needs("3.43", "--property option")
        storage = self.service
        backup = storage.find_backup(args.backup, ignore_missing=False)
        metadata = dict(backup.metadata or {})
        for key in args.properties or []:
            if key not in metadata:
                sys.stderr.write(f"'{key}' is not a valid property for backup "
                                 f"'{args.backup}'\n")
                continue
            del metadata[key]
        # Cinder has no call to remove one backup property: the rest is set back.
        storage.update_backup(backup, metadata=metadata)
        return 0


class ShowVolumeBackup(ResourceCommand, ShowOne):
    """Display volume backup details."""

    name = "volume backup show"
    resource = RESOURCE
    options = (Arg("backup", metavar="<backup>", help="backup to display (name or ID)"),)

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        return backup_fields(self.service.find_backup(args.backup, ignore_missing=False))


class ExportBackupRecord(ResourceCommand, ShowOne):
    """Export volume backup details."""

    name = "volume backup record export"
    resource = RESOURCE
    options = (Arg("backup", metavar="<backup>", help="backup to export (name or ID)"),)

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        storage = self.service
        backup = storage.find_backup(args.backup, ignore_missing=False)
        record = dict(storage.export_backup(backup).get("backup-record") or {})
        if getattr(args, "formatter", None) == "table":
            record["Backup Service"] = record.pop("backup_service", None)
            record["Metadata"] = record.pop("backup_url", None)
        return {k: record[k] for k in sorted(record)}


class ImportBackupRecord(ResourceCommand, ShowOne):
    """Import volume backup details."""

    name = "volume backup record import"
    resource = RESOURCE
    options = (
        Arg("backup_service", metavar="<backup_service>",
            help="backup service containing the backup"),
        Arg("backup_metadata", metavar="<backup_metadata>",
            help="encoded backup metadata from export"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        backup = self.service.import_backup(args.backup_service, args.backup_metadata)
        data = {k: v for k, v in backup.to_dict().items() if k != "links"}
        return {k: data[k] for k in sorted(data)}
