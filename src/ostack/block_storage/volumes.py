"""A volume: a block device that can be attached to servers."""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource, bool_str


class Volume(Resource):
    resource_key = "volume"
    resources_key = "volumes"
    base_path = "/volumes"
    detail_path = "/volumes/detail"
    service_type = "block-storage"
    allow_create = allow_commit = allow_delete = True
    failure_statuses = ("error",)
    client_token = {"where": "metadata"}
    query = QueryParameters(
        "name", "status", "user_id", "project_id", "created_at", "updated_at", "sort",
        "sort_key", "sort_dir", properties="metadata", all_projects="all_tenants",
    )

    attachments = Field(default=[])
    availability_zone = Field()
    backup_id = Field(min_microversion="3.47", doc="create only: a volume from a backup")
    cluster_name = Field(min_microversion="3.61")
    consistency_group_id = Field("consistencygroup_id")
    consumes_quota = Field(min_microversion="3.65")
    created_at = Field()
    description = Field()
    encryption_key_id = Field(min_microversion="3.64")
    extended_replication_status = Field("os-volume-replication:extended_status")
    group_id = Field(min_microversion="3.13")
    host = Field("os-vol-host-attr:host")
    image_id = Field("imageRef")
    is_bootable = Field("bootable", type=bool_str)
    is_encrypted = Field("encrypted", type=bool_str)
    is_multiattach = Field("multiattach", type=bool_str)
    links = Field()
    metadata = Field(default={})
    migration_id = Field("os-vol-mig-status-attr:name_id")
    migration_status = Field("os-vol-mig-status-attr:migstat")
    project_id = Field("os-vol-tenant-attr:tenant_id")
    provider_id = Field(min_microversion="3.21")
    replication_driver_data = Field("os-volume-replication:driver_data")
    replication_status = Field()
    scheduler_hints = Field("OS-SCH-HNT:scheduler_hints", doc="create only")
    service_uuid = Field(min_microversion="3.48")
    shared_targets = Field(min_microversion="3.48", doc="true, false or (3.69+) null")
    size = Field()
    snapshot_id = Field()
    source_volume_id = Field("source_volid")
    status = Field()
    updated_at = Field()
    user_id = Field()
    volume_image_metadata = Field()
    volume_type = Field()
    volume_type_id = Field(min_microversion="3.63")
