"""Network segments (the layer-2 pieces of a routed network) and network segment ranges (the
segmentation IDs a project or everybody may draw from)."""

from __future__ import annotations

from ostack.network.tags import TAG_QUERY
from ostack.resource import Field, QueryParameters, Resource


class Segment(Resource):
    resource_key = "segment"
    resources_key = "segments"
    base_path = "/segments"
    service_type = "network"
    allow_create = allow_commit = allow_delete = True
    status_attribute = None
    query = QueryParameters("description", "fields", "name", "network_id", "network_type",
                            "physical_network", "segmentation_id", "sort_key", "sort_dir")

    description = Field()
    network_id = Field()
    network_type = Field()
    physical_network = Field()
    segmentation_id = Field()


class NetworkSegmentRange(Resource):
    resource_key = "network_segment_range"
    resources_key = "network_segment_ranges"
    base_path = "/network_segment_ranges"
    service_type = "network"
    allow_create = allow_commit = allow_delete = True
    status_attribute = None
    query = QueryParameters("name", "default", "fields", "shared", "project_id", "network_type",
                            "physical_network", "minimum", "maximum", "used", "available",
                            "sort_key", "sort_dir", **TAG_QUERY)

    available = Field(default=[])
    default = Field()
    maximum = Field()
    minimum = Field()
    network_type = Field()
    physical_network = Field()
    project_id = Field()
    shared = Field()
    used = Field(default={})
