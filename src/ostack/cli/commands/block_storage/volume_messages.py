"""`volume message delete|list|show` (volume API 3.3+): what went wrong with a request
after Cinder accepted it, as the official client prints it."""

from __future__ import annotations

import argparse
import logging
from typing import Any

from ostack import exceptions
from ostack.cli import lookups
from ostack.cli.command import Command, ShowOne
from ostack.cli.commands.block_storage.microversioned import VolumeApiCommand
from ostack.cli.declare import Arg, Column, Option, marker_pagination
from ostack.cli.generic import ResourceList

LOG = logging.getLogger(__name__)
RESOURCE = "block_storage.message"
MICROVERSION = "3.3"

#: Field -> header, in the order `volume message show` prints them.
SHOWN = (("created_at", "Created At"), ("event_id", "Event ID"),
         ("guaranteed_until", "Guaranteed Until"), ("id", "ID"),
         ("message_level", "Message Level"), ("request_id", "Request ID"),
         ("resource_type", "Resource Type"), ("resource_uuid", "Resource UUID"),
         ("user_message", "User Message"))


class MessageCommand(VolumeApiCommand):
    """A message command: needs volume API 3.3."""

    resource = RESOURCE
    microversion = MICROVERSION


class DeleteMessage(MessageCommand, Command):
    """Delete a volume failure message."""

    name = "volume message delete"
    options = (Arg("message_ids", metavar="<message-id>", nargs="+",
                   help="message(s) to delete (ID)"),)

    def take_action(self, args: argparse.Namespace) -> int:
        self.require()
        errors = 0
        for message_id in args.message_ids:
            try:
                self.service.delete_message(message_id, ignore_missing=False)
            except exceptions.OstackError:
                LOG.error("Failed to delete message: %s", message_id)
                errors += 1
        if errors:
            raise exceptions.OstackError(
                f"Failed to delete {errors} of {len(args.message_ids)} messages.")
        return 0


class ListMessages(MessageCommand, ResourceList):
    """List volume failure messages."""

    name = "volume message list"
    columns = (Column("ID", "id"), Column("Event ID", "event_id"),
               Column("Resource Type", "resource_type"),
               Column("Resource UUID", "resource_uuid"),
               Column("Message Level", "message_level"),
               Column("User Message", "user_message"), Column("Request ID", "request_id"),
               Column("Created At", "created_at"),
               Column("Guaranteed Until", "guaranteed_until"))
    options = (
        Option("--project", metavar="<project>",
               help="filter results by project (name or ID) (admin only)"),
        Option("--project-domain", metavar="<project-domain>",
               help="domain the project belongs to (name or ID)"),
        *marker_pagination(max_items=False),
    )

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        self.require()
        query = {key: value for key, value in (("marker", args.marker),
                                              ("limit", args.limit)) if value is not None}
        if args.project:
            query["project_id"] = lookups.project_id(self.conn, args.project,
                                                     args.project_domain)
        return self.service.messages(**query)


class ShowMessage(MessageCommand, ShowOne):
    """Show a volume failure message."""

    name = "volume message show"
    options = (Arg("message_id", metavar="<message-id>", help="message to show (ID)"),)

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        self.require()
        found = self.service.get_message(args.message_id)
        return {header: getattr(found, field) for field, header in SHOWN}
