"""`image create|delete|list|set|show|unset`, as the official client prints them."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from ostack import exceptions
from ostack.cli import lookups, progress
from ostack.cli.columns import ListColumn
from ostack.cli.command import Command, ShowOne
from ostack.cli.declare import Arg, Column, Option, marker_pagination, properties
from ostack.cli.generic import ResourceCommand, ResourceList
from ostack.cli.image_fields import image_fields, image_size, stdin_data

RESOURCE = "image.image"
CONTAINER_FORMATS = ("ami", "ari", "aki", "bare", "docker", "ova", "ovf")
DISK_FORMATS = ("ami", "ari", "aki", "vhd", "vmdk", "raw", "qcow2", "vhdx", "vdi", "iso",
                "ploop")
MEMBER_STATUSES = ("accepted", "pending", "rejected", "all")
#: Options of the Image API v1 that v2 refuses (create) or never had (set).
V1_OPTIONS = ("location", "copy-from", "checksum", "store")

PROJECT_DOMAIN = Option("--project-domain", metavar="<project-domain>",
                        help="domain the project belongs to (name or ID)")


def visibility_options(verb: str = "Image is") -> tuple[Option, ...]:
    return tuple(
        Option(f"--{name}", dest="visibility", action="store_const", const=name,
               group="visibility", help=f"{verb} {text}")
        for name, text in (("public", "visible to all users"),
                           ("private", "only accessible by its owner"),
                           ("community", "accessible by all users, listed only for its owner"),
                           ("shared", "accessible by its owner and its members")))


def protection_options() -> tuple[Option, ...]:
    return (Option("--protected", action="store_true", dest="is_protected", default=None,
                   group="protected", help="prevent the image from being deleted"),
            Option("--unprotected", action="store_false", dest="is_protected", default=None,
                   group="protected", help="allow the image to be deleted (default)"))


def key_values(pairs: list[tuple[str, str]] | None) -> dict[str, str]:
    """Repeated `--property k=v` as a dict (the last value of a key wins)."""
    return dict(pairs or [])


class ListImage(ResourceList):
    """List available images"""

    name = "image list"
    resource = RESOURCE
    remember = True
    columns = (Column("ID", "id"), Column("Name", "name"), Column("Status", "status"))
    long_columns = (
        Column("ID", "id"), Column("Name", "name"), Column("Disk Format", "disk_format"),
        Column("Container Format", "container_format"), Column("Size", "size"),
        Column("Checksum", "checksum"), Column("Status", "status"),
        Column("Visibility", "visibility"), Column("Protected", "is_protected"),
        Column("Project", "owner_id"), Column("Hash Algorithm", "hash_algo"),
        Column("Hash Value", "hash_value"), Column("Tags", "tags", ListColumn),
    )
    long_replaces = True
    options = (
        *visibility_options("List only"),
        Option("--all", dest="visibility", action="store_const", const="all",
               group="visibility", help="list all images"),
        properties(dest="properties", help="only images with this property (repeatable)"),
        Option("--name", metavar="<name>", query="name", help="only images with this name"),
        Option("--status", metavar="<status>", query="status",
               help="only images in this status"),
        Option("--member-status", metavar="<member-status>", type=str.lower,
               choices=MEMBER_STATUSES, query="member_status",
               help=f"only images with this member status: {', '.join(MEMBER_STATUSES)}"),
        Option("--project", metavar="<project>", help="only images of this project (admin)"),
        PROJECT_DOMAIN,
        Option("--tag", metavar="<tag>", action="append", default=[], query="tag",
               help="only images with this tag (repeatable)"),
        Option("--hidden", action="store_true", dest="is_hidden", default=False,
               query="is_hidden", help="list hidden images"),
        Option("--page-size", metavar="<size>", help=argparse.SUPPRESS),
        Option("--sort", metavar="<key>[:<direction>]", default="name:asc",
               help="sort by these keys and directions (asc or desc), comma-separated "
                    "(default: name:asc)"),
        *marker_pagination(),
    )

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        query = self.mapped(args, "query")
        if args.visibility is not None:
            query["visibility"] = args.visibility
        if args.limit:
            # One page of that size, as the official client asks for it.
            query["max_items"] = min(args.limit, query.get("max_items", args.limit))
        else:
            query.pop("limit", None)
        if args.marker:
            query["marker"] = self.service.find_image(args.marker, ignore_missing=False).id
        if args.project:
            query["owner"] = lookups.project_id(self.conn, args.project, args.project_domain)
        return query

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> list[Any]:
        images = list(self.service.images(**query))
        for key, value in key_values(args.properties).items():
            images = [i for i in images if _property(i, key) == value]
        return sort_items(images, args.sort)


def _property(image: Any, key: str) -> Any:
    if key in type(image).fields():
        return getattr(image, key)
    return image.properties.get(key)


def sort_items(items: list[Any], sort: str) -> list[Any]:
    """osc-lib's client-side sort: `key[:asc|desc],...`, values compared as text."""
    if not sort:
        return items
    for part in reversed(sort.strip().split(",")):
        key, _, direction = part.partition(":")
        if ":" in part:
            if not key:
                raise exceptions.OstackError("'<empty string>'' is not a valid sort key")
            if direction not in ("asc", "desc"):
                raise exceptions.OstackError(
                    f"'{direction or '<empty string>'}' is not a valid sort direction for "
                    f"sort key {key}, use 'asc' or 'desc' instead")

        def value(item: Any, key: str = key) -> str:
            if key in type(item).fields():
                found = getattr(item, key)
            elif key in item.properties:
                found = item.properties[key]
            else:
                raise exceptions.OstackError(f"Resource doesn't have field {key}")
            return found if isinstance(found, str) else str(found)

        items.sort(key=value, reverse=direction == "desc")
    return items


