"""`server add|remove volume` and `server volume list|set|update`: volumes attached to a
server, with the columns each microversion adds."""

from __future__ import annotations

import argparse
from typing import Any

from ostack import exceptions
from ostack.cli import lookups
from ostack.cli.command import Lister, ShowOne
from ostack.cli.declare import Arg, Option
from ostack.cli.generic import ResourceCommand


class ServerVolumeCommand(ResourceCommand):
    """A command about a server and one of its volumes."""

    resource = "compute.server"

    @property
    def compute(self) -> Any:
        return self.service

    def server(self, args: argparse.Namespace) -> Any:
        return lookups.find(self.conn, "compute.server", args.server)

    def volume(self, args: argparse.Namespace) -> Any:
        return lookups.find(self.conn, "block_storage.volume", args.volume)


def _needs(version: str, what: str) -> exceptions.OstackError:
    return exceptions.OstackError(
        f"--os-compute-api-version {version} or greater is required to support {what}")


class AddServerVolume(ServerVolumeCommand, ShowOne):
    """Add volume to server.

    Specify ``--os-compute-api-version 2.20`` or higher to add a volume to a server
    with status ``SHELVED`` or ``SHELVED_OFFLOADED``."""

    name = "server add volume"
    options = (
        Arg("server", metavar="<server>", help="server (name or ID)"),
        Arg("volume", metavar="<volume>", help="volume to add (name or ID)"),
        Option("--device", metavar="<device>", help="server internal device name for volume"),
        Option("--tag", metavar="<tag>",
               help="tag for the attached volume (supported by --os-compute-api-version "
                    "2.49 or above)"),
        Option("--enable-delete-on-termination", action="store_true", group="termination",
               help="delete the volume when the server is destroyed (supported by "
                    "--os-compute-api-version 2.79 or above)"),
        Option("--disable-delete-on-termination", action="store_true", group="termination",
               help="do not delete the volume when the server is destroyed (supported by "
                    "--os-compute-api-version 2.79 or above)"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        server = self.server(args)
        volume = self.volume(args)
        attrs: dict[str, Any] = {"device": args.device}
        if args.tag:
            if not self.supports("2.49"):
                raise _needs("2.49", "the --tag option")
            attrs["tag"] = args.tag
        for flag, value in (("enable", True), ("disable", False)):
            if getattr(args, f"{flag}_delete_on_termination"):
                if not self.supports("2.79"):
                    raise _needs("2.79", f"the --{flag}-delete-on-termination option.")
                attrs["delete_on_termination"] = value
        attachment = self.compute.create_volume_attachment(server, volume, **attrs)
        shown = {
            "ID": attachment.id or attachment.volume_id, "Server ID": attachment.server_id,
            "Volume ID": attachment.volume_id, "Device": attachment.device,
        }
        if self.supports("2.49"):
            shown["Tag"] = attachment.tag
        if self.supports("2.79"):
            shown["Delete On Termination"] = attachment.delete_on_termination
        return shown


class RemoveServerVolume(ServerVolumeCommand):
    """Remove volume from server.

    Specify ``--os-compute-api-version 2.20`` or higher to remove a volume from a server
    with status ``SHELVED`` or ``SHELVED_OFFLOADED``."""

    name = "server remove volume"
    options = (
        Arg("server", metavar="<server>", help="server (name or ID)"),
        Arg("volume", metavar="<volume>", help="volume to remove (name or ID)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        server = self.server(args)
        volume = self.volume(args)
        self.compute.delete_volume_attachment(server, volume, ignore_missing=False)
        return 0


class ListServerVolume(ServerVolumeCommand, Lister):
    """List all the volumes attached to a server."""

    name = "server volume list"
    options = (Arg("server", help="server to list volume attachments for (name or ID)"),)

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        server = self.server(args)
        attachments = list(self.compute.volume_attachments(server))
        columns: list[tuple[str, str]] = []
        if not self.supports("2.89"):
            columns.append(("ID", "id"))
        columns += [("Device", "device"), ("Server ID", "server_id"),
                    ("Volume ID", "volume_id")]
        if self.supports("2.70"):
            columns.append(("Tag", "tag"))
        if self.supports("2.79"):
            columns.append(("Delete On Termination?", "delete_on_termination"))
        if self.supports("2.89"):
            columns += [("Attachment ID", "attachment_id"),
                        ("BlockDeviceMapping UUID", "bdm_id")]
        from ostack.cli.ndjson import keep_bodies

        return ([header for header, _ in columns],
                keep_bodies([[getattr(a, attr) for _, attr in columns] for a in attachments],
                            attachments))


class SetServerVolume(ServerVolumeCommand):
    """Update a volume attachment on the server."""

    name = "server volume set"
    options = (
        Arg("server", help="server to update volume for (name or ID)"),
        Arg("volume", help="volume to update attachment for (name or ID)"),
        Option("--delete-on-termination", action="store_true", dest="delete_on_termination",
               default=None, group="termination",
               help="delete the volume when the server is destroyed (supported by "
                    "--os-compute-api-version 2.85 or above)"),
        Option("--preserve-on-termination", action="store_false",
               dest="delete_on_termination", group="termination",
               help="preserve the volume when the server is destroyed (supported by "
                    "--os-compute-api-version 2.85 or above)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        if args.delete_on_termination is None:
            return 0
        if not self.supports("2.85"):
            raise _needs("2.85", "the -delete-on-termination or --preserve-on-termination "
                                 "option")
        server = self.server(args)
        volume = self.volume(args)
        self.compute.update_volume_attachment(
            server, volume, delete_on_termination=args.delete_on_termination)
        return 0


class UpdateServerVolume(SetServerVolume):
    """DEPRECATED: Use 'server volume set' instead."""

    name = "server volume update"
