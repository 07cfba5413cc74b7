"""`service create|delete|list|set|show`: the catalog's services, found by ID, name or type."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli import lookups
from ostack.cli.declare import Arg, Column, Option
from ostack.cli.generic import (
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceSet,
    ResourceShow,
)

RESOURCE = "identity.service"
SHOWN = (Column("id", "id"), Column("name", "name"), Column("type", "type"),
         Column("enabled", "is_enabled"), Column("description", "description"))
NAME = Option("--name", metavar="<name>", body="name", help="new service name")
DESCRIPTION = Option("--description", metavar="<description>", body="description",
                     help="new service description")
TYPE_HELP = "new service type (compute, image, identity, volume, etc)"


class _ByTypeNameOrId:
    def find(self, name_or_id: str, **query: Any) -> Any:
        return lookups.identity_service(self.conn, name_or_id)  # type: ignore[attr-defined]


class CreateService(ResourceCreate):
    """Create new service."""

    name = "service create"
    resource = RESOURCE
    show_columns = SHOWN
    options = (
        Arg("type", metavar="<type>", body="type", help=TYPE_HELP),
        NAME, DESCRIPTION,
        Option("--enable", dest="is_enabled", action="store_true", default=True,
               group="enable", help="enable service (default)"),
        Option("--disable", dest="is_enabled", action="store_false", default=True,
               group="enable", help="disable service"),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        return {**super().attrs(args), "is_enabled": args.is_enabled}


class DeleteService(_ByTypeNameOrId, ResourceDelete):
    """Delete service(s)."""

    name = "service delete"
    resource = RESOURCE
    failure = "Failed to delete consumer with type, name or ID '{name}': {error}"
    options = (Arg("service", metavar="<service>", nargs="+",
                   help="service(s) to delete (type, name or ID)"),)


class ListService(ResourceList):
    """List services."""

    name = "service list"
    resource = RESOURCE
    columns = (Column("ID", "id"), Column("Name", "name"), Column("Type", "type"))
    long_columns = (Column("Description", "description"), Column("Enabled", "is_enabled"))


class SetService(_ByTypeNameOrId, ResourceSet):
    """Set service properties."""

    name = "service set"
    resource = RESOURCE
    options = (
        Arg("service", metavar="<service>", help="service to modify (type, name or ID)"),
        Option("--type", metavar="<type>", body="type", help=TYPE_HELP),
        Option("--name", metavar="<service-name>", body="name", help="new service name"),
        DESCRIPTION,
        Option("--enable", dest="is_enabled", action="store_true", default=None,
               group="enable", help="enable service"),
        Option("--disable", dest="is_enabled", action="store_false", default=None,
               group="enable", help="disable service"),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        attrs = {k: v for k, v in super().attrs(args).items() if v}
        if args.is_enabled is not None:
            attrs["is_enabled"] = args.is_enabled
        return attrs


class ShowService(_ByTypeNameOrId, ResourceShow):
    """Display service details."""

    name = "service show"
    resource = RESOURCE
    show_columns = SHOWN
    options = (Arg("service", metavar="<service>",
                   help="service to display (type, name or ID)"),)
