"""`flavor list` and `flavor show`."""

from __future__ import annotations

from typing import Any

from ostack.cli.command import Lister, ShowOne, sorted_fields
from ostack.cli.commands.compute.servers import PropertiesColumn


class ListFlavor(Lister):
    """List flavors."""

    def add_arguments(self, parser) -> None:
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--public", dest="visibility", action="store_const", const="public",
                           help="only public flavors (the default)")
        which.add_argument("--private", dest="visibility", action="store_const",
                           const="private", help="only private flavors")
        which.add_argument("--all", dest="visibility", action="store_const", const="all",
                           help="public and private flavors")
        parser.add_argument("--min-disk", type=int, metavar="<min-disk>")
        parser.add_argument("--min-ram", type=int, metavar="<min-ram>")
        parser.add_argument("--long", action="store_true", help="more columns")
        parser.add_argument("--marker", metavar="<flavor-id>")
        parser.add_argument("--limit", type=int, metavar="<num-flavors>")

    def take_action(self, args: Any):
        is_public = {"private": False, "all": "None"}.get(args.visibility or "public")
        query = {"is_public": is_public, "min_disk": args.min_disk, "min_ram": args.min_ram,
                 "marker": args.marker, "limit": args.limit}
        flavors = self.conn.compute.flavors(details=True, **query)
        if args.limit is not None:
            import itertools

            flavors = itertools.islice(flavors, args.limit)
        flavors = list(flavors)
        self.conn.session.remember("flavor_names", {f.id: f.name for f in flavors})
        columns = ["ID", "Name", "RAM", "Disk", "Ephemeral", "VCPUs", "Is Public"]
        rows = []
        for f in flavors:
            row = [f.id, f.name, f.ram, f.disk, f.ephemeral, f.vcpus, f.is_public]
            if args.long:
                row += [f.swap, f.rxtx_factor, PropertiesColumn(f.extra_specs)]
            rows.append(row)
        if args.long:
            columns += ["Swap", "RXTX Factor", "Properties"]
        return columns, rows


class ShowFlavor(ShowOne):
    """Show a flavor's details, by name or ID."""

    def add_arguments(self, parser) -> None:
        parser.add_argument("flavor", metavar="<flavor>", help="flavor name or ID")

    def take_action(self, args: Any) -> dict[str, Any]:
        flavor = self.conn.compute.find_flavor(args.flavor, ignore_missing=False)
        data = {k: v for k, v in flavor.raw.items() if k != "links"}
        data["properties"] = PropertiesColumn(data.pop("extra_specs", None) or {})
        data.setdefault("OS-FLV-DISABLED:disabled", False)
        data.setdefault("OS-FLV-EXT-DATA:ephemeral", 0)
        data.setdefault("description", None)
        data["access_project_ids"] = None
        return sorted_fields(data)
