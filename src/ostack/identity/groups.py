"""A group of users, and its membership (`/v3/groups/{group_id}/users/{user_id}`)."""

from __future__ import annotations

from urllib.parse import quote

from ostack import exceptions
from ostack.identity.users import User
from ostack.proxy import Call, Flow, listing, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class Group(Resource):
    resource_key = "group"
    resources_key = "groups"
    base_path = "/v3/groups"
    service_type = "identity"
    pagination = "none"
    status_attribute = None
    allow_create = allow_commit = allow_delete = True
    commit_method = "PATCH"
    query = QueryParameters("domain_id", "name")

    description = Field()
    domain_id = Field()
    links = Field()


def _member_path(user: Any, group: Any) -> str:
    return (f"/v3/groups/{quote(resource_id(group), safe='')}"
            f"/users/{quote(resource_id(user), safe='')}")


class GroupActions:
    """Membership: add, remove and check a user; the users of a group, the groups of a user."""

    @operation
    def add_user_to_group(self, user: Any, group: Any) -> Flow:
        yield Call("PUT", _member_path(user, group))

    @operation
    def remove_user_from_group(self, user: Any, group: Any) -> Flow:
        yield Call("DELETE", _member_path(user, group))

    @operation
    def check_user_in_group(self, user: Any, group: Any) -> Flow:
        """True when the user is a member of the group (False when not, or when either is
        missing, as Keystone answers 404 to both)."""
        try:
            yield Call("HEAD", _member_path(user, group))
        except exceptions.NotFound:
            return False
        return True

    @listing
    def group_users(self, group: Any, **query: Any) -> Flow:
        """The users of a group (`GET /v3/groups/{group_id}/users`)."""
        path = f"/v3/groups/{quote(resource_id(group), safe='')}/users"
        return self.list_flow(User, path=path, **query)

    @listing
    def user_groups(self, user: Any, **query: Any) -> Flow:
        """The groups a user belongs to (`GET /v3/users/{user_id}/groups`)."""
        path = f"/v3/users/{quote(resource_id(user), safe='')}/groups"
        return self.list_flow(Group, path=path, **query)
