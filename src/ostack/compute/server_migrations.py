"""A server migration (/servers/{id}/migrations): a live migration still under way, with its
memory and disk progress; it can be aborted (2.24) or forced to complete (2.22)."""

from __future__ import annotations

from typing import Any

from ostack import exceptions
from ostack.compute.server_interfaces import server_of
from ostack.proxy import Call, Flow, listing, operation, resource_id
from ostack.resource import Field, Resource


class ServerMigration(Resource):
    resource_key = "migration"
    resources_key = "migrations"
    singular = "server_migration"
    base_path = "/servers/{server_id}/migrations"
    service_type = "compute"
    allow_delete = True
    find_policy = "id"
    pagination = "none"

    server_id = Field("server_uuid", doc="the server (openstacksdk reads it from the path)")
    server_uuid = Field()
    created_at = Field()
    updated_at = Field()
    status = Field()
    source_compute = Field()
    source_node = Field()
    dest_compute = Field()
    dest_host = Field()
    dest_node = Field()
    memory_total_bytes = Field()
    memory_processed_bytes = Field()
    memory_remaining_bytes = Field()
    disk_total_bytes = Field()
    disk_processed_bytes = Field()
    disk_remaining_bytes = Field()
    uuid = Field(min_microversion="2.59")
    user_id = Field(min_microversion="2.80")
    project_id = Field(min_microversion="2.80")


def _path(server: str, migration: Any) -> str:
    return f"/servers/{server}/migrations/{resource_id(migration)}"


class ServerMigrationActions:
    """A server's live migrations, with openstacksdk's `(migration, server)` order."""

    @listing
    def server_migrations(self, server: Any) -> Flow:
        """The in-progress live migrations of a server (2.23)."""
        return self.list_flow(ServerMigration, {"server_id": server})

    @operation
    def get_server_migration(self, server_migration: Any, server: Any = None,
                             ignore_missing: bool = True) -> Flow:
        sid = server_of(server_migration, server)
        try:
            resp = yield Call("GET", _path(sid, server_migration))
        except exceptions.NotFound:
            if ignore_missing:
                return None
            raise
        return self.one(ServerMigration, resp)

    @operation
    def abort_server_migration(self, server_migration: Any, server: Any = None,
                               ignore_missing: bool = True) -> Flow:
        """Abort a live migration (2.24)."""
        sid = server_of(server_migration, server)
        try:
            yield Call("DELETE", _path(sid, server_migration))
        except exceptions.NotFound as exc:  # resent: the lost first one did it
            if not ignore_missing and not exc.resent:
                raise

    @operation
    def force_complete_server_migration(self, server_migration: Any,
                                        server: Any = None) -> Flow:
        """Force a live migration to complete now (2.22)."""
        sid = server_of(server_migration, server)
        yield Call("POST", f"{_path(sid, server_migration)}/action",
                   json={"force_complete": None})
