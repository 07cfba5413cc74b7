"""`ostack server quick backup <server> <name> <description>`."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli.command import ShowOne
from ostack.cli.declare import Arg
from ostack.cli.generic import ResourceCommand


class QuickBackup(ResourceCommand, ShowOne):
    """Back a server up quickly: an image with a name and a description."""

    name = "server quick backup"
    resource = "compute.server"
    options = (
        Arg("server", metavar="<server>", help="server to back up (name or ID)"),
        Arg("backup_name", metavar="<name>", help="name of the backup image"),
        Arg("description", metavar="<description>", help="description of the backup"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        server = self.find(args.server)
        image_id = self.service.quick_backup_server(server, args.backup_name, args.description)
        return {"description": args.description, "id": image_id, "name": args.backup_name,
                "server_id": server.id}
