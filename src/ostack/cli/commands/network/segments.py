"""`network segment create|delete|list|set|show` (admin only on Neutron), as the official
client prints them."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli import extra_properties, lookups
from ostack.cli.declare import Arg, Column, Option, marker_pagination
from ostack.cli.generic import (
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceSet,
    ResourceShow,
    ShowFields,
)

RESOURCE = "network.segment"


class SegmentFields(ShowFields):
    show_source = "dict"
    show_hidden = ("location", "tenant_id", "links")


class CreateNetworkSegment(SegmentFields, ResourceCreate):
    """Create new network segment."""

    name = "network segment create"
    resource = RESOURCE
    options = (
        Arg("name", metavar="<name>", help="new network segment name"),
        Option("--description", metavar="<description>", body="description",
               help="network segment description"),
        Option("--physical-network", metavar="<physical-network>", body="physical_network",
               help="physical network name of this network segment"),
        Option("--segment", metavar="<segment>", type=int, body="segmentation_id",
               help="segment identifier for this network segment which is based on the "
                    "network type, VLAN ID for vlan network type and tunnel ID for geneve, "
                    "gre and vxlan network types"),
        Option("--network", metavar="<network>", required=True,
               help="network this network segment belongs to (name or ID)"),
        Option("--network-type", metavar="<network-type>", required=True, body="network_type",
               choices=["flat", "geneve", "gre", "local", "vlan", "vxlan"],
               help="network type of this network segment (flat, geneve, gre, local, vlan "
                    "or vxlan)"),
        extra_properties.option(),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        attrs = {"name": args.name,
                 "network_id": lookups.find_id(self.conn, "network.network", args.network),
                 **super().attrs(args)}
        attrs.update(extra_properties.values(args))
        return attrs


class DeleteNetworkSegment(ResourceDelete):
    """Delete network segment(s)."""

    name = "network segment delete"
    resource = RESOURCE
    failure = "Failed to delete network segment with ID '{name}': {error}"
    summary = "{failed} of {total} network segments failed to delete."
    options = (Arg("network_segment", metavar="<network-segment>", nargs="+",
                   help="network segment(s) to delete (name or ID)"),)


class ListNetworkSegment(ResourceList):
    """List network segments."""

    name = "network segment list"
    resource = RESOURCE
    limit_is_page_size = True
    columns = (Column("ID", "id"), Column("Name", "name"), Column("Network", "network_id"),
               Column("Network Type", "network_type"), Column("Segment", "segmentation_id"))
    long_columns = (Column("Physical Network", "physical_network"),)
    options = (
        Option("--network", metavar="<network>", query="network_id", lookup="network.network",
               help="list only network segments associated with the specified network "
                    "(name or ID)"),
        *marker_pagination(),
    )


class SetNetworkSegment(ResourceSet):
    """Set network segment properties."""

    name = "network segment set"
    resource = RESOURCE
    options = (
        Arg("network_segment", metavar="<network-segment>",
            help="network segment to modify (name or ID)"),
        Option("--description", metavar="<description>", body="description",
               help="set network segment description"),
        Option("--name", metavar="<name>", body="name", help="set network segment name"),
        extra_properties.option(),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        segment = self.find(args.network_segment)
        self.service.update_segment(segment, **self.mapped(args, "body"),
                                    **extra_properties.values(args))
        return 0


class ShowNetworkSegment(SegmentFields, ResourceShow):
    """Display network segment details."""

    name = "network segment show"
    resource = RESOURCE
    options = (Arg("network_segment", metavar="<network-segment>",
                   help="network segment to display (name or ID)"),)
