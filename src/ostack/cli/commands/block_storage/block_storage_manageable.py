"""`block storage volume|snapshot manageable list` (volume API 3.8+, admin): what a back end
holds that Cinder does not manage yet, as the official client prints it."""

from __future__ import annotations

import argparse
import logging
from typing import Any

from ostack import exceptions
from ostack.cli.command import Lister
from ostack.cli.declare import Arg, Option, add_options

LOG = logging.getLogger(__name__)
TRUE = {"1", "t", "true", "on", "y", "yes"}


class ManageableList(Lister):
    """What both listings share: the options, the checks and the query."""

    #: "volume" or "snapshot": the SDK listing and the command's words.
    kind = "volume"
    columns: tuple[str, ...] = ("reference", "size", "safe_to_manage")

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        noun = f"{self.kind}s"
        add_options(parser, (
            Arg("host", metavar="<host>", nargs="?", group="where",
                help=f"cinder host on which to list manageable {noun}; takes the form: "
                     "host@backend-name#pool"),
            Option("--cluster", metavar="<cluster>", group="where",
                   help=f"cinder cluster on which to list manageable {noun}; takes the "
                        "form: cluster@backend-name#pool (3.17+)"),
            Option("--long", action="store_true", default=False,
                   help="list additional fields in output"),
            Option("--detailed", metavar="<detailed>", default=None,
                   help="returns detailed information (deprecated: use --long)"),
            Option("--marker", metavar="<marker>", default=None,
                   help=f"begin returning {noun} that appear later in the {self.kind} list "
                        "than that represented by this reference"),
            Option("--limit", metavar="<limit>", default=None,
                   help=f"maximum number of {noun} to return"),
            Option("--offset", metavar="<offset>", default=None,
                   help=f"number of {noun} to skip after marker"),
            Option("--sort", metavar="<key>[:<direction>]", default=None,
                   help="comma-separated list of sort keys and directions in the form of "
                        "<key>[:<asc|desc>]; valid keys: size, reference"),
        ))

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        from ostack.transport.microversions import at_least

        service = self.conn.block_storage
        if args.host is None and args.cluster is None:
            raise exceptions.OstackError(
                f"Either <host> or '--cluster <cluster>' needs to be provided to run the "
                f"'{self.name}' command")
        if not at_least(service.microversion, "3.8"):
            raise exceptions.OstackError(
                f"--os-volume-api-version 3.8 or greater is required to support the "
                f"'{self.name}' command")
        if args.cluster and not at_least(service.microversion, "3.17"):
            raise exceptions.OstackError(
                "--os-volume-api-version 3.17 or greater is required to support the "
                "'--cluster' option")
        detailed = args.long
        if args.detailed is not None:
            detailed = args.detailed.lower().strip() in TRUE
            LOG.warning("The --detailed option has been deprecated. Use --long instead."
                        if detailed else "The --detailed option has been deprecated. "
                        "Unset it.")
        columns = list(self.columns)
        if detailed:
            columns += ["reason_not_safe", "cinder_id", "extra_info"]
        query = {key: getattr(args, key) for key in (
            "host", "cluster", "marker", "limit", "offset", "sort") if getattr(args, key)}
        from ostack.cli.ndjson import keep_bodies

        listing = list(getattr(service, f"manageable_{self.kind}s")(details=detailed, **query))
        return columns, keep_bodies([[item.get(c) for c in columns] for item in listing],
                                    listing)


class BlockStorageManageVolumes(ManageableList):
    """List manageable volumes."""

    name = "block storage volume manageable list"


class BlockStorageManageSnapshots(ManageableList):
    """List manageable snapshots."""

    name = "block storage snapshot manageable list"
    kind = "snapshot"
    columns = ("reference", "size", "safe_to_manage", "source_reference")
