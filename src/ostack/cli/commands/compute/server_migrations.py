"""`server migration list|show|abort|force complete|confirm|revert`: the moves of servers
(os-migrations) and a server's live migrations under way."""

from __future__ import annotations

import argparse
import uuid
from typing import Any

from ostack import exceptions
from ostack.cli import lookups
from ostack.cli.command import Lister, ShowOne
from ostack.cli.declare import Arg, Option, marker_pagination
from ostack.cli.generic import ResourceCommand


def _needs(version: str, what: str) -> exceptions.OstackError:
    return exceptions.OstackError(
        f"--os-compute-api-version {version} or greater is required to {what}")


class MigrationCommand(ResourceCommand):
    resource = "compute.server"

    @property
    def compute(self) -> Any:
        return self.service

    def server(self, name_or_id: str) -> Any:
        return lookups.find(self.conn, "compute.server", name_or_id)


class ListMigration(MigrationCommand, Lister):
    """List server migrations."""

    name = "server migration list"
    options = (
        Option("--server", metavar="<server>", help="filter migrations by server (name or ID)"),
        Option("--host", metavar="<host>",
               help="filter migrations by source or destination host"),
        Option("--status", metavar="<status>", help="filter migrations by status"),
        Option("--type", metavar="<type>",
               choices=["evacuation", "live-migration", "cold-migration", "resize"],
               help="filter migrations by type"),
        *marker_pagination(),
        Option("--changes-since", metavar="<changes-since>",
               help="list only migrations changed later or equal to a certain point of time "
                    "(ISO 8601, e.g. 2016-03-04T06:27:59Z; --os-compute-api-version 2.59 or "
                    "above)"),
        Option("--changes-before", metavar="<changes-before>",
               help="list only migrations changed earlier or equal to a certain point of "
                    "time (--os-compute-api-version 2.66 or above)"),
        Option("--project", metavar="<project>",
               help="filter migrations by project (name or ID) (--os-compute-api-version "
                    "2.80 or above)"),
        Option("--project-domain", metavar="<project-domain>",
               help="domain the project belongs to (name or ID)"),
        Option("--user", metavar="<user>",
               help="filter migrations by user (name or ID) (--os-compute-api-version 2.80 "
                    "or above)"),
        Option("--user-domain", metavar="<user-domain>",
               help="domain the user belongs to (name or ID)"),
    )

    def _identity_id(self, what: str, name_or_id: str, domain: str | None) -> str:
        query = {}
        if domain:
            query["domain_id"] = lookups.find_id(self.conn, "identity.domain", domain)
        try:
            return lookups.find_id(self.conn, what, name_or_id, **query)
        except exceptions.Forbidden:
            return name_or_id

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        query: dict[str, Any] = {}
        if args.host is not None:
            query["host"] = args.host
        if args.status is not None:
            query["status"] = args.status
        if args.server:
            query["server_id"] = self.server(args.server).id
        if args.type:
            # Nova calls a cold migration just "migration".
            query["migration_type"] = "migration" if args.type == "cold-migration" else (
                args.type)
        checks = (("marker", "2.59", "--marker"), ("limit", "2.59", "--limit"),
                  ("changes_since", "2.59", "--changes-since"),
                  ("changes_before", "2.66", "--changes-before"))
        for attr, version, flag in checks:
            value = getattr(args, attr)
            if value:
                if not self.supports(version):
                    raise _needs(version, f"support the {flag} option")
                query[attr] = value
        if args.limit:
            # One page of --limit entries, as the official client asks for.
            query["max_items"] = args.limit
        if args.max_items is not None:
            query["max_items"] = min(args.max_items, query.get("max_items", args.max_items))
        if args.project:
            if not self.supports("2.80"):
                raise _needs("2.80", "support the --project option")
            query["project_id"] = self._identity_id("identity.project", args.project,
                                                    args.project_domain)
        if args.user:
            if not self.supports("2.80"):
                raise _needs("2.80", "support the --user option")
            query["user_id"] = self._identity_id("identity.user", args.user, args.user_domain)
        return query

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        migrations = list(self.compute.migrations(**self.query(args)))
        columns = [("Source Node", "source_node"), ("Dest Node", "dest_node"),
                   ("Source Compute", "source_compute"), ("Dest Compute", "dest_compute"),
                   ("Dest Host", "dest_host"), ("Status", "status"),
                   ("Server UUID", "server_id"), ("Old Flavor", "old_flavor_id"),
                   ("New Flavor", "new_flavor_id"), ("Created At", "created_at"),
                   ("Updated At", "updated_at")]
        if self.supports("2.59"):
            columns.insert(0, ("UUID", "uuid"))
        if self.supports("2.23"):
            columns.insert(0, ("Id", "id"))
            columns.insert(len(columns) - 2, ("Type", "migration_type"))
        if self.supports("2.80"):
            if args.project:
                columns.insert(len(columns) - 2, ("Project", "project_id"))
            if args.user:
                columns.insert(len(columns) - 2, ("User", "user_id"))
        from ostack.cli.ndjson import keep_bodies

        return ([header for header, _ in columns],
                keep_bodies([[getattr(m, attr) for _, attr in columns] for m in migrations],
                            migrations))


