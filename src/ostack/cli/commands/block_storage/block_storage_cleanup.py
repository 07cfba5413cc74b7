"""`block storage cleanup` (volume API 3.24+, admin): ask Cinder to clean up after services
that died mid-operation, listing the services being cleaned and those unavailable."""

from __future__ import annotations

import argparse
from typing import Any

from ostack import exceptions
from ostack.cli.command import Lister
from ostack.cli.declare import Option, add_options


class BlockStorageCleanup(Lister):
    """Do block storage cleanup."""

    name = "block storage cleanup"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Option("--cluster", metavar="<cluster>", help="name of block storage cluster in "
                   "which cleanup needs to be performed (name only)"),
            Option("--host", metavar="<host>", default=None,
                   help="host where the service resides (name only)"),
            Option("--binary", metavar="<binary>", default=None,
                   help="name of the service binary"),
            Option("--up", dest="is_up", action="store_true", default=None, group="up",
                   help="filter by up status (services need to be up)"),
            Option("--down", dest="is_up", action="store_false", group="up",
                   help="filter by down status (services need to be down)"),
            Option("--disabled", dest="disabled", action="store_true", default=None,
                   group="disabled", help="filter by disabled status"),
            Option("--enabled", dest="disabled", action="store_false", group="disabled",
                   help="filter by enabled status"),
            Option("--resource-id", metavar="<resource-id>", default=None,
                   help="UUID of a resource to cleanup"),
            Option("--resource-type", metavar="<Volume|Snapshot>",
                   choices=("Volume", "Snapshot"), help="type of resource to cleanup"),
            Option("--service-id", type=int, default=None,
                   help="the service ID field from the DB, not the UUID of the service"),
        ))

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        from ostack.transport.microversions import at_least

        service = self.conn.block_storage
        if not at_least(service.microversion, "3.24"):
            raise exceptions.OstackError(
                "--os-volume-api-version 3.24 or greater is required to support the "
                "'block storage cleanup' command")
        filters = {key: value for key, value in (
            ("cluster_name", args.cluster), ("host", args.host), ("binary", args.binary),
            ("is_up", args.is_up), ("disabled", args.disabled),
            ("resource_id", args.resource_id), ("resource_type", args.resource_type),
            ("service_id", args.service_id)) if value is not None}
        result = service.cleanup_service_workers(**filters)
        rows = [[item.get("id"), item.get("cluster_name"), item.get("host"),
                 item.get("binary"), status]
                for key, status in (("cleaning", "Cleaning"), ("unavailable", "Unavailable"))
                for item in result[key]]
        return ["ID", "Cluster Name", "Host", "Binary", "Status"], rows
