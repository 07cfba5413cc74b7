"""An RBAC policy: shares one network resource (network, QoS policy, security group, address
scope ...) with another project, or makes a network external to it."""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource


class RBACPolicy(Resource):
    resource_key = "rbac_policy"
    resources_key = "rbac_policies"
    base_path = "/rbac-policies"
    service_type = "network"
    allow_create = allow_commit = allow_delete = True
    status_attribute = None
    find_policy = "list"
    query = QueryParameters("action", "fields", "object_id", "object_type", "project_id",
                            target_project_id="target_tenant")

    action = Field()
    object_id = Field()
    object_type = Field()
    project_id = Field()
    target_project_id = Field("target_tenant")
    tenant_id = Field()
