"""A volume backup: a copy of a volume in the backup store (what project cleanup needs so
far)."""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource


class Backup(Resource):
    resource_key = "backup"
    resources_key = "backups"
    base_path = "/backups"
    detail_path = "/backups/detail"
    service_type = "block-storage"
    allow_create = allow_delete = True
    failure_statuses = ("error",)
    query = QueryParameters(
        "offset", "project_id", "name", "status", "volume_id", "sort_key", "sort_dir",
        all_projects="all_tenants",
    )

    availability_zone = Field()
    container = Field()
    created_at = Field()
    data_timestamp = Field()
    description = Field()
    encryption_key_id = Field()
    fail_reason = Field()
    has_dependent_backups = Field()
    is_incremental = Field()
    links = Field()
    metadata = Field(default={})
    object_count = Field()
    project_id = Field("os-backup-project-attr:project_id")
    size = Field()
    snapshot_id = Field()
    status = Field()
    updated_at = Field()
    user_id = Field()
    volume_id = Field()
    volume_name = Field()
