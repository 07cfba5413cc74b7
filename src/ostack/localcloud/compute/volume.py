"""The block storage service as compute sees it (Nova's `nova.volume.cinder`): volumes for
boot from volume, attached volumes for the views, release on delete.

Calls `cloud.block_storage` (docs/localcloud-internals.md); a cloud without one refuses boot
from volume and shows no attached volumes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import BadRequest
from ..interfaces import BlockDevices

if TYPE_CHECKING:
    from ..declare import Peers


def backend(peers: Peers) -> Any | None:
    """The block storage backend, or None when this cloud has none."""
    return peers.get(BlockDevices)


def boot(peers: Peers, project_id: str, server_id: str, mappings: list[dict[str, Any]]) -> None:
    """Create and attach the volumes of `block_device_mapping_v2` entries with destination
    `volume`."""
    volumes = [m for m in mappings if m.get("destination_type") == "volume"]
    if not volumes:
        return
    block_storage = backend(peers)
    if block_storage is None:
        raise BadRequest("Booting from volume is not supported: this cloud has no block "
                         "storage service.")
    block_storage.volumes_for_boot(project_id, server_id, volumes)


def release(peers: Peers, server_id: str) -> None:
    """Detach the server's volumes; delete those marked `delete_on_termination`."""
    block_storage = backend(peers)
    if block_storage is not None:
        block_storage.release_server(server_id)


def attachments(peers: Peers, server_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """`os-extended-volumes:volumes_attached` of each server (one call for a listing)."""
    block_storage = backend(peers)
    if block_storage is None or not server_ids:
        return {}
    return block_storage.attachments_for_servers(server_ids)
