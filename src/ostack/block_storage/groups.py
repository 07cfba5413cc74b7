"""Volume groups (3.13+): volumes of one group type snapshotted and replicated together; and
group snapshots (3.14+)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from ostack import exceptions
from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource

_PAGING = ("offset", "sort_dir", "sort_key", "sort")


class Group(Resource):
    resource_key = "group"
    resources_key = "groups"
    base_path = "/groups"
    detail_path = "/groups/detail"
    service_type = "block-storage"
    allow_create = allow_commit = True
    failure_statuses = ("error", "error_deleting")
    find_policy = "list"
    query = QueryParameters(*_PAGING, all_projects="all_tenants")

    add_volumes = Field(min_microversion="3.13", doc="update only: volume IDs, comma-separated")
    availability_zone = Field(min_microversion="3.13")
    created_at = Field(min_microversion="3.13")
    description = Field(min_microversion="3.13")
    group_snapshot_id = Field(min_microversion="3.14")
    group_type = Field(min_microversion="3.13")
    project_id = Field(min_microversion="3.58")
    remove_volumes = Field(min_microversion="3.13",
                           doc="update only: volume IDs, comma-separated")
    replication_status = Field(min_microversion="3.38")
    replication_targets = Field(min_microversion="3.38")
    source_group_id = Field(min_microversion="3.14")
    status = Field(min_microversion="3.13")
    volume_types = Field(min_microversion="3.13")
    volumes = Field(min_microversion="3.25")


class GroupSnapshot(Resource):
    resource_key = "group_snapshot"
    resources_key = "group_snapshots"
    base_path = "/group_snapshots"
    detail_path = "/group_snapshots/detail"
    service_type = "block-storage"
    allow_create = allow_delete = True
    failure_statuses = ("error", "error_deleting")
    find_policy = "list"
    query = QueryParameters(*_PAGING, all_projects="all_tenants")

    created_at = Field(min_microversion="3.14")
    description = Field(min_microversion="3.14")
    group_id = Field(min_microversion="3.14")
    group_type_id = Field(min_microversion="3.14")
    project_id = Field(min_microversion="3.58")
    status = Field(min_microversion="3.14")


def _action_path(base: str, value: Any) -> str:
    return f"{base}/{quote(resource_id(value), safe='')}/action"


class GroupActions:
    """Delete (with or without volumes), reset status, create from a source."""

    @operation
    def delete_group(self, group: Any, delete_volumes: bool = False,
                     ignore_missing: bool = True) -> Flow:
        """Delete a group; its volumes too with `delete_volumes` (else it must be empty)."""
        try:
            yield Call("POST", _action_path("/groups", group),
                       json={"delete": {"delete-volumes": delete_volumes}})
        except exceptions.NotFound:
            if not ignore_missing:
                raise

    @operation
    def get_group(self, group: Any, *, list_volume: bool | None = None) -> Flow:
        """A group; with `list_volume` (3.25+) its member volumes' IDs in `volumes`."""
        params = {} if list_volume is None else {"list_volume": list_volume}
        return (yield from self.get_flow(Group, group, **params))

    @operation
    def enable_group_replication(self, group: Any) -> Flow:
        """Enable replication of a group whose type allows it (3.38+)."""
        yield Call("POST", _action_path("/groups", group), json={"enable_replication": {}})

    @operation
    def disable_group_replication(self, group: Any) -> Flow:
        """Disable a group's replication (3.38+)."""
        yield Call("POST", _action_path("/groups", group), json={"disable_replication": {}})

    @operation
    def failover_group_replication(self, group: Any, *, allowed_attached_volume: bool = False,
                                   secondary_backend_id: str | None = None) -> Flow:
        """Fail a replicated group over to its secondary back end (3.38+)."""
        yield Call("POST", _action_path("/groups", group), json={"failover_replication": {
            "allow_attached_volume": allowed_attached_volume,
            "secondary_backend_id": secondary_backend_id}})

    @operation
    def reset_group_status(self, group: Any, status: str) -> Flow:
        """Set a group's status in the database (admin, 3.20+)."""
        yield Call("POST", _action_path("/groups", group),
                   json={"reset_status": {"status": status}})

    @operation
    def create_group_from_source(self, **attrs: Any) -> Flow:
        """A new group copied from `source_group_id` or made from `group_snapshot_id`."""
        resp = yield Call("POST", "/groups/action", json={"create-from-src": attrs})
        return self.one(Group, resp, attrs)

    @operation
    def reset_group_snapshot_status(self, group_snapshot: Any, status: str) -> Flow:
        """Set a group snapshot's status in the database (admin, 3.19+)."""
        yield Call("POST", _action_path("/group_snapshots", group_snapshot),
                   json={"reset_status": {"status": status}})
