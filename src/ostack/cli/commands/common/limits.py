"""`limits show`: compute and block storage limits, absolute (with usage) or rate limits."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli import lookups
from ostack.cli.command import Lister
from ostack.cli.declare import Option, add_options

RATE_COLUMNS = ["Verb", "URI", "Value", "Remain", "Unit", "Next Available"]


def rate_rows(rate: list[dict[str, Any]] | None) -> list[list[Any]]:
    """`[{"uri", "limit": [{"verb", "value", ...}]}]` flattened to one row per limit."""
    rows = []
    for entry in rate or []:
        for limit in entry.get("limit", []) or []:
            rows.append([limit.get("verb"), entry.get("uri"), limit.get("value"),
                         limit.get("remaining"), limit.get("unit"),
                         limit.get("next-available") or limit.get("next_available")])
    return rows


class ShowLimits(Lister):
    """Show compute and block storage limits."""

    name = "limits show"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        kind = parser.add_mutually_exclusive_group(required=True)
        kind.add_argument("--absolute", dest="is_absolute", action="store_true",
                          help="show absolute limits")
        kind.add_argument("--rate", dest="is_rate", action="store_true",
                          help="show rate limits (compute has none since Liberty; block "
                               "storage only with its rate-limiting middleware)")
        add_options(parser, (
            Option("--reserved", dest="is_reserved", action="store_true",
                   help="include reservations count (only valid with --absolute)"),
            Option("--project", metavar="<project>",
                   help="show limits for a specific project (name or ID) (only valid with "
                        "--absolute)"),
            Option("--project-domain", metavar="<project-domain>",
                   help="domain the project belongs to (name or ID)"),
            Option("--domain", metavar="<domain>", dest="project_domain",
                   help=argparse.SUPPRESS),
        ))

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        project_id = None
        if args.project is not None:
            project_id = lookups.project_id(self.conn, args.project, args.project_domain)
        compute = volume = None
        if lookups.has_service(self.conn, "compute"):
            compute = self.conn.compute.get_limits(reserved=args.is_reserved,
                                                   tenant_id=project_id)
        if lookups.has_service(self.conn, "block-storage"):
            volume = self.conn.block_storage.get_limits(project=project_id)
        if args.is_absolute:
            info: dict[str, Any] = {}
            for limits in (compute, volume):
                if limits is not None and limits.absolute is not None:
                    info.update(limits.absolute.to_dict())
            return ["Name", "Value"], [[k, v] for k, v in sorted(info.items())]
        rows = []
        for limits in (compute, volume):
            if limits is not None:
                rows += rate_rows(limits.rate)
        return RATE_COLUMNS, rows
