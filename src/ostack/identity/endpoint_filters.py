"""Project endpoints (Keystone's OS-EP-FILTER): the endpoints a project is given directly or
through endpoint groups, and the projects an endpoint or an endpoint group is given to.

Listings are the generic methods of small read-only resources (`project_endpoints(project)`,
`endpoint_projects(endpoint)`, `endpoint_group_projects(group)`,
`endpoint_group_endpoints(group)`, `project_endpoint_groups(project)`); the associations are
the flows of `EndpointFilterActions`.
"""

from __future__ import annotations

from urllib.parse import quote

from ostack.identity.endpoint_groups import EndpointGroup
from ostack.identity.endpoints import Endpoint
from ostack.identity.projects import Project
from ostack.proxy import Call, Flow, operation, resource_id

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_EP = "/v3/OS-EP-FILTER"


class _Listed:
    """Only listed: the associations are made and broken by `EndpointFilterActions`."""

    allow_fetch = allow_create = allow_commit = allow_delete = False
    find_policy = "id"


class ProjectEndpoint(_Listed, Endpoint):
    singular = "project_endpoint"
    base_path = _EP + "/projects/{project_id}/endpoints"


class EndpointGroupEndpoint(_Listed, Endpoint):
    singular = "endpoint_group_endpoint"
    base_path = _EP + "/endpoint_groups/{endpoint_group_id}/endpoints"


class EndpointProject(_Listed, Project):
    singular = "endpoint_project"
    base_path = _EP + "/endpoints/{endpoint_id}/projects"


class EndpointGroupProject(_Listed, Project):
    singular = "endpoint_group_project"
    base_path = _EP + "/endpoint_groups/{endpoint_group_id}/projects"


class ProjectEndpointGroup(_Listed, EndpointGroup):
    singular = "project_endpoint_group"
    base_path = _EP + "/projects/{project_id}/endpoint_groups"


def _q(value: Any) -> str:
    return quote(resource_id(value), safe="")


class EndpointFilterActions:
    """Give a project an endpoint or an endpoint group, and take it back."""

    @operation
    def associate_endpoint_with_project(self, project: Any, endpoint: Any) -> Flow:
        """PUT /v3/OS-EP-FILTER/projects/{project}/endpoints/{endpoint}."""
        yield Call("PUT", f"{_EP}/projects/{_q(project)}/endpoints/{_q(endpoint)}")

    @operation
    def disassociate_endpoint_from_project(self, project: Any, endpoint: Any) -> Flow:
        """DELETE /v3/OS-EP-FILTER/projects/{project}/endpoints/{endpoint}."""
        yield Call("DELETE", f"{_EP}/projects/{_q(project)}/endpoints/{_q(endpoint)}")

    @operation
    def associate_project_with_endpoint_group(self, endpoint_group: Any, project: Any) -> Flow:
        """PUT /v3/OS-EP-FILTER/endpoint_groups/{group}/projects/{project}."""
        yield Call("PUT", f"{_EP}/endpoint_groups/{_q(endpoint_group)}/projects/{_q(project)}")

    @operation
    def disassociate_project_from_endpoint_group(self, endpoint_group: Any,
                                                 project: Any) -> Flow:
        """DELETE /v3/OS-EP-FILTER/endpoint_groups/{group}/projects/{project}."""
        yield Call("DELETE",
                   f"{_EP}/endpoint_groups/{_q(endpoint_group)}/projects/{_q(project)}")
