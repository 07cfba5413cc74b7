"""Block storage limits (`/limits`): the project's absolute limits and usage, rate limits.

Read at microversion 3.39 at most, as openstacksdk reads them (3.39 lets an admin name
another project with `project_id`).
"""

from __future__ import annotations

from typing import Any

from ostack.common.fields import Nested
from ostack.common.quota_sets import capped
from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field, Resource

MAX_MICROVERSION = "3.39"


class AbsoluteLimit(Resource):
    allow_list = allow_fetch = False
    status_attribute = None

    max_total_backup_gigabytes = Field("maxTotalBackupGigabytes")
    max_total_backups = Field("maxTotalBackups")
    max_total_snapshots = Field("maxTotalSnapshots")
    max_total_volume_gigabytes = Field("maxTotalVolumeGigabytes")
    max_total_volumes = Field("maxTotalVolumes")
    total_backup_gigabytes_used = Field("totalBackupGigabytesUsed")
    total_backups_used = Field("totalBackupsUsed")
    total_gigabytes_used = Field("totalGigabytesUsed")
    total_snapshots_used = Field("totalSnapshotsUsed")
    total_volumes_used = Field("totalVolumesUsed")

    def to_dict(self) -> dict[str, Any]:
        return {name: self._body.get(f.wire, f.default) for name, f in self.fields().items()
                if name not in ("id", "name")}


class Limits(Resource):
    resource_key = "limits"
    base_path = "/limits"
    service_type = "block-storage"
    allow_list = False
    status_attribute = None

    absolute = Nested("absolute", AbsoluteLimit)
    rate = Field(default=[])


class LimitsActions:
    @operation
    def get_limits(self, project: Any = None) -> Flow:
        """The limits of the current project, or of `project` (admin)."""
        params = {"project_id": resource_id(project)} if project else None
        resp = yield Call("GET", "/limits", params=params,
                          microversion=capped(self._microversion, MAX_MICROVERSION))
        return self.one(Limits, resp)
