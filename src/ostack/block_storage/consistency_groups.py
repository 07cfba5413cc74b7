"""Consistency groups and their snapshots (cgsnapshots): Cinder's legacy API, served today
over generic volume groups of the default cgsnapshot group type."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from ostack import exceptions
from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource

_PAGING = ("limit", "marker", "offset", "sort_dir", "sort_key", "sort")


class ConsistencyGroup(Resource):
    resource_key = "consistencygroup"
    resources_key = "consistencygroups"
    singular = "consistency_group"
    base_path = "/consistencygroups"
    detail_path = "/consistencygroups/detail"
    service_type = "block-storage"
    allow_create = allow_commit = True
    failure_statuses = ("error", "error_deleting")
    find_policy = "list"
    pagination = "none"
    query = QueryParameters(*_PAGING, all_projects="all_tenants")

    add_volumes = Field(doc="update only: volume IDs, comma-separated")
    availability_zone = Field()
    created_at = Field()
    description = Field()
    remove_volumes = Field(doc="update only: volume IDs, comma-separated")
    status = Field()
    volume_types = Field()


class ConsistencyGroupSnapshot(Resource):
    resource_key = "cgsnapshot"
    resources_key = "cgsnapshots"
    singular = "consistency_group_snapshot"
    base_path = "/cgsnapshots"
    detail_path = "/cgsnapshots/detail"
    service_type = "block-storage"
    allow_create = allow_delete = True
    failure_statuses = ("error", "error_deleting")
    find_policy = "list"
    pagination = "none"
    query = QueryParameters(*_PAGING, "status", "consistencygroup_id",
                            all_projects="all_tenants")

    consistencygroup_id = Field()
    created_at = Field()
    description = Field()
    status = Field()


class ConsistencyGroupActions:
    """Creates (their results carry what was sent, as Cinder answers only an ID and a name),
    create from a source, and delete (a POST with `force`)."""

    def _with_request(self, cls: type[Any], body: dict[str, Any], created: Any) -> Any:
        return self.made(cls, {**{k: v for k, v in body.items() if v is not None},
                               **created.raw})

    @operation
    def create_consistency_group(self, **attrs: Any) -> Flow:
        """A new consistency group; `volume_types` a type ID, a comma list or a list."""
        types = attrs.get("volume_types")
        if isinstance(types, (list, tuple)):
            attrs = {**attrs, "volume_types": ",".join(resource_id(t) for t in types)}
        created = yield from self.create_flow(ConsistencyGroup, attrs)
        body = ConsistencyGroup.wire_body(attrs)
        if isinstance(body.get("volume_types"), str):
            body["volume_types"] = body["volume_types"].rstrip(",").split(",")
        return self._with_request(ConsistencyGroup, body, created)

    @operation
    def create_consistency_group_snapshot(self, **attrs: Any) -> Flow:
        """A new cgsnapshot of the consistency group `consistencygroup_id`."""
        created = yield from self.create_flow(ConsistencyGroupSnapshot, attrs)
        return self._with_request(ConsistencyGroupSnapshot,
                                  ConsistencyGroupSnapshot.wire_body(attrs), created)

    @operation
    def create_consistency_group_from_source(
            self, *, consistency_group_snapshot: Any = None, consistency_group: Any = None,
            name: str | None = None, description: str | None = None) -> Flow:
        """A new consistency group copied from a group or made from a cgsnapshot."""
        body = {"name": name, "description": description,
                "cgsnapshot_id": resource_id(consistency_group_snapshot)
                if consistency_group_snapshot else None,
                "source_cgid": resource_id(consistency_group) if consistency_group else None}
        resp = yield Call("POST", "/consistencygroups/create_from_src",
                          json={"consistencygroup-from-src": body})
        created = self.one(ConsistencyGroup, resp)
        return self._with_request(ConsistencyGroup, {"name": name, "description": description},
                                  created)

    @operation
    def delete_consistency_group(self, consistency_group: Any, force: bool = False,
                                 ignore_missing: bool = True) -> Flow:
        """Delete a consistency group; with `force` its volumes too (else it must be empty)."""
        path = f"/consistencygroups/{quote(resource_id(consistency_group), safe='')}/delete"
        try:
            yield Call("POST", path, json={"consistencygroup": {"force": force}})
        except exceptions.NotFound:
            if not ignore_missing:
                raise
