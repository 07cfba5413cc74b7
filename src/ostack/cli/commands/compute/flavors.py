"""`flavor create|delete|list|set|show|unset`, as the official client prints them."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ostack import exceptions
from ostack.cli import lookups
from ostack.cli.columns import DictColumn
from ostack.cli.declare import Arg, Column, Option, properties
from ostack.cli.generic import (
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceSet,
    ResourceShow,
    ShowFields,
)

RESOURCE = "compute.flavor"


class FlavorFields(ShowFields):
    show_rename = {
        "extra_specs": "properties", "ephemeral": "OS-FLV-EXT-DATA:ephemeral",
        "is_disabled": "OS-FLV-DISABLED:disabled", "is_public": "os-flavor-access:is_public",
    }
    show_hidden = ("links", "original_name")
    show_formatters = {"extra_specs": DictColumn}


PROJECT_DOMAIN = Option("--project-domain", metavar="<project-domain>",
                        help="domain the project belongs to (name or ID)")


def _project_id(conn: Any, args: argparse.Namespace) -> str:
    query = {}
    if args.project_domain:
        query["domain_id"] = lookups.find_id(conn, "identity.domain", args.project_domain)
    return lookups.find_id(conn, "identity.project", args.project, **query)


class ListFlavor(ResourceList):
    """List flavors."""

    name = "flavor list"
    resource = RESOURCE
    remember = True
    columns = (Column("ID", "id"), Column("Name", "name"), Column("RAM", "ram"),
               Column("Disk", "disk"), Column("Ephemeral", "ephemeral"),
               Column("VCPUs", "vcpus"), Column("Is Public", "is_public"))
    long_columns = (Column("Swap", "swap"), Column("RXTX Factor", "rxtx_factor"),
                    Column("Properties", "extra_specs", DictColumn))
    options = (
        Option("--public", dest="visibility", action="store_const", const="public",
               group="visibility", help="list only public flavors (default)"),
        Option("--private", dest="visibility", action="store_const", const="private",
               group="visibility", help="list only private flavors"),
        Option("--all", dest="visibility", action="store_const", const="all",
               group="visibility", help="list all flavors, whether public or private"),
        Option("--min-disk", type=int, metavar="<min-disk>", query="min_disk",
               help="filters the flavors by a minimum disk space, in GiB"),
        Option("--min-ram", type=int, metavar="<min-ram>", query="min_ram",
               help="filters the flavors by a minimum RAM, in MiB"),
        Option("--marker", metavar="<flavor-id>", query="marker",
               help="the last flavor ID of the previous page"),
        Option("--limit", type=int, metavar="<num-flavors>", query="limit",
               help="maximum number of flavors to display"),
    )

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        query = super().query(args)
        query["is_public"] = {"private": False, "all": "None"}.get(
            args.visibility or "public", True)
        return query


class ShowFlavor(FlavorFields, ResourceShow):
    """Display flavor details."""

    name = "flavor show"
    resource = RESOURCE
    options = (Arg("flavor", metavar="<flavor>", help="flavor to display (name or ID)"),)

    def show(self, flavor: Any) -> dict[str, Any]:
        data = super().show(flavor)
        access = None
        if not flavor.is_public:
            try:
                access = [a.get("tenant_id") for a in
                          self.service.get_flavor_access(flavor)]
            except exceptions.OstackError as exc:
                sys.stderr.write(f"Failed to get access projects list for flavor "
                                 f"'{flavor.name}': {exc}\n")
        data["access_project_ids"] = access
        return {k: data[k] for k in sorted(data)}


class CreateFlavor(FlavorFields, ResourceCreate):
    """Create new flavor."""

    name = "flavor create"
    resource = RESOURCE
    options = (
        Arg("name", metavar="<flavor-name>", body="name", help="new flavor name"),
        Option("--id", metavar="<id>", help="unique flavor ID"),
        Option("--ram", type=int, metavar="<size-mb>", default=256, body="ram",
               help="memory size in MB (default 256M)"),
        Option("--disk", type=int, metavar="<size-gb>", default=0, body="disk",
               help="disk size in GB (default 0G)"),
        Option("--ephemeral", type=int, metavar="<size-gb>", default=0, body="ephemeral",
               help="ephemeral disk size in GB (default 0G)"),
        Option("--swap", type=int, metavar="<size-mb>", default=0, body="swap",
               help="additional swap space size in MB (default 0M)"),
        Option("--vcpus", type=int, metavar="<vcpus>", default=1, body="vcpus",
               help="number of vcpus (default 1)"),
        Option("--rxtx-factor", type=float, metavar="<factor>", body="rxtx_factor",
               help="RX/TX factor"),
        Option("--public", dest="public", action="store_true", default=True,
               group="visibility", help="flavor is available to other projects (default)"),
        Option("--private", dest="public", action="store_false", group="visibility",
               help="flavor is not available to other projects"),
        properties(dest="properties", help="property to add for this flavor (repeatable)"),
        Option("--project", metavar="<project>",
               help="allow <project> to access private flavor (name or ID); "
                    "must be used with --private"),
        Option("--description", metavar="<description>", body="description",
               help="description for the flavor (API microversion 2.55 and later)"),
        PROJECT_DOMAIN,
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        if args.project and args.public:
            raise exceptions.OstackError(
                "--project is only allowed with --private")
        attrs = super().attrs(args)
        attrs["is_public"] = args.public
        if args.id and args.id != "auto":
            attrs["id"] = args.id
        if args.description:
            from ostack.transport.microversions import at_least

            if not at_least(self.service.microversion, "2.55"):
                raise exceptions.OstackError(
                    "The --description parameter requires server support for API "
                    "microversion 2.55")
        return attrs

    def create(self, args: argparse.Namespace, attrs: dict[str, Any]) -> Any:
        flavor = super().create(args, attrs)
        if args.project:
            try:
                self.service.flavor_add_tenant_access(flavor, _project_id(self.conn, args))
            except exceptions.OstackError as exc:
                sys.stderr.write(f"Failed to add project {args.project} access to "
                                 f"flavor: {exc}\n")
        if args.properties:
            try:
                flavor = self.service.create_flavor_extra_specs(flavor, dict(args.properties))
            except exceptions.OstackError as exc:
                sys.stderr.write(f"Failed to set flavor properties: {exc}\n")
        return flavor


class DeleteFlavor(ResourceDelete):
    """Delete flavor(s)."""

    name = "flavor delete"
    resource = RESOURCE
    options = (Arg("flavor", metavar="<flavor>", nargs="+",
                   help="flavor(s) to delete (name or ID)"),)


class SetFlavor(ResourceSet):
    """Set flavor properties."""

    name = "flavor set"
    resource = RESOURCE
    options = (
        Arg("flavor", metavar="<flavor>", help="flavor to modify (name or ID)"),
        Option("--no-property", action="store_true",
               help="remove all properties from this flavor (before setting new ones)"),
        properties(dest="properties", help="property to add or modify (repeatable)"),
        Option("--project", metavar="<project>",
               help="set flavor access to project (name or ID) (admin only)"),
        PROJECT_DOMAIN,
        Option("--description", metavar="<description>",
               help="set description for the flavor (API microversion 2.55 and later)"),
    )

    def apply(self, args: argparse.Namespace, flavor: Any) -> None:
        compute = self.service
        failed = 0
        if args.description:
            from ostack.transport.microversions import at_least

            if not at_least(compute.microversion, "2.55"):
                raise exceptions.OstackError(
                    "The --description parameter requires server support for API "
                    "microversion 2.55")
            compute.update_flavor(flavor, description=args.description)
        steps = []
        if args.no_property:
            steps.append(("Failed to remove all properties", lambda: [
                compute.delete_flavor_extra_specs_property(flavor, key)
                for key in (flavor.extra_specs or {})]))
        if args.properties:
            steps.append(("Failed to set flavor property", lambda: (
                compute.create_flavor_extra_specs(flavor, dict(args.properties)))))
        if args.project:
            def grant() -> None:
                if flavor.is_public:
                    raise exceptions.OstackError("Cannot set access for a public flavor")
                compute.flavor_add_tenant_access(flavor, _project_id(self.conn, args))
            steps.append(("Failed to set flavor access to project", grant))
        for message, step in steps:
            try:
                step()
            except exceptions.OstackError as exc:
                sys.stderr.write(f"{message}: {exc}\n")
                failed += 1
        if failed:
            raise exceptions.OstackError("Command Failed: One or more of the operations failed")


class UnsetFlavor(ResourceSet):
    """Unset flavor properties."""

    name = "flavor unset"
    resource = RESOURCE
    options = (
        Arg("flavor", metavar="<flavor>", help="flavor to modify (name or ID)"),
        Option("--property", metavar="<key>", action="append", dest="properties",
               help="property to remove from flavor (repeatable)"),
        Option("--project", metavar="<project>",
               help="remove flavor access from project (name or ID) (admin only)"),
        PROJECT_DOMAIN,
    )

    def apply(self, args: argparse.Namespace, flavor: Any) -> None:
        compute = self.service
        failed = 0
        for key in args.properties or []:
            try:
                compute.delete_flavor_extra_specs_property(flavor, key)
            except exceptions.OstackError as exc:
                sys.stderr.write(f"Failed to unset flavor property: {exc}\n")
                failed += 1
        if args.project:
            try:
                if flavor.is_public:
                    raise exceptions.OstackError("Cannot remove access for a public flavor")
                compute.flavor_remove_tenant_access(flavor, _project_id(self.conn, args))
            except exceptions.OstackError as exc:
                sys.stderr.write(f"Failed to remove flavor access from project: {exc}\n")
                failed += 1
        if failed:
            raise exceptions.OstackError("Command Failed: One or more of the operations failed")
