"""`volume type create|delete|list|set|show|unset`, as the official client prints them: extra
specs as properties (with `--multiattach`, `--cacheable` ... as their aliases), project access
of private types and encryption."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ostack import exceptions
from ostack.cli import lookups, steps
from ostack.cli.columns import DictColumn, FormattableColumn, ListColumn, format_dict
from ostack.cli.command import ShowOne
from ostack.cli.declare import Arg, Column, Option, properties
from ostack.cli.generic import ResourceCommand, ResourceDelete, ResourceList

RESOURCE = "block_storage.type"

#: Encryption fields the official client leaves out (and any that are None).
_ENCRYPTION_HIDDEN = frozenset({"id", "name", "deleted", "created_at", "updated_at",
                                "deleted_at", "volume_type_id"})


def type_fields(volume_type: Any) -> dict[str, Any]:
    return {"description": volume_type.description, "id": volume_type.id,
            "is_public": volume_type.is_public, "name": volume_type.name,
            "properties": DictColumn(volume_type.extra_specs or {})}


def encryption_fields(encryption: Any) -> dict[str, Any]:
    return {k: v for k, v in sorted(encryption.to_dict().items())
            if k not in _ENCRYPTION_HIDDEN and v is not None}


def _sorted(data: dict[str, Any]) -> dict[str, Any]:
    return {k: data[k] for k in sorted(data)}


def alias_options(verb: str) -> tuple[Option, ...]:
    """`--multiattach`, `--cacheable`, `--replicated`, `--availability-zone`: extra specs by
    another name."""
    return (
        Option("--multiattach", action="store_true", default=False,
               help=f"{verb} multi-attach (an alias for '--property multiattach=<is> True')"),
        Option("--cacheable", action="store_true", default=False,
               help=f"{verb} caching (an alias for '--property cacheable=<is> True')"),
        Option("--replicated", action="store_true", default=False,
               help=f"{verb} replication (an alias for "
                    "'--property replication_enabled=<is> True')"),
        Option("--availability-zone", action="append", dest="availability_zones",
               help="an availability zone of this volume type (an alias for "
                    "'--property RESKEY:availability_zones:<az>') (repeatable)"),
    )


def extra_specs(args: argparse.Namespace) -> dict[str, str]:
    specs = dict(args.properties or [])
    for flag, key in (("multiattach", "multiattach"), ("cacheable", "cacheable"),
                      ("replicated", "replication_enabled")):
        if getattr(args, flag):
            specs[key] = "<is> True"
    if args.availability_zones:
        specs["RESKEY:availability_zones"] = ",".join(args.availability_zones)
    return specs


PROJECT_DOMAIN = Option("--project-domain", metavar="<project-domain>",
                        help="domain the project belongs to (name or ID)")


def encryption_options() -> tuple[Option, ...]:
    return (
        Option("--encryption-provider", metavar="<provider>",
               help='the encryption provider format (e.g "luks" or "plain") (admin only)'),
        Option("--encryption-cipher", metavar="<cipher>",
               help='the encryption algorithm or mode (e.g "aes-xts-plain64") (admin only)'),
        Option("--encryption-key-size", metavar="<key-size>", type=int,
               help='the size of the encryption key (e.g "128" or "256") (admin only)'),
        Option("--encryption-control-location", metavar="<control-location>",
               choices=["front-end", "back-end"],
               help='where the encryption is performed ("front-end" or "back-end") '
                    '(admin only)'),
    )


def _encrypting(args: argparse.Namespace) -> bool:
    return bool(args.encryption_provider or args.encryption_cipher
                or args.encryption_key_size or args.encryption_control_location)


def _create_encryption(storage: Any, volume_type: Any, args: argparse.Namespace) -> Any:
    if not args.encryption_provider:
        raise exceptions.OstackError("'--encryption-provider' should be specified while "
                                     "creating a new encryption type")
    return storage.create_type_encryption(
        volume_type, provider=args.encryption_provider, cipher=args.encryption_cipher,
        key_size=args.encryption_key_size,
        control_location=args.encryption_control_location or "front-end")


class EncryptionColumn(FormattableColumn):
    """A type's encryption in a listing: `key='value', ...` or "-" in a table."""

    def human_readable(self) -> str:
        return format_dict(self.value) if self.value else "-"


