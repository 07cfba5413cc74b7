"""A volume: a block device that can be attached to servers."""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource


class Volume(Resource):
    resource_key = "volume"
    resources_key = "volumes"
    base_path = "/volumes"
    detail_path = "/volumes/detail"
    service_type = "block-storage"
    allow_create = allow_commit = allow_delete = True
    failure_statuses = ("error",)
    query = QueryParameters(
        "name", "status", "user_id", "project_id", "created_at", "updated_at", "sort",
        "sort_key", "sort_dir", properties="metadata", all_projects="all_tenants",
    )

    attachments = Field(default=[])
    availability_zone = Field()
    backup_id = Field()
    cluster_name = Field()
    consistency_group_id = Field("consistencygroup_id")
    consumes_quota = Field()
    created_at = Field()
    description = Field()
    encryption_key_id = Field()
    extended_replication_status = Field("os-volume-replication:extended_status")
    group_id = Field()
    host = Field("os-vol-host-attr:host")
    image_id = Field("imageRef")
    is_bootable = Field("bootable")
    is_encrypted = Field("encrypted")
    is_multiattach = Field("multiattach")
    links = Field()
    metadata = Field(default={})
    migration_id = Field("os-vol-mig-status-attr:name_id")
    migration_status = Field("os-vol-mig-status-attr:migstat")
    project_id = Field("os-vol-tenant-attr:tenant_id")
    provider_id = Field()
    replication_driver_data = Field("os-volume-replication:driver_data")
    replication_status = Field()
    scheduler_hints = Field("OS-SCH-HNT:scheduler_hints", doc="create only")
    service_uuid = Field()
    shared_targets = Field()
    size = Field()
    snapshot_id = Field()
    source_volume_id = Field("source_volid")
    status = Field()
    updated_at = Field()
    user_id = Field()
    volume_image_metadata = Field()
    volume_type = Field()
    volume_type_id = Field()
