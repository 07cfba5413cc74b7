"""A server group: servers placed by one policy (affinity, anti-affinity and their soft
kinds). Up to 2.63 a group has a list of `policies`; from 2.64 one `policy` and `rules`."""

from __future__ import annotations

from typing import Any

from ostack.proxy import Call, Flow, Items, listing, operation
from ostack.resource import Field, QueryParameters, Resource
from ostack.transport.microversions import at_least


class ServerGroup(Resource):
    resource_key = "server_group"
    resources_key = "server_groups"
    base_path = "/os-server-groups"
    service_type = "compute"
    allow_create = allow_delete = True
    find_policy = "list"
    pagination = "none"
    status_attribute = None
    query = QueryParameters("all_projects", "offset")

    policies = Field(max_microversion="2.63")
    policy = Field(min_microversion="2.64")
    rules = Field(min_microversion="2.64")
    member_ids = Field("members", default=[])
    metadata = Field(max_microversion="2.63")
    project_id = Field()
    user_id = Field(min_microversion="2.13")


class ServerGroupActions:
    """Creating a group in the form of the negotiated microversion."""

    @operation
    def create_server_group(self, **attrs: Any) -> Flow:
        """Create a server group: `name`, `policy` (or `policies`), `rules` (2.64+)."""
        attrs = {k: v for k, v in attrs.items() if v is not None}
        if at_least(self._microversion, "2.64"):
            policies = attrs.pop("policies", None)
            if policies and not attrs.get("policy") and isinstance(policies, list):
                attrs["policy"] = policies[0]
        else:
            if attrs.get("rules"):
                from ostack import exceptions

                raise exceptions.OstackError(
                    "API version 2.64 is required to set rules, but it is not available.")
            policy = attrs.pop("policy", None)
            if policy and not attrs.get("policies"):
                attrs["policies"] = [policy]
        return (yield from self.create_flow(ServerGroup, attrs))

    @listing
    def server_groups(self, *, all_projects: bool = False, max_items: int | None = None,
                      **query: Any) -> Flow:
        """Server groups of the project (`all_projects=True`: of every project, admin).

        Nova pages them by `offset` only: with `limit=` (the page size) the next pages are
        asked for at the next offset until a short one; `max_items` caps the total."""
        if all_projects:
            query["all_projects"] = True
        params = ServerGroup.query.transpose(query, "ServerGroup")
        limit = int(params["limit"]) if params.get("limit") else None
        offset = int(params.get("offset") or 0)
        left = max_items
        while True:
            resp = yield Call("GET", ServerGroup.base_path, params=params or None)
            items = (resp.json() or {}).get(ServerGroup.resources_key, [])
            full = limit is not None and len(items) >= limit
            if left is not None:
                items = items[:left]
                left -= len(items)
            yield Items([ServerGroup(item, self._microversion) for item in items])
            if not full or not items or left == 0:
                return
            offset += len(items)
            params = {**params, "offset": offset}
