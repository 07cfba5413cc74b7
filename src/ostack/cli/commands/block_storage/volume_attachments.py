"""`volume attachment create|delete|list|set|show|complete` (3.27+; complete 3.44+), as the
official client prints them. These change Cinder's records only; `server add volume` is what
attaches a volume to a server."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ostack import exceptions
from ostack.cli import lookups
from ostack.cli.columns import DictColumn
from ostack.cli.command import Lister, ShowOne
from ostack.cli.declare import Arg, Option, env_bool, marker_pagination
from ostack.cli.generic import ResourceCommand

RESOURCE = "block_storage.attachment"
HEADERS = ["ID", "Volume ID", "Instance ID", "Status", "Attach Mode", "Attached At",
           "Detached At", "Properties"]
DEPRECATED = ("This option is deprecated. Consider using the '--filters' option which was "
              "introduced in microversion 3.33 instead.")


def attachment_row(attachment: Any) -> dict[str, Any]:
    values = (attachment.id, attachment.volume_id, attachment.instance, attachment.status,
              attachment.attach_mode, attachment.attached_at, attachment.detached_at,
              DictColumn(attachment.connection_info or {}))
    return dict(zip(HEADERS, values, strict=True))


def connector_options() -> tuple[Option, ...]:
    return (
        Option("--initiator", metavar="<initiator>", help="IQN of the initiator attaching to"),
        Option("--ip", metavar="<ip>", help="IP of the system attaching to"),
        Option("--host", metavar="<host>", help="name of the host attaching to"),
        Option("--platform", metavar="<platform>", help="platform type"),
        Option("--os-type", metavar="<ostype>", help="OS type"),
        Option("--multipath", action="store_true", dest="multipath", default=False,
               help="use multipath"),
        Option("--no-multipath", action="store_false", dest="multipath",
               help="use multipath"),
        Option("--mountpoint", metavar="<mountpoint>",
               help="mountpoint volume will be attached at"),
    )


def connector(args: argparse.Namespace) -> dict[str, Any]:
    return {"initiator": args.initiator, "ip": args.ip, "platform": args.platform,
            "host": args.host, "os_type": args.os_type, "multipath": args.multipath,
            "mountpoint": args.mountpoint}


class AttachmentCommand(ResourceCommand):
    """An attachment command: refused below the microversion it needs."""

    needs = "3.27"

    def check(self) -> None:
        if not self.supports(self.needs):
            raise exceptions.OstackError(
                f"--os-volume-api-version {self.needs} or greater is required to support the "
                f"'{self.name}' command")


class CreateVolumeAttachment(AttachmentCommand, ShowOne):
    """Create an attachment for a volume (in the Volume service only)."""

    name = "volume attachment create"
    resource = RESOURCE
    options = (
        Arg("volume", metavar="<volume>", help="name or ID of volume to attach to server"),
        Arg("server_old", metavar="<server>", nargs="?", help=argparse.SUPPRESS),
        Option("--connect", action="store_true", dest="connect", default=False,
               help="make an active connection using provided connector info"),
        Option("--no-connect", action="store_false", dest="connect",
               help="do not make an active connection using provided connector info"),
        *connector_options(),
        Option("--server", metavar="<server>", help="name or ID of server attaching to"),
        Option("--mode", metavar="<mode>",
               help="mode of volume attachment, rw, ro and null (supported by "
                    "--os-volume-api-version 3.54 or later)"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        self.check()
        if args.mode and not self.supports("3.54"):
            raise exceptions.OstackError("--os-volume-api-version 3.54 or greater is required "
                                         "to support the '--mode' option")
        if args.server_old:
            sys.stderr.write("The <server> positional argument is deprecated in favour of "
                             "the --server <server> option argument\n")
            args.server = args.server or args.server_old
        wire: dict[str, Any] = {}
        if args.connect:
            wire = connector(args)
        elif any((args.initiator, args.ip, args.platform, args.host, args.multipath,
                  args.mountpoint)):
            raise exceptions.OstackError(
                "You must specify the --connect option for any of the connection-specific "
                "options such as --initiator to be valid")
        storage = self.service
        volume = storage.find_volume(args.volume, ignore_missing=False)
        server = lookups.find(self.conn, "compute.server", args.server)
        attachment = storage.create_attachment(volume, connector=wire, instance=server.id,
                                               mode=args.mode)
        return attachment_row(attachment)


class DeleteVolumeAttachment(AttachmentCommand):
    """Delete an attachment for a volume (in the Volume service only)."""

    name = "volume attachment delete"
    resource = RESOURCE
    options = (Arg("attachment", metavar="<attachment>",
                   help="ID of volume attachment to delete"),)

    def take_action(self, args: argparse.Namespace) -> int:
        self.check()
        self.service.delete_attachment(args.attachment)
        return 0


class SetVolumeAttachment(AttachmentCommand, ShowOne):
    """Update an attachment for a volume with a connector (where it is connected)."""

    name = "volume attachment set"
    resource = RESOURCE
    options = (Arg("attachment", metavar="<attachment>", help="ID of volume attachment"),
               *connector_options())

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        self.check()
        return attachment_row(self.service.update_attachment(args.attachment,
                                                             connector=connector(args)))


class CompleteVolumeAttachment(AttachmentCommand):
    """Complete an attachment for a volume."""

    name = "volume attachment complete"
    resource = RESOURCE
    needs = "3.44"
    options = (Arg("attachment", metavar="<attachment>",
                   help="ID of volume attachment to mark as completed"),)

    def take_action(self, args: argparse.Namespace) -> int:
        self.check()
        self.service.complete_attachment(args.attachment)
        return 0


class ListVolumeAttachment(AttachmentCommand, Lister):
    """Lists all volume attachments."""

    name = "volume attachment list"
    resource = RESOURCE
    options = (
        Option("--project", metavar="<project>",
               help="filter results by project (name or ID) (admin only)"),
        Option("--project-domain", metavar="<project-domain>",
               help="domain the project belongs to (name or ID)"),
        Option("--all-projects", action="store_true", default=env_bool("ALL_PROJECTS"),
               help="shows details for all projects (admin only)"),
        Option("--volume-id", metavar="<volume-id>",
               help=f"filters results by a volume ID. {DEPRECATED}"),
        Option("--server-id", metavar="<server-id>",
               help=f"filters results by a server ID. {DEPRECATED}"),
        Option("--status", metavar="<status>", help=f"filters results by a status. {DEPRECATED}"),
        *marker_pagination(),
    )

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        self.check()
        project_id = (lookups.project_id(self.conn, args.project, args.project_domain)
                      if args.project else None)
        query = {"all_projects": bool(args.project) or args.all_projects,
                 "project_id": project_id, "volume_id": args.volume_id,
                 "instance_id": args.server_id, "status": args.status, "limit": args.limit,
                 "marker": args.marker, "max_items": args.max_items}
        from ostack.cli.ndjson import keep_bodies

        attachments = list(self.service.attachments(**{k: v for k, v in query.items()
                                                       if v is not None}))
        return (["ID", "Volume ID", "Server ID", "Status"], keep_bodies(
            [[a.id, a.volume_id, a.instance, a.status] for a in attachments], attachments))


class ShowVolumeAttachment(AttachmentCommand, ShowOne):
    """Show detailed information for a volume attachment."""

    name = "volume attachment show"
    resource = RESOURCE
    options = (Arg("attachment", metavar="<attachment>", help="ID of volume attachment"),)

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        self.check()
        return attachment_row(self.service.get_attachment(args.attachment))