class ListVolumeType(ResourceList):
    """List volume types."""

    name = "volume type list"
    resource = RESOURCE
    options = (
        Option("--long", action="store_true", default=False,
               help="list additional fields in output"),
        Option("--default", action="store_true", default=False, group="public",
               help="list the default volume type"),
        Option("--public", action="store_true", dest="is_public", default="none",
               group="public", help="list only public types"),
        Option("--private", action="store_false", dest="is_public", default="none",
               group="public", help="list only private types (admin only)"),
        Option("--encryption-type", action="store_true",
               help="display encryption information for each volume type (admin only)"),
        properties(dest="properties",
                   help="filter by a property on the volume types (repeatable) "
                        "(supported by --os-volume-api-version 3.52 or above)"),
        *alias_options("list only volume types with"),
    )

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        if args.default:
            return {"default": True}
        specs = extra_specs(args)
        if specs and not self.supports("3.52"):
            raise exceptions.OstackError(
                "--os-volume-api-version 3.52 or greater is required to use the "
                "'--property' option or any of the alias options")
        # The official client hands the specs to openstacksdk as query arguments it does
        # not know and drops: the listing is not filtered by them. So neither is ours.
        return {"is_public": args.is_public}

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        if query.get("default"):
            return [self.service.get_type("default")]
        return self.service.types(**query)

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        storage = self.service
        types = list(self.items(args, self.query(args)))
        columns = [Column("ID", "id"), Column("Name", "name"), Column("Is Public", "is_public")]
        if args.long:
            columns += [Column("Description", "description"),
                        Column("Properties", "extra_specs", DictColumn)]
        if args.encryption_type:
            found = {}
            for volume_type in types:
                encryption = storage.get_type_encryption(volume_type)
                if encryption.volume_type_id:
                    found[encryption.volume_type_id] = encryption_fields(encryption)
            columns.append(Column("Encryption", lambda t: EncryptionColumn(found.get(t.id))))
        return [c.header for c in columns], [[c.value(t) for c in columns] for t in types]


