"""A volume snapshot: a point-in-time copy of a volume, with its metadata and admin actions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from ostack import exceptions
from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource, bool_str
from ostack.transport.microversions import at_least


class Snapshot(Resource):
    resource_key = "snapshot"
    resources_key = "snapshots"
    base_path = "/snapshots"
    detail_path = "/snapshots/detail"
    service_type = "block-storage"
    allow_create = allow_commit = allow_delete = True
    failure_statuses = ("error", "error_deleting")
    client_token = {"where": "metadata"}
    query = QueryParameters(
        "name", "status", "volume_id", "project_id", "offset", "sort_dir", "sort_key",
        all_projects="all_tenants",
    )

    consumes_quota = Field(min_microversion="3.65")
    created_at = Field()
    description = Field()
    group_snapshot_id = Field(min_microversion="3.14")
    is_forced = Field("force", type=bool_str,
                      doc="create only; from 3.66 only a true value is accepted")
    metadata = Field(default={})
    progress = Field("os-extended-snapshot-attributes:progress")
    project_id = Field("os-extended-snapshot-attributes:project_id")
    size = Field()
    status = Field()
    updated_at = Field()
    user_id = Field(min_microversion="3.41")
    volume_id = Field()


def _snapshot_path(snapshot: Any, *rest: str) -> str:
    return "/".join(("/snapshots", quote(resource_id(snapshot), safe=""), *rest))


class SnapshotActions:
    """Snapshot metadata, status reset and forced delete (openstacksdk's names)."""

    @operation
    def delete_snapshot(self, snapshot: Any, ignore_missing: bool = True, force: bool = False
                        ) -> Flow:
        """Delete a snapshot; `force` whatever its state (admin, `os-force_delete`)."""
        try:
            if force:
                yield Call("POST", _snapshot_path(snapshot, "action"),
                           json={"os-force_delete": None})
            else:
                yield Call("DELETE", _snapshot_path(snapshot))
        except exceptions.NotFound as exc:  # resent: the lost first one did it
            if not ignore_missing and not exc.resent:
                raise

    @operation
    def manage_snapshot(self, volume_id: str, ref: dict[str, Any] | None = None,
                        **attrs: Any) -> Flow:
        """Bring a snapshot that exists on a back end (`ref`) under Cinder's management
        (admin); `name`, `description`, `metadata`."""
        body: dict[str, Any] = {"volume_id": volume_id, "ref": ref or {}, **attrs}
        path = "/manageable_snapshots" if at_least(self._microversion, "3.8") else (
            "/os-snapshot-manage")
        resp = yield Call("POST", path, json={"snapshot": body})
        return self.one(Snapshot, resp, body)

    @operation
    def unmanage_snapshot(self, snapshot: Any) -> Flow:
        """Remove a snapshot from Cinder's management, leaving it on its back end (admin)."""
        yield Call("POST", _snapshot_path(snapshot, "action"), json={"os-unmanage": None})

    @operation
    def reset_snapshot_status(self, snapshot: Any, status: str) -> Flow:
        """Set a snapshot's status in the database without doing anything (admin)."""
        yield Call("POST", _snapshot_path(snapshot, "action"),
                   json={"os-reset_status": {"status": status}})

    @operation
    def set_snapshot_metadata(self, snapshot: Any, **metadata: str) -> Flow:
        """Add or change metadata items; the snapshot (its ID) with all of its metadata."""
        resp = yield Call("POST", _snapshot_path(snapshot, "metadata"),
                          json={"metadata": metadata})
        body = (resp.json() or {}) if resp.content else {}
        return self.made(Snapshot, {"id": resource_id(snapshot),
                                    "metadata": body.get("metadata", {})})

    @operation
    def delete_snapshot_metadata(self, snapshot: Any, keys: Iterable[str] | None = None
                                 ) -> Flow:
        """Remove the named metadata items, or all of them when `keys` is None."""
        if keys is None:
            yield Call("PUT", _snapshot_path(snapshot, "metadata"), json={"metadata": {}})
            return
        for key in keys:
            yield Call("DELETE", _snapshot_path(snapshot, "metadata", quote(key, safe="")))