class ShowImage(ResourceCommand, ShowOne):
    """Display image details"""

    name = "image show"
    resource = RESOURCE
    options = (
        Option("--human-readable", action="store_true", default=False,
               help="print the image size in a human-friendly format"),
        Arg("image", metavar="<image>", help="image to display (name or ID)"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        image = self.service.find_image(args.image, ignore_missing=False)
        if args.human_readable and image.size is None:
            raise exceptions.OstackError("'size'")
        return image_fields(image, args.human_readable)


class CreateImage(ResourceCommand, ShowOne):
    """Create/upload an image"""

    name = "image create"
    resource = RESOURCE
    options = (
        Arg("name", metavar="<image-name>", help="new image name"),
        Option("--id", metavar="<id>", help="image ID to reserve"),
        Option("--container-format", default="bare", choices=CONTAINER_FORMATS,
               metavar="<container-format>",
               help=f"container format: {', '.join(CONTAINER_FORMATS)} (default: bare)"),
        Option("--disk-format", default="raw", choices=DISK_FORMATS, metavar="<disk-format>",
               help=f"disk format: {', '.join(DISK_FORMATS)} (default: raw)"),
        Option("--min-disk", metavar="<disk-gb>", type=int,
               help="minimum disk size needed to boot the image, in gigabytes"),
        Option("--min-ram", metavar="<ram-mb>", type=int,
               help="minimum RAM size needed to boot the image, in megabytes"),
        Option("--size", metavar="<size>", type=image_size,
               help="size of the image data in bytes (helps the upload)"),
        Option("--file", dest="filename", metavar="<file>", group="source",
               help="upload the image data from a local file"),
        Option("--volume", metavar="<volume>", group="source",
               help="create the image from a volume"),
        Option("--force", action="store_true", default=False,
               help="create the image even if the volume is in use (with --volume)"),
        Option("--progress", action="store_true", default=False,
               help="show a progress bar of the upload (not for data from stdin)"),
        Option("--sign-key-path", metavar="<sign-key-path>", default=[],
               help="sign the image with this private key (with --sign-cert-id)"),
        Option("--sign-cert-id", metavar="<sign-cert-id>", default=[],
               help="the key manager's certificate of the signing key (with "
                    "--sign-key-path)"),
        *protection_options(),
        *visibility_options(),
        properties(dest="properties", help="a property to set (repeatable)"),
        Option("--tag", dest="tags", metavar="<tag>", action="append",
               help="a tag to set (repeatable)"),
        Option("--project", metavar="<project>",
               help="set another project as the image's owner (name or ID)"),
        Option("--import", dest="use_import", action="store_true",
               help="use the image import rather than a direct upload"),
        PROJECT_DOMAIN,
        *(Option(f"--{dead}", metavar=f"<{dead}>", dest=dead.replace("-", "_"),
                 help=argparse.SUPPRESS) for dead in V1_OPTIONS),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        for dead in V1_OPTIONS:
            if getattr(args, dead.replace("-", "_"), None):
                raise exceptions.OstackError(
                    f"ERROR: --{dead} was given, which is an Image v1 option that is no "
                    "longer supported in Image v2")
        if args.volume:
            return self.from_volume(args)
        attrs: dict[str, Any] = {"allow_duplicates": True}
        for key in ("name", "id", "container_format", "disk_format", "min_disk", "min_ram",
                    "tags", "visibility"):
            if getattr(args, key, None):
                attrs[key] = getattr(args, key)
        for key, value in key_values(args.properties).items():
            attrs[key] = str(value)
        if args.is_protected is not None:
            attrs["is_protected"] = args.is_protected
        if args.project:
            attrs["owner_id"] = lookups.project_id(self.conn, args.project,
                                                   args.project_domain)
        if args.use_import:
            attrs["use_import"] = True
        if args.filename:
            try:
                source = open(args.filename, "rb")  # noqa: SIM115 - closed below
            except FileNotFoundError:
                raise exceptions.OstackError(f"{args.filename!r} is not a valid file") from None
        else:
            source = stdin_data()
        try:
            return self.upload(args, attrs, source)
        finally:
            if args.filename:
                source.close()

    def upload(self, args: argparse.Namespace, attrs: dict[str, Any], source: Any
               ) -> dict[str, Any]:
        if args.size is not None and source is None:
            raise exceptions.OstackError("--size requires image data via --file or stdin")
        if args.sign_key_path or args.sign_cert_id:
            if not args.filename:
                raise exceptions.OstackError(
                    "signing an image requires the --file option, passing files via stdin "
                    "when signing is not supported.")
            if not (args.sign_key_path and args.sign_cert_id):
                raise exceptions.OstackError(
                    "'sign-key-path' and 'sign-cert-id' must both be specified when "
                    "attempting to sign an image.")
            attrs.update(self.signature(args, source))
        bar = None
        if source is not None:
            attrs["data"] = source
            if args.progress and args.filename:
                bar = progress.transfer_bar(os.path.getsize(args.filename))
                attrs["progress"] = bar.update if bar else None
        if args.size is not None:
            attrs["size"] = args.size
        try:
            image = self.service.create_image(**attrs)
        finally:
            if bar is not None:
                bar.close()
        image = self.service.get_image(image)
        lookups.remember_names(self.conn, RESOURCE, [image])
        return image_fields(image)

    def signature(self, args: argparse.Namespace, source: Any) -> dict[str, str]:
        """The signature properties of the file's data, with the key's password asked for on
        the terminal (there must be one, as for the official client)."""
        from ostack.image import signing

        try:
            if not sys.stdin or not sys.stdin.isatty():
                raise exceptions.OstackError("No terminal detected attempting to read password")
            import getpass

            password = getpass.getpass(
                "Please enter private key password, leave empty if none: ")
            key = signing.load_private_key(args.sign_key_path,
                                           password.encode() if password else None)
        except Exception:  # noqa: BLE001 - any failure to get the key says the same
            raise exceptions.OstackError(
                "Error during sign operation: private key could not be loaded.") from None
        return signing.signature_properties(key, source, args.sign_cert_id)

    def from_volume(self, args: argparse.Namespace) -> dict[str, Any]:
        """The volume's data uploaded as a new image, by Cinder; Cinder's answer is shown."""
        for dest in ("id", "min_disk", "min_ram", "force", "progress", "sign_key_path",
                     "sign_cert_id", "properties", "tags", "project", "use_import"):
            if getattr(args, dest, None):
                flag = "import" if dest == "use_import" else dest
                sys.stderr.write(f"'--{flag}' was given, which is not supported when creating "
                                 "an image from a volume. This will be an error in a future "
                                 "version.\n")
        volumes = self.conn.block_storage
        volume = volumes.find_volume(args.volume, ignore_missing=False)
        info = dict(volumes.upload_volume_to_image(
            volume.id, args.name, force=args.force, disk_format=args.disk_format,
            container_format=args.container_format, visibility=args.visibility or "private",
            protected=args.is_protected or False))
        volume_type = info.get("volume_type")
        info["volume_type"] = volume_type.get("name") if isinstance(volume_type, dict) else None
        return {key: info[key] for key in sorted(info)}


class DeleteImage(ResourceCommand, Command):
    """Delete image(s)"""

    name = "image delete"
    resource = RESOURCE
    options = (
        Arg("images", metavar="<image>", nargs="+", help="image(s) to delete (name or ID)"),
        Option("--store", metavar="<STORE>", help="delete the image(s) from this store only"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        failed = 0
        for name in args.images:
            try:
                image = self.service.find_image(name, ignore_missing=False)
                self.service.delete_image(image.id, store=args.store, ignore_missing=False)
            except exceptions.NotFound:
                # As the official client: a name not found (or a store without this image)
                # ends the command at once with this message.
                raise exceptions.OstackError("Multi Backend support not enabled.") from None
            except exceptions.OstackError as exc:
                failed += 1
                sys.stderr.write(
                    f"Failed to delete image with name or ID '{name}': {exc}\n")
        if failed:
            raise exceptions.OstackError(
                f"Failed to delete {failed} of {len(args.images)} images.")
        return 0


class SetImage(ResourceCommand, Command):
    """Set image properties"""

    name = "image set"
    resource = RESOURCE
    options = (
        Arg("image", metavar="<image>", help="image to modify (name or ID)"),
        Option("--name", metavar="<name>", help="new image name"),
        Option("--min-disk", type=int, metavar="<disk-gb>",
               help="minimum disk size needed to boot the image, in gigabytes"),
        Option("--min-ram", type=int, metavar="<ram-mb>",
               help="minimum RAM size needed to boot the image, in megabytes"),
        Option("--container-format", metavar="<container-format>", choices=CONTAINER_FORMATS,
               help=f"container format: {', '.join(CONTAINER_FORMATS)}"),
        Option("--disk-format", metavar="<disk-format>", choices=DISK_FORMATS,
               help=f"disk format: {', '.join(DISK_FORMATS)}"),
        *protection_options(),
        *visibility_options(),
        properties(dest="properties", help="a property to set (repeatable)"),
        Option("--tag", dest="tags", metavar="<tag>", default=None, action="append",
               help="a tag to add (repeatable)"),
        Option("--architecture", metavar="<architecture>",
               help="operating system architecture"),
        Option("--instance-id", metavar="<instance-id>",
               help="ID of the server the image was made from"),
        Option("--instance-uuid", metavar="<instance-id>", dest="instance_id",
               help=argparse.SUPPRESS),
        Option("--kernel-id", metavar="<kernel-id>", help="ID of the kernel image"),
        Option("--os-distro", metavar="<os-distro>", help="operating system distribution"),
        Option("--os-version", metavar="<os-version>",
               help="operating system distribution version"),
        Option("--ramdisk-id", metavar="<ramdisk-id>", help="ID of the ramdisk image"),
        Option("--deactivate", action="store_true", group="activation",
               help="deactivate the image"),
        Option("--activate", action="store_true", group="activation",
               help="activate the image"),
        Option("--project", metavar="<project>",
               help="set another project as the image's owner (name or ID), or the member "
                    "whose status --accept/--reject/--pending sets"),
        PROJECT_DOMAIN,
        Option("--visibility", metavar="<visibility>", dest="dead_visibility",
               help=argparse.SUPPRESS),
        *(Option(f"--{flag}", action="store_const", const=status, dest="membership",
                 default=None, group="membership", help=text)
          for flag, status, text in (
              ("accept", "accepted", "accept the image membership (of --project, or yours)"),
              ("reject", "rejected", "reject the image membership (of --project, or yours)"),
              ("pending", "pending", "reset the image membership to 'pending'"))),
        Option("--hidden", dest="is_hidden", default=None, action="store_true",
               group="hidden", help="hide the image"),
        Option("--unhidden", dest="is_hidden", default=None, action="store_false",
               group="hidden", help="unhide the image"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        if args.dead_visibility:
            raise exceptions.OstackError(
                "ERROR: --visibility was given, which is an Image v1 option that is no longer "
                "supported in Image v2")
        image = self.service.find_image(args.image, ignore_missing=False)
        project_id = None
        if args.project:
            project_id = lookups.project_id(self.conn, args.project, args.project_domain)
        activation = None
        if args.deactivate:
            self.service.deactivate_image(image.id)
            activation = "deactivated"
        if args.activate:
            self.service.reactivate_image(image.id)
            activation = "activated"
        if args.membership:
            member = project_id or self.conn.session.get_access().project_id
            self.service.update_member(member, image.id, status=args.membership)
        attrs: dict[str, Any] = {}
        for key in ("architecture", "container_format", "disk_format", "instance_id",
                    "kernel_id", "min_disk", "min_ram", "name", "os_distro", "os_version",
                    "ramdisk_id", "visibility"):
            if getattr(args, key, None) is not None:
                attrs[key] = getattr(args, key)
        for key, value in key_values(args.properties).items():
            attrs[key] = str(value)
        if args.is_protected is not None:
            attrs["is_protected"] = args.is_protected
        if args.project and not args.membership:
            attrs["owner_id"] = project_id
        if args.tags:
            attrs["tags"] = sorted(set(image.tags or []) | set(args.tags))
        if args.is_hidden is not None:
            attrs["is_hidden"] = args.is_hidden
        try:
            self.service.update_image(image.id, **attrs)
        except exceptions.OstackError:
            if activation is not None:
                sys.stderr.write(f"Image {image.id} was {activation}.\n")
            raise
        return 0


#: Property names the official client accepts for an attribute named otherwise.
ATTRIBUTE_NAMES = {
    "os_hidden": "is_hidden", "protected": "is_protected", "os_hash_algo": "hash_algo",
    "os_hash_value": "hash_value", "img_config_drive": "needs_config_drive",
    "os_secure_boot": "needs_secure_boot",
    "hw_vif_multiqueue_enabled": "is_hw_vif_multiqueue_enabled",
    "hw_boot_menu": "is_hw_boot_menu_enabled", "auto_disk_config": "has_auto_disk_config",
}


class UnsetImage(ResourceCommand, Command):
    """Unset image tags and properties"""

    name = "image unset"
    resource = RESOURCE
    options = (
        Arg("image", metavar="<image>", help="image to modify (name or ID)"),
        Option("--tag", dest="tags", metavar="<tag>", default=[], action="append",
               help="a tag to remove (repeatable)"),
        Option("--property", dest="properties", metavar="<property-key>", default=[],
               action="append", help="a property to remove (repeatable)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        image = self.service.find_image(args.image, ignore_missing=False)
        failed_tags = failed_props = 0
        for tag in args.tags:
            try:
                self.service.remove_tag(image.id, tag)
            except exceptions.OstackError:
                sys.stderr.write(f"tag unset failed, '{tag}' is a nonexistent tag \n")
                failed_tags += 1
        if args.properties:
            fields = type(image).fields()
            removed: dict[str, Any] = {}
            for key in args.properties:
                name = key if key in fields else ATTRIBUTE_NAMES.get(key)
                if name in fields:  # an attribute: removed if set, else nothing to do
                    if fields[name].wire in image.raw:
                        removed[fields[name].wire] = None
                elif key in image.properties:
                    removed[key] = None
                else:
                    sys.stderr.write(
                        f"property unset failed, '{key}' is a nonexistent property \n")
                    failed_props += 1
            self.service.update_image(image, **removed)
        tags, props = len(args.tags), len(args.properties)
        if failed_tags and failed_props:
            raise exceptions.OstackError(
                f"Failed to unset {failed_tags} of {tags} tags,Failed to unset {failed_props} "
                f"of {props} properties.")
        if failed_tags:
            raise exceptions.OstackError(f"Failed to unset {failed_tags} of {tags} tags.")
        if failed_props:
            raise exceptions.OstackError(
                f"Failed to unset {failed_props} of {props} properties.")
        return 0
