"""A server (an instance), as the Compute API v2.1 returns it."""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource


class Server(Resource):
    resource_key = "server"
    resources_key = "servers"
    base_path = "/servers"
    detail_path = "/servers/detail"
    service_type = "compute"
    allow_create = allow_commit = allow_delete = True
    failure_statuses = ("ERROR",)
    query = QueryParameters(
        "name", "status", "flavor", "image", "host", "ip", "ip6", "changes-since",
        "changes-before", "reservation_id", "tags", "tags-any", "not-tags", "not-tags-any",
        "sort_key", "sort_dir", "locked", "availability_zone", "key_name", "user_id",
        "project_id", "deleted", "all_tenants",
        all_projects="all_tenants", changes_since="changes-since",
        changes_before="changes-before", tags_any="tags-any", not_tags="not-tags",
        not_tags_any="not-tags-any",
    )

    status = Field()
    addresses = Field(default={})
    flavor = Field(doc="{'id', 'links'}; from 2.47 the flavor itself (original_name, vcpus ...)")
    flavor_id = Field("flavorRef")
    image = Field(doc="{'id', 'links'}, or '' when booted from a volume")
    image_id = Field("imageRef")
    key_name = Field()
    metadata = Field(default={})
    project_id = Field("tenant_id")
    user_id = Field()
    created_at = Field("created")
    updated_at = Field("updated")
    host_id = Field("hostId")
    progress = Field()
    access_ipv4 = Field("accessIPv4")
    access_ipv6 = Field("accessIPv6")
    config_drive = Field()
    security_groups = Field()
    networks = Field()
    user_data = Field()
    admin_password = Field("adminPass")
    fault = Field()
    availability_zone = Field("OS-EXT-AZ:availability_zone")
    power_state = Field("OS-EXT-STS:power_state")
    task_state = Field("OS-EXT-STS:task_state")
    vm_state = Field("OS-EXT-STS:vm_state")
    launched_at = Field("OS-SRV-USG:launched_at")
    terminated_at = Field("OS-SRV-USG:terminated_at")
    disk_config = Field("OS-DCF:diskConfig")
    host = Field("OS-EXT-SRV-ATTR:host")
    hypervisor_hostname = Field("OS-EXT-SRV-ATTR:hypervisor_hostname")
    instance_name = Field("OS-EXT-SRV-ATTR:instance_name")
    attached_volumes = Field("os-extended-volumes:volumes_attached", default=[])
    is_locked = Field("locked", min_microversion="2.9")
    description = Field(min_microversion="2.19")
    host_status = Field(min_microversion="2.16")
    tags = Field(min_microversion="2.26", default=[])
    locked_reason = Field(min_microversion="2.73")
    trusted_image_certificates = Field(min_microversion="2.63")
    hostname = Field("OS-EXT-SRV-ATTR:hostname", min_microversion="2.3")
    pinned_availability_zone = Field(min_microversion="2.96")
    reservation_id = Field("OS-EXT-SRV-ATTR:reservation_id", min_microversion="2.3")
    links = Field()
