"""Project cleanup for block storage: backups (those others depend on last), snapshots
(waiting until they are gone), then volumes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ostack import exceptions
from ostack.block_storage.backups import Backup
from ostack.block_storage.snapshots import Snapshot
from ostack.block_storage.volumes import Volume
from ostack.cleanup import remove, skipped
from ostack.proxy import Flow, listing

#: Rounds of backup deletion: a backup others depend on goes in a later round.
BACKUP_ROUNDS = 10


class BlockStorageCleanup:
    @listing
    def service_cleanup(self, project_id: str | None = None, dry_run: bool = True,
                        filters: Mapping[str, Any] | None = None,
                        identified: dict[str, Any] | None = None,
                        skip_resources: Sequence[str] | None = None) -> Flow:
        """The project's backups, snapshots and volumes (see `ostack.cleanup`)."""
        options = {"dry_run": dry_run, "filters": filters, "identified": identified}
        if not skipped("block-storage", "backup", skip_resources):
            if dry_run:
                for backup in (yield from self.collect(self.list_flow(Backup, details=False))):
                    yield from remove(self, "delete_backup", backup, **options)
            else:
                yield from self._delete_backups(options)
        if not skipped("block-storage", "snapshot", skip_resources):
            doomed = []
            for snapshot in (yield from self.collect(self.list_flow(Snapshot, details=False))):
                if (yield from remove(self, "delete_snapshot", snapshot, **options)) \
                        and not dry_run:
                    doomed.append(snapshot)
            yield from self._wait_gone(Snapshot, doomed)
        if not skipped("block-storage", "volume", skip_resources):
            for volume in (yield from self.collect(self.list_flow(Volume))):
                yield from remove(self, "delete_volume", volume, **options)

    def _delete_backups(self, options: dict[str, Any]) -> Flow:
        for _ in range(BACKUP_ROUNDS):
            again = False
            doomed = []
            backups = yield from self.collect(self.list_flow(
                Backup, sort_key="created_at", sort_dir="desc"))
            for backup in backups:
                if backup.has_dependent_backups:
                    again = True
                elif (yield from remove(self, "delete_backup", backup, **options)):
                    doomed.append(backup)
            yield from self._wait_gone(Backup, doomed)
            if not again:
                return

    def _wait_gone(self, cls: type, resources: list[Any]) -> Flow:
        for resource in resources:
            try:
                yield from self.wait_flow(cls, resource, status=None)
            except exceptions.OstackError:
                pass
