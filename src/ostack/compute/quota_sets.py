"""Compute quota sets (`/os-quota-sets`) and the default quota class (`/os-quota-class-sets`).

Requests go at microversion 2.56 at most, as openstacksdk sends them: 2.57 dropped the
injected-file quotas, and scripts (and `quota show`) still read them.
"""

from __future__ import annotations

from typing import Any

from ostack.common.quota_sets import QuotaClassSetBase, QuotaSetBase, capped
from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field

MAX_MICROVERSION = "2.56"


class _ComputeQuotas:
    """The limits of a compute quota set or quota class, named as openstacksdk names them."""

    cores = Field()
    fixed_ips = Field()
    floating_ips = Field()
    force = Field()
    injected_file_content_bytes = Field()
    injected_file_path_bytes = Field()
    injected_files = Field()
    instances = Field()
    key_pairs = Field()
    metadata_items = Field()
    networks = Field()
    ram = Field()
    security_group_rules = Field()
    security_groups = Field()
    server_groups = Field()
    server_group_members = Field()


class QuotaSet(_ComputeQuotas, QuotaSetBase):
    service_type = "compute"
    max_microversion = MAX_MICROVERSION


class QuotaClassSet(_ComputeQuotas, QuotaClassSetBase):
    service_type = "compute"
    max_microversion = MAX_MICROVERSION


class QuotaSetActions:
    """Read, set and revert a project's compute quotas, and set the default quota class."""

    def _quota_mv(self) -> str | None:
        return capped(self._microversion, QuotaSet.max_microversion)

    def _quota_set(self, resp: Any) -> QuotaSet:
        body = (resp.json() or {}).get("quota_set", {}) if resp.content else {}
        return QuotaSet(QuotaSetBase.normalized(body), self._microversion)

    @operation
    def get_quota_set(self, project: Any, usage: bool = False, user_id: str | None = None
                      ) -> Flow:
        """A project's quota set; with `usage`, what it uses and reserves too."""
        path = f"/os-quota-sets/{resource_id(project)}" + ("/detail" if usage else "")
        params = {"user_id": user_id} if user_id else None
        resp = yield Call("GET", path, params=params, microversion=self._quota_mv())
        return self._quota_set(resp)

    @operation
    def get_quota_set_defaults(self, project: Any) -> Flow:
        """The quotas a project gets when none are set for it."""
        resp = yield Call("GET", f"/os-quota-sets/{resource_id(project)}/defaults",
                          microversion=self._quota_mv())
        return self._quota_set(resp)

    @operation
    def update_quota_set(self, project: Any, user_id: str | None = None, **attrs: Any) -> Flow:
        """Set some of a project's quotas (`force=True` allows a limit below the usage)."""
        body = QuotaSet.wire_body(attrs)
        params = {"user_id": user_id} if user_id else None
        resp = yield Call("PUT", f"/os-quota-sets/{resource_id(project)}",
                          json={"quota_set": body}, params=params,
                          microversion=self._quota_mv())
        return self._quota_set(resp)

    @operation
    def revert_quota_set(self, project: Any, user_id: str | None = None) -> Flow:
        """Delete a project's own quotas: the defaults apply again."""
        params = {"user_id": user_id} if user_id else None
        yield Call("DELETE", f"/os-quota-sets/{resource_id(project)}", params=params,
                   microversion=self._quota_mv())

    @operation
    def get_quota_class_set(self, quota_class_set: Any = "default") -> Flow:
        resp = yield Call("GET", f"/os-quota-class-sets/{resource_id(quota_class_set)}",
                          microversion=self._quota_mv())
        return self.one(QuotaClassSet, resp)

    @operation
    def update_quota_class_set(self, quota_class_set: Any, **attrs: Any) -> Flow:
        """Set limits of a quota class (only `default` is used by Nova)."""
        resp = yield Call("PUT", f"/os-quota-class-sets/{resource_id(quota_class_set)}",
                          json={"quota_class_set": QuotaClassSet.wire_body(attrs)},
                          microversion=self._quota_mv())
        return self.one(QuotaClassSet, resp)
