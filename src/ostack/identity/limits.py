"""Unified limits: registered limits (`/v3/registered_limits`, a service's default for a
resource) and limits (`/v3/limits`, a project's or domain's own value for it).

Keystone creates both in batches (`{"limits": [...]}` in and out); `create_limit` and
`create_registered_limit` send one and return it. `get_limits_model` is the enforcement model.
"""

from __future__ import annotations

from ostack.proxy import Call, Flow, operation
from ostack.resource import Field, QueryParameters, Resource

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class RegisteredLimit(Resource):
    resource_key = "registered_limit"
    resources_key = "registered_limits"
    base_path = "/v3/registered_limits"
    service_type = "identity"
    pagination = "none"
    status_attribute = None
    find_policy = "id"
    allow_create = allow_commit = allow_delete = True
    commit_method = "PATCH"
    query = QueryParameters("service_id", "region_id", "resource_name")

    description = Field()
    links = Field()
    service_id = Field()
    region_id = Field()
    resource_name = Field()
    default_limit = Field()


class Limit(Resource):
    resource_key = "limit"
    resources_key = "limits"
    base_path = "/v3/limits"
    service_type = "identity"
    pagination = "none"
    status_attribute = None
    find_policy = "id"
    allow_create = allow_commit = allow_delete = True
    commit_method = "PATCH"
    query = QueryParameters("service_id", "region_id", "resource_name", "project_id",
                            "domain_id")

    domain_id = Field()
    description = Field()
    links = Field()
    service_id = Field()
    region_id = Field()
    resource_name = Field()
    resource_limit = Field()
    project_id = Field()


class LimitActions:
    """Batch-shaped creates, and the enforcement model."""

    def _create_one(self, cls: type[Resource], attrs: dict[str, Any]) -> Flow:
        body = cls.wire_body(attrs)
        resp = yield Call("POST", cls.base_path, json={cls.resources_key: [body]})
        made = (resp.json() or {}).get(cls.resources_key) or [body]
        return cls(made[0])

    @operation
    def create_registered_limit(self, **attrs: Any) -> Flow:
        """POST /v3/registered_limits with one registered limit."""
        return (yield from self._create_one(RegisteredLimit, attrs))

    @operation
    def create_limit(self, **attrs: Any) -> Flow:
        """POST /v3/limits with one limit."""
        return (yield from self._create_one(Limit, attrs))

    @operation
    def get_limits_model(self) -> Flow:
        """GET /v3/limits/model: the enforcement model (`{"name": "flat", ...}`)."""
        resp = yield Call("GET", "/v3/limits/model")
        return (resp.json() or {}).get("model", {})
