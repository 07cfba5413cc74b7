"""Group types (3.11+): what kind of volume group to make, with group specs as volume types
have extra specs."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from ostack import exceptions
from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource


class GroupType(Resource):
    resource_key = "group_type"
    resources_key = "group_types"
    base_path = "/group_types"
    service_type = "block-storage"
    allow_create = allow_commit = allow_delete = True
    status_attribute = None
    find_policy = "list"
    query = QueryParameters(
        "is_public", "offset", "sort_dir", "sort_key", "sort", all_projects="all_tenants",
    )

    description = Field(min_microversion="3.11")
    group_specs = Field(default={}, min_microversion="3.11")
    is_public = Field(min_microversion="3.11")


def _specs_path(group_type: Any, *rest: str) -> str:
    return "/".join(("/group_types", quote(resource_id(group_type), safe=""), "group_specs",
                     *rest))


class GroupTypeActions:
    """Group specs of a group type (openstacksdk's names)."""

    def _with_specs(self, group_type: Any, resp: Any) -> GroupType:
        specs = (resp.json() or {}).get("group_specs", {}) if resp.content else {}
        body = dict(group_type.raw) if isinstance(group_type, GroupType) else {
            "id": resource_id(group_type)}
        return self.made(GroupType, {**body, "group_specs": specs})

    @operation
    def fetch_group_type_group_specs(self, group_type: Any) -> Flow:
        """The group type with its group specs as Cinder has them now."""
        resp = yield Call("GET", _specs_path(group_type))
        return self._with_specs(group_type, resp)

    @operation
    def create_group_type_group_specs(self, group_type: Any, group_specs: dict[str, Any]
                                      ) -> Flow:
        """Add or change group specs; the group type with the specs Cinder answered."""
        resp = yield Call("POST", _specs_path(group_type), json={"group_specs": group_specs})
        return self._with_specs(group_type, resp)

    @operation
    def get_group_type_group_specs_property(self, group_type: Any, prop: str) -> Flow:
        """The value of one group spec."""
        resp = yield Call("GET", _specs_path(group_type, quote(prop, safe="")))
        return (resp.json() or {}).get(prop) if resp.content else None

    @operation
    def update_group_type_group_specs_property(self, group_type: Any, prop: str, val: str
                                               ) -> Flow:
        """Set one group spec; its new value."""
        resp = yield Call("PUT", _specs_path(group_type, quote(prop, safe="")),
                          json={prop: val})
        return (resp.json() or {}).get(prop, val) if resp.content else val

    @operation
    def delete_group_type_group_specs_property(self, group_type: Any, prop: str,
                                               ignore_missing: bool = True) -> Flow:
        try:
            yield Call("DELETE", _specs_path(group_type, quote(prop, safe="")))
        except exceptions.NotFound as exc:  # resent: the lost first one did it
            if not ignore_missing and not exc.resent:
                raise
