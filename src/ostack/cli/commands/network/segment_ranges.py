"""`network segment range create|delete|list|set|show` (admin only on Neutron), as the
official client prints them: `available` and `used` segmentation IDs folded into ranges
(`100-199`)."""

from __future__ import annotations

import argparse
from typing import Any

from ostack import exceptions
from ostack.cli import extra_properties, lookups
from ostack.cli.columns import ReprColumn
from ostack.cli.declare import Arg, Column, Option, marker_pagination, project_options
from ostack.cli.generic import (
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceSet,
    ResourceShow,
    ShowFields,
)

RESOURCE = "network.network_segment_range"


def ranges(ids: Any) -> list[str]:
    """Segmentation IDs as sorted runs: [1, 2, 3, 7] -> ["1-3", "7"]."""
    out: list[str] = []
    numbers = sorted(int(i) for i in ids or [])
    start = prev = None
    for number in numbers + [None]:  # type: ignore[list-item]
        if start is not None and number == prev + 1:  # type: ignore[operator]
            prev = number
            continue
        if start is not None:
            out.append(f"{start}-{prev}" if start != prev else str(start))
        start = prev = number
    return out


def used_ranges(used: Any) -> dict[str, list[str]]:
    """`{segmentation_id: project}` -> `{project: ["100-102", ...]}`."""
    by_project: dict[str, list[Any]] = {}
    for segment, project in (used or {}).items():
        by_project.setdefault(project, []).append(segment)
    return {project: ranges(ids) for project, ids in by_project.items()}


class RangeFields(ShowFields):
    show_source = "dict"
    show_hidden = ("location", "tenant_id", "links")
    show_formatters = {"available": lambda v: ReprColumn(ranges(v)),
                       "used": lambda v: ReprColumn(used_ranges(v)), "tags": ReprColumn}


def check_extension(command: Any, verb: str) -> None:
    """The official client asks for the extension first and says so when it is missing."""
    try:
        command.service.find_extension("network-segment-range", ignore_missing=False)
    except exceptions.OstackError as exc:
        raise exceptions.OstackError(
            f"Network segment range{verb} not supported by Network API: {exc}") from None


