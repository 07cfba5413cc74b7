"""A host aggregate: a named group of compute hosts with metadata (and maybe a zone).

Nova has no name filter on `/os-aggregates`, so a name is found by listing. Adding and
removing hosts and setting metadata are actions (`POST /os-aggregates/{id}/action`); image
pre-caching on the hosts is `POST /os-aggregates/{id}/images` (2.81).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ostack import exceptions
from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field, Resource
from ostack.transport.microversions import at_least


class Aggregate(Resource):
    resource_key = "aggregate"
    resources_key = "aggregates"
    base_path = "/os-aggregates"
    service_type = "compute"
    allow_create = allow_commit = allow_delete = True
    find_policy = "list"
    pagination = "none"
    status_attribute = None

    availability_zone = Field()
    created_at = Field()
    deleted_at = Field()
    is_deleted = Field("deleted")
    hosts = Field(default=[])
    metadata = Field(default={})
    updated_at = Field()
    uuid = Field(min_microversion="2.41")


class AggregateActions:
    """Hosts, metadata and image pre-caching of an aggregate."""

    def _aggregate_action(self, aggregate: Any, body: dict[str, Any]) -> Flow:
        resp = yield Call("POST", f"/os-aggregates/{resource_id(aggregate)}/action", json=body)
        return self.one(Aggregate, resp)  # type: ignore[attr-defined]

    @operation
    def add_host_to_aggregate(self, aggregate: Any, host: str) -> Flow:
        """Add a compute host to the aggregate; the aggregate as it is now."""
        return (yield from self._aggregate_action(aggregate, {"add_host": {"host": host}}))

    @operation
    def remove_host_from_aggregate(self, aggregate: Any, host: str) -> Flow:
        """Remove a compute host from the aggregate; the aggregate as it is now."""
        return (yield from self._aggregate_action(aggregate, {"remove_host": {"host": host}}))

    @operation
    def set_aggregate_metadata(self, aggregate: Any, metadata: Mapping[str, Any] | None = None,
                               **kwargs: Any) -> Flow:
        """Set metadata keys (a None value removes the key); the aggregate as it is now."""
        if metadata and kwargs:
            raise exceptions.OstackError(
                "give the metadata as a mapping or as keywords, not both")
        body = {"set_metadata": {"metadata": dict(metadata or kwargs)}}
        return (yield from self._aggregate_action(aggregate, body))

    @operation
    def aggregate_precache_images(self, aggregate: Any, images: Any) -> Flow:
        """Ask the aggregate's hosts to cache images (IDs or resources; 2.81 and later)."""
        if not at_least(self._microversion, "2.81"):  # type: ignore[attr-defined]
            raise exceptions.MicroversionError(
                "image pre-caching needs compute API microversion 2.81 or later")
        if isinstance(images, str | Resource):
            images = [images]
        body = {"cache": [{"id": resource_id(image)} for image in images]}
        yield Call("POST", f"/os-aggregates/{resource_id(aggregate)}/images", json=body)
