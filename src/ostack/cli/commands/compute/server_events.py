"""`server event list|show`: the actions recorded for a server (os-instance-actions) and
their events; a deleted server is named by its ID (2.21)."""

from __future__ import annotations

import argparse
import uuid
from datetime import datetime
from typing import Any

from ostack import exceptions
from ostack.cli import lookups
from ostack.cli.columns import ListDictColumn
from ostack.cli.command import Lister, ShowOne
from ostack.cli.declare import Arg, Option, marker_pagination
from ostack.cli.generic import ResourceCommand

#: The fields of an event, as `server event show` prints them (sorted, `hostId` as host_id).
EVENT_FIELDS = ("details", "event", "finish_time", "host", "host_id", "result", "start_time",
                "traceback")


def _is_uuid(value: str) -> bool:
    """Whether the text is a UUID, with or without dashes, braces or a urn: prefix."""
    try:
        plain = value.replace("urn:", "").replace("uuid:", "").strip("{}").replace("-", "")
        return uuid.UUID(value).hex == plain.lower()
    except (TypeError, ValueError, AttributeError):
        return False


def _is_iso8601(text: str) -> bool:
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


class ServerEventCommand(ResourceCommand):
    resource = "compute.server"

    @property
    def compute(self) -> Any:
        return self.service

    def server_id(self, name_or_id: str) -> str:
        """The server's ID; a UUID that finds no server is taken as a deleted server's."""
        try:
            return lookups.find(self.conn, "compute.server", name_or_id).id
        except exceptions.NotFound:
            if _is_uuid(name_or_id):
                return name_or_id
            raise


def _needs(version: str, flag: str) -> exceptions.OstackError:
    return exceptions.OstackError(
        f"--os-compute-api-version {version} or greater is required to support the {flag} "
        f"option")


class ListServerEvent(ServerEventCommand, Lister):
    """List recent events of a server.

    Specify ``--os-compute-api-version 2.21`` or higher to show events for a deleted server,
    specified by ID only."""

    name = "server event list"
    options = (
        Arg("server", metavar="<server>", help="server to list events (name or ID)"),
        Option("--long", action="store_true", help="list additional fields in output"),
        Option("--changes-since", metavar="<changes-since>",
               help="list only server events changed later or equal to a certain point of "
                    "time (ISO 8601, e.g. 2016-03-04T06:27:59Z; --os-compute-api-version "
                    "2.58 or above)"),
        Option("--changes-before", metavar="<changes-before>",
               help="list only server events changed earlier or equal to a certain point of "
                    "time (--os-compute-api-version 2.66 or above)"),
        *marker_pagination(),
    )

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        query: dict[str, Any] = {}
        if args.marker:
            if not self.supports("2.58"):
                raise _needs("2.58", "--marker")
            query["marker"] = args.marker
        if args.limit:
            if not self.supports("2.58"):
                raise _needs("2.58", "--limit")
            # One page of --limit entries, as the official client asks for.
            query["limit"] = query["max_items"] = args.limit
        if args.max_items is not None:
            query["max_items"] = min(args.max_items, query.get("max_items", args.max_items))
        for attr, version, flag, label in (
                ("changes_since", "2.58", "--changes-since", "changes-since"),
                ("changes_before", "2.66", "--changes-before", "changes-before")):
            value = getattr(args, attr)
            if value:
                if not self.supports(version):
                    raise _needs(version, flag)
                if not _is_iso8601(value):
                    raise exceptions.OstackError(f"Invalid {label} value: {value}")
                query[attr] = value
        return query

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        query = self.query(args)
        server_id = self.server_id(args.server)
        actions = list(self.compute.server_actions(server_id, **query))
        columns = [("Request ID", "request_id"), ("Server ID", "server_id"),
                   ("Action", "action"), ("Start Time", "start_time")]
        if args.long:
            columns += [("Message", "message"), ("Project ID", "project_id"),
                        ("User ID", "user_id")]
        from ostack.cli.ndjson import keep_bodies

        return ([header for header, _ in columns],
                keep_bodies([[getattr(a, attr) or (server_id if attr == "server_id" else None)
                              for _, attr in columns] for a in actions], actions))


class ShowServerEvent(ServerEventCommand, ShowOne):
    """Show server event details.

    Specify ``--os-compute-api-version 2.21`` or higher to show event details for a deleted
    server, specified by ID only. Specify ``--os-compute-api-version 2.51`` or higher to show
    event details for non-admin users."""

    name = "server event show"
    options = (
        Arg("server", metavar="<server>", help="server to show event details (name or ID)"),
        Arg("request_id", metavar="<request-id>",
            help="request ID of the event to show (ID only)"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        server_id = self.server_id(args.server)
        action = self.compute.get_server_action(args.request_id, server_id,
                                                ignore_missing=False)
        events = [{field: getattr(event, field) for field in EVENT_FIELDS}
                  for event in action.action_events()]
        return {
            "action": action.action, "events": ListDictColumn(events), "id": action.id,
            "message": action.message, "project_id": action.project_id,
            "request_id": action.request_id, "start_time": action.start_time,
            "user_id": action.user_id,
        }
