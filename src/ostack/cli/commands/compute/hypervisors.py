"""`hypervisor list|show` and `hypervisor stats show`, as the official client prints them."""

from __future__ import annotations

import argparse
import json
import re
import sys
from typing import Any

from ostack import exceptions
from ostack.cli.columns import DictColumn, FormattableColumn
from ostack.cli.command import ShowOne
from ostack.cli.declare import Arg, Column, Option, marker_pagination
from ostack.cli.generic import ResourceCommand, ResourceList
from ostack.transport.microversions import at_least

RESOURCE = "compute.hypervisor"

#: Capacity and usage fields (gone at 2.88), by attribute, with the names `show` prints.
USAGE_FIELDS = {
    "current_workload": "current_workload", "disk_available": "disk_available_least",
    "local_disk_free": "free_disk_gb", "local_disk_size": "local_gb",
    "local_disk_used": "local_gb_used", "memory_free": "free_ram_mb",
    "memory_size": "memory_mb", "memory_used": "memory_mb_used",
    "running_vms": "running_vms", "vcpus_used": "vcpus_used", "vcpus": "vcpus",
}
UPTIME = re.compile(r"\s*(.+)\sup\s+(.+),\s+(.+)\susers?,\s+load average:\s(.+)")


class CpuInfo(DictColumn):
    """`cpu_info`: a mapping, or None (printed as such in a table) when Nova sends none."""

    def human_readable(self) -> Any:
        return None if self.value is None else super().human_readable()


class PythonList(FormattableColumn):
    """A list the official client prints unformatted: Python's `['a', 'b']` in a table."""

    def human_readable(self) -> str:
        return str(self.value)


class ListHypervisor(ResourceList):
    """List hypervisors."""

    name = "hypervisor list"
    resource = RESOURCE
    columns = (Column("ID", "id"), Column("Hypervisor Hostname", "name"),
               Column("Hypervisor Type", "hypervisor_type"), Column("Host IP", "host_ip"),
               Column("State", "state"))
    options = (
        Option("--matching", metavar="<hostname>",
               help="filter hypervisors using <hostname> substring"),
        *marker_pagination(),
        Option("--long", action="store_true", help="list additional fields in output"),
    )

    def columns_for(self, args: argparse.Namespace) -> tuple[Column, ...]:
        if args.long and not at_least(self.service.microversion, "2.88"):
            return self.columns + (Column("vCPUs Used", "vcpus_used"), Column("vCPUs", "vcpus"),
                                   Column("Memory MB Used", "memory_used"),
                                   Column("Memory MB", "memory_size"))
        return self.columns

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        compute = self.service
        if args.matching and (args.marker or args.limit):
            raise exceptions.OstackError("--matching is not compatible with --marker or --limit")
        query = {}
        for option in ("marker", "limit"):
            if getattr(args, option):
                if not at_least(compute.microversion, "2.33"):
                    raise exceptions.OstackError(
                        f"--os-compute-api-version 2.33 or greater is required to support "
                        f"the --{option} option")
                query[option] = getattr(args, option)
        if args.max_items is not None:
            query["max_items"] = args.max_items
        if args.matching:
            query["hypervisor_hostname_pattern"] = args.matching
        return compute.hypervisors(details=True, **query)


class ShowHypervisor(ResourceCommand, ShowOne):
    """Display hypervisor details."""

    name = "hypervisor show"
    resource = RESOURCE
    options = (Arg("hypervisor", metavar="<hypervisor>",
                   help="hypervisor to display (name or ID)"),)

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        compute = self.service
        found = compute.find_hypervisor(args.hypervisor, ignore_missing=False, details=False)
        hypervisor = compute.get_hypervisor(found.id)
        data = {name: getattr(hypervisor, name) for name in type(hypervisor).fields()}
        service = data.pop("service_details") or {}
        data["aggregates"] = PythonList(self._aggregates(service.get("host") or ""))
        modern = at_least(compute.microversion, "2.88")
        uptime = data.pop("uptime")
        if not modern:
            try:
                uptime = compute.get_hypervisor_uptime(hypervisor.id).uptime
            except exceptions.HttpError as exc:
                if exc.status_code != 501:
                    raise
                uptime = None
        match = UPTIME.match(uptime or "")
        if match:
            data.update(host_time=match.group(1), uptime=match.group(2),
                        users=match.group(3), load_average=match.group(4))
        data["service_id"] = service.get("id")
        data["service_host"] = service.get("host")
        if not at_least(compute.microversion, "2.28"):
            data["cpu_info"] = json.loads(data["cpu_info"] or "{}")
        data["cpu_info"] = CpuInfo(data["cpu_info"])
        data["hypervisor_hostname"] = data.pop("name")
        data.pop("servers", None)
        for attribute, shown in USAGE_FIELDS.items():
            value = data.pop(attribute)
            if not modern:
                data[shown] = value
        return {key: data[key] for key in sorted(data)}

    def _aggregates(self, host: str) -> list[str]:
        """Names of the aggregates holding the host (cells prefix both with `<cell>@`)."""
        cell, name = host.split("@", 1) if "@" in host else ("", host)
        return [a.name for a in self.service.aggregates()
                if name in (a.hosts or []) and (not cell or cell in (a.name or ""))]


class ShowHypervisorStats(ResourceCommand, ShowOne):
    """Display hypervisor stats details."""

    name = "hypervisor stats show"
    resource = RESOURCE

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        sys.stderr.write("This command is deprecated.\n")
        stats = self.service.get_hypervisor_statistics()
        hidden = {"id", "links", "location", "name"}
        return {key: stats.raw[key] for key in sorted(stats.raw) if key not in hidden}