class CreateNetworkSegmentRange(RangeFields, ResourceCreate):
    """Create new network segment range."""

    name = "network segment range create"
    resource = RESOURCE
    options = (
        Option("--private", dest="private", action="store_true", group="shared",
               help="network segment range is assigned specifically to the project"),
        Option("--shared", dest="shared", action="store_true", group="shared",
               help="network segment range is shared with other projects"),
        Arg("name", metavar="<name>", help="name of new network segment range"),
        *project_options("network segment range owner (name or ID); optional when the "
                         "segment range is shared"),
        Option("--network-type", metavar="<network-type>", required=True,
               choices=["geneve", "gre", "vlan", "vxlan"],
               help="network type of this network segment range (geneve, gre, vlan or "
                    "vxlan)"),
        Option("--physical-network", metavar="<physical-network-name>",
               help="physical network name of this network segment range"),
        Option("--minimum", metavar="<minimum-segmentation-id>", type=int, required=True,
               help="minimum segment identifier for this network segment range which is "
                    "based on the network type, VLAN ID for vlan network type and tunnel ID "
                    "for geneve, gre and vxlan network types"),
        Option("--maximum", metavar="<maximum-segmentation-id>", type=int, required=True,
               help="maximum segment identifier for this network segment range which is "
                    "based on the network type, VLAN ID for vlan network type and tunnel ID "
                    "for geneve, gre and vxlan network types"),
        extra_properties.option(),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        check_extension(self, " create")
        if not args.private and args.project:
            raise exceptions.OstackError("--project is only allowed with --private")
        if args.network_type.lower() != "vlan" and args.physical_network:
            raise exceptions.OstackError(
                "--physical-network is only allowed with --network-type vlan")
        attrs: dict[str, Any] = {
            "shared": args.shared if args.shared or args.private else True,
            "network_type": args.network_type, "minimum": args.minimum,
            "maximum": args.maximum}
        if args.name:
            attrs["name"] = args.name
        if args.project:
            attrs["project_id"] = lookups.project_id(self.conn, args.project,
                                                     args.project_domain)
        elif not attrs["shared"]:
            attrs["project_id"] = self.conn.session.get_access().project_id
        if args.physical_network:
            attrs["physical_network"] = args.physical_network
        attrs.update(extra_properties.values(args))
        return attrs


class DeleteNetworkSegmentRange(ResourceDelete):
    """Delete network segment range(s)."""

    name = "network segment range delete"
    resource = RESOURCE
    failure = "Failed to delete network segment range with ID '{name}': {error}"
    summary = "{failed} of {total} network segment ranges failed to delete."
    options = (Arg("network_segment_range", metavar="<network-segment-range>", nargs="+",
                   help="network segment range(s) to delete (name or ID)"),)

    def take_action(self, args: argparse.Namespace) -> int:
        check_extension(self, " delete")
        return super().take_action(args)


class ListNetworkSegmentRange(ResourceList):
    """List network segment ranges."""

    name = "network segment range list"
    resource = RESOURCE
    limit_is_page_size = True
    columns = (Column("ID", "id"), Column("Name", "name"), Column("Default", "default"),
               Column("Shared", "shared"), Column("Project ID", "project_id"),
               Column("Network Type", "network_type"),
               Column("Physical Network", "physical_network"),
               Column("Minimum ID", "minimum"), Column("Maximum ID", "maximum"))
    long_columns = (Column("Used", lambda r: ReprColumn(used_ranges(r.used))),
                    Column("Available", lambda r: ReprColumn(ranges(r.available))))
    options = (
        Option("--used", action="store_true", group="used",
               help="list only network segment ranges that have segments in use"),
        Option("--unused", action="store_true", group="used",
               help="list only network segment ranges that have segments not in use"),
        Option("--available", action="store_true", group="available",
               help="list only network segment ranges that have available segments"),
        Option("--unavailable", action="store_true", group="available",
               help="list only network segment ranges without available segments"),
        *marker_pagination(),
    )

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> list[Any]:
        check_extension(self, "s list")
        if args.available or args.unavailable or args.used or args.unused:
            args.long = True  # the official client shows the extra fields then
        kept = []
        for item in super().items(args, query):
            if (args.available and not item.available) or (
                    args.unavailable and item.available) or (
                    args.used and not item.used) or (args.unused and item.used):
                continue
            kept.append(item)
        return kept


class SetNetworkSegmentRange(ResourceSet):
    """Set network segment range properties."""

    name = "network segment range set"
    resource = RESOURCE
    options = (
        Arg("network_segment_range", metavar="<network-segment-range>",
            help="network segment range to modify (name or ID)"),
        Option("--name", metavar="<name>", help="set network segment name"),
        Option("--minimum", metavar="<minimum-segmentation-id>", type=int,
               help="set network segment range minimum segment identifier"),
        Option("--maximum", metavar="<maximum-segmentation-id>", type=int,
               help="set network segment range maximum segment identifier"),
        extra_properties.option(),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        check_extension(self, " set")
        if bool(args.minimum) != bool(args.maximum):
            raise exceptions.OstackError("--minimum and --maximum are both required")
        found = self.find(args.network_segment_range)
        attrs: dict[str, Any] = {}
        if args.name:
            attrs["name"] = args.name
        if args.minimum:
            attrs["minimum"] = args.minimum
        if args.maximum:
            attrs["maximum"] = args.maximum
        attrs.update(extra_properties.values(args))
        self.service.update_network_segment_range(found, **attrs)
        return 0


class ShowNetworkSegmentRange(RangeFields, ResourceShow):
    """Display network segment range details."""

    name = "network segment range show"
    resource = RESOURCE
    options = (Arg("network_segment_range", metavar="<network-segment-range>",
                   help="network segment range to display (name or ID)"),)

    def fetch(self, args: argparse.Namespace) -> Any:
        check_extension(self, " show")
        return super().fetch(args)
