"""A volume backup: a copy of a volume in the backup store; restored into a volume, exported
as a record and imported again elsewhere."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from ostack import exceptions
from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource


class Backup(Resource):
    resource_key = "backup"
    resources_key = "backups"
    base_path = "/backups"
    detail_path = "/backups/detail"
    service_type = "block-storage"
    allow_create = allow_commit = allow_delete = True
    failure_statuses = ("error",)
    query = QueryParameters(
        "offset", "project_id", "name", "status", "volume_id", "sort_key", "sort_dir",
        all_projects="all_tenants",
    )

    availability_zone = Field(min_microversion="3.51",
                              doc="shown at every version; sent in a create from 3.51")
    container = Field()
    created_at = Field()
    data_timestamp = Field()
    description = Field()
    encryption_key_id = Field(min_microversion="3.64")
    fail_reason = Field()
    force = Field(doc="create only: back up an in-use volume")
    has_dependent_backups = Field()
    is_incremental = Field(doc="sent as `incremental` in a create")
    links = Field()
    metadata = Field(default={}, min_microversion="3.43")
    object_count = Field()
    project_id = Field("os-backup-project-attr:project_id", min_microversion="3.18")
    size = Field()
    snapshot_id = Field()
    status = Field()
    updated_at = Field()
    user_id = Field(min_microversion="3.56")
    volume_id = Field()
    volume_name = Field()


def _backup_path(backup: Any, *rest: str) -> str:
    return "/".join(("/backups", quote(resource_id(backup), safe=""), *rest))


class BackupActions:
    """Create (full or incremental), restore, force delete, status reset, export and import
    (openstacksdk's names)."""

    @operation
    def create_backup(self, **attrs: Any) -> Flow:
        """Back up `volume_id`; `is_incremental` for an incremental backup, `force` for an
        in-use volume, `metadata` (3.43+), `availability_zone` (3.51+)."""
        if "is_incremental" in attrs:
            attrs["incremental"] = attrs.pop("is_incremental")
        return (yield from self.create_flow(Backup, attrs))

    @operation
    def delete_backup(self, backup: Any, ignore_missing: bool = True, force: bool = False
                      ) -> Flow:
        """Delete a backup; `force` whatever its state (admin, `os-force_delete`)."""
        try:
            if force:
                yield Call("POST", _backup_path(backup, "action"),
                           json={"os-force_delete": None})
            else:
                yield Call("DELETE", _backup_path(backup))
        except exceptions.NotFound as exc:  # resent: the lost first one did it
            if not ignore_missing and not exc.resent:
                raise

    @operation
    def restore_backup(self, backup: Any, volume: Any = None, name: str | None = None, *,
                       volume_id: str | None = None) -> Flow:
        """Restore into an existing volume (`volume`, or openstacksdk's `volume_id=`), or
        into a new one (named `name`): the backup's ID with the `volume_id` and
        `volume_name` Cinder restores into."""
        volume = volume or volume_id
        if not (volume or name):
            raise exceptions.OstackError("either a volume or a name for a new one is needed")
        body: dict[str, Any] = {}
        if volume:
            body["volume_id"] = resource_id(volume)
        if name:
            body["name"] = name
        resp = yield Call("POST", _backup_path(backup, "restore"), json={"restore": body})
        restore = ((resp.json() or {}) if resp.content else {}).get("restore") or {}
        return self.made(Backup, {"id": restore.get("backup_id", resource_id(backup)),
                                  "volume_id": restore.get("volume_id"),
                                  "volume_name": restore.get("volume_name")})

    @operation
    def reset_backup_status(self, backup: Any, status: str) -> Flow:
        """Set a backup's status without doing anything (admin)."""
        yield Call("POST", _backup_path(backup, "action"),
                   json={"os-reset_status": {"status": status}})

    @operation
    def export_backup(self, backup: Any) -> Flow:
        """The backup's export record: `{"backup-record": {"backup_service", "backup_url"}}`
        (admin)."""
        resp = yield Call("GET", _backup_path(backup, "export_record"))
        return (resp.json() or {}) if resp.content else {}

    @operation
    def import_backup(self, service: str, url: str) -> Flow:
        """A backup made again from an exported record (admin)."""
        resp = yield Call("POST", "/backups/import_record", json={
            "backup-record": {"backup_service": service, "backup_url": url}})
        return self.one(Backup, resp)
