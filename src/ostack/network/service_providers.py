"""Service providers (the `service-type` extension): the drivers of the service plugins the
cloud runs, and the auto-allocated topology ("get me a network") of a project."""

from __future__ import annotations

from ostack.proxy import Call, Flow, operation
from ostack.resource import Field, QueryParameters, Resource


class ServiceProvider(Resource):
    resources_key = "service_providers"
    base_path = "/service-providers"
    service_type = "network"
    singular = "service_provider"
    allow_fetch = False
    status_attribute = None
    query = QueryParameters("fields", "service_type", "name", is_default="default")

    is_default = Field("default")
    service_type = Field()


class AutoAllocatedTopology(Resource):
    """A project's auto-allocated network (`id` is the network's)."""

    resource_key = "auto_allocated_topology"
    base_path = "/auto-allocated-topology"
    service_type = "network"
    allow_list = False
    status_attribute = None

    dry_run = Field()
    project_id = Field()
    tenant_id = Field()


class AutoAllocatedTopologyActions:
    """openstacksdk's names; `project` is a project ID (the caller's own, for a member)."""

    @operation
    def get_auto_allocated_topology(self, project: str) -> Flow:
        """The project's topology, made by the cloud on first use."""
        resp = yield Call("GET", f"/auto-allocated-topology/{project}")
        return self.one(AutoAllocatedTopology, resp)

    @operation
    def validate_auto_allocated_topology(self, project: str) -> Flow:
        """Whether the cloud could make the project a topology (a 409 says why not)."""
        resp = yield Call("GET", f"/auto-allocated-topology/{project}",
                          params={"fields": "dry-run"})
        return self.one(AutoAllocatedTopology, resp)

    @operation
    def delete_auto_allocated_topology(self, project: str) -> Flow:
        yield Call("DELETE", f"/auto-allocated-topology/{project}")