class ServerMigrationCommand(MigrationCommand):
    """A command about one live migration of a server, by ID or (2.59) UUID."""

    #: What the microversion errors name ("support the server migration show command").
    command_text = ""
    #: The microversion the command needs.
    needs = "2.24"
    #: The verb of "... is required to <verb> server migrations by UUID".
    uuid_verb = "abort"
    options = (
        Arg("server", metavar="<server>", help="server (name or ID)"),
        Arg("migration", metavar="<migration>", help="migration (ID)"),
    )

    def check(self, args: argparse.Namespace) -> None:
        if not self.supports(self.needs):
            raise _needs(self.needs, f"support the {self.command_text} command")
        if not args.migration.isdigit():
            try:
                uuid.UUID(args.migration)
            except ValueError:
                raise exceptions.OstackError(
                    "The <migration> argument must be an ID or UUID") from None
            if not self.supports("2.59"):
                raise _needs("2.59", f"{self.uuid_verb} server migrations by UUID")

    def migration(self, server: Any, args: argparse.Namespace) -> Any:
        """The live migration by ID, or by UUID among the server's (Nova reads no UUIDs)."""
        if args.migration.isdigit():
            return self.compute.get_server_migration(args.migration, server.id,
                                                     ignore_missing=False)
        for migration in self.compute.server_migrations(server.id):
            if migration.uuid == args.migration:
                return migration
        raise exceptions.OstackError(
            f"In-progress live migration {args.migration} is not found for server "
            f"{server.id}")


class ShowMigration(ServerMigrationCommand, ShowOne):
    """Show an in-progress live migration for a given server.

    Note that it is not possible to show cold migrations or completed live-migrations. Use
    'openstack server migration list' to get details for these."""

    name = "server migration show"
    command_text = "server migration show"
    uuid_verb = "retrieve"

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        self.check(args)
        server = self.server(args.server)
        migration = self.migration(server, args)
        columns = [
            ("ID", "id"), ("Server UUID", "server_id"), ("Status", "status"),
            ("Source Compute", "source_compute"), ("Source Node", "source_node"),
            ("Dest Compute", "dest_compute"), ("Dest Host", "dest_host"),
            ("Dest Node", "dest_node"), ("Memory Total Bytes", "memory_total_bytes"),
            ("Memory Processed Bytes", "memory_processed_bytes"),
            ("Memory Remaining Bytes", "memory_remaining_bytes"),
            ("Disk Total Bytes", "disk_total_bytes"),
            ("Disk Processed Bytes", "disk_processed_bytes"),
            ("Disk Remaining Bytes", "disk_remaining_bytes"), ("Created At", "created_at"),
            ("Updated At", "updated_at"),
        ]
        if self.supports("2.59"):
            columns.append(("UUID", "uuid"))
        if self.supports("2.80"):
            columns += [("User ID", "user_id"), ("Project ID", "project_id")]
        return {header: getattr(migration, attr) for header, attr in columns}


class AbortMigration(ServerMigrationCommand):
    """Cancel an ongoing live migration.

    This command requires ``--os-compute-api-version`` 2.24 or greater."""

    name = "server migration abort"
    command_text = "server migration abort"

    def take_action(self, args: argparse.Namespace) -> int:
        self.check(args)
        server = self.server(args.server)
        migration = args.migration
        if not migration.isdigit():
            migration = self.migration(server, args).id
        self.compute.abort_server_migration(migration, server.id, ignore_missing=False)
        return 0


class ForceCompleteMigration(ServerMigrationCommand):
    """Force an ongoing live migration to complete.

    This command requires ``--os-compute-api-version`` 2.22 or greater."""

    name = "server migration force complete"
    command_text = "server migration force complete"
    needs = "2.22"

    def take_action(self, args: argparse.Namespace) -> int:
        self.check(args)
        server = self.server(args.server)
        migration = args.migration
        if not migration.isdigit():
            migration = self.migration(server, args).id
        self.compute.force_complete_server_migration(migration, server.id)
        return 0


class ConfirmMigration(MigrationCommand):
    """Confirm server migration.

    Confirm (verify) success of the migration operation and release the old server."""

    name = "server migration confirm"
    options = (Arg("server", metavar="<server>", help="server (name or ID)"),)

    def take_action(self, args: argparse.Namespace) -> int:
        self.compute.confirm_server_resize(self.server(args.server))
        return 0


class RevertMigration(MigrationCommand):
    """Revert server migration.

    Revert the migration operation. Release the new server and restart the old one."""

    name = "server migration revert"
    options = (Arg("server", metavar="<server>", help="server (name or ID)"),)

    def take_action(self, args: argparse.Namespace) -> int:
        self.compute.revert_server_resize(self.server(args.server))
        return 0
