"""`usage list|show`, as the official client prints them.

The period defaults to the last four weeks up to tomorrow (UTC). A table is preceded by a
"Usage from ... to ...:" line; json and the other formats print the servers' usages in full
where a table counts them.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from typing import Any

from ostack import exceptions
from ostack.cli import lookups
from ostack.cli.columns import FormattableColumn
from ostack.cli.command import Lister, ShowOne
from ostack.cli.declare import Option, add_options

DATE = "%Y-%m-%d"
HEADERS = ("Project", "Servers", "RAM MB-Hours", "CPU Hours", "Disk GB-Hours")
PERIOD = (
    Option("--start", metavar="<start>",
           help="usage range start date, ex 2012-01-20 (default: 4 weeks ago)"),
    Option("--end", metavar="<end>", help="usage range end date, ex 2012-01-20 "
                                          "(default: tomorrow)"),
)


class ProjectName(FormattableColumn):
    """A project ID, shown by name in a table when the name is known."""

    __slots__ = ("names",)

    def __init__(self, value: Any, names: dict[str, str] | None = None) -> None:
        super().__init__(value)
        self.names = names or {}

    def human_readable(self) -> str:
        return self.names.get(self.value, self.value) if self.value else ""


class ServerCount(FormattableColumn):
    """The server usages: counted in a table, in full elsewhere."""

    def human_readable(self) -> str:
        return "" if self.value is None else str(len(self.value))

    def machine_readable(self) -> Any:
        if self.value is None:
            return None
        # openstacksdk's ServerUsage as the official client prints it.
        return [{**item.to_dict(), "location": None} for item in self.value]


class Hours(FormattableColumn):
    """A total of hours, two decimals in a table."""

    def human_readable(self) -> str:
        return "" if self.value is None else f"{self.value:.2f}"


def _period(args: argparse.Namespace) -> tuple[datetime.datetime, datetime.datetime]:
    now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    try:
        start = (datetime.datetime.strptime(args.start, DATE) if args.start
                 else now - datetime.timedelta(weeks=4))
        end = (datetime.datetime.strptime(args.end, DATE) if args.end
               else now + datetime.timedelta(days=1))
    except ValueError as exc:
        raise exceptions.OstackError(f"{exc}; dates are YYYY-MM-DD") from None
    return start, end


def _row(usage: Any, names: dict[str, str] | None) -> list[Any]:
    return [ProjectName(usage.project_id, names), ServerCount(usage.server_usages),
            Hours(usage.total_memory_mb_usage), Hours(usage.total_vcpus_usage),
            Hours(usage.total_local_gb_usage)]


class ListUsage(Lister):
    """List resource usage per project."""

    name = "usage list"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, PERIOD)

    def take_action(self, args: argparse.Namespace) -> tuple[tuple[str, ...], list[Any]]:
        start, end = _period(args)
        usages = list(self.conn.compute.usages(start=start, end=end, detailed=True))
        names: dict[str, str] = {}
        try:
            names = {p.id: p.name for p in self.conn.identity.projects()}
        except exceptions.OstackError:
            pass  # names are a nicety: the IDs stand in
        if args.formatter == "table" and usages:
            sys.stdout.write(f"Usage from {start.strftime(DATE)} to {end.strftime(DATE)}: \n")
        from ostack.cli.ndjson import keep_bodies

        return HEADERS, keep_bodies([_row(u, names) for u in usages], usages)


class ShowUsage(ShowOne):
    """Show resource usage for a single project."""

    name = "usage show"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Option("--project", metavar="<project>",
                   help="name or ID of project to show usage for"),
            Option("--project-domain", metavar="<project-domain>",
                   help="domain the project belongs to (name or ID), for when project "
                        "names collide"),
        ) + PERIOD)

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        start, end = _period(args)
        if args.project:
            query = {}
            if args.project_domain:
                query["domain_id"] = lookups.find_id(self.conn, "identity.domain",
                                                     args.project_domain)
            project = lookups.find_id(self.conn, "identity.project", args.project, **query)
        else:
            project = self.conn.session.get_access().project_id
        usage = self.conn.compute.get_usage(project, start=start, end=end)
        if args.formatter == "table":
            sys.stdout.write(f"Usage from {start.strftime(DATE)} to {end.strftime(DATE)} on "
                             f"project {project}: \n")
        return dict(zip(HEADERS, _row(usage, None), strict=True))
