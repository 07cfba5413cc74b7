"""A flavor: the size of a server (vCPUs, RAM, disks)."""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource


class Flavor(Resource):
    resource_key = "flavor"
    resources_key = "flavors"
    base_path = "/flavors"
    detail_path = "/flavors/detail"
    service_type = "compute"
    allow_create = allow_delete = True
    find_policy = "list"
    status_attribute = None
    query = QueryParameters(
        "sort_key", "sort_dir", "minDisk", "minRam", "is_public",
        min_disk="minDisk", min_ram="minRam",
    )

    vcpus = Field()
    ram = Field()
    disk = Field()
    ephemeral = Field("OS-FLV-EXT-DATA:ephemeral", default=0)
    swap = Field(default="")
    rxtx_factor = Field(default=1.0)
    is_public = Field("os-flavor-access:is_public", default=True)
    is_disabled = Field("OS-FLV-DISABLED:disabled", default=False)
    description = Field(min_microversion="2.55")
    extra_specs = Field(min_microversion="2.61", default={})
    original_name = Field(doc="set when the flavor is embedded in a server (2.47+)")
    links = Field()
