"""Network API extensions (`/extensions`), found by alias or by name."""

from __future__ import annotations

from ostack.resource import Field, Resource


class Extension(Resource):
    resource_key = "extension"
    resources_key = "extensions"
    base_path = "/extensions"
    service_type = "network"
    pagination = "none"
    status_attribute = None
    #: Neutron filters no listing by name: a name is matched among all of them.
    find_policy = "list"

    #: The alias is the extension's ID (`GET /extensions/{alias}`).
    id = Field("alias")
    alias = Field()
    description = Field()
    links = Field(default=[])
    name = Field()
    updated_at = Field("updated")
