"""`compute service delete|list|set`, as the official client prints them."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ostack import exceptions
from ostack.cli.declare import Arg, Column, Option
from ostack.cli.generic import ResourceCommand, ResourceDelete, ResourceList
from ostack.transport.microversions import at_least

RESOURCE = "compute.service"


class ListService(ResourceList):
    """List compute services."""

    name = "compute service list"
    resource = RESOURCE
    columns = (Column("ID", "id"), Column("Binary", "binary"), Column("Host", "host"),
               Column("Zone", "availability_zone"), Column("Status", "status"),
               Column("State", "state"), Column("Updated At", "updated_at"))
    long_columns = (Column("Disabled Reason", "disabled_reason"),)
    options = (
        Option("--host", metavar="<host>", query="host",
               help="list services on specified host (name only)"),
        Option("--service", metavar="<service>", query="binary",
               help="list only specified service binaries (name only), for example "
                    "nova-compute, nova-conductor"),
    )

    def columns_for(self, args: argparse.Namespace) -> tuple[Column, ...]:
        columns = super().columns_for(args)
        if args.long and at_least(self.service.microversion, "2.11"):
            columns += (Column("Forced Down", "is_forced_down"),)
        return columns


class DeleteService(ResourceDelete):
    """Delete compute service(s)."""

    name = "compute service delete"
    resource = RESOURCE
    failure = "Failed to delete compute service with ID '{name}': {error}"
    summary = "{failed} of {total} compute services failed to delete."
    options = (Arg("service", metavar="<service>", nargs="+",
                   help="compute service(s) to delete (ID only); from microversion 2.53 the "
                        "ID is a UUID, listed by 'compute service list' at 2.53 or later"),)

    def delete(self, args: argparse.Namespace, name: str) -> Any:
        # By ID only: the official client does not look the service up first.
        self.service.delete_service(name, ignore_missing=False)


class SetService(ResourceCommand):
    """Set compute service properties."""

    name = "compute service set"
    resource = RESOURCE
    options = (
        Arg("host", metavar="<host>", help="name of host"),
        Arg("binary", metavar="<service>",
            help="name of service (binary name), for example nova-compute"),
        Option("--enable", action="store_true", group="enabled", help="enable service"),
        Option("--disable", action="store_true", group="enabled", help="disable service"),
        Option("--disable-reason", metavar="<reason>",
               help="reason for disabling the service (in quotes); should be used with "
                    "--disable"),
        Option("--up", action="store_true", group="forced",
               help="force up service (microversion 2.11 or later)"),
        Option("--down", action="store_true", group="forced",
               help="force down service (microversion 2.11 or later)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        compute = self.service
        if (args.enable or not args.disable) and args.disable_reason:
            raise exceptions.OstackError(
                "Cannot specify option --disable-reason without --disable specified.")
        found: Any = None
        if at_least(compute.microversion, "2.53"):
            found = self._one(args.host, args.binary)
        failed = 0
        enabled = True if args.enable else False if args.disable else None
        if enabled is not None:
            try:
                if enabled:
                    compute.enable_service(found, args.host, args.binary)
                else:
                    compute.disable_service(found, args.host, args.binary,
                                            args.disable_reason)
            except exceptions.OstackError as exc:
                sys.stderr.write(f"Failed to set service status to "
                                 f"{'enabled' if enabled else 'disabled'}: {exc}\n")
                failed += 1
        forced = True if args.down else False if args.up else None
        if forced is not None:
            if not at_least(compute.microversion, "2.11"):
                raise exceptions.OstackError("--os-compute-api-version 2.11 or later is "
                                             "required")
            try:
                compute.update_service_forced_down(found, args.host, args.binary, forced)
            except exceptions.OstackError as exc:
                sys.stderr.write(f"Failed to set service state to "
                                 f"{'down' if forced else 'up'}: {exc}\n")
                failed += 1
        if failed:
            raise exceptions.OstackError(
                f"Compute service {args.binary} of host {args.host} failed to set.")
        return 0

    def _one(self, host: str, binary: str) -> Any:
        found = list(self.service.services(host=host, binary=binary))
        if not found:
            raise exceptions.OstackError(
                f'Compute service for host "{host}" and binary "{binary}" not found.')
        if len(found) > 1:
            raise exceptions.OstackError(
                f'Multiple compute services found for host "{host}" and binary "{binary}". '
                "Unable to proceed.")
        return found[0]
