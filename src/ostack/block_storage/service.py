"""`conn.block_storage`: the Block Storage API v3 (Cinder), made from its resources'
declarations (volumes, snapshots and backups so far, the quotas, limits, availability zones
and extensions, and the project cleanup)."""

from __future__ import annotations

from ostack.block_storage.availability_zones import AvailabilityZone
from ostack.block_storage.backups import Backup
from ostack.block_storage.cleanup import BlockStorageCleanup
from ostack.block_storage.extensions import Extension
from ostack.block_storage.limits import LimitsActions
from ostack.block_storage.quota_sets import QuotaSet, QuotaSetActions
from ostack.block_storage.snapshots import Snapshot
from ostack.block_storage.volume_uploads import VolumeUploadActions
from ostack.block_storage.volumes import Volume
from ostack.proxy import ServiceProxy


class BlockStorageService(QuotaSetActions, LimitsActions, BlockStorageCleanup,
                          VolumeUploadActions, ServiceProxy):
    """The Block Storage service (Cinder v3)."""

    service_type = "block-storage"
    min_microversion = "3.0"
    max_microversion = "3.70"
    resources = (Volume, Snapshot, Backup, QuotaSet, AvailabilityZone, Extension)
