"""Cinder as Nova uses it (the `BlockDevices` Protocol of interfaces.py): the volumes of
`block_device_mapping_v2` at boot, attach and detach through compute (Nova's
`volumeAttachment` view), the attachments of servers, and their release when a server is
gone. Part of the block storage backend (`BlockStorageBackend.block_devices`)."""

from __future__ import annotations

from collections.abc import Iterable

from ..declare import Peers
from ..errors import BadRequest, NotFound
from ..interfaces import Images
from ..store import Store
from .attachment_state import AttachmentState
from .common import DEFAULT_TYPE, GiB, Row, chunks, image_min_size
from .quota_state import QuotaState
from .snapshot_state import SnapshotState
from .tasks import Tasks
from .type_state import TypeState
from .volume_state import VolumeState


class BlockDeviceState:
    """Nova's calls on the volumes, snapshots and attachments."""

    def __init__(self, store: Store, tasks: Tasks, peers: Peers, types: TypeState,
                 quotas: QuotaState, volumes: VolumeState, snapshots: SnapshotState,
                 attachments: AttachmentState) -> None:
        self.store = store
        self.tasks = tasks
        self.peers = peers
        self.types = types
        self.quotas = quotas
        self.volumes = volumes
        self.snapshots = snapshots
        self.volume_attachments = attachments

    @property
    def images(self) -> Images | None:
        """The image service (boot volumes made from images)."""
        return self.peers.get(Images)

    # ----------------------------------------------------------------- calls from compute
    def volumes_for_boot(self, project_id: str, server_id: str,
                         mappings: list[Row], user_id: str = "") -> None:
        """Create what `block_device_mapping_v2` asks for (source image, snapshot, blank)
        and attach every volume of destination `volume` to the server (`in-use`, devices
        /dev/vda, /dev/vdb ... in boot order)."""
        wanted = [m for m in mappings if m.get("destination_type") == "volume"]
        if not wanted:
            return
        plan = []
        for mapping in wanted:
            source = mapping.get("source_type") or "volume"
            uuid_ = mapping.get("uuid")
            size = mapping.get("volume_size")
            if size is not None:
                try:
                    size = int(size)
                except (TypeError, ValueError):
                    raise BadRequest(f"Invalid volume_size {size!r}.") from None
                if size < 1:
                    raise BadRequest("Block Device Mapping is Invalid: Volume size must be "
                                     "greater than zero.")
            if source == "volume":
                volume = self.volumes.get_volume(str(uuid_))
                if volume is None or volume["project_id"] != project_id:
                    raise BadRequest(f"Block Device Mapping is Invalid: failed to get volume "
                                     f"{uuid_}.")
                if volume["status"] != "available":
                    raise BadRequest(f"Invalid volume: Volume {uuid_} status must be "
                                     f"available or downloading to reserve, but the current "
                                     f"status is {volume['status']}.")
                if str(mapping.get("boot_index")) == "0" and not volume["bootable"]:
                    raise BadRequest(f"Block Device {uuid_} is not bootable.")  # as Nova
                plan.append((mapping, volume, None))
            elif source == "image":
                image = self.images.get_image(str(uuid_)) if self.images else None
                if image is None:
                    raise BadRequest(f"Block Device Mapping is Invalid: failed to get image "
                                     f"{uuid_}.")
                need = image_min_size(image)
                if size is None:
                    raise BadRequest("Block Device Mapping is Invalid: Images with "
                                     "destination_type 'volume' need to have a non-zero size "
                                     "specified")
                if size < need:
                    raise BadRequest(f"Volume is smaller than the minimum size specified in "
                                     f"image metadata. Volume size is {size} bytes, minimum "
                                     f"size is {need * GiB} bytes.")
                plan.append((mapping, None, {"image": image, "size": size}))
            elif source == "snapshot":
                snapshot = self.snapshots.get_snapshot(str(uuid_))
                if snapshot is None or snapshot["project_id"] != project_id:
                    raise BadRequest(f"Block Device Mapping is Invalid: failed to get "
                                     f"snapshot {uuid_}.")
                plan.append((mapping, None, {"snapshot": snapshot,
                                             "size": size or snapshot["size"]}))
            elif source == "blank":
                if size is None:
                    raise BadRequest("Block Device Mapping is Invalid: Blank volumes "
                                     "(source: 'blank', dest: 'volume') need to have non-zero "
                                     "size")
                plan.append((mapping, None, {"size": size}))
            else:
                raise BadRequest(f"Block Device Mapping is Invalid: unknown source_type "
                                 f"{source}.")
        new = [p for p in plan if p[1] is None]
        if new:
            self.quotas.check_quota(project_id, DEFAULT_TYPE, volumes=len(new),
                             gigabytes=sum(p[2]["size"] for p in new))  # type: ignore[index]
        order = sorted(range(len(plan)), key=lambda i: (
            _boot_index(plan[i][0]), i))
        for position, index in enumerate(order):
            mapping, volume, spec = plan[index]
            if volume is None:
                assert spec is not None
                volume_type = self.types.get_type(mapping["volume_type"]) if mapping.get(
                    "volume_type") else None
                volume = self.volumes.create_volume(project_id, user_id, {
                    "size": spec["size"], "image": spec.get("image"),
                    "snapshot": spec.get("snapshot"), "volume_type": volume_type,
                    "name": "", "description": ""}, status="available")
            device = mapping.get("device_name") or _device(position)
            attachment = self.volume_attachments.reserve(
                volume, server_id, project_id, host="localcloud", device=device,
                tag=mapping.get("tag"),
                delete_on_termination=bool(mapping.get("delete_on_termination")),
                status="attaching")
            self.volume_attachments.complete_attachment(attachment["id"], delay=0.0)

    def attach(self, project_id: str, server_id: str, volume_id: str,
               device: str | None = None, tag: str | None = None,
               delete_on_termination: bool = False) -> Row:
        """Attach a volume to a server through compute: the attachment at once, the volume
        `attaching` then `in-use` after the task delay."""
        volume = self.volumes.get_volume(volume_id)
        if volume is None or volume["project_id"] != project_id:
            raise NotFound(f"Volume {volume_id} could not be found.")
        if device is None:
            used = {a["device"] for a in self._server_attachments(server_id)}
            device = next(_device(i) for i in range(1, 26) if _device(i) not in used)
        attachment = self.volume_attachments.reserve(
            volume, server_id, project_id, host="localcloud", device=device, tag=tag,
            delete_on_termination=delete_on_termination, status="attaching")
        attachment = self.volume_attachments.complete_attachment(attachment["id"], delay=None)
        return _compute_view(attachment)

    def detach(self, server_id: str, volume_id: str) -> None:
        """Detach a volume from a server: `detaching`, then `available` after the delay."""
        for row in self._server_attachments(server_id):
            if row["volume_id"] == volume_id:
                self.volume_attachments.remove_attachment(row["id"], delay=None)
                return
        raise NotFound(f"Volume {volume_id} is not attached to server {server_id}.")

    def attachments(self, server_id: str) -> list[Row]:
        """The volumes attached to a server, in Nova's `volumeAttachment` terms (plus
        `attachment_id` and `bdm_uuid`)."""
        return [_compute_view(row) for row in self._server_attachments(server_id)]

    def attachments_for_servers(self, server_ids: Iterable[str],
                                ) -> dict[str, list[Row]]:
        """`os-extended-volumes:volumes_attached` per server, in one query per 500 ids."""
        self.tasks.advance()
        found: dict[str, list[Row]] = {}
        for chunk in chunks(list(server_ids), 500):
            for row in self.store.query(
                    f"SELECT server_id, volume_id, delete_on_termination FROM"
                    f" volume_attachments WHERE server_id IN ({','.join('?' * len(chunk))})"
                    f" ORDER BY created_at", chunk):
                found.setdefault(row["server_id"], []).append({
                    "id": row["volume_id"],
                    "delete_on_termination": bool(row["delete_on_termination"])})
        return found

    def release_server(self, server_id: str) -> None:
        """The server is gone: detach everything; delete the volumes marked
        `delete_on_termination`."""
        self.tasks.advance()
        rows = self.store.query("SELECT * FROM volume_attachments WHERE server_id = ?",
                                (server_id,))
        for row in rows:
            self.volume_attachments.remove_attachment(row["id"], delay=0.0)
            if row["delete_on_termination"]:
                volume = self.volumes.get_volume(row["volume_id"])
                if volume is not None and not volume["attachments"]:
                    self.volumes.delete_volume(volume, force=True, cascade=True)

    def _server_attachments(self, server_id: str) -> list[Row]:
        self.tasks.advance()
        return self.store.query("SELECT * FROM volume_attachments WHERE server_id = ?"
                                " ORDER BY created_at", (server_id,))


def _compute_view(row: Row) -> Row:
    """An attachment in Nova's `volumeAttachment` terms (plus `attachment_id`, `bdm_uuid`)."""
    return {"id": row["volume_id"], "volumeId": row["volume_id"],
            "serverId": row["server_id"], "device": row["device"], "tag": row["tag"],
            "delete_on_termination": bool(row["delete_on_termination"]),
            "attachment_id": row["id"], "bdm_uuid": row["bdm_uuid"]}


def _device(position: int) -> str:
    return f"/dev/vd{chr(ord('a') + position)}"


def _boot_index(mapping: Row) -> int:
    value = mapping.get("boot_index")
    try:
        index = int(value) if value is not None else -1
    except (TypeError, ValueError):
        index = -1
    return index if index >= 0 else 1000
