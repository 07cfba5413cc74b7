"""Block storage quota sets (`/os-quota-sets`) and the default quota class.

Cinder also answers per-volume-type quotas (`volumes_<type>`, `gigabytes_<type>` ...) that no
field declares; they stay in the body and in `to_dict()`, in the order Cinder sends them.
"""

from __future__ import annotations

from typing import Any

from ostack.common.quota_sets import QuotaClassSetBase, QuotaSetBase
from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field


class _VolumeQuotas:
    """The limits Cinder always has, named as openstacksdk names them."""

    backup_gigabytes = Field()
    backups = Field()
    gigabytes = Field()
    groups = Field()
    per_volume_gigabytes = Field()
    snapshots = Field()
    volumes = Field()


class QuotaSet(_VolumeQuotas, QuotaSetBase):
    service_type = "block-storage"


class QuotaClassSet(_VolumeQuotas, QuotaClassSetBase):
    service_type = "block-storage"


class QuotaSetActions:
    """Read, set and revert a project's block storage quotas; set the default quota class."""

    def _volume_quota_set(self, resp: Any) -> QuotaSet:
        body = (resp.json() or {}).get("quota_set", {}) if resp.content else {}
        return QuotaSet(QuotaSetBase.normalized(body), self._microversion)

    @operation
    def get_quota_set(self, project: Any, usage: bool = False, **query: Any) -> Flow:
        """A project's quota set; with `usage`, what it uses and reserves too."""
        params = dict(query)
        if usage:
            params["usage"] = True
        resp = yield Call("GET", f"/os-quota-sets/{resource_id(project)}",
                          params=params or None)
        return self._volume_quota_set(resp)

    @operation
    def get_quota_set_defaults(self, project: Any) -> Flow:
        """The quotas a project gets when none are set for it."""
        resp = yield Call("GET", f"/os-quota-sets/{resource_id(project)}/defaults")
        return self._volume_quota_set(resp)

    @operation
    def update_quota_set(self, project: Any, **attrs: Any) -> Flow:
        """Set some of a project's quotas (`volumes_<type>` names a volume type's)."""
        resp = yield Call("PUT", f"/os-quota-sets/{resource_id(project)}",
                          json={"quota_set": QuotaSet.wire_body(attrs)})
        return self._volume_quota_set(resp)

    @operation
    def revert_quota_set(self, project: Any, **query: Any) -> Flow:
        """Delete a project's own quotas: the defaults apply again."""
        yield Call("DELETE", f"/os-quota-sets/{resource_id(project)}", params=query or None)

    @operation
    def get_quota_class_set(self, quota_class_set: Any = "default") -> Flow:
        resp = yield Call("GET", f"/os-quota-class-sets/{resource_id(quota_class_set)}")
        return self.one(QuotaClassSet, resp)

    @operation
    def update_quota_class_set(self, quota_class_set: Any, **attrs: Any) -> Flow:
        """Set limits of a quota class (Cinder uses only `default`)."""
        resp = yield Call("PUT", f"/os-quota-class-sets/{resource_id(quota_class_set)}",
                          json={"quota_class_set": QuotaClassSet.wire_body(attrs)})
        return self.one(QuotaClassSet, resp)
