"""An image, as the Image API v2 returns it (fields sit at the top level of the body)."""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource


class Image(Resource):
    resource_key = None
    resources_key = "images"
    base_path = "/images"
    service_type = "image"
    allow_create = allow_delete = True
    commit_method = "PATCH"
    failure_statuses = ("killed",)
    query = QueryParameters(
        "name", "visibility", "member_status", "owner", "status", "size_min", "size_max",
        "sort_key", "sort_dir", "sort", "tag", "protected", "os_hidden", "id",
        is_hidden="os_hidden",
    )

    status = Field()
    visibility = Field()
    checksum = Field()
    hash_algo = Field("os_hash_algo")
    hash_value = Field("os_hash_value")
    size = Field()
    virtual_size = Field()
    disk_format = Field()
    container_format = Field()
    min_disk = Field()
    min_ram = Field()
    owner = Field()
    owner_id = Field("owner")
    is_protected = Field("protected")
    is_hidden = Field("os_hidden")
    tags = Field(default=[])
    created_at = Field()
    updated_at = Field()
    file = Field()
    schema = Field()
