"""`image metadef resource type list` and `image metadef resource type association
create|delete|list`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ostack import exceptions
from ostack.cli.command import Command, ShowOne
from ostack.cli.declare import Arg, Column, Option
from ostack.cli.generic import ResourceCommand, ResourceList

RESOURCE = "image.metadef_resource_type_association"
#: An association's fields as `association create` shows them.
ASSOCIATION_FIELDS = ("created_at", "id", "name", "prefix", "properties_target", "updated_at")


class ListMetadefResourceTypes(ResourceList):
    """List metadef resource types"""

    name = "image metadef resource type list"
    resource = "image.metadef_resource_type"
    columns = (Column("Name", "name"),)


class CreateMetadefResourceTypeAssociation(ResourceCommand, ShowOne):
    """Create metadef resource type association"""

    name = "image metadef resource type association create"
    resource = RESOURCE
    options = (
        Arg("namespace", metavar="<namespace>",
            help="namespace to associate the resource type with (name)"),
        Arg("name", metavar="<name>", help="resource type name"),
        Option("--properties-target", metavar="<properties_target>",
               help="what the namespace's properties apply to in the resource type"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        attrs = {"name": args.name}
        if args.properties_target:
            attrs["properties_target"] = args.properties_target
        made = self.service.create_metadef_resource_type_association(args.namespace, **attrs)
        return {name: getattr(made, name) for name in ASSOCIATION_FIELDS}


class DeleteMetadefResourceTypeAssociation(ResourceCommand, Command):
    """Delete metadef resource type association"""

    name = "image metadef resource type association delete"
    resource = RESOURCE
    options = (
        Arg("metadef_namespace", metavar="<metadef_namespace>", help="namespace (name)"),
        Arg("name", metavar="<name>", nargs="+",
            help="resource type(s) to dissociate (repeatable)"),
        Option("--force", action="store_true", default=False,
               help="dissociate even from a protected namespace (unprotected meanwhile)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        failed = 0
        for resource_type in args.name:
            try:
                self.dissociate(args, resource_type)
            except exceptions.OstackError as exc:
                failed += 1
                sys.stderr.write(f"Failed to delete resource type with name or ID "
                                 f"'{resource_type}': {exc}\n")
        if failed:
            # The official client counts the letters of the namespace's name as the total.
            raise exceptions.OstackError(
                f"{failed} of {len(args.metadef_namespace)} resource type failed to delete.")
        return 0

    def dissociate(self, args: argparse.Namespace, resource_type: str) -> None:
        namespace = self.service.get_metadef_namespace(args.metadef_namespace)
        protected = bool(namespace.is_protected)
        if protected and args.force:
            self.service.update_metadef_namespace(namespace.namespace, is_protected=False)
        try:
            self.service.delete_metadef_resource_type_association(
                resource_type, namespace, ignore_missing=False)
        finally:
            if protected:
                self.service.update_metadef_namespace(namespace.namespace, is_protected=True)


class ListMetadefResourceTypeAssociations(ResourceList):
    """List metadef resource type associations"""

    name = "image metadef resource type association list"
    resource = RESOURCE
    columns = (Column("Name", "name"),)
    options = (Arg("metadef_namespace", metavar="<metadef_namespace>",
                   help="namespace (name)"),)

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        return self.service.metadef_resource_type_associations(args.metadef_namespace)
