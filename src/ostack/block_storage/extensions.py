"""Block storage API extensions (`/extensions`)."""

from __future__ import annotations

from ostack.resource import Field, Resource


class Extension(Resource):
    resources_key = "extensions"
    base_path = "/extensions"
    service_type = "block-storage"
    allow_fetch = False
    pagination = "none"
    status_attribute = None
    find_policy = "list"

    alias = Field()
    description = Field()
    links = Field(default=[])
    name = Field()
    updated_at = Field("updated")
