"""`block storage cluster list|set|show` (volume API 3.7+, admin), as the official client
prints them."""

from __future__ import annotations

import argparse
from typing import Any

from ostack import exceptions
from ostack.block_storage.clusters import Cluster
from ostack.cli.command import Command, ShowOne
from ostack.cli.commands.block_storage.microversioned import VolumeApiCommand
from ostack.cli.declare import Arg, Column, Option
from ostack.cli.generic import ResourceList

RESOURCE = "block_storage.cluster"
MICROVERSION = "3.7"

#: Field -> header of a cluster shown in detail, in the official client's order.
DETAIL = (("name", "Name"), ("binary", "Binary"), ("state", "State"), ("status", "Status"),
          ("disabled_reason", "Disabled Reason"), ("num_hosts", "Hosts"),
          ("num_down_hosts", "Down Hosts"), ("last_heartbeat", "Last Heartbeat"),
          ("created_at", "Created At"), ("updated_at", "Updated At"),
          ("replication_status", "Replication Status"), ("frozen", "Frozen"),
          ("active_backend_id", "Active Backend ID"))


def cluster_fields(cluster: Any) -> dict[str, Any]:
    return {header: getattr(cluster, field) for field, header in DETAIL}


class ClusterCommand(VolumeApiCommand):
    resource = RESOURCE
    microversion = MICROVERSION


class ListBlockStorageCluster(ClusterCommand, ResourceList):
    """List block storage clusters."""

    name = "block storage cluster list"
    options = (
        Option("--cluster", metavar="<name>", query="name",
               help="filter by cluster name, without backend will list all clustered "
                    "services from the same cluster"),
        Option("--binary", metavar="<binary>", query="binary", help="cluster binary"),
        Option("--up", action="store_true", dest="is_up", default=None,
               help="filter by up status"),
        Option("--down", action="store_false", dest="is_up", help="filter by down status"),
        Option("--disabled", action="store_true", dest="is_disabled", default=None,
               help="filter by disabled status"),
        Option("--enabled", action="store_false", dest="is_disabled",
               help="filter by enabled status"),
        Option("--num-hosts", metavar="<hosts>", type=int, query="num_hosts",
               help="filter by number of hosts in the cluster"),
        Option("--num-down-hosts", metavar="<hosts>", type=int, query="num_down_hosts",
               help="filter by number of hosts that are down"),
        Option("--long", action="store_true", default=False,
               help="list additional fields in output"),
    )
    columns = (Column("Name", "name"), Column("Binary", "binary"), Column("State", "state"),
               Column("Status", "status"))
    extra = (Column("Num Hosts", "num_hosts"), Column("Num Down Hosts", "num_down_hosts"),
             Column("Last Heartbeat", "last_heartbeat"),
             Column("Disabled Reason", "disabled_reason"), Column("Created At", "created_at"),
             Column("Updated At", "updated_at"))

    def columns_for(self, args: argparse.Namespace) -> tuple[Column, ...]:
        return self.columns + (self.extra if args.long else ())

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        self.require()
        if args.is_up is not None:
            query["is_up"] = args.is_up
        if args.is_disabled is not None:
            query["disabled"] = args.is_disabled
        return self.service.clusters(details=args.long, **query)


class SetBlockStorageCluster(ClusterCommand, Command):
    """Set block storage cluster properties."""

    name = "block storage cluster set"
    options = (
        Arg("cluster", metavar="<cluster>",
            help="name of block storage cluster to update (name only)"),
        Option("--binary", metavar="<binary>", default="cinder-volume",
               help="name of binary to filter by; defaults to 'cinder-volume' (optional)"),
        Option("--enable", action="store_false", dest="disabled", default=None,
               group="enabled", help="enable cluster"),
        Option("--disable", action="store_true", dest="disabled", group="enabled",
               help="disable cluster"),
        Option("--disable-reason", metavar="<reason>", dest="disabled_reason",
               help="reason for disabling the cluster (should be used with --disable "
                    "option)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        self.require()
        if args.disabled_reason and not args.disabled:
            raise exceptions.OstackError("Cannot specify --disable-reason without --disable")
        cluster = Cluster({"name": args.cluster, "binary": args.binary})
        if args.disabled:
            self.service.disable_cluster(cluster, reason=args.disabled_reason)
        else:
            self.service.enable_cluster(cluster)
        return 0


class ShowBlockStorageCluster(ClusterCommand, ShowOne):
    """Show detailed information for a block storage cluster."""

    name = "block storage cluster show"
    options = (
        Arg("cluster", metavar="<cluster>", help="name of block storage cluster"),
        Option("--binary", metavar="<binary>", help="service binary"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        self.require()
        return cluster_fields(self.service.get_cluster(args.cluster))
