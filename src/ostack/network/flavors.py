"""Network flavors and service profiles (the `flavors` extension): a flavor offers a service
plugin (the L3 router ...) with the drivers of the profiles bound to it."""

from __future__ import annotations

from typing import Any

from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource


class Flavor(Resource):
    resource_key = "flavor"
    resources_key = "flavors"
    base_path = "/flavors"
    service_type = "network"
    allow_create = allow_commit = allow_delete = True
    status_attribute = None
    query = QueryParameters("description", "fields", "name", "service_type", "sort_key",
                            "sort_dir", is_enabled="enabled")

    description = Field()
    is_enabled = Field("enabled")
    service_profile_ids = Field("service_profiles")
    service_type = Field()


class ServiceProfile(Resource):
    resource_key = "service_profile"
    resources_key = "service_profiles"
    base_path = "/service_profiles"
    service_type = "network"
    allow_create = allow_commit = allow_delete = True
    status_attribute = None
    find_policy = "id"
    query = QueryParameters("description", "fields", "driver", "project_id",
                            is_enabled="enabled")

    description = Field()
    driver = Field()
    is_enabled = Field("enabled")
    meta_info = Field("metainfo")
    project_id = Field()
    tenant_id = Field()


class FlavorActions:
    """Binding service profiles to flavors (openstacksdk's names)."""

    @operation
    def associate_flavor_with_service_profile(self, flavor: Any, service_profile: Any) -> Flow:
        resp = yield Call("POST", f"/flavors/{resource_id(flavor)}/service_profiles",
                          json={"service_profile": {"id": resource_id(service_profile)}})
        return resp.json() if resp.content else None

    @operation
    def disassociate_flavor_from_service_profile(self, flavor: Any,
                                                 service_profile: Any) -> Flow:
        yield Call("DELETE", f"/flavors/{resource_id(flavor)}/service_profiles/"
                             f"{resource_id(service_profile)}")
