"""`volume service list|set` and `volume host set|failover` (admin): Cinder's services on
their hosts, as the official client prints them."""

from __future__ import annotations

import argparse
from typing import Any

from ostack import exceptions
from ostack.block_storage.services import Service
from ostack.cli.command import Command
from ostack.cli.declare import Arg, Column, Option
from ostack.cli.generic import ResourceCommand, ResourceList

RESOURCE = "block_storage.service"


class ListService(ResourceList):
    """List service command."""

    name = "volume service list"
    resource = RESOURCE
    options = (
        Option("--host", metavar="<host>", help="list services on specified host (name only)"),
        Option("--service", metavar="<service>",
               help="list only specified service (name only)"),
        Option("--long", action="store_true", default=False,
               help="list additional fields in output"),
    )

    def columns_for(self, args: argparse.Namespace) -> tuple[Column, ...]:
        columns = (Column("Binary", "binary"), Column("Host", "host"),
                   Column("Zone", "availability_zone"), Column("Status", "status"),
                   Column("State", "state"), Column("Updated At", "updated_at"))
        if self.supports("3.7"):
            columns += (Column("Cluster", "cluster"),)
        if self.supports("3.49"):
            columns += (Column("Backend State", "backend_state"),)
        if args.long:
            columns += (Column("Disabled Reason", "disabled_reason"),)
        return columns

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        return {key: value for key, value in (("host", args.host), ("binary", args.service))
                if value is not None}


class SetService(ResourceCommand, Command):
    """Set volume service properties."""

    name = "volume service set"
    resource = RESOURCE
    options = (
        Arg("host", metavar="<host>", help="name of host"),
        Arg("service", metavar="<service>", help="name of service (binary name)"),
        Option("--enable", action="store_true", group="enabled",
               help="enable volume service"),
        Option("--disable", action="store_true", group="enabled",
               help="disable volume service"),
        Option("--disable-reason", metavar="<reason>",
               help="reason for disabling the service (should be used with --disable option)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        if args.disable_reason and not args.disable:
            raise exceptions.OstackError(
                "Cannot specify option --disable-reason without --disable specified.")
        found = self.find(args.service, host=args.host)
        if args.enable:
            self.service.enable_service(found)
        if args.disable:
            self.service.disable_service(found, reason=args.disable_reason)
        return 0


class FailoverVolumeHost(ResourceCommand, Command):
    """Failover volume host to different backend."""

    name = "volume host failover"
    resource = RESOURCE
    options = (
        Arg("host", metavar="<host-name>", help="name of volume host"),
        Option("--volume-backend", metavar="<backend-id>", required=True,
               help="the ID of the volume backend replication target where the host will "
                    "failover to (required)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        self.service.failover_service(Service({"host": args.host}),
                                      backend_id=args.volume_backend)
        return 0


class SetVolumeHost(ResourceCommand, Command):
    """Set volume host properties."""

    name = "volume host set"
    resource = RESOURCE
    options = (
        Arg("host", metavar="<host-name>", help="name of volume host"),
        Option("--disable", action="store_true", group="enabled",
               help="freeze and disable the specified volume host"),
        Option("--enable", action="store_true", group="enabled",
               help="thaw and enable the specified volume host"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        host = Service({"host": args.host})
        if args.enable:
            self.service.thaw_service(host)
        if args.disable:
            self.service.freeze_service(host)
        return 0
