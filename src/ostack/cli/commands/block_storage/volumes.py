"""`volume create|delete|list|show|set|unset|migrate|revert|summary`, as the official client
prints them (Cinder v3; `create` and `delete` also offer `--wait`)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ostack import exceptions
from ostack.cli import lookups, steps
from ostack.cli.columns import DictColumn, FormattableColumn, ReprColumn
from ostack.cli.command import ShowOne
from ostack.cli.declare import Arg, Column, Option, key_value, non_negative, properties
from ostack.cli.generic import ResourceCommand, ResourceCreate, ResourceList, ResourceShow

RESOURCE = "block_storage.volume"

#: What the official client leaves out of a volume's fields, and what it shows only when set.
_IGNORED = frozenset({"OS-SCH-HNT:scheduler_hints", "imageRef", "links",
                      "os-volume-replication:driver_data",
                      "os-volume-replication:extended_status"})
_OPTIONAL = frozenset({"consistencygroup_id", "encryption_key_id", "volume_image_metadata"})


def volume_fields(volume: Any) -> dict[str, Any]:
    """A volume's fields under their wire names, sorted, as `volume show` prints them."""
    from ostack.block_storage.volumes import Volume

    data: dict[str, Any] = {}
    for name, field in Volume.fields().items():
        if field.wire in _IGNORED:
            continue
        value = getattr(volume, name)
        if field.wire in _OPTIONAL and value is None:
            continue
        data[field.wire] = value
    for key in ("attachments", "volume_image_metadata"):  # no formatter: Python's text
        if key in data:
            data[key] = ReprColumn(data[key])
    data["properties"] = DictColumn(data.pop("metadata"))
    data["type"] = data.pop("volume_type")
    return {k: data[k] for k in sorted(data)}


class AttachmentsColumn(FormattableColumn):
    """A volume's attachments: `Attached to <server> on <device> ` in a table."""

    __slots__ = ("servers",)

    def __init__(self, value: Any, servers: dict[str, str] | None = None) -> None:
        super().__init__(value)
        self.servers = servers or {}

    def human_readable(self) -> str:
        return "".join(
            f"Attached to {self.servers.get(a.get('server_id'), a.get('server_id'))} on "
            f"{a.get('device')} " for a in self.value or [])


class ListVolume(ResourceList):
    """List volumes."""

    name = "volume list"
    resource = RESOURCE
    options = (
        Option("--project", metavar="<project>",
               help="filter results by project (name or ID) (admin only)"),
        Option("--project-domain", metavar="<project-domain>",
               help="domain the project belongs to (name or ID)"),
        Option("--user", metavar="<user>", help="filter results by user (name or ID) (admin only)"),
        Option("--user-domain", metavar="<user-domain>",
               help="domain the user belongs to (name or ID)"),
        Option("--name", metavar="<name>", query="name", help="filter results by volume name"),
        Option("--status", metavar="<status>", query="status", help="filter results by status"),
        properties(dest="properties", help="filter by a property on the volume list "
                                           "(repeat option to filter by multiple properties)"),
        Option("--all-projects", action="store_true", default=False,
               help="include all projects (admin only)"),
        Option("--long", action="store_true", default=False,
               help="list additional fields in output"),
        Option("--limit", metavar="<limit>", type=non_negative("--limit"),
               help="the maximum number of entries to return per page"),
        Option("--marker", metavar="<marker>", query="marker",
               help="the first position in the collection to return results from"),
    )

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        query = self.mapped(args, "query")
        if args.limit:
            query["limit"] = args.limit
        if args.project:
            query["project_id"] = lookups.project_id(self.conn, args.project,
                                                     args.project_domain)
        if args.user:
            domain = ({"domain_id": lookups.find_id(self.conn, "identity.domain",
                                                    args.user_domain)}
                      if args.user_domain else {})
            query["user_id"] = lookups.find_id(self.conn, "identity.user", args.user, **domain)
        if args.properties:
            query["properties"] = str(dict(args.properties))
        query["all_projects"] = bool(args.project) or args.all_projects
        return query

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        volumes = list(self.items(args, self.query(args)))
        servers: dict[str, str] = {}
        if any(v.status == "in-use" for v in volumes):
            try:
                servers = {s.id: s.name for s in self.conn.compute.servers()}
            except exceptions.OstackError:
                pass
        columns = [Column("ID", "id"), Column("Name", "name"), Column("Status", "status"),
                   Column("Size", "size")]
        if args.long:
            columns += [Column("Type", "volume_type"), Column("Bootable", "is_bootable")]
        columns.append(Column("Attached to", "attachments",
                              lambda value: AttachmentsColumn(value, servers)))
        if args.long:
            columns.append(Column("Properties", "metadata", DictColumn))
        return [c.header for c in columns], [[c.value(v) for c in columns] for v in volumes]


