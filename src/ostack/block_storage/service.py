"""`conn.block_storage`: the Block Storage API v3 (Cinder), made from its resources'
declarations: volumes and their actions, snapshots, backups, the quotas, limits, availability
zones and extensions, and the project cleanup load with the class; volume types, QoS specs,
attachments, transfers, services, messages, groups, group types and group snapshots when one of
their methods is first used."""

from __future__ import annotations

from ostack.block_storage.availability_zones import AvailabilityZone
from ostack.block_storage.backups import Backup, BackupActions
from ostack.block_storage.cleanup import BlockStorageCleanup
from ostack.block_storage.extensions import Extension
from ostack.block_storage.limits import LimitsActions
from ostack.block_storage.quota_sets import QuotaSet, QuotaSetActions
from ostack.block_storage.snapshots import Snapshot, SnapshotActions
from ostack.block_storage.volume_actions import VolumeActions
from ostack.block_storage.volume_uploads import VolumeUploadActions
from ostack.block_storage.volumes import Volume
from ostack.proxy import ServiceProxy

_B = "ostack.block_storage."


class BlockStorageService(QuotaSetActions, LimitsActions, BlockStorageCleanup,
                          VolumeUploadActions, VolumeActions, SnapshotActions,
                          BackupActions, ServiceProxy):
    """The Block Storage service (Cinder v3)."""

    service_type = "block-storage"
    min_microversion = "3.0"
    max_microversion = "3.70"
    resources = (Volume, Snapshot, Backup, QuotaSet, AvailabilityZone, Extension)
    lazy = tuple(_B + target for target in (
        "types:Type", "types:TypeActions", "types:TypeEncryptionActions",
        "qos_specs:QoSSpec", "qos_specs:QoSSpecAssociation", "qos_specs:QoSSpecActions",
        "attachments:Attachment", "attachments:AttachmentActions",
        "transfers:Transfer", "transfers:TransferActions",
        "services:Service", "services:ServiceActions",
        "messages:Message",
        "group_types:GroupType", "group_types:GroupTypeActions",
        "groups:Group", "groups:GroupSnapshot", "groups:GroupActions",
        "consistency_groups:ConsistencyGroup", "consistency_groups:ConsistencyGroupSnapshot",
        "consistency_groups:ConsistencyGroupActions",
        "backend_pools:Pool", "backend_pools:Capabilities", "backend_pools:BackendActions",
        "clusters:Cluster", "clusters:ClusterActions", "resource_filters:ResourceFilter",
        "manageable:ManageableVolume", "manageable:ManageableSnapshot",
        "workers:LogLevel", "workers:WorkerActions",
    ))
