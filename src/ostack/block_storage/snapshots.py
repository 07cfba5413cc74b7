"""A volume snapshot: a point-in-time copy of a volume (what project cleanup needs so far)."""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource


class Snapshot(Resource):
    resource_key = "snapshot"
    resources_key = "snapshots"
    base_path = "/snapshots"
    detail_path = "/snapshots/detail"
    service_type = "block-storage"
    allow_create = allow_commit = allow_delete = True
    failure_statuses = ("error", "error_deleting")
    query = QueryParameters(
        "name", "status", "volume_id", "project_id", "offset", "sort_dir", "sort_key",
        all_projects="all_tenants",
    )

    consumes_quota = Field()
    created_at = Field()
    description = Field()
    group_snapshot_id = Field()
    is_forced = Field("force")
    metadata = Field(default={})
    progress = Field("os-extended-snapshot-attributes:progress")
    project_id = Field("os-extended-snapshot-attributes:project_id")
    size = Field()
    status = Field()
    updated_at = Field()
    user_id = Field()
    volume_id = Field()
