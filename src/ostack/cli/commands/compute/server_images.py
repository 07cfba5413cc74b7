"""`server backup create` and `server image create`: a server's disk saved as an image, shown
as `image show` shows it."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ostack import exceptions
from ostack.cli.command import ShowOne
from ostack.cli.declare import Arg, Option, properties
from ostack.cli.generic import ResourceCommand
from ostack.cli.image_fields import image_fields


class ServerImageCommand(ResourceCommand, ShowOne):
    """Save a server's disk as an image; wait for the image when asked."""

    resource = "compute.server"

    def wait_for_image(self, image: Any, error: str) -> None:
        from ostack.cli import progress

        try:
            progress.wait_for(self.conn.image, image, "active")
        except exceptions.ResourceFailure as exc:
            raise exceptions.OstackError(f"{error} ({exc})") from None
        except exceptions.OstackError as exc:  # the deadline, or errors that outlasted it
            raise exceptions.OstackError(
                f"{error} (image {image.id} was created; waiting for it failed: {exc})"
            ) from None
        sys.stdout.write("\n")
        sys.stdout.flush()


class CreateServerBackup(ServerImageCommand):
    """Create a server backup image."""

    name = "server backup create"
    options = (
        Arg("server", metavar="<server>", help="server to back up (name or ID)"),
        Option("--name", metavar="<image-name>",
               help="name of the backup image (default: server name)"),
        Option("--type", metavar="<backup-type>",
               help="used to populate the backup_type property of the backup image "
                    "(default: empty)"),
        Option("--rotate", metavar="<count>", type=int,
               help="number of backups to keep (default: 1)"),
        Option("--wait", action="store_true", help="wait for backup image create to complete"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        server = self.find(args.server)
        name = server.name if args.name is None else args.name
        made = self.service.backup_server(
            server.id, name, "" if args.type is None else args.type,
            1 if args.rotate is None else args.rotate)
        # Shown as it was right after the request, as the official client shows it.
        image = self.conn.image.get_image(made.id)
        if args.wait:
            self.wait_for_image(image, f"Error creating server backup: {args.name}")
        return image_fields(image)


class CreateServerImage(ServerImageCommand):
    """Create a new server disk image from an existing server."""

    name = "server image create"
    options = (
        Arg("server", metavar="<server>", help="server to create image (name or ID)"),
        Option("--name", metavar="<image-name>",
               help="name of new disk image (default: server name)"),
        properties(dest="properties",
                   help="set a new property to meta_data.json on the metadata server "
                        "(repeatable)"),
        Option("--wait", action="store_true", help="wait for operation to complete"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        server = self.find(args.server)
        made = self.service.create_server_image(
            server.id, args.name or server.name,
            dict(args.properties) if args.properties else None)
        if args.wait:
            self.wait_for_image(made, f"Error creating server image: {args.server}")
        return image_fields(self.conn.image.get_image(made.id))
