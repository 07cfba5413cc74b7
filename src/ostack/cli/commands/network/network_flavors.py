"""`network flavor create|delete|list|set|show` and `network flavor add|remove profile`, as
the official client prints them (it ignores the cloud's answer to an add or a remove)."""

from __future__ import annotations

import argparse
from typing import Any

from ostack import exceptions
from ostack.cli import extra_properties, lookups
from ostack.cli.command import Command
from ostack.cli.declare import (
    Arg,
    Column,
    Option,
    add_options,
    marker_pagination,
    project_options,
)
from ostack.cli.generic import (
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceSet,
    ResourceShow,
)

RESOURCE = "network.flavor"


class FlavorFields:
    show_source = "dict"
    show_rename = {"is_enabled": "enabled"}
    show_hidden = ("links", "location", "tenant_id")


def _enabled(args: argparse.Namespace) -> dict[str, Any]:
    if args.enable:
        return {"enabled": True}
    if args.disable:
        return {"enabled": False}
    return {}


class CreateNetworkFlavor(FlavorFields, ResourceCreate):
    """Create new network flavor."""

    name = "network flavor create"
    resource = RESOURCE
    options = (
        Arg("name", metavar="<name>", help="name for the flavor"),
        Option("--service-type", metavar="<service-type>", required=True,
               help="service type to which the flavor applies, for example: VPN (see "
                    "openstack network service provider list for loaded examples)"),
        Option("--description", help="description for the flavor"),
        *project_options("owner's project (name or ID)"),
        Option("--enable", action="store_true", group="enable",
               help="enable the flavor (default)"),
        Option("--disable", action="store_true", group="enable", help="disable the flavor"),
        extra_properties.option(),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        attrs: dict[str, Any] = {"name": args.name, "service_type": args.service_type}
        if args.description is not None:
            attrs["description"] = args.description
        attrs.update(_enabled(args))
        if args.project is not None:
            attrs["project_id"] = lookups.project_id(self.conn, args.project,
                                                     args.project_domain)
        return {**attrs, **extra_properties.values(args)}


class DeleteNetworkFlavor(ResourceDelete):
    """Delete network flavors."""

    name = "network flavor delete"
    resource = RESOURCE
    failure = "Failed to delete flavor with name or ID '{name}': {error}"
    summary = "{failed} of {total} flavors failed to delete."
    options = (Arg("flavor", metavar="<flavor>", nargs="+",
                   help="flavor(s) to delete (name or ID)"),)


class ListNetworkFlavor(ResourceList):
    """List network flavors."""

    name = "network flavor list"
    resource = RESOURCE
    limit_is_page_size = True
    columns = (Column("ID", "id"), Column("Name", "name"), Column("Enabled", "is_enabled"),
               Column("Service Type", "service_type"), Column("Description", "description"))
    options = marker_pagination()


class SetNetworkFlavor(ResourceSet):
    """Set network flavor properties."""

    name = "network flavor set"
    resource = RESOURCE
    options = (
        Arg("flavor", metavar="<flavor>", help="flavor to update (name or ID)"),
        Option("--description", help="set network flavor description"),
        Option("--disable", action="store_true", group="enable",
               help="disable network flavor"),
        Option("--enable", action="store_true", group="enable", help="enable network flavor"),
        Option("--name", metavar="<name>", help="set flavor name"),
        extra_properties.option(),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        attrs = {name: getattr(args, name) for name in ("name", "description")
                 if getattr(args, name) is not None}
        return {**attrs, **_enabled(args), **extra_properties.values(args)}


class ShowNetworkFlavor(FlavorFields, ResourceShow):
    """Display network flavor details."""

    name = "network flavor show"
    resource = RESOURCE
    options = (Arg("flavor", metavar="<flavor>", help="flavor to display (name or ID)"),)


def _quietly(step: Any) -> None:
    """Bind or unbind, ignoring the cloud's refusal: the official client does not look at
    the answer (a profile bound twice, or not bound, exits 0)."""
    try:
        step()
    except exceptions.HttpError:
        pass


PROFILE_ARGS = (
    Arg("flavor", metavar="<flavor>", help="network flavor (name or ID)"),
    Arg("service_profile", metavar="<service-profile>", help="service profile (ID only)"),
)


class AddNetworkFlavorToProfile(Command):
    """Add a service profile to a network flavor."""

    name = "network flavor add profile"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, PROFILE_ARGS)

    def take_action(self, args: argparse.Namespace) -> int:
        flavor = lookups.find(self.conn, RESOURCE, args.flavor)
        profile = lookups.find(self.conn, "network.service_profile", args.service_profile)
        _quietly(lambda: self.conn.network.associate_flavor_with_service_profile(
            flavor, profile))
        return 0


class RemoveNetworkFlavorFromProfile(Command):
    """Remove service profile from network flavor."""

    name = "network flavor remove profile"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, PROFILE_ARGS)

    def take_action(self, args: argparse.Namespace) -> int:
        flavor = lookups.find(self.conn, RESOURCE, args.flavor)
        profile = lookups.find(self.conn, "network.service_profile", args.service_profile)
        _quietly(lambda: self.conn.network.disassociate_flavor_from_service_profile(
            flavor, profile))
        return 0
