"""`ip availability list|show`: how many addresses networks have and use (admin only), as
the official client prints them."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli import lookups
from ostack.cli.columns import ListDictColumn, NullableDictColumn
from ostack.cli.declare import Arg, Column, Option, marker_pagination, project_options
from ostack.cli.generic import ResourceList, ResourceShow

RESOURCE = "network.network_ip_availability"
DETAILS = ("total_ips_in_subnet", "total_ips_in_allocation_pool", "used_ips_in_subnet",
           "used_ips_in_allocation_pool")


def _detail(field: str) -> Any:
    """One key of `ip_availability_details` (network-ip-availability-details extension)."""
    return lambda item: (item.ip_availability_details or {}).get(field, "")


class ListIPAvailability(ResourceList):
    """List IP availability for network."""

    name = "ip availability list"
    resource = RESOURCE
    limit_is_page_size = True
    columns = (
        Column("Network ID", "network_id"), Column("Network Name", "network_name"),
        Column("Total IPs", "total_ips"), Column("Used IPs", "used_ips"),
        *(Column(header, _detail(field)) for header, field in zip(
            ("Total IPs in Subnet", "Total IPs in Allocation Pool", "Used IPs in Subnet",
             "Used IPs in Allocation Pool"), DETAILS, strict=True)),
    )
    options = (
        Option("--ip-version", type=int, default=4, choices=[4, 6], metavar="<ip-version>",
               dest="ip_version", query="ip_version",
               help="list only IP availability with the specified IP version networks (4 or "
                    "6, default is 4)"),
        *project_options("list only IP availability with the specified project (name or ID)"),
        *marker_pagination(),
    )

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        query = super().query(args)
        query["project_id"] = lookups.project_of(self.conn, args)
        return query


class ShowIPAvailability(ResourceShow):
    """Show network IP availability details."""

    name = "ip availability show"
    resource = RESOURCE
    show_hidden = ("id", "name", "links", "location", "tenant_id")
    show_formatters = {"subnet_ip_availability": ListDictColumn,
                       "ip_availability_details": NullableDictColumn}
    options = (Arg("network", metavar="<network>",
                   help="show IP availability for a specific network (name or ID)"),)

    def fetch(self, args: argparse.Namespace) -> Any:
        network_id = lookups.find_id(self.conn, "network.network", args.network)
        return self.find(network_id)
