"""Compute limits (`/limits`): a project's absolute limits with what it uses, and rate limits.

They are read at the base microversion 2.1, as openstacksdk reads them: later microversions
drop the personality (2.57), image-metadata (2.39) and network (2.36) limits that its
AbsoluteLimits names.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ostack.common.fields import Nested
from ostack.proxy import Call, Flow, operation
from ostack.resource import Field, Resource


class AbsoluteLimits(Resource):
    """Limits and usage, by openstacksdk's names; `to_dict()` adds its second names
    (`instances` is also `max_total_instances`)."""

    allow_list = allow_fetch = False
    status_attribute = None
    #: openstacksdk's `aka` names of the fields.
    AKA: ClassVar[dict[str, str]] = {
        "image_meta": "max_image_meta", "security_group_rules": "max_security_group_rules",
        "security_groups": "max_security_groups",
        "security_groups_used": "total_security_groups_used",
        "server_meta": "max_server_meta", "total_cores": "max_total_cores",
        "total_cores_used": "total_cores_used", "floating_ips": "max_total_floating_ips",
        "floating_ips_used": "total_floating_ips_used", "instances": "max_total_instances",
        "instances_used": "total_instances_used", "keypairs": "max_total_keypairs",
        "total_ram": "max_total_ram_size", "total_ram_used": "total_ram_used",
        "server_groups": "max_server_groups", "server_groups_used": "total_server_groups_used",
        "server_group_members": "max_server_group_members",
    }

    image_meta = Field("maxImageMeta")
    personality = Field("maxPersonality")
    personality_size = Field("maxPersonalitySize")
    security_group_rules = Field("maxSecurityGroupRules")
    security_groups = Field("maxSecurityGroups")
    security_groups_used = Field("totalSecurityGroupsUsed")
    server_meta = Field("maxServerMeta")
    total_cores = Field("maxTotalCores")
    total_cores_used = Field("totalCoresUsed")
    floating_ips = Field("maxTotalFloatingIps")
    floating_ips_used = Field("totalFloatingIpsUsed")
    instances = Field("maxTotalInstances")
    instances_used = Field("totalInstancesUsed")
    keypairs = Field("maxTotalKeypairs")
    total_ram = Field("maxTotalRAMSize")
    total_ram_used = Field("totalRAMUsed")
    server_groups = Field("maxServerGroups")
    server_groups_used = Field("totalServerGroupsUsed")
    server_group_members = Field("maxServerGroupMembers")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, field in self.fields().items():
            if name in ("id", "name"):
                continue
            value = self._body.get(field.wire, field.default)
            out[name] = value
            if name in self.AKA:
                out[self.AKA[name]] = value
        return out


class Limits(Resource):
    resource_key = "limits"
    base_path = "/limits"
    service_type = "compute"
    allow_list = False
    status_attribute = None

    absolute = Nested("absolute", AbsoluteLimits)
    rate = Field(default=[])


class LimitsActions:
    @operation
    def get_limits(self, reserved: bool = False, tenant_id: str | None = None,
                   **query: Any) -> Flow:
        """The limits of the current project, or of `tenant_id` (admin); `reserved` counts
        reservations in the usage."""
        params = dict(query)
        if reserved:
            params["reserved"] = True
        project = tenant_id or params.pop("project_id", None)
        if project:
            params["tenant_id"] = project
        resp = yield Call("GET", "/limits", params=params or None, microversion=None)
        return self.one(Limits, resp)
