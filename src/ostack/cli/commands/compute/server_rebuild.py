"""`server rebuild`: boot a server again from an image (its own by default), keeping its ID,
addresses and volumes; the output is the rebuild's answer, as the official client shows it."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ostack import exceptions
from ostack.cli.command import ShowOne
from ostack.cli.declare import Arg, Option, properties
from ostack.cli.generic import ResourceCommand
from ostack.cli.server_fields import server_detail

#: Option -> (SDK attribute, microversion, name of the option in the error message).
VERSIONED = (
    ("description", "description", "2.19", "--description option"),
    ("key_name", "key_name", "2.54", "--key-name option"),
    ("hostname", "hostname", "2.90", "--hostname option"),
)


class RebuildServer(ResourceCommand, ShowOne):
    """Rebuild server."""

    name = "server rebuild"
    resource = "compute.server"
    options = (
        Arg("server", metavar="<server>", help="server (name or ID)"),
        Option("--image", metavar="<image>",
               help="recreate server from the specified image (name or ID); defaults to the "
                    "currently used one"),
        Option("--name", metavar="<name>", help="set the new name of the rebuilt server"),
        Option("--password", metavar="<password>",
               help="set the password on the rebuilt server (requires cloud support)"),
        properties(dest="properties",
                   help="set a new property on the rebuilt server (repeatable)"),
        Option("--description", metavar="<description>",
               help="set a new description on the rebuilt server (2.19)"),
        Option("--preserve-ephemeral", action="store_true", default=None, group="ephemeral",
               help="preserve the default ephemeral storage partition on rebuild"),
        Option("--no-preserve-ephemeral", action="store_false", dest="preserve_ephemeral",
               group="ephemeral",
               help="do not preserve the default ephemeral storage partition on rebuild"),
        Option("--key-name", metavar="<key-name>", group="key",
               help="set the key name of key pair on the rebuilt server (2.54)"),
        Option("--no-key-name", action="store_true", dest="no_key_name", group="key",
               help="unset the key name of key pair on the rebuilt server (2.54)"),
        Option("--key-unset", action="store_true", dest="no_key_name", group="key",
               help=argparse.SUPPRESS),
        Option("--user-data", metavar="<user-data>", group="user_data",
               help="add a new user data file to the rebuilt server (2.57)"),
        Option("--no-user-data", action="store_true", default=False, group="user_data",
               help="remove existing user data when rebuilding server (2.57)"),
        Option("--trusted-image-cert", metavar="<trusted-cert-id>", action="append",
               dest="trusted_image_certs", group="certs",
               help="trusted image certificate IDs (repeatable) (2.63)"),
        Option("--no-trusted-image-certs", action="store_true", default=False,
               group="certs",
               help="remove any existing trusted image certificates from the server (2.63)"),
        Option("--hostname", metavar="<hostname>",
               help="hostname configured for the server in the metadata service (2.90)"),
        Option("--reimage-boot-volume", action="store_true", dest="reimage_boot_volume",
               default=None,
               help="rebuild a volume-backed server: wipe its root volume (2.93)"),
        Option("--no-reimage-boot-volume", action="store_false", dest="reimage_boot_volume",
               default=None, help="do not rebuild a volume-backed server (2.93)"),
        Option("--wait", action="store_true", help="wait for rebuild to complete"),
    )

    def _require(self, version: str, what: str) -> None:
        from ostack.transport.microversions import at_least

        if not at_least(self.service.microversion, version):
            raise exceptions.OstackError(f"--os-compute-api-version {version} or greater is "
                                         f"required to support the {what}")

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        attrs: dict[str, Any] = {}
        if args.name is not None:
            attrs["name"] = args.name
        if args.password is not None:
            attrs["admin_password"] = args.password
        if args.preserve_ephemeral is not None:
            attrs["preserve_ephemeral"] = args.preserve_ephemeral
        if args.properties:
            attrs["metadata"] = dict(args.properties)
        for option, attr, version, what in VERSIONED:
            if getattr(args, option):
                self._require(version, what)
                attrs[attr] = getattr(args, option)
        if not args.key_name and args.no_key_name:
            self._require("2.54", "--no-key-name option")
            attrs["key_name"] = None
        if args.user_data:
            self._require("2.54", "--user-data option")
            try:
                with open(args.user_data, "rb") as fh:
                    import base64

                    attrs["user_data"] = base64.b64encode(fh.read()).decode()
            except OSError as exc:
                raise exceptions.OstackError(
                    f"Can't open '{args.user_data}': {exc}") from None
        elif args.no_user_data:
            self._require("2.54", "--no-user-data option")
            attrs["user_data"] = None
        if args.trusted_image_certs:
            self._require("2.63", "--trusted-certs option")
            attrs["trusted_image_certificates"] = args.trusted_image_certs
        elif args.no_trusted_image_certs:
            self._require("2.63", "--no-trusted-certs option")
            attrs["trusted_image_certificates"] = None
        return attrs

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        from ostack.compute.servers import Server
        from ostack.transport.microversions import at_least

        compute = self.service
        server = self.find(args.server)
        image = server.raw.get("image")
        image_ref = image.get("id") if isinstance(image, dict) else None
        if args.image:
            image = self.conn.image.find_image(args.image, ignore_missing=False).id
        elif not image_ref:
            raise exceptions.OstackError(
                "The --image option is required when rebuilding a volume-backed server")
        else:
            image = image_ref
        attrs = self.attrs(args)
        if args.reimage_boot_volume:
            self._require("2.93", "--reimage-boot-volume option")
        elif not image_ref:
            if at_least(compute.microversion, "2.93"):
                raise exceptions.OstackError(
                    "--reimage-boot-volume is required to rebuild a volume-backed server")
            sys.stderr.write("Attempting to rebuild a volume-backed server using "
                             "--os-compute-api-version 2.92 or earlier, which will only "
                             "succeed if the image is identical to the one initially used. "
                             "This will be an error in a future release.\n")
        status = (server.status or "").lower()
        if status == "shutoff":
            wanted: tuple[str, ...] = ("SHUTOFF",)
        elif status in ("error", "active"):
            wanted = ("ACTIVE",)
        else:
            raise exceptions.OstackError("The server status is not ACTIVE, SHUTOFF or ERROR.")
        rebuilt = compute.rebuild_server(server, image, **attrs)
        if args.wait:
            from ostack.cli import progress

            try:
                progress.wait_for(compute, rebuilt, wanted)
            except exceptions.ResourceFailure as exc:
                raise exceptions.OstackError(
                    f"Error rebuilding server: {server.id} ({exc})") from None
            sys.stdout.write("Complete\n")
            sys.stdout.flush()
        # The answer to the rebuild laid over the server as it was found, not read again.
        shown = Server({**server.raw, **rebuilt.raw}, rebuilt.microversion)
        return server_detail(self.conn, shown)
