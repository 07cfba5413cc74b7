"""Server state actions: `server pause|unpause|suspend|resume|lock|unlock|start|stop|...`.

Most are one shape: find each server named, call one SDK method on it. They are declared in
`ACTIONS` and made by `ServerAction.declare`; the few with options or `--wait` (reboot, shelve,
unshelve, resize, migrate, rescue, lock, evacuate) are subclasses below. A wait shows one
progress line on a terminal and ends with the server's fault message when it goes to ERROR.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, ClassVar

from ostack import exceptions
from ostack.cli.command import ShowOne
from ostack.cli.declare import Arg, Option, env_bool
from ostack.cli.generic import ResourceCommand
from ostack.cli.server_fields import server_detail

RESOURCE = "compute.server"


class ServerAction(ResourceCommand):
    """Find each server named, then call the SDK method `method` on it."""

    resource = RESOURCE
    #: The SDK method called with each server's ID.
    method: ClassVar[str] = ""
    #: Several servers (nargs="+") or one.
    many: ClassVar[bool] = True
    #: Help of the positional argument.
    target_help: ClassVar[str] = "Server (name or ID)"
    #: Offer --all-projects (name lookups in every project, admin).
    all_projects: ClassVar[bool] = False
    #: Printed on stderr before acting (deprecated commands).
    warning: ClassVar[str | None] = None

    @classmethod
    def declare(cls, name: str, class_name: str, method: str, doc: str, target_help: str,
                **attrs: Any) -> type[ServerAction]:
        """A command class made from one row of `ACTIONS`."""
        return type(class_name, (cls,), {"name": name, "method": method, "__doc__": doc,
                                          "target_help": target_help, "__module__": __name__,
                                          **attrs})

    def arguments(self) -> tuple[Option, ...]:
        target = Arg("server", metavar="<server>", nargs="+" if self.many else None,
                     help=self.target_help)
        extra = ()
        if self.all_projects:
            verb = self.name.split()[-1].capitalize()
            extra = (Option("--all-projects", action="store_true",
                            default=env_bool("ALL_PROJECTS"),
                            help=f"{verb} server(s) in another project by name (admin only) "
                                 "(can be specified using the ALL_PROJECTS envvar)"),)
        return (target, *self.options, *extra)

    def targets(self, args: argparse.Namespace) -> list[str]:
        value = args.server
        return value if isinstance(value, list) else [value]

    def find_server(self, args: argparse.Namespace, name: str) -> Any:
        query: dict[str, Any] = {}
        if self.all_projects:
            query["details"] = False
            if args.all_projects:
                query["all_projects"] = True
        return self.find(name, **query)

    def prepare(self, args: argparse.Namespace) -> dict[str, Any]:
        """Checks made once before acting, and the keyword arguments of `method`."""
        return {}

    def act(self, args: argparse.Namespace, server: Any, kwargs: dict[str, Any]) -> None:
        getattr(self.service, self.method)(server.id, **kwargs)

    def take_action(self, args: argparse.Namespace) -> Any:
        if self.warning:
            sys.stderr.write(self.warning + "\n")
        kwargs = self.prepare(args)
        for name in self.targets(args):
            self.act(args, self.find_server(args, name), kwargs)
        return 0

    def wait(self, server_id: str, statuses: tuple[str, ...], error: str) -> Any:
        """Wait until the server reaches one of `statuses`; `error: <id>` and the server's
        fault when it goes to ERROR."""
        from ostack.cli import progress
        from ostack.compute.servers import Server

        try:
            return progress.wait_for(self.service, Server({"id": server_id}), statuses)
        except exceptions.ResourceFailure as exc:
            raise exceptions.OstackError(f"{error}: {server_id} ({exc})") from None


#: name, class, SDK method, help (the official client's), help of the server argument, extras.
ACTIONS: tuple[tuple[Any, ...], ...] = (
    ("server pause", "PauseServer", "pause_server", "Pause server(s).",
     "Server(s) to pause (name or ID)", {}),
    ("server unpause", "UnpauseServer", "unpause_server", "Unpause server(s).",
     "Server(s) to unpause (name or ID)", {}),
    ("server suspend", "SuspendServer", "suspend_server", "Suspend server(s).",
     "Server(s) to suspend (name or ID)", {}),
    ("server resume", "ResumeServer", "resume_server", "Resume server(s).",
     "Server(s) to resume (name or ID)", {}),
    ("server unlock", "UnlockServer", "unlock_server", "Unlock server(s).",
     "Server(s) to unlock (name or ID)", {}),
    ("server restore", "RestoreServer", "restore_server", "Restore server(s).",
     "Server(s) to restore (name or ID)", {}),
    ("server start", "StartServer", "start_server", "Start server(s).",
     "Server(s) to start (name or ID)", {"all_projects": True}),
    ("server stop", "StopServer", "stop_server", "Stop server(s).",
     "Server(s) to stop (name or ID)", {"all_projects": True}),
    ("server dump create", "CreateServerDump", "trigger_server_crash_dump",
     "Create a dump file in server(s).\n\nTrigger a crash dump in server(s) with features like "
     "kdump in Linux (--os-compute-api-version 2.17 or greater).",
     "Server(s) to create dump file (name or ID)", {}),
    ("server unrescue", "UnrescueServer", "unrescue_server",
     "Restore server from rescue mode.", "Server (name or ID)", {"many": False}),
    ("server resize confirm", "ResizeConfirm", "confirm_server_resize",
     "Confirm server resize.\n\nConfirm (verify) success of resize operation and release the "
     "old server.", "Server (name or ID)", {"many": False}),
    ("server resize revert", "ResizeRevert", "revert_server_resize",
     "Revert server resize.\n\nRevert the resize operation. Release the new server and "
     "restart the old one.", "Server (name or ID)", {"many": False}),
    ("server migrate confirm", "MigrateConfirm", "confirm_server_resize",
     "DEPRECATED: Use 'server migration confirm' instead.", "Server (name or ID)",
     {"many": False, "warning": "The 'server migrate confirm' command has been deprecated in "
                                "favour of the 'server migration confirm' command."}),
    ("server migrate revert", "MigrateRevert", "revert_server_resize",
     "DEPRECATED: Use 'server migration revert' instead.", "Server (name or ID)",
     {"many": False, "warning": "The 'server migrate revert' command has been deprecated in "
                                "favour of the 'server migration revert' command."}),
)

for _row in ACTIONS:
    globals()[_row[1]] = ServerAction.declare(*_row[:5], **_row[5])


class LockServer(ServerAction):
    """Lock server(s).

    A non-admin user will not be able to execute actions.
    """

    name = "server lock"
    method = "lock_server"
    target_help = "Server(s) to lock (name or ID)"
    options = (Option("--reason", metavar="<reason>", default=None,
                      help="reason for locking the server(s) (2.73)"),)

    def prepare(self, args: argparse.Namespace) -> dict[str, Any]:
        if not args.reason:
            return {}
        from ostack.transport.microversions import at_least

        if not at_least(self.service.microversion, "2.73"):
            raise exceptions.OstackError("--os-compute-api-version 2.73 or greater is "
                                         "required to use the --reason option")
        return {"locked_reason": args.reason}


class RescueServer(ServerAction):
    """Put server in rescue mode.

    Specify ``--os-compute-api-version 2.87`` or higher to rescue a server booted from a
    volume.
    """

    name = "server rescue"
    method = "rescue_server"
    many = False
    options = (
        Option("--image", metavar="<image>",
               help="image (name or ID) to use for the rescue mode (defaults to the "
                    "currently used one)"),
        Option("--password", metavar="<password>",
               help="set the password on the rescued instance (requires cloud support)"),
    )

    def prepare(self, args: argparse.Namespace) -> dict[str, Any]:
        image = None
        if args.image:
            image = self.conn.image.find_image(args.image, ignore_missing=False).id
        return {"admin_pass": args.password, "image": image}


class RebootServer(ServerAction):
    """Perform a hard or soft server reboot."""

    name = "server reboot"
    method = "reboot_server"
    many = False
    options = (
        Option("--hard", dest="reboot_type", action="store_const", const="HARD",
               default="SOFT", group="type", help="perform a hard reboot"),
        Option("--soft", dest="reboot_type", action="store_const", const="SOFT",
               default="SOFT", group="type", help="perform a soft reboot"),
        Option("--wait", action="store_true", help="wait for reboot to complete"),
    )

    def act(self, args: argparse.Namespace, server: Any, kwargs: dict[str, Any]) -> None:
        self.service.reboot_server(server.id, args.reboot_type)
        if args.wait:
            self.wait(server.id, ("ACTIVE",), "Error rebooting server")
            sys.stdout.write("Complete\n")


class ShelveServer(ServerAction):
    """Shelve and optionally offload server(s).

    Shelving a server creates a snapshot of it and stops it; a shelved server can be
    offloaded from its host (admin), and unshelved later.
    """

    name = "server shelve"
    method = "shelve_server"
    target_help = "Server(s) to shelve (name or ID)"
    options = (
        Option("--offload", action="store_true", default=False,
               help="remove the shelved server(s) from the host (admin only)"),
        Option("--wait", action="store_true", default=False,
               help="wait for shelve and/or offload operation to complete"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        compute = self.service
        shelved = []
        for name in args.server:
            server = self.find(name)
            if server.status.lower() in ("shelved", "shelved_offloaded"):
                continue
            shelved.append(server.id)
            compute.shelve_server(server.id)
        if not args.wait and not args.offload:
            return 0
        for server_id in shelved:
            self.wait(server_id, ("SHELVED", "SHELVED_OFFLOADED"), "Error shelving server")
        if not args.offload:
            return 0
        for server_id in shelved:
            if compute.get_server(server_id).status.lower() != "shelved_offloaded":
                compute.shelve_offload_server(server_id)
        if args.wait:
            for server_id in shelved:
                self.wait(server_id, ("SHELVED_OFFLOADED",),
                          "Error offloading shelved server")
        return 0


class UnshelveServer(ServerAction):
    """Unshelve server(s)."""

    name = "server unshelve"
    method = "unshelve_server"
    target_help = "Server(s) to unshelve (name or ID)"
    options = (
        Option("--availability-zone", default=None, group="zone",
               help="name of the availability zone in which to unshelve a SHELVED_OFFLOADED "
                    "server (2.77)"),
        Option("--no-availability-zone", action="store_true", default=False, group="zone",
               help="unpin the availability zone of a SHELVED_OFFLOADED server (2.91)"),
        Option("--host", default=None,
               help="name of the destination host in which to unshelve a SHELVED_OFFLOADED "
                    "server (2.91)"),
        Option("--wait", action="store_true", default=False,
               help="wait for unshelve operation to complete"),
    )

    def prepare(self, args: argparse.Namespace) -> dict[str, Any]:
        from ostack.transport.microversions import at_least

        kwargs: dict[str, Any] = {}
        microversion = self.service.microversion
        for given, version, option, key, value in (
                (args.availability_zone, "2.77", "--availability-zone", "availability_zone",
                 args.availability_zone),
                (args.host, "2.91", "--host", "host", args.host),
                (args.no_availability_zone, "2.91", "--no-availability-zone",
                 "availability_zone", None)):
            if given:
                if not at_least(microversion, version):
                    raise exceptions.OstackError(
                        f"--os-compute-api-version {version} or greater is required to "
                        f"support the {option} option")
                kwargs[key] = value
        return kwargs

    def find_server(self, args: argparse.Namespace, name: str) -> Any:
        return self.find(name)

    def act(self, args: argparse.Namespace, server: Any, kwargs: dict[str, Any]) -> None:
        if server.status.lower() not in ("shelved", "shelved_offloaded"):
            return
        self.service.unshelve_server(server.id, **kwargs)
        if args.wait:
            self.wait(server.id, ("ACTIVE", "SHUTOFF"), "Error unshelving server")


class ResizeServer(ServerAction):
    """Scale server to a new flavor.

    A resize copies the server to a new one of the new flavor; confirm it to release the old
    server, or revert it to go back to it.
    """

    name = "server resize"
    many = False
    options = (
        Option("--flavor", metavar="<flavor>", group="phase",
               help="resize server to specified flavor"),
        Option("--confirm", action="store_true", group="phase",
               help="**Deprecated** confirm server resize is complete"),
        Option("--revert", action="store_true", group="phase",
               help="**Deprecated** restore server state before resize"),
        Option("--wait", action="store_true", help="wait for resize to complete"),
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        super().add_arguments(parser)
        # One of --flavor, --confirm, --revert is required (a required exclusive group).
        for group in parser._mutually_exclusive_groups:
            group.required = True

    def act(self, args: argparse.Namespace, server: Any, kwargs: dict[str, Any]) -> None:
        compute = self.service
        if args.flavor:
            if not server.raw.get("image"):
                sys.stderr.write("The root disk size in flavor will not be applied while "
                                 "booting from a persistent volume.\n")
            flavor = compute.find_flavor(args.flavor, ignore_missing=False)
            compute.resize_server(server, flavor)
            if args.wait:
                self.wait(server.id, ("ACTIVE", "VERIFY_RESIZE"), "Error resizing server")
                sys.stdout.write("Complete\n")
        elif args.confirm:
            sys.stderr.write("The --confirm option has been deprecated. Please use the "
                             "'openstack server resize confirm' command instead.\n")
            compute.confirm_server_resize(server)
        elif args.revert:
            sys.stderr.write("The --revert option has been deprecated. Please use the "
                             "'openstack server resize revert' command instead.\n")
            compute.revert_server_resize(server)


class MigrateServer(ServerAction):
    """Migrate server to different host.

    A cold migration moves a stopped copy (confirm or revert it after, as a resize); a live
    migration (--live-migration) moves the running server in one step.
    """

    name = "server migrate"
    many = False
    options = (
        Option("--live-migration", dest="live_migration", action="store_true",
               help="live migrate the server (--host names a target the scheduler checks)"),
        Option("--host", metavar="<hostname>",
               help="migrate the server to the specified host (2.30 with --live-migration, "
                    "2.56 without)"),
        Option("--shared-migration", dest="block_migration", action="store_false",
               default=None, group="migration",
               help="perform a shared live migration (default before 2.25, auto after)"),
        Option("--block-migration", dest="block_migration", action="store_true",
               group="migration", help="perform a block live migration (auto from 2.25)"),
        Option("--disk-overcommit", action="store_true", default=None, group="disk",
               help="allow disk over-commit on the destination host (2.24 or below)"),
        Option("--no-disk-overcommit", dest="disk_overcommit", action="store_false",
               group="disk",
               help="do not over-commit disk on the destination host (default) (2.24 or "
                    "below)"),
        Option("--wait", action="store_true", help="wait for migrate to complete"),
    )

    def act(self, args: argparse.Namespace, server: Any, kwargs: dict[str, Any]) -> None:
        from ostack.transport.microversions import at_least

        compute = self.service
        microversion = compute.microversion
        if args.live_migration:
            block = args.block_migration
            if block is None:
                block = "auto" if at_least(microversion, "2.25") else False
            if args.host and not at_least(microversion, "2.30"):
                raise exceptions.OstackError("--os-compute-api-version 2.30 or greater is "
                                             "required when using --host")
            overcommit = None
            if not at_least(microversion, "2.25"):
                overcommit = bool(args.disk_overcommit)
            elif args.disk_overcommit is not None:
                sys.stderr.write("The --disk-overcommit and --no-disk-overcommit options are "
                                 "only supported by --os-compute-api-version 2.24 or below; "
                                 "this will be an error in a future release\n")
            compute.live_migrate_server(server, host=args.host, block_migration=block,
                                        disk_over_commit=overcommit)
        else:
            if args.block_migration or args.disk_overcommit:
                raise exceptions.OstackError("--live-migration must be specified if "
                                             "--block-migration or --disk-overcommit is "
                                             "specified")
            if args.host and not at_least(microversion, "2.56"):
                raise exceptions.OstackError("--os-compute-api-version 2.56 or greater is "
                                             "required to use --host without "
                                             "--live-migration.")
            compute.migrate_server(server, host=args.host or None)
        if args.wait:
            self.wait(server.id, ("ACTIVE", "VERIFY_RESIZE"), "Error migrating server")
            sys.stdout.write("Complete, check success/failure by openstack server "
                             "migration/event list/show\n")


class EvacuateServer(ServerAction, ShowOne):
    """Evacuate a server to a different host.

    Recreates a server whose host failed (its compute service must be down), on another host
    (admin only).
    """

    name = "server evacuate"
    many = False
    options = (
        Option("--wait", action="store_true", help="wait for evacuation to complete"),
        Option("--host", metavar="<host>", default=None,
               help="the preferred host on which to rebuild the evacuated server (2.29)"),
        Option("--password", metavar="<password>", default=None, group="storage",
               help="set the password on the evacuated instance (requires cloud support)"),
        Option("--shared-storage", action="store_true", dest="shared_storage",
               group="storage",
               help="the instance is on shared storage (2.13 or earlier)"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        from ostack.transport.microversions import at_least

        compute = self.service
        microversion = compute.microversion
        if args.host and not at_least(microversion, "2.29"):
            raise exceptions.OstackError("--os-compute-api-version 2.29 or later is required "
                                         "to specify a preferred host.")
        if args.shared_storage and at_least(microversion, "2.14"):
            raise exceptions.OstackError("--os-compute-api-version 2.13 or earlier is "
                                         "required to specify shared-storage.")
        kwargs: dict[str, Any] = {"host": args.host, "admin_pass": args.password}
        if not at_least(microversion, "2.14"):
            kwargs["on_shared_storage"] = args.shared_storage
        server = self.find(args.server)
        compute.evacuate_server(server, **kwargs)
        if args.wait:
            wanted = ("ACTIVE", "SHUTOFF") if server.status == "SHUTOFF" else ("ACTIVE",)
            self.wait(server.id, wanted, "Error evacuating server")
            sys.stdout.write("Complete\n")
        return server_detail(self.conn, compute.get_server(server.id), created=server)
