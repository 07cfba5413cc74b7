"""`network trunk create|delete|list|set|show|unset`, `network trunk subport
add|list|remove` and `network subport list`, as the official client prints them."""

from __future__ import annotations

import argparse
from typing import Any

from ostack import exceptions
from ostack.cli import lookups
from ostack.cli.columns import FormattableColumn, ListDictColumn, ReprColumn
from ostack.cli.command import Command, Lister
from ostack.cli.declare import Arg, Column, Option, add_options, project_options
from ostack.cli.generic import (
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceSet,
    ResourceShow,
    ShowFields,
)

RESOURCE = "network.trunk"
SUBPORT_KEYS = ("port", "segmentation-type", "segmentation-id")


class AdminStateColumn(FormattableColumn):
    """`UP` or `DOWN` in a table, the boolean in json."""

    def human_readable(self) -> str:
        return "UP" if self.value else "DOWN"


class TrunkFields(ShowFields):
    show_source = "dict"
    show_hidden = ("location", "tenant_id", "links")
    show_formatters = {"sub_ports": ListDictColumn, "tags": ReprColumn}


def _subport(text: str) -> dict[str, str]:
    """`port=<port>,segmentation-type=<type>,segmentation-id=<id>` (port required)."""
    found: dict[str, str] = {}
    for part in text.split(","):
        key, sep, value = part.partition("=")
        if not sep:
            raise argparse.ArgumentTypeError(
                f"Expected key=value pairs separated by comma, but got: {text}")
        found[key] = value
    invalid = [k for k in found if k not in SUBPORT_KEYS]
    if invalid:
        raise argparse.ArgumentTypeError(
            f"Invalid keys {', '.join(invalid)} specified.\nValid keys are: "
            f"{', '.join(SUBPORT_KEYS)}")
    if "port" not in found:
        raise argparse.ArgumentTypeError("Missing required keys port.\nRequired keys are: "
                                         "port")
    return found


def subport_option(dest: str) -> Option:
    return Option("--subport", metavar="<port=,segmentation-type=,segmentation-id=>",
                  type=_subport, action="append", dest=dest,
                  help="subport to add; a subport is of form 'port=<name or ID>,"
                       "segmentation-type=<segmentation-type>,segmentation-id="
                       "<segmentation-ID>' (repeat option to add multiple subports)")


def _subports(conn: Any, given: list[dict[str, str]]) -> list[dict[str, Any]]:
    out = []
    for item in given:
        sub: dict[str, Any] = {}
        if item.get("port"):
            sub["port_id"] = lookups.find_id(conn, "network.port", item["port"])
        if item.get("segmentation-id"):
            try:
                sub["segmentation_id"] = int(item["segmentation-id"])
            except ValueError:
                raise exceptions.OstackError(
                    f"Segmentation-id '{item['segmentation-id']}' is not an integer") from None
        if item.get("segmentation-type"):
            sub["segmentation_type"] = item["segmentation-type"]
        out.append(sub)
    return out


def _trunk_attrs(args: argparse.Namespace) -> dict[str, Any]:
    attrs: dict[str, Any] = {}
    if args.name is not None:
        attrs["name"] = str(args.name)
    if args.description is not None:
        attrs["description"] = str(args.description)
    if args.enable:
        attrs["is_admin_state_up"] = True
    if args.disable:
        attrs["is_admin_state_up"] = False
    return attrs


