"""`image metadef namespace create|delete|list|set|show|unset`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ostack import exceptions
from ostack.cli.columns import ReprColumn
from ostack.cli.command import Command, ShowOne
from ostack.cli.declare import Arg, Column, Option
from ostack.cli.generic import ResourceCommand, ResourceList

RESOURCE = "image.metadef_namespace"
#: Wire names `show` prints (when set); resource type associations are shown by name.
SHOWN = ("created_at", "description", "display_name", "namespace", "owner", "protected",
         "tags", "schema", "updated_at", "visibility")


def namespace_fields(namespace: Any) -> dict[str, Any]:
    info: dict[str, Any] = {}
    for name, field in type(namespace).fields().items():
        value = getattr(namespace, name)
        if value is None:
            continue
        if field.wire in SHOWN:
            info[field.wire] = ReprColumn(value) if isinstance(value, list) else value
        elif field.wire == "resource_type_associations":
            info[field.wire] = ReprColumn([item["name"] for item in value])
    return {key: info[key] for key in sorted(info)}


def _options(verb: str) -> tuple[Option, ...]:
    return (
        Option("--display-name", metavar="<display_name>",
               help=f"{verb} a user-friendly name for the namespace"),
        Option("--description", metavar="<description>",
               help=f"{verb} the description of the namespace"),
        Option("--public", action="store_const", const="public", dest="visibility",
               group="visibility", help="the namespace is visible to everyone"),
        Option("--private", action="store_const", const="private", dest="visibility",
               group="visibility", help="the namespace is visible to its owner (default)"),
        Option("--protected", action="store_const", const=True, dest="is_protected",
               group="protected", help="prevent the namespace from being deleted"),
        Option("--unprotected", action="store_const", const=False, dest="is_protected",
               group="protected", help="allow the namespace to be deleted (default)"),
    )


def _attrs(args: argparse.Namespace) -> dict[str, Any]:
    attrs = {key: getattr(args, key) for key in ("namespace", "display_name", "description")
             if getattr(args, key, None) is not None}
    if args.is_protected is not None:
        attrs["protected"] = args.is_protected
    if args.visibility is not None:
        attrs["visibility"] = args.visibility
    return attrs


class CreateMetadefNamespace(ResourceCommand, ShowOne):
    """Create a metadef namespace"""

    name = "image metadef namespace create"
    resource = RESOURCE
    options = (Arg("namespace", metavar="<namespace>", help="new namespace name"),
               *_options("Set"))

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        return namespace_fields(self.service.create_metadef_namespace(**_attrs(args)))


class DeleteMetadefNamespace(ResourceCommand, Command):
    """Delete metadef namespace"""

    name = "image metadef namespace delete"
    resource = RESOURCE
    options = (Arg("namespace", metavar="<namespace>", nargs="+",
                   help="namespace(s) to delete (name)"),)

    def take_action(self, args: argparse.Namespace) -> int:
        failed = 0
        for name in args.namespace:
            try:
                namespace = self.service.get_metadef_namespace(name)
                self.service.delete_metadef_namespace(namespace.id)
            except exceptions.OstackError as exc:
                failed += 1
                sys.stderr.write(
                    f"Failed to delete namespace with name or ID '{name}': {exc}\n")
        if failed:
            raise exceptions.OstackError(
                f"{failed} of {len(args.namespace)} namespace failed to delete.")
        return 0


class ListMetadefNamespace(ResourceList):
    """List metadef namespaces"""

    name = "image metadef namespace list"
    resource = RESOURCE
    columns = (Column("namespace", "namespace"),)
    options = (
        Option("--resource-types", metavar="<resource_types>", query="resource_types",
               help="only namespaces of these resource types"),
        Option("--visibility", metavar="<visibility>", query="visibility",
               help="only namespaces with this visibility"),
    )


class SetMetadefNamespace(ResourceCommand, Command):
    """Set metadef namespace properties"""

    name = "image metadef namespace set"
    resource = RESOURCE
    options = (
        Arg("namespace", metavar="<namespace>", help="namespace to modify (name)"),
        *_options("Set"),
        Option("--tag", metavar="<tag>", action="append", default=[], dest="tags",
               help="a tag to add (repeatable)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        self.service.update_metadef_namespace(args.namespace, **_attrs(args))
        failed = 0
        for tag in args.tags:
            try:
                self.service.add_tag_to_metadef_namespace(args.namespace, tag)
            except exceptions.OstackError:
                sys.stderr.write(f"Tag set failed for tag {tag}\n")
                failed += 1
        if failed:
            raise exceptions.OstackError(f"Failed to set {failed} of {len(args.tags)} tags.")
        return 0


class ShowMetadefNamespace(ResourceCommand, ShowOne):
    """Show a metadef namespace"""

    name = "image metadef namespace show"
    resource = RESOURCE
    options = (Arg("namespace", metavar="<namespace>", help="namespace to show (name)"),)

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        return namespace_fields(self.service.get_metadef_namespace(args.namespace))


class UnsetMetadefNamespace(ResourceCommand, Command):
    """Unset metadef namespace tags"""

    name = "image metadef namespace unset"
    resource = RESOURCE

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """One of --tag and --all-tags is required."""
        parser.add_argument("namespace", metavar="<namespace>",
                            help="namespace to modify (name)")
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--tag", metavar="<tag>", action="append", default=[],
                           dest="tags", help="a tag to remove (repeatable)")
        group.add_argument("--all-tags", action="store_true", default=False,
                           help="remove every tag")

    def take_action(self, args: argparse.Namespace) -> int:
        namespace = self.service.get_metadef_namespace(args.namespace)
        failed = 0
        if args.all_tags:
            self.service.remove_tags_from_metadef_namespace(namespace)
        for tag in [] if args.all_tags else args.tags:
            try:
                self.service.remove_tag_from_metadef_namespace(namespace, tag)
            except exceptions.OstackError:
                sys.stderr.write(f"tag unset failed for tag {tag}\n")
                failed += 1
        if failed:
            raise exceptions.OstackError(
                f"Failed to unset {failed} of {len(args.tags)} tags.")
        return 0
