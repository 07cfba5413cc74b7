"""`image metadef object create|delete|list|show|update` and `image metadef object property
show`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ostack import exceptions
from ostack.cli.columns import ReprColumn
from ostack.cli.command import Command, ShowOne
from ostack.cli.declare import Arg, Column, Option
from ostack.cli.generic import ResourceCommand, ResourceList

RESOURCE = "image.metadef_object"
FIELDS = ("created_at", "description", "name", "namespace_name", "properties", "required",
          "updated_at")


def object_fields(obj: Any) -> dict[str, Any]:
    out = {}
    for name in FIELDS:
        value = getattr(obj, name)
        out[name] = ReprColumn(value) if isinstance(value, list | dict) else value
    return out


class CreateMetadefObjects(ResourceCommand, ShowOne):
    """Create a metadef object"""

    name = "image metadef object create"
    resource = RESOURCE
    options = (
        Option("--namespace", metavar="<namespace>",
               help="namespace to create the object in (name)"),
        Arg("name", metavar="<metadef-object-name>", help="new object name"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        if args.namespace is None:
            raise exceptions.OstackError("a metadef namespace name or ID is needed")
        namespace = self.service.get_metadef_namespace(args.namespace)
        return object_fields(self.service.create_metadef_object(namespace.namespace,
                                                                name=args.name))


class ShowMetadefObjects(ResourceCommand, ShowOne):
    """Show a particular metadef object"""

    name = "image metadef object show"
    resource = RESOURCE
    options = (Arg("namespace", metavar="<namespace>", help="namespace of the object (name)"),
               Arg("object", metavar="<object>", help="object to show"))

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        return object_fields(self.service.get_metadef_object(args.object, args.namespace))


class DeleteMetadefObject(ResourceCommand, Command):
    """Delete metadata definitions object(s)"""

    name = "image metadef object delete"
    resource = RESOURCE
    options = (
        Arg("namespace", metavar="<namespace>", help="namespace of the objects (name)"),
        Arg("objects", metavar="<object>", nargs="*",
            help="object(s) to delete (name); none: every object of the namespace"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        if not args.objects:
            self.service.delete_all_metadef_objects(args.namespace)
            return 0
        failed = 0
        for name in args.objects:
            try:
                obj = self.service.get_metadef_object(name, args.namespace)
                self.service.delete_metadef_object(obj, args.namespace, ignore_missing=False)
            except exceptions.OstackError as exc:
                failed += 1
                sys.stderr.write(f"Failed to delete object with name or ID '{name}': {exc}\n")
        if failed:
            # The official client counts the letters of the namespace's name as the total.
            raise exceptions.OstackError(
                f"{failed} of {len(args.namespace)} object failed to delete.")
        return 0


class ListMetadefObjects(ResourceList):
    """List metadef objects inside a specific namespace."""

    name = "image metadef object list"
    resource = RESOURCE
    columns = (Column("name", "name"), Column("description", "description"))
    options = (Arg("namespace", metavar="<namespace>", help="namespace (name)"),)

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        return self.service.metadef_objects(args.namespace)


class SetMetadefObject(ResourceCommand, Command):
    """Update a metadef object"""

    name = "image metadef object update"
    resource = RESOURCE
    options = (
        Arg("namespace", metavar="<namespace>", help="namespace name"),
        Arg("object", metavar="<object>", help="object to update"),
        Option("--name", help="new name of the object"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        obj = self.service.get_metadef_object(args.object, args.namespace)
        if args.name:  # nothing to change: nothing is sent
            self.service.update_metadef_object(obj, args.namespace, name=args.name)
        return 0


class ShowMetadefObjectProperty(ResourceCommand, ShowOne):
    """Describe a specific metadata definitions property inside an object."""

    name = "image metadef object property show"
    resource = RESOURCE
    options = (
        Arg("namespace", metavar="<namespace_name>", help="namespace (name)"),
        Arg("object", metavar="<object_name>", help="object (name)"),
        Arg("property", help="property (name)"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        obj = self.service.get_metadef_object(args.object, args.namespace)
        found = (obj.properties or {}).get(args.property)
        if not isinstance(found, dict):
            raise exceptions.OstackError(
                f"Property {args.property} not found in object {args.object}.")
        prop = {**found, "name": args.property}
        return {key: ReprColumn(value) if isinstance(value, list | dict) else value
                for key, value in sorted(prop.items())}