class ShowVolumeType(ResourceCommand, ShowOne):
    """Display volume type details."""

    name = "volume type show"
    resource = RESOURCE
    options = (
        Arg("volume_type", metavar="<volume-type>", help="volume type to display (name or ID)"),
        Option("--encryption-type", action="store_true",
               help="display encryption information of this volume type (admin only)"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        storage = self.service
        volume_type = storage.find_type(args.volume_type, ignore_missing=False)
        data = type_fields(volume_type)
        access = None
        if not volume_type.is_public:
            try:
                access = ListColumn([item.get("project_id")
                                     for item in storage.get_type_access(volume_type)])
            except exceptions.OstackError as exc:
                sys.stderr.write(f"Failed to get access project list for volume type "
                                 f"{volume_type.id}: {exc}\n")
        data["access_project_ids"] = access
        if args.encryption_type:
            try:
                data["encryption"] = DictColumn(encryption_fields(
                    storage.get_type_encryption(volume_type)))
            except exceptions.OstackError as exc:
                sys.stderr.write("Failed to display the encryption information of this "
                                 f"volume type: {exc}\n")
        return _sorted(data)


class CreateVolumeType(ResourceCommand, ShowOne):
    """Create new volume type."""

    name = "volume type create"
    resource = RESOURCE
    options = (
        Arg("name", metavar="<name>", help="volume type name"),
        Option("--description", metavar="<description>", help="volume type description"),
        Option("--public", action="store_true", dest="is_public", default=None, group="public",
               help="volume type is accessible to the public"),
        Option("--private", action="store_false", dest="is_public", default=None,
               group="public", help="volume type is not accessible to the public"),
        properties(dest="properties", help="set a property on this volume type (repeatable)"),
        *alias_options("enable"),
        Option("--project", metavar="<project>",
               help="allow <project> to access private type (name or ID) "
                    "(must be used with --private option)"),
        PROJECT_DOMAIN,
        *encryption_options(),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        if args.project and args.is_public is not False:
            raise exceptions.OstackError("--project is only allowed with --private")
        storage = self.service
        attrs: dict[str, Any] = {"name": args.name, "description": args.description}
        if args.is_public is not None:
            attrs["is_public"] = args.is_public
        volume_type = storage.create_type(**attrs)
        data = type_fields(volume_type)
        if args.project:
            try:
                storage.add_type_access(volume_type, lookups.project_id(
                    self.conn, args.project, args.project_domain))
            except exceptions.OstackError as exc:
                sys.stderr.write(f"Failed to add project {args.project} access to type: "
                                 f"{exc}\n")
        specs = extra_specs(args)
        if specs:
            data["properties"] = DictColumn(
                storage.update_type_extra_specs(volume_type, **specs).extra_specs)
        if _encrypting(args):
            try:
                encryption = _create_encryption(storage, volume_type, args)
                data["encryption"] = DictColumn(encryption_fields(encryption))
            except exceptions.OstackError as exc:
                sys.stderr.write("Failed to set encryption information for this volume "
                                 f"type: {exc}\n")
        return _sorted(data)


class DeleteVolumeType(ResourceDelete):
    """Delete volume type(s)."""

    name = "volume type delete"
    resource = RESOURCE
    failure = "Failed to delete volume type with name or ID '{name}': {error}"
    summary = "{failed} of {total} volume types failed to delete."
    options = (Arg("volume_types", metavar="<volume-type>", nargs="+",
                   help="volume type(s) to delete (name or ID)"),)


class SetVolumeType(ResourceCommand):
    """Set volume type properties."""

    name = "volume type set"
    resource = RESOURCE
    options = (
        Arg("volume_type", metavar="<volume-type>", help="volume type to modify (name or ID)"),
        Option("--name", metavar="<name>", help="set volume type name"),
        Option("--description", metavar="<description>", help="set volume type description"),
        properties(dest="properties",
                   help="set a property on this volume type (repeatable)"),
        *alias_options("enable"),
        Option("--project", metavar="<project>",
               help="set volume type access to project (name or ID) (admin only)"),
        Option("--public", action="store_true", dest="is_public", default=None, group="public",
               help="volume type is accessible to the public"),
        Option("--private", action="store_false", dest="is_public", default=None,
               group="public", help="volume type is not accessible to the public"),
        PROJECT_DOMAIN,
        *encryption_options(),
    )

    def _encryption(self, volume_type: Any, args: argparse.Namespace) -> None:
        storage = self.service
        changes = {attr: getattr(args, "encryption_" + attr) for attr in
                   ("provider", "cipher", "key_size", "control_location")
                   if getattr(args, "encryption_" + attr) is not None}
        try:
            storage.update_type_encryption(None, volume_type, **changes)
        except (exceptions.NotFound, exceptions.BadRequest):
            if not args.encryption_provider:
                raise exceptions.OstackError("'--encryption-provider' should be specified "
                                             "while creating a new encryption type") from None
            sys.stderr.write("No existing encryption type found, creating new encryption "
                             "type for this volume type ...\n")
            _create_encryption(storage, volume_type, args)

    def take_action(self, args: argparse.Namespace) -> int:
        storage = self.service
        volume_type = storage.find_type(args.volume_type, ignore_missing=False)
        update: dict[str, Any] = {k: v for k, v in (
            ("name", args.name), ("description", args.description)) if v}
        if args.is_public is not None:
            update["is_public"] = args.is_public
        specs = extra_specs(args)
        plan = (
            (bool(update), "Failed to update volume type name or description",
             lambda: storage.update_type(volume_type, **update)),
            (bool(specs), "Failed to set volume type properties",
             lambda: storage.update_type_extra_specs(volume_type, **specs)),
            (bool(args.project), "Failed to set volume type access to project",
             lambda: storage.add_type_access(volume_type, lookups.project_id(
                 self.conn, args.project, args.project_domain))),
            (_encrypting(args), "Failed to set encryption information for this volume type",
             lambda: self._encryption(volume_type, args)),
        )
        failed = steps.attempt(plan)
        if failed:
            raise exceptions.OstackError("Command Failed: One or more of the operations failed")
        return 0


class UnsetVolumeType(ResourceCommand):
    """Unset volume type properties."""

    name = "volume type unset"
    resource = RESOURCE
    options = (
        Arg("volume_type", metavar="<volume-type>", help="volume type to modify (name or ID)"),
        Option("--property", metavar="<key>", action="append", dest="properties",
               help="remove a property from this volume type (repeatable)"),
        Option("--project", metavar="<project>",
               help="removes volume type access to project (name or ID) (admin only)"),
        PROJECT_DOMAIN,
        Option("--encryption-type", action="store_true",
               help="remove the encryption type for this volume type (admin only)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        storage = self.service
        volume_type = storage.find_type(args.volume_type, ignore_missing=False)
        plan = (
            (bool(args.properties), "Failed to unset volume type properties",
             lambda: storage.delete_type_extra_specs(volume_type, args.properties)),
            (bool(args.project), "Failed to remove volume type access from project",
             lambda: storage.remove_type_access(volume_type, lookups.project_id(
                 self.conn, args.project, args.project_domain))),
            (args.encryption_type, "Failed to remove the encryption type for this volume type",
             lambda: storage.delete_type_encryption(None, volume_type, ignore_missing=False)),
        )
        failed = steps.attempt(plan)
        if failed:
            raise exceptions.OstackError("Command Failed: One or more of the operations failed")
        return 0
