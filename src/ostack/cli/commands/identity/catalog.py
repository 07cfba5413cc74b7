"""`catalog list` and `catalog show`: the services of the token's catalog."""

from __future__ import annotations

from typing import Any

from ostack import exceptions
from ostack.cli.command import Lister, ShowOne
from ostack.transport import service_types


class EndpointsColumn:
    """Endpoints shown as `openstack catalog list` does: region, then `interface: url`."""

    def __init__(self, endpoints: list[dict[str, Any]]) -> None:
        self.endpoints = endpoints

    def human_readable(self) -> str:
        lines = []
        for ep in self.endpoints:
            region = ep.get("region_id") or ep.get("region") or ""
            lines.append(f"{region}\n  {ep.get('interface')}: {ep.get('url')}")
        return "\n".join(lines)

    def machine_readable(self) -> list[dict[str, Any]]:
        return self.endpoints


class ListCatalog(Lister):
    """List the services in the token's catalog."""

    name = "catalog list"

    def take_action(self, args: Any):
        rows = [
            (s["name"], s["type"], EndpointsColumn(s["endpoints"]))
            for s in self.conn.session.catalog.rows()
        ]
        return ("Name", "Type", "Endpoints"), rows


class ShowCatalog(ShowOne):
    """Show one service of the catalog, by type or name."""

    name = "catalog show"

    def add_arguments(self, parser) -> None:
        parser.add_argument("service", metavar="<service>", help="service type or name")

    def take_action(self, args: Any) -> dict[str, Any]:
        wanted = args.service
        candidates = service_types.candidates(wanted)
        for entry in self.conn.session.catalog.entries:
            if entry.get("type") in candidates or entry.get("name") == wanted:
                return {
                    "endpoints": EndpointsColumn(entry.get("endpoints", [])),
                    "id": entry.get("id", ""),
                    "name": entry.get("name", ""),
                    "type": entry.get("type", ""),
                }
        raise exceptions.EndpointNotFound(
            f"no service '{wanted}' in the catalog; see 'ostack catalog list'"
        )
