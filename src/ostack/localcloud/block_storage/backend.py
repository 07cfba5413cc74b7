"""Cinder's state: one state class per resource, composed here into the one object the rest of
the code holds (handlers get it with `backend_of`, Nova through the `BlockDevices` Protocol).

- `tasks.py`               the background transitions (`advance()`)
- `type_state.py`          volume types and their access lists
- `quota_state.py`         quotas, quota classes, usage
- `volume_state.py`        volumes
- `snapshot_state.py`      snapshots
- `backup_state.py`        backups
- `attachment_state.py`    attachments
- `block_device_state.py`  Nova's calls (boot volumes, attach, detach, release)
- `records.py`             QoS specs, transfers, encryption specs, messages, groups

The methods below delegate to them, so that callers keep one surface. No HTTP here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..declare import Peers
from ..interfaces import Images
from ..store import Store
from .attachment_state import AttachmentState
from .backup_state import BackupState
from .block_device_state import BlockDeviceState
from .common import (
    DEFAULT_AZ,
    DEFAULT_TYPE,
    HOST,
    SERVICE_UUID,
    GiB,
    OverLimit,
    Row,
    image_metadata_of,
    image_min_size,
    invalid_volume,
)
from .quota_state import DEFAULT_QUOTAS, QuotaState
from .records import VolumeRecords
from .snapshot_state import SnapshotState
from .tasks import Tasks
from .type_state import SEED_TYPES, TypeState
from .volume_state import DELETABLE, VolumeState

__all__ = ["DEFAULT_AZ", "DEFAULT_QUOTAS", "DEFAULT_TYPE", "DELETABLE", "HOST", "SEED_TYPES",
           "SERVICE_UUID", "BlockStorageBackend", "GiB", "OverLimit", "image_metadata_of",
           "image_min_size", "invalid_volume"]


class BlockStorageBackend:
    """All block storage state: the resources' state classes, and their methods."""

    def __init__(self, store: Store, task_delay: float = 0.5,
                 wake: Callable[[], None] | None = None, peers: Peers | None = None) -> None:
        self.store = store
        self.peers = peers or Peers()  # the image service, for volumes made from images
        self.tasks = Tasks(store, task_delay, wake)
        #: QoS specs, transfers, encryption specs, messages, groups (records.py).
        self.records = VolumeRecords(store)
        self.volume_types = TypeState(store)
        self.quota_sets = QuotaState(store)
        self.volumes = VolumeState(store, self.tasks, self.volume_types, self.quota_sets)
        self.snapshots = SnapshotState(store, self.tasks, self.quota_sets)
        self.backups = BackupState(store, self.tasks, self.quota_sets, self.volumes)
        self.volume_attachments = AttachmentState(store, self.tasks, self.volumes)
        self.block_devices = BlockDeviceState(
            store, self.tasks, self.peers, self.volume_types, self.quota_sets, self.volumes,
            self.snapshots, self.volume_attachments)
        columns = {row["name"] for row in store.query("PRAGMA table_info(volumes)")}
        if "group_id" not in columns:  # generic volume groups (groups.py)
            store.execute("ALTER TABLE volumes ADD COLUMN group_id TEXT")
        self.bootstrap()  # older state folders gain the seeded types too

    @property
    def task_delay(self) -> float:
        """Seconds a transition takes (the operator's `task_delay` setting sets it live)."""
        return self.tasks.delay

    @task_delay.setter
    def task_delay(self, value: float) -> None:
        self.tasks.delay = value

    @property
    def images(self) -> Images | None:
        """The image service (volumes made from images, uploads to images)."""
        return self.peers.get(Images)

    def bootstrap(self) -> None:
        """Seed the volume types `__DEFAULT__` and `lvmdriver-1`."""
        self.volume_types.bootstrap()

    def advance(self, now: float | None = None) -> float | None:
        """Apply the transitions that are due; return when the next one is due (None: idle)."""
        return self.tasks.advance(now)

    # ----------------------------------------------------------------- volume types
    def get_type(self, ident: str) -> Row | None:
        """A volume type by id, or by name."""
        return self.volume_types.get_type(ident)

    def default_type(self) -> Row:
        return self.volume_types.default_type()

    def list_types(self, project_id: str | None, is_admin: bool,
                   is_public: bool | None = True) -> list[Row]:
        return self.volume_types.list_types(project_id, is_admin, is_public)

    def type_visible(self, volume_type: Row, project_id: str | None, is_admin: bool) -> bool:
        return self.volume_types.type_visible(volume_type, project_id, is_admin)

    def create_type(self, name: str, description: str | None, is_public: bool,
                    extra_specs: dict[str, str]) -> Row:
        return self.volume_types.create_type(name, description, is_public, extra_specs)

    def update_type(self, type_id: str, changes: Row) -> Row:
        return self.volume_types.update_type(type_id, changes)

    def delete_type(self, type_id: str) -> None:
        self.volume_types.delete_type(type_id)

    def set_extra_specs(self, type_id: str, specs: dict[str, str],
                        replace: bool = False) -> dict[str, str]:
        return self.volume_types.set_extra_specs(type_id, specs, replace)

    def type_access(self, type_id: str) -> list[str]:
        return self.volume_types.type_access(type_id)

    def add_type_access(self, type_id: str, project_id: str) -> None:
        self.volume_types.add_type_access(type_id, project_id)

    def remove_type_access(self, type_id: str, project_id: str) -> None:
        self.volume_types.remove_type_access(type_id, project_id)

    # ----------------------------------------------------------------- quotas
    def quotas(self, project_id: str) -> dict[str, int]:
        """The hard limits of a project: defaults, per-type entries, then its overrides."""
        return self.quota_sets.quotas(project_id)

    def default_quotas(self) -> dict[str, int]:
        return self.quota_sets.default_quotas()

    def quota_class(self, class_name: str) -> dict[str, int]:
        return self.quota_sets.quota_class(class_name)

    def set_quota_class(self, class_name: str, changes: dict[str, int]) -> dict[str, int]:
        return self.quota_sets.set_quota_class(class_name, changes)

    def set_quotas(self, project_id: str, changes: dict[str, int]) -> dict[str, int]:
        return self.quota_sets.set_quotas(project_id, changes)

    def reset_quotas(self, project_id: str) -> None:
        self.quota_sets.reset_quotas(project_id)

    def usage(self, project_id: str) -> dict[str, int]:
        return self.quota_sets.usage(project_id)

    def check_quota(self, project_id: str, type_name: str | None, volumes: int = 0,
                    snapshots: int = 0, gigabytes: int = 0) -> None:
        self.quota_sets.check_quota(project_id, type_name, volumes, snapshots, gigabytes)

    # ----------------------------------------------------------------- volumes
    def get_volume(self, volume_id: str) -> Row | None:
        return self.volumes.get_volume(volume_id)

    def list_volumes(self, where: list[str], params: list[Any],
                     order_by: list[tuple[str, str]]) -> list[Row]:
        return self.volumes.list_volumes(where, params, order_by)

    def create_volume(self, project_id: str, user_id: str, spec: Row,
                      status: str = "creating") -> Row:
        return self.volumes.create_volume(project_id, user_id, spec, status)

    def update_volume(self, volume_id: str, changes: Row) -> Row:
        return self.volumes.update_volume(volume_id, changes)

    def transition(self, volume_id: str, status: str, target: str,
                   delay: float | None = None, **changes: Any) -> Row:
        return self.volumes.transition(volume_id, status, target, delay, **changes)

    def delete_volume(self, volume: Row, force: bool = False, cascade: bool = False) -> None:
        self.volumes.delete_volume(volume, force, cascade)

    # ----------------------------------------------------------------- attachments
    def get_attachment(self, attachment_id: str) -> Row | None:
        return self.volume_attachments.get_attachment(attachment_id)

    def list_attachments(self, project_id: str | None) -> list[Row]:
        return self.volume_attachments.list_attachments(project_id)

    def reserve(self, volume: Row, server_id: str | None, project_id: str,
                host: str | None = None, device: str | None = None, mode: str = "rw",
                tag: str | None = None, delete_on_termination: bool = False,
                status: str = "reserved") -> Row:
        return self.volume_attachments.reserve(volume, server_id, project_id, host, device,
                                               mode, tag, delete_on_termination, status)

    def complete_attachment(self, attachment_id: str, device: str | None = None,
                            host: str | None = None, mode: str | None = None,
                            delay: float | None = 0.0) -> Row:
        return self.volume_attachments.complete_attachment(attachment_id, device, host, mode,
                                                           delay)

    def remove_attachment(self, attachment_id: str, delay: float | None = 0.0) -> None:
        self.volume_attachments.remove_attachment(attachment_id, delay)

    def update_attachment(self, attachment_id: str, changes: Row) -> None:
        self.volume_attachments.update_attachment(attachment_id, changes)

    # ----------------------------------------------------------------- calls from compute
    def volumes_for_boot(self, project_id: str, server_id: str, mappings: list[Row],
                         user_id: str = "") -> None:
        self.block_devices.volumes_for_boot(project_id, server_id, mappings, user_id)

    def attach(self, project_id: str, server_id: str, volume_id: str,
               device: str | None = None, tag: str | None = None,
               delete_on_termination: bool = False) -> Row:
        return self.block_devices.attach(project_id, server_id, volume_id, device, tag,
                                         delete_on_termination)

    def detach(self, server_id: str, volume_id: str) -> None:
        self.block_devices.detach(server_id, volume_id)

    def attachments(self, server_id: str) -> list[Row]:
        return self.block_devices.attachments(server_id)

    def attachments_for_servers(self, server_ids: Iterable[str]) -> dict[str, list[Row]]:
        return self.block_devices.attachments_for_servers(server_ids)

    def release_server(self, server_id: str) -> None:
        self.block_devices.release_server(server_id)

    # ----------------------------------------------------------------- snapshots
    def get_snapshot(self, snapshot_id: str) -> Row | None:
        return self.snapshots.get_snapshot(snapshot_id)

    def list_snapshots(self, where: list[str], params: list[Any],
                       order_by: list[tuple[str, str]]) -> list[Row]:
        return self.snapshots.list_snapshots(where, params, order_by)

    def create_snapshot(self, project_id: str, user_id: str, volume: Row, name: str | None,
                        description: str | None, metadata: dict[str, str],
                        force: bool = False) -> Row:
        return self.snapshots.create_snapshot(project_id, user_id, volume, name, description,
                                              metadata, force)

    def update_snapshot(self, snapshot_id: str, changes: Row) -> Row:
        return self.snapshots.update_snapshot(snapshot_id, changes)

    def delete_snapshot(self, snapshot: Row, force: bool = False) -> None:
        self.snapshots.delete_snapshot(snapshot, force)

    # ----------------------------------------------------------------- backups
    def get_backup(self, backup_id: str) -> Row | None:
        return self.backups.get_backup(backup_id)

    def list_backups(self, where: list[str], params: list[Any],
                     order_by: list[tuple[str, str]]) -> list[Row]:
        return self.backups.list_backups(where, params, order_by)

    def create_backup(self, project_id: str, user_id: str, volume: Row, spec: Row) -> Row:
        return self.backups.create_backup(project_id, user_id, volume, spec)

    def update_backup(self, backup_id: str, changes: Row) -> Row:
        return self.backups.update_backup(backup_id, changes)

    def delete_backup(self, backup: Row, force: bool = False) -> None:
        self.backups.delete_backup(backup, force)

    def restore_backup(self, project_id: str, user_id: str, backup: Row, volume: Row | None,
                       name: str | None) -> Row:
        return self.backups.restore_backup(project_id, user_id, backup, volume, name)
