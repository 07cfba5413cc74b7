"""Network quotas (`/quotas`): a project's limits, its defaults, and usage in detail.

Neutron names quotas in the singular (`floatingip`, `security_group_rule`); the fields carry
openstacksdk's names (`floating_ips`, `security_group_rules`). With details each value is a
mapping `{"limit", "used", "reserved"}`.
"""

from __future__ import annotations

from typing import Any

from ostack.common.quota_sets import sdk_ordered
from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field, Resource


class Quota(Resource):
    resource_key = "quota"
    resources_key = "quotas"
    base_path = "/quotas"
    service_type = "network"
    allow_commit = allow_delete = True
    status_attribute = None
    find_policy = "id"
    pagination = "none"

    check_limit = Field()
    floating_ips = Field("floatingip")
    health_monitors = Field("healthmonitor")
    listeners = Field("listener")
    load_balancers = Field("loadbalancer")
    l7_policies = Field("l7policy")
    networks = Field("network")
    pools = Field("pool")
    ports = Field("port")
    project_id = Field()
    tenant_id = Field()
    rbac_policies = Field("rbac_policy")
    router_routes = Field("router_route")
    routers = Field("router")
    subnets = Field("subnet")
    subnet_pools = Field("subnetpool")
    security_group_rules = Field("security_group_rule")
    security_groups = Field("security_group")

    def to_dict(self) -> dict[str, Any]:
        """openstacksdk's order: undeclared keys, then the fields as declared."""
        return sdk_ordered(self)


class QuotaActions:
    """A project's network quotas, its defaults and its usage."""

    def _quota(self, resp: Any) -> Quota:
        body = (resp.json() or {}).get("quota", {}) if resp.content else {}
        return Quota(body, self._microversion)

    @operation
    def get_quota(self, quota: Any, details: bool = False) -> Flow:
        """A project's quotas (the ID of a quota is its project's); with `details`, each
        value is `{"limit", "used", "reserved"}`."""
        path = f"/quotas/{resource_id(quota)}" + ("/details" if details else "")
        resp = yield Call("GET", path)
        return self._quota(resp)

    @operation
    def get_quota_default(self, quota: Any) -> Flow:
        """The quotas a project gets when none are set for it."""
        resp = yield Call("GET", f"/quotas/{resource_id(quota)}/default")
        return self._quota(resp)
