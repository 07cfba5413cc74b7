"""`versions show`: each service's API versions and microversion range, from discovery."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli.command import Lister
from ostack.cli.declare import Option, add_options

COLUMNS = ["Region Name", "Service Type", "Version", "Status", "Endpoint", "Min Microversion",
           "Max Microversion"]


class ShowVersions(Lister):
    """Show available versions of services."""

    name = "versions show"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Option("--all-interfaces", dest="is_all_interfaces", action="store_true",
                   group="interface", help="show values for all interfaces"),
            Option("--interface", metavar="<interface>", default="public", group="interface",
                   help="show versions for a specific interface (default: public)"),
            Option("--region-name", metavar="<region_name>",
                   help="show versions for a specific region"),
            Option("--service", metavar="<service>",
                   help="show versions for a specific service: its type in the catalog, or "
                        "an official type or alias (https://service-types.openstack.org/)"),
            Option("--status", metavar="<status>",
                   help="show versions of this status: SUPPORTED, CURRENT, DEPRECATED or "
                        "EXPERIMENTAL"),
        ))

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        from ostack.transport.version_data import all_version_data

        data = all_version_data(
            self.conn.session, interface=None if args.is_all_interfaces else args.interface,
            region_name=args.region_name, service_type=args.service)
        status = args.status.upper() if args.status else None
        rows = []
        for region, interfaces in data.items():
            for services in interfaces.values():
                for service_type, versions in services.items():
                    for version in versions:
                        if status and status != version["status"]:
                            continue
                        rows.append([region, service_type, version["version"],
                                     version["status"], version["url"],
                                     version["min_microversion"], version["max_microversion"]])
        return COLUMNS, rows
