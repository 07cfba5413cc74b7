"""The default statefulness of new security groups, system-wide (no project) or per project
(`/security-groups-default-statefulness`)."""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource


class SecurityGroupsDefaultStatefulness(Resource):
    resource_key = "security_group_default_statefulness"
    resources_key = "security_groups_default_statefulness"
    base_path = "/security-groups-default-statefulness"
    service_type = "network"
    singular = plural = "security_groups_default_statefulness"
    allow_create = allow_commit = allow_delete = True
    status_attribute = None
    find_policy = "id"
    query = QueryParameters("fields", "id", "project_id", "stateful", "sort_dir", "sort_key")

    project_id = Field()
    revision_number = Field()
    stateful = Field()
