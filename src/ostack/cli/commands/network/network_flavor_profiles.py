"""`network flavor profile create|delete|list|set|show`: service profiles, as the official
client prints them."""

from __future__ import annotations

import argparse
from typing import Any

from ostack import exceptions
from ostack.cli import extra_properties
from ostack.cli.declare import Arg, Column, Option, marker_pagination
from ostack.cli.generic import (
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceSet,
    ResourceShow,
)

RESOURCE = "network.service_profile"


class ProfileFields:
    show_source = "dict"
    show_rename = {"is_enabled": "enabled"}
    show_hidden = ("links", "location", "name", "tenant_id", "project_id")


def _options() -> tuple[Option, ...]:
    return (
        Option("--description", metavar="<description>",
               help="description for the flavor profile"),
        Option("--enable", action="store_true", group="enable",
               help="enable the flavor profile"),
        Option("--disable", action="store_true", group="enable",
               help="disable the flavor profile"),
        Option("--driver", help="Python module path to driver; this becomes required if "
                                "--metainfo is missing and vice-versa"),
        Option("--metainfo", help="metainfo for the flavor profile; this becomes required if "
                                  "--driver is missing and vice-versa"),
        extra_properties.option(),
    )


def _attrs(args: argparse.Namespace) -> dict[str, Any]:
    attrs: dict[str, Any] = {name: getattr(args, name) for name in
                             ("description", "driver", "metainfo")
                             if getattr(args, name) is not None}
    if args.enable:
        attrs["enabled"] = True
    if args.disable:
        attrs["enabled"] = False
    return {**attrs, **extra_properties.values(args)}


class CreateNetworkFlavorProfile(ProfileFields, ResourceCreate):
    """Create new network flavor profile."""

    name = "network flavor profile create"
    resource = RESOURCE
    options = _options()

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        attrs = _attrs(args)
        if args.driver is None and args.metainfo is None:
            raise exceptions.OstackError("Either --driver or --metainfo or both are required")
        return attrs


class DeleteNetworkFlavorProfile(ResourceDelete):
    """Delete network flavor profile."""

    name = "network flavor profile delete"
    resource = RESOURCE
    failure = "Failed to delete flavor profile with ID '{name}': {error}"
    summary = "{failed} of {total} flavor_profiles failed to delete."
    options = (Arg("flavor_profile", metavar="<flavor-profile>", nargs="+",
                   help="flavor profile(s) to delete (ID only)"),)


class ListNetworkFlavorProfile(ResourceList):
    """List network flavor profile(s)."""

    name = "network flavor profile list"
    resource = RESOURCE
    limit_is_page_size = True
    columns = (Column("ID", "id"), Column("Driver", "driver"), Column("Enabled", "is_enabled"),
               Column("Metainfo", "meta_info"), Column("Description", "description"))
    options = marker_pagination()


class SetNetworkFlavorProfile(ResourceSet):
    """Set network flavor profile properties."""

    name = "network flavor profile set"
    resource = RESOURCE
    options = (Arg("flavor_profile", metavar="<flavor-profile>",
                   help="flavor profile to update (ID only)"), *_options())

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        return _attrs(args)


class ShowNetworkFlavorProfile(ProfileFields, ResourceShow):
    """Display network flavor profile details."""

    name = "network flavor profile show"
    resource = RESOURCE
    options = (Arg("flavor_profile", metavar="<flavor-profile>",
                   help="flavor profile to display (ID only)"),)
