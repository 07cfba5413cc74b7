"""Resource filters (3.33+): which query filters each listing of the cloud accepts."""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource


class ResourceFilter(Resource):
    resources_key = "resource_filters"
    base_path = "/resource_filters"
    service_type = "block-storage"
    allow_fetch = False
    status_attribute = None
    pagination = "none"
    query = QueryParameters("resource")

    id = Field("resource")
    name = Field("resource")
    filters = Field(default=[])
    resource = Field()
