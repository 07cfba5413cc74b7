"""`catalog list` and `catalog show`: the services of the token's catalog."""

from __future__ import annotations

import sys
from typing import Any

from ostack.cli.command import Lister, ShowOne


class EndpointsColumn:
    """Endpoints as the official client prints them: for each, its region (`<none>` without
    one), then `  interface: url`, each entry ending in a newline."""

    def __init__(self, endpoints: list[dict[str, Any]]) -> None:
        self.endpoints = endpoints

    def human_readable(self) -> str:
        return "".join(
            f"{ep.get('region_id') or ep.get('region') or '<none>'}\n"
            f"  {ep.get('interface')}: {ep.get('url')}\n" for ep in self.endpoints or [])

    def machine_readable(self) -> list[dict[str, Any]]:
        return self.endpoints


class ListCatalog(Lister):
    """List services in the service catalog."""

    name = "catalog list"

    def take_action(self, args: Any):
        from ostack.cli.ndjson import keep_bodies

        entries = self.conn.session.catalog.entries
        rows = [(s.get("name"), s.get("type"), EndpointsColumn(s.get("endpoints", [])))
                for s in entries]
        return ("Name", "Type", "Endpoints"), keep_bodies(rows, entries)


class ShowCatalog(ShowOne):
    """Display service catalog details."""

    name = "catalog show"

    def add_arguments(self, parser) -> None:
        parser.add_argument("service", metavar="<service>",
                            help="service to display (type or name)")

    def take_action(self, args: Any) -> dict[str, Any]:
        for entry in self.conn.session.catalog.entries:
            if args.service in (entry.get("name"), entry.get("type")):
                data = {k: v for k, v in entry.items() if k != "links"}
                data["endpoints"] = EndpointsColumn(data.get("endpoints", []))
                return {k: data[k] for k in sorted(data)}
        # As the official client: an error line, no fields, and success.
        sys.stderr.write(f"service {args.service} not found\n\n")
        return {}
