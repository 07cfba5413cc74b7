"""`image save|stage|import`: an image's data to a file, to the staging area, and into the
image through the interoperable import. `--progress` draws a bar on a terminal (stderr)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any
from urllib.parse import urlparse

from ostack import exceptions
from ostack.cli import progress
from ostack.cli.command import Command, ShowOne
from ostack.cli.declare import Arg, Option
from ostack.cli.generic import ResourceCommand
from ostack.cli.image_fields import image_fields, image_size, stdin_data

RESOURCE = "image.image"
IMPORT_METHODS = ("glance-direct", "web-download", "glance-download", "copy-image")


class SaveImage(ResourceCommand, Command):
    """Save an image locally"""

    name = "image save"
    resource = RESOURCE
    options = (
        Option("--chunk-size", type=int, default=1024, metavar="<chunk-size>",
               help="bytes to read at a time (the data comes in ranges of at least 16 MiB)"),
        Option("--file", metavar="<filename>", dest="filename",
               help="file to save the image to (default: stdout)"),
        Option("--store-preference", metavar="<store>", dest="store_preferences",
               action="append", help="a store to prefer for the download (repeatable, in "
                                     "order of preference)"),
        Option("--progress", action="store_true", default=False,
               help="show a progress bar of the download (on a terminal)"),
        Arg("image", metavar="<image>", help="image to save (name or ID)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        image = self.service.find_image(args.image, ignore_missing=False)
        output = args.filename or getattr(sys.stdout, "buffer", sys.stdout)
        bar = progress.transfer_bar(image.size, enabled=args.progress)
        try:
            self.service.download_image(
                image.id, output=output, chunk_size=args.chunk_size,
                store_preferences=args.store_preferences,
                progress=bar.update if bar else None)
        finally:
            if bar is not None:
                bar.close()
        return 0


class StageImage(ResourceCommand, Command):
    """Upload data for a specific image to staging."""

    name = "image stage"
    resource = RESOURCE
    options = (
        Option("--file", metavar="<file>", dest="filename",
               help="local file with the image data (default: stdin)"),
        Option("--size", metavar="<size>", type=image_size,
               help="size of the image data in bytes (helps the upload)"),
        Option("--progress", action="store_true", default=False,
               help="show a progress bar of the upload (not for data from stdin)"),
        Arg("image", metavar="<image>", help="image to upload data for (name or ID)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        image = self.service.find_image(args.image, ignore_missing=False)
        if args.filename:
            try:
                source = open(args.filename, "rb")  # noqa: SIM115 - closed below
            except FileNotFoundError:
                raise exceptions.OstackError(f"{args.filename!r} is not a valid file") from None
        else:
            source = stdin_data()
        try:
            if args.size is not None and source is None:
                raise exceptions.OstackError("--size requires image data via --file or stdin")
            bar = None
            if args.filename:
                bar = progress.transfer_bar(os.path.getsize(args.filename),
                                            enabled=args.progress)
            try:
                self.service.stage_image(image, data=source, size=args.size,
                                         progress=bar.update if bar else None)
            finally:
                if bar is not None:
                    bar.close()
        finally:
            if args.filename:
                source.close()
        return 0


class ImportImage(ResourceCommand, ShowOne):
    """Initiate the image import process."""

    name = "image import"
    resource = RESOURCE
    options = (
        Arg("image", metavar="<image>", help="image to import the data of (name or ID)"),
        Option("--method", metavar="<method>", default="glance-direct", dest="import_method",
               choices=IMPORT_METHODS,
               help="import method: glance-direct (default: after `image stage`), "
                    "web-download, glance-download or copy-image"),
        Option("--uri", metavar="<uri>", help="URI of the data (web-download only)"),
        Option("--remote-image", metavar="<REMOTE_IMAGE>",
               help="ID of the image in the remote Glance (glance-download only)"),
        Option("--remote-region", metavar="<REMOTE_GLANCE_REGION>",
               help="region of the remote Glance (glance-download only)"),
        Option("--remote-service-interface", metavar="<REMOTE_SERVICE_INTERFACE>",
               help="interface of the remote Glance (glance-download only)"),
        Option("--store", metavar="<STORE>", dest="stores", nargs="*", group="stores",
               help="store(s) to import the data into (copy-image needs --store or "
                    "--all-stores)"),
        Option("--all-stores", action="store_true", group="stores",
               help="import the data into every store"),
        Option("--allow-failure", action="store_true", dest="allow_failure", default=True,
               group="failure", help="go on when an upload to one of several stores fails"),
        Option("--disallow-failure", action="store_false", dest="allow_failure",
               default=True, group="failure",
               help="revert the import when an upload to one of several stores fails"),
        Option("--wait", action="store_true", help="wait for the operation to complete"),
    )

    def check(self, args: argparse.Namespace) -> None:
        """The official client's checks of the method's options, in its order."""
        try:
            info = self.service.get_import_info()
        except exceptions.NotFound:
            raise exceptions.OstackError(
                "The Image Import feature is not supported by this deployment") from None
        methods = (info.import_methods or {}).get("value", [])
        method = args.import_method
        if method not in methods:
            raise exceptions.OstackError(
                f"The '{method}' import method is not supported by this deployment. "
                f"Supported: {', '.join(methods)}")
        if method == "web-download":
            if not args.uri:
                raise exceptions.OstackError(
                    "The '--uri' option is required when using '--method=web-download'")
            parsed = urlparse(args.uri)
            if not (parsed.scheme and parsed.netloc):
                raise exceptions.OstackError(f"'{args.uri}' is not a valid url")
        elif args.uri:
            raise exceptions.OstackError(
                "The '--uri' option is only supported when using '--method=web-download'")
        if method == "glance-download":
            if not (args.remote_region and args.remote_image):
                raise exceptions.OstackError(
                    "The '--remote-region' and '--remote-image' options are required when "
                    "using '--method=web-download'")
        else:
            for option in ("remote_region", "remote_image", "remote_service_interface"):
                if getattr(args, option):
                    flag = option.replace("_", "-")
                    raise exceptions.OstackError(
                        f"The '--{flag}' option is only supported when using "
                        "'--method=glance-download'")
        if method == "copy-image" and not (args.stores or args.all_stores):
            raise exceptions.OstackError(
                "The '--stores' or '--all-stores' options are required when using "
                "'--method=copy-image'")

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        self.check(args)
        image = self.service.find_image(args.image, ignore_missing=False)
        if not image.container_format and not image.disk_format:
            raise exceptions.OstackError(
                "The 'container_format' and 'disk_format' properties must be set on an image "
                "before it can be imported")
        wanted = {"glance-direct": "uploading", "web-download": "queued",
                  "copy-image": "active"}.get(args.import_method)
        if wanted and image.status != wanted:
            raise exceptions.OstackError(
                f"The '{args.import_method}' import method can only be used with an image in "
                f"status '{wanted}'")
        self.service.import_image(
            image, method=args.import_method, uri=args.uri,
            remote_region=args.remote_region, remote_image_id=args.remote_image,
            remote_service_interface=args.remote_service_interface, stores=args.stores,
            all_stores=args.all_stores, all_stores_must_succeed=not args.allow_failure)
        return image_fields(image)
