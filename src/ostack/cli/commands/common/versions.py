"""`versions show`: each service's API versions and microversion range, from discovery."""

from __future__ import annotations

from typing import Any

from ostack import exceptions
from ostack.cli.command import Lister
from ostack.transport import service_types
from ostack.transport.discovery import split_version


class ShowVersions(Lister):
    """Show the API versions of the cloud's services."""

    name = "versions show"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--all-interfaces", action="store_true",
                            help="every interface, not only the selected one")
        parser.add_argument("--interface", metavar="<interface>",
                            help="show this interface (public, internal, admin)")
        parser.add_argument("--region-name", metavar="<region-name>",
                            help="only endpoints of this region")
        parser.add_argument("--service", metavar="<service>", help="only this service type")
        parser.add_argument("--status", metavar="<status>",
                            help="only versions with this status (e.g. CURRENT)")

    def take_action(self, args: Any):
        session = self.conn.session
        interface = None if args.all_interfaces else (args.interface or session.interface)
        wanted = service_types.official(args.service) if args.service else None
        rows = []
        seen: set[str] = set()
        for entry in session.catalog.entries:
            stype = service_types.official(entry.get("type", ""))
            if wanted and stype != wanted:
                continue
            for ep in entry.get("endpoints", []):
                region = ep.get("region_id") or ep.get("region")
                if interface and ep.get("interface") != interface:
                    continue
                if args.region_name and region != args.region_name:
                    continue
                root = split_version(ep["url"])[0] + "/"
                if (root, ep.get("interface")) in seen:
                    continue
                seen.add((root, ep.get("interface")))
                for version in _versions(session, root):
                    status = str(version.get("status", "")).upper()
                    if args.status and status != args.status.upper():
                        continue
                    endpoint = next((link["href"] for link in version.get("links", [])
                                     if link.get("rel") == "self"), ep["url"])
                    row = [region, stype, version.get("id", ""), status, endpoint,
                           version.get("min_version") or None, version.get("version") or None]
                    if args.all_interfaces:
                        row.insert(1, ep.get("interface"))
                    rows.append(row)
        columns = ["Region Name", "Service Type", "Version", "Status", "Endpoint",
                   "Min Microversion", "Max Microversion"]
        if args.all_interfaces:
            columns.insert(1, "Interface")
        return columns, rows


def _versions(session: Any, root: str) -> list[dict[str, Any]]:
    try:
        resp = session.request("GET", root, raise_exc=False)
        doc = resp.json() if resp.status_code in (200, 300) else None
    except (exceptions.TransportError, ValueError):
        return []
    if not isinstance(doc, dict):
        return []
    if isinstance(doc.get("version"), dict):
        return [doc["version"]]
    versions = doc.get("versions", [])
    if isinstance(versions, dict):
        versions = versions.get("values", [])
    return [v for v in versions if isinstance(v, dict)]
