"""`volume transfer request create|delete|list|show|accept`, as the official client prints
them: a volume handed from one project to another, which accepts it with the auth key."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ostack import exceptions
from ostack.cli.command import Lister, ShowOne
from ostack.cli.declare import Arg, Option
from ostack.cli.generic import ResourceCommand

RESOURCE = "block_storage.transfer"


class CreateTransferRequest(ResourceCommand, ShowOne):
    """Create volume transfer request."""

    name = "volume transfer request create"
    resource = RESOURCE
    options = (
        Option("--name", metavar="<name>", help="new transfer request name (default to None)"),
        Option("--snapshots", action="store_true", dest="snapshots", default=None,
               help="also transfer volume snapshots (default) (supported by "
                    "--os-volume-api-version 3.55 or later)"),
        Option("--no-snapshots", action="store_false", dest="snapshots",
               help="do not transfer volume snapshots (supported by "
                    "--os-volume-api-version 3.55 or later)"),
        Arg("volume", metavar="<volume>", help="volume to transfer (name or ID)"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        attrs: dict[str, Any] = {}
        if args.snapshots is not None:
            if not self.supports("3.55"):
                raise exceptions.OstackError("--os-volume-api-version 3.55 or greater is "
                                             "required to support the '--(no-)snapshots' "
                                             "option")
            attrs["no_snapshots"] = not args.snapshots
        storage = self.service
        volume = storage.find_volume(args.volume, ignore_missing=False)
        transfer = storage.create_transfer(volume_id=volume.id, name=args.name, **attrs)
        return {"auth_key": transfer.auth_key, "created_at": transfer.created_at,
                "id": transfer.id, "name": transfer.name, "volume_id": transfer.volume_id}


class DeleteTransferRequest(ResourceCommand):
    """Delete volume transfer request(s)."""

    name = "volume transfer request delete"
    resource = RESOURCE
    options = (Arg("transfer_request", metavar="<transfer-request>", nargs="+",
                   help="volume transfer request(s) to delete (name or ID)"),)

    def take_action(self, args: argparse.Namespace) -> int:
        failed = 0
        for transfer in args.transfer_request:
            try:
                # As the official client: by ID (a name is not looked up).
                self.service.delete_transfer(transfer, ignore_missing=False)
            except exceptions.OstackError as exc:
                failed += 1
                sys.stderr.write(f"Failed to delete volume transfer request with name or ID "
                                 f"'{transfer}': {exc}\n")
        if failed:
            raise exceptions.OstackError(
                f"{failed} of {len(args.transfer_request)} volume transfer requests failed "
                "to delete")
        return 0


class ListTransferRequest(ResourceCommand, Lister):
    """Lists all volume transfer requests."""

    name = "volume transfer request list"
    resource = RESOURCE
    options = (Option("--all-projects", action="store_true", default=False,
                      help="include all projects (admin only)"),)

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        from ostack.cli.ndjson import keep_bodies

        transfers = list(self.service.transfers(details=True, all_projects=args.all_projects))
        return ["ID", "Name", "Volume"], keep_bodies(
            [[t.id, t.name, t.volume_id] for t in transfers], transfers)


class ShowTransferRequest(ResourceCommand, ShowOne):
    """Show volume transfer request details."""

    name = "volume transfer request show"
    resource = RESOURCE
    options = (Arg("transfer_request", metavar="<transfer-request>",
                   help="volume transfer request to display (name or ID)"),)

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        transfer = self.find(args.transfer_request)
        return {"created_at": transfer.created_at, "id": transfer.id, "name": transfer.name,
                "volume_id": transfer.volume_id}


class AcceptTransferRequest(ResourceCommand, ShowOne):
    """Accept volume transfer request."""

    name = "volume transfer request accept"
    resource = RESOURCE
    options = (
        Arg("transfer_request", metavar="<transfer-request-id>",
            help="volume transfer request to accept (ID only)"),
        Option("--auth-key", metavar="<key>", required=True,
               help="volume transfer request authentication key"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        try:
            transfer_id = self.find(args.transfer_request).id
        except exceptions.NotFound:
            # Another project's transfer is not visible: accept it by the ID given.
            transfer_id = args.transfer_request
        accepted = self.service.accept_transfer(transfer_id, args.auth_key)
        return {"id": accepted.id, "name": accepted.name, "volume_id": accepted.volume_id}
