"""`image metadef property create|delete|list|set|show`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ostack import exceptions
from ostack.cli.columns import ReprColumn
from ostack.cli.command import Command, ShowOne
from ostack.cli.declare import Arg, Column, Option
from ostack.cli.generic import ResourceCommand, ResourceList

RESOURCE = "image.metadef_property"
#: Keys the official client shows: the attributes whose wire name is their own name.
KEYS = ("name", "type", "title", "description", "operators", "default", "minimum", "maximum",
        "enum", "pattern", "items")


def property_attrs(prop: Any) -> dict[str, Any]:
    """The property's set values under `KEYS` (what `show` prints and `set` sends back)."""
    return {key: getattr(prop, key) for key in KEYS if getattr(prop, key) is not None}


def property_fields(prop: Any) -> dict[str, Any]:
    return {key: ReprColumn(value) if isinstance(value, list | dict) else value
            for key, value in sorted(property_attrs(prop).items())}


def _schema(text: str) -> dict[str, Any]:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise exceptions.OstackError(f"Failed to load JSON schema: {exc}") from None


class CreateMetadefProperty(ResourceCommand, ShowOne):
    """Create a metadef property"""

    name = "image metadef property create"
    resource = RESOURCE
    options = (
        Option("--name", required=True, help="internal name of the property"),
        Option("--title", required=True, help="name of the property shown to users"),
        Option("--type", required=True, help="property type"),
        Option("--schema", required=True, help="JSON schema of the property"),
        Arg("namespace", help="namespace the property belongs to (name)"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        attrs = {"name": args.name, "title": args.title, "type": args.type,
                 **_schema(args.schema)}
        return property_fields(self.service.create_metadef_property(args.namespace, **attrs))


class DeleteMetadefProperty(ResourceCommand, Command):
    """Delete metadef propert(ies)"""

    name = "image metadef property delete"
    resource = RESOURCE
    options = (
        Arg("namespace", metavar="<namespace>", help="namespace of the properties (name)"),
        Arg("properties", metavar="<property>", nargs="*",
            help="properties to delete (name); none: every property of the namespace"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        if not args.properties:
            self.service.delete_all_metadef_properties(args.namespace)
            return 0
        failed = 0
        for name in args.properties:
            try:
                self.service.delete_metadef_property(name, args.namespace,
                                                     ignore_missing=False)
            except exceptions.OstackError as exc:
                failed += 1
                sys.stderr.write(f"Failed to delete property with name or ID '{name}' from "
                                 f"namespace '{args.namespace}': {exc}\n")
        if failed:
            # The official client counts the letters of the namespace's name as the total.
            raise exceptions.OstackError(
                f"{failed} of {len(args.namespace)} properties failed to delete.")
        return 0


class ListMetadefProperties(ResourceList):
    """List metadef properties"""

    name = "image metadef property list"
    resource = RESOURCE
    columns = (Column("name", "name"), Column("title", "title"), Column("type", "type"))
    options = (Arg("namespace", metavar="<namespace>", help="namespace (name)"),)

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        return self.service.metadef_properties(args.namespace)


class SetMetadefProperty(ResourceCommand, Command):
    """Update metadef namespace property"""

    name = "image metadef property set"
    resource = RESOURCE
    options = (
        Option("--name", help="internal name of the property"),
        Option("--title", help="name of the property shown to users"),
        Option("--type", help="property type"),
        Option("--schema", help="JSON schema of the property"),
        Arg("namespace", help="namespace the property belongs to (name)"),
        Arg("property", help="property to update"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        # The update replaces the property: what is not sent again is reset.
        current = self.service.get_metadef_property(args.property, args.namespace)
        attrs = property_attrs(current)
        for key in ("name", "title", "type"):
            if getattr(args, key) is not None:
                attrs[key] = getattr(args, key)
        if args.schema:
            attrs.update(_schema(args.schema))
        self.service.update_metadef_property(args.property, args.namespace, **attrs)
        return 0


class ShowMetadefProperty(ResourceCommand, ShowOne):
    """Show a particular metadef property"""

    name = "image metadef property show"
    resource = RESOURCE
    options = (Arg("namespace", metavar="<namespace>", help="namespace of the property (name)"),
               Arg("property", metavar="<property>", help="property to show"))

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        return property_fields(self.service.get_metadef_property(args.property,
                                                                 args.namespace))
