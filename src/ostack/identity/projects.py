"""A project (tenant): the unit that owns resources and quotas; its tags and its place in
the hierarchy (`parents` and `subtree`, asked for with `get_project(p, parents_as_list=True)`
and the like)."""

from __future__ import annotations

from urllib.parse import quote

from ostack import exceptions
from ostack.proxy import Call, Flow, listing, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class Project(Resource):
    resource_key = "project"
    resources_key = "projects"
    base_path = "/v3/projects"
    service_type = "identity"
    pagination = "none"
    status_attribute = None
    allow_create = allow_commit = allow_delete = True
    commit_method = "PATCH"
    client_token = {"where": "tags"}
    commit_idempotent = True
    query = QueryParameters(
        "domain_id", "name", "enabled", "parent_id", "is_domain", "tags",
        is_enabled="enabled", any_tags="tags-any", not_tags="not-tags",
        not_any_tags="not-tags-any",
    )

    description = Field()
    domain_id = Field()
    parent_id = Field()
    is_domain = Field(default=False)
    is_enabled = Field("enabled", default=True)
    tags = Field(default=[])
    options = Field(default={})
    links = Field()
    parents = Field(doc="with parents_as_list / parents_as_ids")
    subtree = Field(doc="with subtree_as_list / subtree_as_ids")


def _tags_path(project: Any) -> str:
    return f"/v3/projects/{quote(resource_id(project), safe='')}/tags"


def _with_tags(project: Any, tags: list[str]) -> Project:
    body = dict(project.raw) if isinstance(project, Project) else {"id": resource_id(project)}
    body["tags"] = list(tags)
    return Project(body)


class ProjectActions:
    """A project's tags, and the projects a user has a role on."""

    @operation
    def fetch_project_tags(self, project: Any) -> Flow:
        """The project with its tags read from /tags."""
        resp = yield Call("GET", _tags_path(project))
        return _with_tags(project, (resp.json() or {}).get("tags", []))

    @operation
    def set_project_tags(self, project: Any, tags: list[str]) -> Flow:
        """Replace all the project's tags."""
        resp = yield Call("PUT", _tags_path(project), json={"tags": list(tags)})
        return _with_tags(project, (resp.json() or {}).get("tags", list(tags)))

    @operation
    def add_tag_to_project(self, project: Any, tag: str) -> Flow:
        yield Call("PUT", f"{_tags_path(project)}/{quote(tag, safe='')}")

    @operation
    def remove_tag_from_project(self, project: Any, tag: str) -> Flow:
        yield Call("DELETE", f"{_tags_path(project)}/{quote(tag, safe='')}")

    @operation
    def remove_tags_from_project(self, project: Any) -> Flow:
        yield Call("DELETE", _tags_path(project))

    @operation
    def check_project_tag(self, project: Any, tag: str) -> Flow:
        """True when the project carries the tag."""
        try:
            yield Call("GET", f"{_tags_path(project)}/{quote(tag, safe='')}")
        except exceptions.NotFound:
            return False
        return True

    @listing
    def user_projects(self, user: Any, **query: Any) -> Flow:
        """The projects a user has a role on (`GET /v3/users/{user_id}/projects`)."""
        path = f"/v3/users/{quote(resource_id(user), safe='')}/projects"
        return self.list_flow(Project, path=path, **query)
