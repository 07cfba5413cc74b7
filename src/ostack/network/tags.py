"""Tags of network resources (`/<resources>/{id}/tags`) and the tag filters of listings.

Every taggable Neutron resource (networks, subnets, ports, routers, floating IPs, security
groups, subnet pools, QoS policies, trunks ...) takes the same four list filters and the same
`/tags` sub-collection; openstacksdk names them `set_tags`, `get_tags`, `add_tag` ... on the
proxy, taking the resource object.
"""

from __future__ import annotations

from typing import Any

from ostack.proxy import Call, Flow, operation, resource_id

#: The tag filters of a listing, by openstacksdk's names (`networks(any_tags="a,b")`).
TAG_QUERY = {"tags": "tags", "any_tags": "tags-any", "not_tags": "not-tags",
             "not_any_tags": "not-tags-any"}


def _tags_path(resource: Any) -> str:
    return f"{type(resource).base_path}/{resource_id(resource)}/tags"


def _with_tags(resource: Any, tags: list[str]) -> Any:
    return type(resource)({**resource.raw, "tags": list(tags)}, resource.microversion)


class TagActions:
    """The `/tags` sub-collection of any network resource object (`conn.network.set_tags(
    network, ["a", "b"])`); each returns the resource with its new tags."""

    @operation
    def get_tags(self, resource: Any) -> Flow:
        """The resource's tags, read from the service."""
        resp = yield Call("GET", _tags_path(resource))
        return list((resp.json() or {}).get("tags", []))

    @operation
    def set_tags(self, resource: Any, tags: list[str]) -> Flow:
        """Replace all tags of the resource."""
        resp = yield Call("PUT", _tags_path(resource), json={"tags": list(tags)})
        return _with_tags(resource, (resp.json() or {}).get("tags", tags)
                          if resp.content else tags)

    @operation
    def add_tag(self, resource: Any, tag: str) -> Flow:
        yield Call("PUT", f"{_tags_path(resource)}/{tag}")
        return _with_tags(resource, [*(resource.tags or []), tag])

    @operation
    def remove_tag(self, resource: Any, tag: str) -> Flow:
        yield Call("DELETE", f"{_tags_path(resource)}/{tag}")
        return _with_tags(resource, [t for t in (resource.tags or []) if t != tag])

    @operation
    def remove_all_tags(self, resource: Any) -> Flow:
        yield Call("DELETE", _tags_path(resource))
        return _with_tags(resource, [])
