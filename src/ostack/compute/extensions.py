"""Compute API extensions (`/extensions`): the legacy list Nova still answers."""

from __future__ import annotations

from ostack.resource import Field, Resource


class Extension(Resource):
    resource_key = "extension"
    resources_key = "extensions"
    base_path = "/extensions"
    service_type = "compute"
    pagination = "none"
    status_attribute = None
    find_policy = "list"

    #: The alias is the extension's ID (`GET /extensions/{alias}`).
    id = Field("alias")
    alias = Field()
    description = Field()
    links = Field(default=[])
    name = Field()
    namespace = Field()
    updated_at = Field("updated")
