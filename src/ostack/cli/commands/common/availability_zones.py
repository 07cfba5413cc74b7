"""`availability zone list`: the zones of compute, network, block storage (and shares)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ostack import exceptions
from ostack.cli import lookups
from ostack.cli.command import Lister
from ostack.cli.declare import Option, add_options

COLUMNS = ("Zone Name", "Zone Status")
LONG_COLUMNS = ("Zone Resource", "Host Name", "Service Name", "Service Status")
KEYS = ("zone_name", "zone_status", "zone_resource", "host_name", "service_name",
        "service_status")


def _available(state: Any) -> str:
    return "available" if (state or {}).get("available") else "not available"


def compute_rows(zone: Any, long: bool) -> list[dict[str, str]]:
    """One row per zone; with --long one per host and service (empty when it has none)."""
    info = {"zone_name": zone.name, "zone_status": _available(zone.state)}
    if not long:
        return [info]
    if not zone.hosts:
        return [{**info, "host_name": "", "service_name": "", "service_status": ""}]
    rows = []
    for host, services in zone.hosts.items():
        for service, state in services.items():
            status = "{} {} {}".format("enabled" if state["active"] else "disabled",
                                       ":-)" if state["available"] else "XXX",
                                       state["updated_at"])
            rows.append({**info, "host_name": host, "service_name": service,
                         "service_status": status})
    return rows


def warn(message: str) -> None:
    sys.stderr.write(message + "\n")


class ListAvailabilityZone(Lister):
    """List availability zones and their status."""

    name = "availability zone list"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Option("--compute", action="store_true", help="list compute availability zones"),
            Option("--network", action="store_true", help="list network availability zones"),
            Option("--volume", action="store_true", help="list volume availability zones"),
            Option("--share", action="store_true", help="list share availability zones"),
            Option("--long", action="store_true", help="list additional fields in output"),
        ))

    def _compute(self, args: argparse.Namespace) -> list[dict[str, str]]:
        compute = self.conn.compute
        try:
            zones = list(compute.availability_zones(details=True))
        except exceptions.Forbidden:  # the details are admin-only by default
            zones = list(compute.availability_zones(details=False))
        self.bodies += zones
        return [row for zone in zones for row in compute_rows(zone, args.long)]

    def _network(self, args: argparse.Namespace) -> list[dict[str, str]]:
        network = self.conn.network
        try:
            network.find_extension("Availability Zone", ignore_missing=False)
        except exceptions.OstackError:
            if args.network:
                warn("Availability zones list not supported by Network API")
            return []
        zones = list(network.availability_zones())
        self.bodies += zones
        return [{"zone_name": zone.name,
                 "zone_status": "not available" if zone.state == "unavailable" else zone.state,
                 "zone_resource": zone.resource} for zone in zones]

    def _share(self, args: argparse.Namespace) -> list[dict[str, str]]:
        # ostack has no Shared File Systems client: its zones are never listed.
        if args.share:
            warn("Availability zones list not supported by Shared File System API")
        return []

    def _volume(self, args: argparse.Namespace) -> list[dict[str, str]]:
        if not lookups.has_service(self.conn, "block-storage"):
            if args.volume:
                warn("Block Storage API is not available in the current cloud")
            return []
        try:
            zones = list(self.conn.block_storage.availability_zones())
        except exceptions.OstackError:
            if args.volume:
                warn("Availability zones list not supported by Block Storage API")
            return []
        self.bodies += zones
        return [{"zone_name": zone.name, "zone_status": _available(zone.state)}
                for zone in zones]

    def take_action(self, args: argparse.Namespace) -> tuple[tuple[str, ...], list[list[Any]]]:
        from ostack.cli.ndjson import keep_bodies

        self.bodies: list[Any] = []  # what -f ndjson prints: each zone as its service sent it
        columns = COLUMNS + (LONG_COLUMNS if args.long else ())
        show_all = not (args.compute or args.network or args.share or args.volume)
        rows: list[dict[str, str]] = []
        if args.compute or show_all:
            rows += self._compute(args)
        if args.network or show_all:
            rows += self._network(args)
        if args.share or show_all:
            rows += self._share(args)
        if args.volume or show_all:
            rows += self._volume(args)
        keys = KEYS[:len(columns)]
        return columns, keep_bodies([[row.get(key, "") for key in keys] for row in rows],
                                    self.bodies)
