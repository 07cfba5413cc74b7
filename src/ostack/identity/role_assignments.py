"""A role assignment: a role a user or group holds on a project, a domain or the system.

Read-only (`GET /v3/role_assignments`); grants are made through the roles' own calls.
Filters use Keystone's dotted names (`scope.project.id`), offered as openstacksdk's
underscored ones (`scope_project_id`).
"""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource


class RoleAssignment(Resource):
    resources_key = "role_assignments"
    singular = "role_assignment"
    base_path = "/v3/role_assignments"
    service_type = "identity"
    allow_fetch = False
    pagination = "none"
    status_attribute = None
    query = QueryParameters(
        "effective", "include_names", "include_subtree",
        group_id="group.id", role_id="role.id", scope_domain_id="scope.domain.id",
        scope_project_id="scope.project.id", scope_system="scope.system", user_id="user.id",
        inherited_to="scope.OS-INHERIT:inherited_to",
    )

    role = Field(doc="{'id'} (and 'name' with include_names)")
    scope = Field(doc="{'project': {...}}, {'domain': {...}} or {'system': {...}}")
    user = Field()
    group = Field()
    links = Field()