class CreateNetworkTrunk(TrunkFields, ResourceCreate):
    """Create a network trunk for a given project."""

    name = "network trunk create"
    resource = RESOURCE
    options = (
        Arg("name", metavar="<name>", help="name of the trunk to create"),
        Option("--description", metavar="<description>", help="a description of the trunk"),
        Option("--parent-port", metavar="<parent-port>", required=True,
               help="parent port belonging to this trunk (name or ID)"),
        subport_option("add_subports"),
        Option("--enable", action="store_true", default=True, group="admin",
               help="enable trunk (default)"),
        Option("--disable", action="store_true", group="admin", help="disable trunk"),
        *project_options("owner's project (name or ID)"),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        attrs = _trunk_attrs(args)
        attrs["port_id"] = lookups.find_id(self.conn, "network.port", args.parent_port)
        if args.add_subports is not None:
            attrs["sub_ports"] = _subports(self.conn, args.add_subports)
        if args.project is not None:
            attrs["project_id"] = lookups.project_id(self.conn, args.project,
                                                     args.project_domain)
        return attrs


class DeleteNetworkTrunk(ResourceDelete):
    """Delete a given network trunk."""

    name = "network trunk delete"
    resource = RESOURCE
    options = (Arg("trunk", metavar="<trunk>", nargs="+",
                   help="trunk(s) to delete (name or ID)"),)


class ListNetworkTrunk(ResourceList):
    """List all network trunks."""

    name = "network trunk list"
    resource = RESOURCE
    columns = (Column("ID", "id"), Column("Name", "name"), Column("Parent Port", "port_id"),
               Column("Description", "description"))
    long_columns = (Column("Status", "status"),
                    # The official client reads `admin_state_up`, which its trunks do not
                    # have: "" in json, DOWN in a table, whatever the trunk's state.
                    Column("State", lambda trunk: "", AdminStateColumn),
                    Column("Created At", "created_at"), Column("Updated At", "updated_at"))


class SetNetworkTrunk(ResourceSet):
    """Set network trunk properties."""

    name = "network trunk set"
    resource = RESOURCE
    options = (
        Arg("trunk", metavar="<trunk>", help="trunk to modify (name or ID)"),
        Option("--name", metavar="<name>", help="set trunk name"),
        Option("--description", metavar="<description>", help="a description of the trunk"),
        subport_option("set_subports"),
        Option("--enable", action="store_true", group="admin", help="enable trunk"),
        Option("--disable", action="store_true", group="admin", help="disable trunk"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        trunk = self.find(args.trunk)
        try:
            self.service.update_trunk(trunk, **_trunk_attrs(args))
        except exceptions.OstackError as exc:
            raise exceptions.OstackError(f"Failed to set trunk '{args.trunk}': {exc}") from None
        if args.set_subports:
            subports = _subports(self.conn, args.set_subports)
            try:
                self.service.add_trunk_subports(trunk, subports)
            except exceptions.OstackError as exc:
                raise exceptions.OstackError(
                    f"Failed to add subports to trunk '{args.trunk}': {exc}") from None
        return 0


class ShowNetworkTrunk(TrunkFields, ResourceShow):
    """Show information of a given network trunk."""

    name = "network trunk show"
    resource = RESOURCE
    options = (Arg("trunk", metavar="<trunk>", help="trunk to display (name or ID)"),)

    def fetch(self, args: argparse.Namespace) -> Any:
        return self.service.get_trunk(self.find(args.trunk).id)


class UnsetNetworkTrunk(ResourceSet):
    """Unset subports from a given network trunk."""

    name = "network trunk unset"
    resource = RESOURCE
    options = (
        Arg("trunk", metavar="<trunk>", help="unset subports from this trunk (name or ID)"),
        Option("--subport", metavar="<subport>", required=True, action="append",
               dest="unset_subports",
               help="subport to unset (name or ID of the port) (repeat option to unset "
                    "multiple subports)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        subports = [{"port_id": lookups.find_id(self.conn, "network.port", port)}
                    for port in args.unset_subports]
        self.service.delete_trunk_subports(self.find(args.trunk), subports)
        return 0


SUBPORT_COLUMNS = (Column("Port", "port_id"), Column("Segmentation Type", "segmentation_type"),
                   Column("Segmentation ID", "segmentation_id"))


class _SubportListing(Lister):
    """The subports of a trunk, as rows."""

    def subports(self, trunk: str) -> tuple[list[str], list[list[Any]]]:
        found = lookups.find(self.conn, RESOURCE, trunk)
        items = self.conn.network.get_trunk_subports(found).get("sub_ports") or []
        from ostack.cli.ndjson import keep_bodies

        return ([c.header for c in SUBPORT_COLUMNS],
                keep_bodies([[c.value(item) for c in SUBPORT_COLUMNS] for item in items],
                            items))


class ListNetworkSubport(_SubportListing):
    """List all subports for a given network trunk."""

    name = "network subport list"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (Option("--trunk", required=True, metavar="<trunk>",
                                    help="list only subports belonging to this trunk "
                                         "(name or ID)"),))

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        return self.subports(args.trunk)


class ListNetworkTrunkSubport(_SubportListing):
    """List all subports for a given network trunk."""

    name = "network trunk subport list"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (Arg("trunk", metavar="<trunk>",
                                 help="list subports belonging to this trunk (name or ID)"),))

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        return self.subports(args.trunk)


class AddNetworkTrunkSubport(Command):
    """Add a subport to a given network trunk."""

    name = "network trunk subport add"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Arg("trunk", metavar="<trunk>", help="trunk to add the subport to (name or ID)"),
            Arg("port", metavar="<port>", help="port to add as a subport (name or ID)"),
            Option("--segmentation-type", metavar="<segmentation-type>",
                   help="segmentation type of the subport, e.g. 'vlan'"),
            Option("--segmentation-id", metavar="<segmentation-id>", type=int,
                   help="segmentation ID of the subport"),
        ))

    def take_action(self, args: argparse.Namespace) -> int:
        trunk = lookups.find(self.conn, RESOURCE, args.trunk)
        subport: dict[str, Any] = {"port_id": lookups.find_id(self.conn, "network.port",
                                                              args.port)}
        if args.segmentation_type is not None:
            subport["segmentation_type"] = args.segmentation_type
        if args.segmentation_id is not None:
            subport["segmentation_id"] = args.segmentation_id
        try:
            self.conn.network.add_trunk_subports(trunk, [subport])
        except exceptions.OstackError as exc:
            raise exceptions.OstackError(
                f"Failed to add subport to trunk '{args.trunk}': {exc}") from None
        return 0


class RemoveNetworkTrunkSubport(Command):
    """Remove subport(s) from a given network trunk."""

    name = "network trunk subport remove"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Arg("trunk", metavar="<trunk>",
                help="trunk to remove the subport(s) from (name or ID)"),
            Arg("port", metavar="<port>", nargs="+",
                help="port(s) to remove as a subport (name or ID)"),
        ))

    def take_action(self, args: argparse.Namespace) -> int:
        trunk = lookups.find(self.conn, RESOURCE, args.trunk)
        subports = [{"port_id": lookups.find_id(self.conn, "network.port", port)}
                    for port in args.port]
        self.conn.network.delete_trunk_subports(trunk, subports)
        return 0