class ShowVolume(ResourceShow):
    """Display volume details."""

    name = "volume show"
    resource = RESOURCE
    options = (Arg("volume", metavar="<volume>", help="volume to display (name or ID)"),)

    def show(self, resource: Any) -> dict[str, Any]:
        return volume_fields(resource)


def _hint(text: str) -> tuple[str, str]:
    return key_value("--hint")(text)


class CreateVolume(ResourceCreate):
    """Create new volume."""

    name = "volume create"
    resource = RESOURCE
    wait_status = "available"
    options = (
        Arg("name", metavar="<name>", nargs="?", help="volume name"),
        Option("--size", metavar="<size>", type=int,
               help="volume size in GB (required unless --snapshot or --source specified)"),
        Option("--type", metavar="<volume-type>", help="set the type of volume"),
        Option("--image", metavar="<image>", group="source",
               help="use <image> as source of volume (name or ID)"),
        Option("--snapshot", metavar="<snapshot>", group="source",
               help="use <snapshot> as source of volume (name or ID)"),
        Option("--source", metavar="<volume>", group="source",
               help="volume to clone (name or ID)"),
        Option("--source-replicated", metavar="<replicated-volume>", group="source",
               help=argparse.SUPPRESS),
        Option("--backup", metavar="<backup>", group="source",
               help="restore backup to a volume (name or ID) "
                    "(supported by --os-volume-api-version 3.47 or later)"),
        properties("--remote-source", dest="remote_source", group="source",
                   help="the attribute(s) of the existing remote volume (admin required) "
                        "(repeat option to specify multiple attributes, e.g.: "
                        "'--remote-source source-name=test_name')"),
        Option("--description", metavar="<description>", help="volume description"),
        Option("--availability-zone", metavar="<availability-zone>",
               help="create volume in <availability-zone>"),
        Option("--consistency-group", metavar="consistency-group>",
               help="consistency group where the new volume belongs to"),
        properties(dest="properties",
                   help="set a property to this volume (repeat option to set multiple "
                        "properties)"),
        Option("--hint", metavar="<key=value>", type=_hint, action="append",
               help="arbitrary scheduler hint key-value pairs to help creating a volume "
                    "(repeat the option to set multiple hints)"),
        Option("--bootable", action="store_true", dest="bootable", default=None,
               group="bootable", help="mark volume as bootable"),
        Option("--non-bootable", action="store_false", dest="bootable", default=None,
               group="bootable", help="mark volume as non-bootable (default)"),
        Option("--read-only", action="store_true", dest="read_only", default=None,
               group="readonly", help="set volume to read-only access mode"),
        Option("--read-write", action="store_false", dest="read_only", default=None,
               group="readonly", help="set volume to read-write access mode (default)"),
        Option("--host", metavar="<host>",
               help="Cinder host on which the existing volume resides (host@backend-name#pool);"
                    " only used along with the --remote-source option"),
        Option("--cluster", metavar="<cluster>",
               help="Cinder cluster on which the existing volume resides; only used along "
                    "with the --remote-source option (supported by --os-volume-api-version "
                    "3.16 or above)"),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        storage = self.service
        if not (args.snapshot or args.source or args.backup or args.remote_source) and (
                args.size is None):
            raise exceptions.OstackError(
                "--size is a required option if none of --snapshot, --backup, --source, or "
                "--remote-source are provided.")
        if (args.host or args.cluster) and not args.remote_source:
            raise exceptions.OstackError("The --host and --cluster options are only supported "
                                         "with --remote-source parameter.")
        if args.backup and not self.supports("3.47"):
            raise exceptions.OstackError(
                "--os-volume-api-version 3.47 or greater is required to create a volume "
                "from backup.")
        if args.remote_source:
            return self._managed(args)
        size = args.size
        attrs: dict[str, Any] = {}
        if args.source:
            source = storage.find_volume(args.source, ignore_missing=False)
            attrs["source_volume_id"] = source.id
            size = max(size or 0, source.size)
        if args.image:
            attrs["image_id"] = lookups.find_id(self.conn, "image.image", args.image)
        if args.snapshot:
            snapshot = storage.find_snapshot(args.snapshot, ignore_missing=False)
            attrs["snapshot_id"] = snapshot.id
            size = max(size or 0, snapshot.size)
        if args.backup:
            backup = storage.find_backup(args.backup, ignore_missing=False)
            attrs["backup_id"] = backup.id
            size = max(size or 0, backup.size)
        if args.consistency_group:
            attrs["consistency_group_id"] = storage.find_consistency_group(
                args.consistency_group, ignore_missing=False).id
        hints: dict[str, Any] = {}
        for key, value in args.hint or []:
            if key in ("same_host", "different_host"):
                hints.setdefault(key, []).append(value)
            else:
                hints[key] = value
        for key, value in (("size", size), ("name", args.name),
                           ("description", args.description), ("volume_type", args.type),
                           ("availability_zone", args.availability_zone),
                           ("metadata", dict(args.properties) if args.properties else None),
                           ("scheduler_hints", hints or None)):
            if value is not None:
                attrs[key] = value
        return attrs

    def _managed(self, args: argparse.Namespace) -> dict[str, Any]:
        """What `manage_volume` takes, after the official client's checks."""
        if args.size or args.consistency_group or args.hint or args.read_only is not None:
            raise exceptions.OstackError(
                "The --size, --consistency-group, --hint, --read-only and --read-write "
                "options are not supported with the --remote-source parameter.")
        if args.cluster and not self.supports("3.16"):
            raise exceptions.OstackError("--os-volume-api-version 3.16 or greater is required "
                                         "to support the cluster parameter.")
        if args.cluster and args.host:
            raise exceptions.OstackError("Only one of --host or --cluster needs to be "
                                         "specified to manage a volume.")
        if not args.cluster and not args.host:
            raise exceptions.OstackError("One of --host or --cluster needs to be specified to "
                                         "manage a volume.")
        return {"host": args.host, "cluster": args.cluster, "ref": dict(args.remote_source),
                "name": args.name, "description": args.description, "volume_type": args.type,
                "availability_zone": args.availability_zone,
                "metadata": dict(args.properties) if args.properties else None,
                "bootable": args.bootable}

    def create(self, args: argparse.Namespace, attrs: dict[str, Any]) -> Any:
        if args.remote_source:
            return self.service.manage_volume(**attrs)
        volume = self.service.create_volume(**attrs)
        for flag, message, setter in (
                ("bootable", "Failed to set volume bootable property",
                 self.service.set_volume_bootable_status),
                ("read_only", "Failed to set volume read-only access mode flag",
                 self.service.set_volume_readonly)):
            value = getattr(args, flag)
            if value is None:
                continue
            try:
                self.service.wait_for_status(volume, "available", failures=("error",),
                                             interval=1, wait=3600)
                setter(volume, value)
            except exceptions.OstackError as exc:
                sys.stderr.write(f"{message}: {exc}\n")
        return volume

    def show(self, resource: Any) -> dict[str, Any]:
        return volume_fields(resource)


class DeleteVolume(ResourceCommand):
    """Delete volume(s)."""

    name = "volume delete"
    resource = RESOURCE
    options = (
        Arg("volumes", metavar="<volume>", nargs="+", help="volume(s) to delete (name or ID)"),
        Option("--force", action="store_true", group="how",
               help="attempt forced removal of volume(s), regardless of state "
                    "(defaults to False)"),
        Option("--cascade", action="store_true", group="how",
               help="remove any snapshots along with volume(s) (defaults to False)"),
        Option("--purge", action="store_true", dest="cascade", group="how",
               help=argparse.SUPPRESS),
        Option("--remote", action="store_true",
               help="specify this parameter to unmanage a volume"),
        Option("--wait", action="store_true", help="wait until each volume is gone"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        storage = self.service
        if args.remote and (args.force or args.cascade):
            raise exceptions.OstackError("The --force and --cascade options are not supported "
                                         "with the --remote parameter.")
        failed = 0
        deleted = []
        for name in args.volumes:
            try:
                volume = storage.find_volume(name, ignore_missing=False)
                if args.remote:
                    storage.unmanage_volume(volume)
                else:
                    storage.delete_volume(volume, ignore_missing=False, force=args.force,
                                          cascade=args.cascade)
                deleted.append(volume)
            except exceptions.OstackError as exc:
                failed += 1
                sys.stderr.write(f"Failed to delete volume with name or ID '{name}': {exc}\n")
        if args.wait:
            from ostack.cli import progress

            for volume in deleted:
                try:
                    progress.wait_for_delete(storage, volume)
                except exceptions.OstackError as exc:
                    failed += 1
                    sys.stderr.write(f"Error waiting for volume {volume.id}: {exc}\n")
        if failed:
            raise exceptions.OstackError(
                f"{failed} of {len(args.volumes)} volumes failed to delete.")
        return 0


class SetVolume(ResourceCommand):
    """Set volume properties."""

    name = "volume set"
    resource = RESOURCE
    options = (
        Arg("volume", metavar="<volume>", help="volume to modify (name or ID)"),
        Option("--name", metavar="<name>", help="new volume name"),
        Option("--size", metavar="<size>", type=int, help="extend volume size in GB"),
        Option("--description", metavar="<description>", help="new volume description"),
        Option("--no-property", action="store_true",
               help="remove all properties from <volume> (before setting new ones)"),
        properties(dest="properties",
                   help="set a property on this volume (repeat option to set multiple "
                        "properties)"),
        properties("--image-property", dest="image_properties",
                   help="set an image property on this volume (repeat option to set "
                        "multiple image properties)"),
        Option("--state", metavar="<state>", choices=[
            "available", "error", "creating", "deleting", "in-use", "attaching", "detaching",
            "error_deleting", "maintenance"],
            help="new volume state (admin only; only changes the database)"),
        Option("--attached", action="store_true", group="attached",
               help='set volume attachment status to "attached" (admin only)'),
        Option("--detached", action="store_true", group="attached",
               help='set volume attachment status to "detached" (admin only)'),
        Option("--type", metavar="<volume-type>", help="new volume type (name or ID)"),
        Option("--retype-policy", metavar="<retype-policy>", choices=["never", "on-demand"],
               help=argparse.SUPPRESS),
        Option("--migration-policy", metavar="<migration-policy>",
               choices=["never", "on-demand"],
               help='migration policy while re-typing volume ("never" or "on-demand", '
                    'default is "never") (available only when --type option is specified)'),
        Option("--bootable", action="store_true", dest="bootable", default=None,
               group="bootable", help="mark volume as bootable"),
        Option("--non-bootable", action="store_false", dest="bootable", default=None,
               group="bootable", help="mark volume as non-bootable"),
        Option("--read-only", action="store_true", dest="read_only", default=None,
               group="readonly", help="set volume to read-only access mode"),
        Option("--read-write", action="store_false", dest="read_only", default=None,
               group="readonly", help="set volume to read-write access mode"),
    )

    def _size(self, volume: Any, size: int) -> None:
        if size <= volume.size:
            raise exceptions.OstackError(f"New size must be greater than {volume.size} GB")
        if volume.status not in ("available", "in-use"):
            raise exceptions.OstackError(
                f"Volume is in {volume.status} state, it must be available or in-use before "
                "size can be extended.")
        if volume.status == "in-use" and not self.supports("3.42"):
            raise exceptions.OstackError(
                "--os-volume-api-version 3.42 or greater is required to extend in-use volumes.")
        self.service.extend_volume(volume, size)

    def take_action(self, args: argparse.Namespace) -> int:
        storage = self.service
        volume = storage.find_volume(args.volume, ignore_missing=False)
        if args.retype_policy:
            sys.stderr.write("The '--retype-policy' option has been deprecated in favor of "
                             "'--migration-policy' option. The '--retype-policy' option will "
                             "be removed in a future release. Please use "
                             "'--migration-policy' instead.\n")
        policy = args.migration_policy or args.retype_policy
        plan: list[tuple[bool, str, Any]] = [
            (bool(args.size), "Failed to set volume size", lambda: self._size(volume, args.size)),
            (args.no_property, "Failed to clean volume properties",
             lambda: storage.delete_volume_metadata(volume)),
            (bool(args.properties), "Failed to set volume properties",
             lambda: storage.set_volume_metadata(volume, **dict(args.properties))),
            (bool(args.image_properties), "Failed to set image properties",
             lambda: storage.set_volume_image_metadata(volume, **dict(args.image_properties))),
            (bool(args.state), "Failed to set volume state",
             lambda: storage.reset_volume_status(volume, status=args.state)),
            (args.attached, "Failed to set volume attach-status",
             lambda: storage.reset_volume_status(volume, attach_status="attached")),
            (args.detached, "Failed to set volume attach-status",
             lambda: storage.reset_volume_status(volume, attach_status="detached")),
            (args.bootable is not None, "Failed to set volume bootable property",
             lambda: storage.set_volume_bootable_status(volume, args.bootable)),
            (args.read_only is not None, "Failed to set volume read-only access mode flag",
             lambda: storage.set_volume_readonly(volume, args.read_only)),
            (bool(args.type), "Failed to set volume type",
             lambda: storage.retype_volume(
                 volume, storage.find_type(args.type, ignore_missing=False),
                 policy or "never")),
        ]
        failed = steps.attempt(plan)
        if policy and not args.type:
            flag = "--migration-policy" if args.migration_policy else "--retype-policy"
            sys.stderr.write(f"'{flag}' option will not work without '--type' option\n")
        update = {k: v for k, v in (("name", args.name), ("description", args.description))
                  if v}
        if update:
            try:
                storage.update_volume(volume, **update)
            except exceptions.OstackError as exc:
                sys.stderr.write("Failed to update volume display name or display "
                                 f"description: {exc}\n")
                failed += 1
        if failed:
            raise exceptions.OstackError("One or more of the set operations failed")
        return 0


class UnsetVolume(ResourceCommand):
    """Unset volume properties."""

    name = "volume unset"
    resource = RESOURCE
    options = (
        Arg("volume", metavar="<volume>", help="volume to modify (name or ID)"),
        Option("--property", metavar="<key>", action="append", dest="properties",
               help="remove a property from volume (repeat option to remove multiple "
                    "properties)"),
        Option("--image-property", metavar="<key>", action="append", dest="image_properties",
               help="remove an image property from volume (repeat option to remove "
                    "multiple image properties)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        storage = self.service
        volume = storage.find_volume(args.volume, ignore_missing=False)
        if steps.attempt((
                (args.properties, "Failed to unset volume properties",
                 lambda: storage.delete_volume_metadata(volume, keys=args.properties)),
                (args.image_properties, "Failed to unset image properties",
                 lambda: storage.delete_volume_image_metadata(
                     volume, keys=args.image_properties)))):
            raise exceptions.OstackError("One or more of the unset operations failed")
        return 0


class MigrateVolume(ResourceCommand):
    """Migrate volume to a new host."""

    name = "volume migrate"
    resource = RESOURCE
    options = (
        Arg("volume", metavar="<volume>", help="volume to migrate (name or ID)"),
        Option("--host", metavar="<host>", group="destination",
               help="destination host (takes the form: host@backend-name#pool)"),
        Option("--cluster", metavar="<cluster>", group="destination",
               help="destination cluster to migrate the volume to "
                    "(requires --os-volume-api-version 3.16 or higher)"),
        Option("--force-host-copy", action="store_true",
               help="enable generic host-based force-migration, which bypasses driver "
                    "optimizations"),
        Option("--lock-volume", action="store_true",
               help="the volume state will be locked and will not allow a migration to be "
                    "aborted (possibly by another operation)"),
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        destination = parser.add_mutually_exclusive_group(required=True)
        for option in self.options:
            target = destination if option.group == "destination" else parser
            kwargs = dict(option.kwargs)
            if option.flags[0].startswith("-"):
                kwargs.setdefault("dest", option.dest)
            target.add_argument(*option.flags, **kwargs)

    def take_action(self, args: argparse.Namespace) -> int:
        storage = self.service
        volume = storage.find_volume(args.volume, ignore_missing=False)
        if args.cluster and not self.supports("3.16"):
            raise exceptions.OstackError(
                "--os-volume-api-version 3.16 or greater is required to support the volume "
                "migration with cluster")
        storage.migrate_volume(volume, host=args.host, force_host_copy=args.force_host_copy,
                               lock_volume=args.lock_volume, cluster=args.cluster)
        return 0


class VolumeRevertToSnapshot(ResourceCommand):
    """Revert a volume to a snapshot."""

    name = "volume revert"
    resource = RESOURCE
    options = (Arg("snapshot", metavar="<snapshot>",
                   help="name or ID of the snapshot to restore (the volume's most recent one)"),)

    def take_action(self, args: argparse.Namespace) -> int:
        if not self.supports("3.40"):
            raise exceptions.OstackError(
                "--os-volume-api-version 3.40 or greater is required to support the 'volume "
                "revert snapshot' command")
        storage = self.service
        snapshot = storage.find_snapshot(args.snapshot, ignore_missing=False)
        volume = storage.find_volume(snapshot.volume_id, ignore_missing=False)
        storage.revert_volume_to_snapshot(volume, snapshot)
        return 0


class VolumeSummary(ResourceCommand, ShowOne):
    """Show a summary of all volumes in this deployment."""

    name = "volume summary"
    resource = RESOURCE
    options = (Option("--all-projects", action="store_true", default=False,
                      help="include all projects (admin only)"),)

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        if not self.supports("3.12"):
            raise exceptions.OstackError(
                "--os-volume-api-version 3.12 or greater is required to support the 'volume "
                "summary' command")
        summary = self.service.summary(args.all_projects)
        data = {"Total Count": summary.get("total_count"),
                "Total Size": summary.get("total_size")}
        if self.supports("3.36"):
            data["Metadata"] = DictColumn(summary.get("metadata"))
        return data

