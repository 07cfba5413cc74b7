"""A volume attachment (os-volume_attachments): a volume attached to a server.

Nova addresses an attachment by its volume's ID, so the operations take the server and the
volume, as openstacksdk's do. From 2.89 the body has no `id` but the Cinder `attachment_id`
and the block device mapping's `bdm_uuid`.
"""

from __future__ import annotations

from typing import Any

from ostack import exceptions
from ostack.proxy import Call, Flow, listing, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource


class VolumeAttachment(Resource):
    resource_key = "volumeAttachment"
    resources_key = "volumeAttachments"
    singular = "volume_attachment"
    plural = "volume_attachments"
    base_path = "/servers/{server_id}/os-volume_attachments"
    service_type = "compute"
    allow_create = allow_commit = allow_delete = True
    find_policy = "id"
    pagination = "none"
    status_attribute = None
    query = QueryParameters("limit", "offset")

    id = Field(doc="the attachment's ID (the volume's ID), absent from 2.89")
    server_id = Field("serverId")
    device = Field()
    volume_id = Field("volumeId")
    attachment_id = Field(min_microversion="2.89")
    bdm_id = Field("bdm_uuid", min_microversion="2.89")
    tag = Field(doc="shown from 2.70; accepted when attaching from 2.49")
    delete_on_termination = Field(doc="shown from 2.79; settable from 2.79 (2.85 to update)")


def _path(server: Any, volume: Any = None) -> str:
    base = f"/servers/{resource_id(server)}/os-volume_attachments"
    return f"{base}/{resource_id(volume)}" if volume is not None else base


def _volume_of(volume: Any) -> Any:
    """A volume's ID: a Volume, a VolumeAttachment (its volume_id) or an ID."""
    if isinstance(volume, VolumeAttachment):
        return volume.volume_id
    return volume


class VolumeAttachmentActions:
    """Attach, read, update and detach volumes: `(server, volume)` as openstacksdk takes them."""

    @listing
    def volume_attachments(self, server: Any, **query: Any) -> Flow:
        """The volumes attached to a server."""
        return self.list_flow(VolumeAttachment, {"server_id": server}, **query)

    @operation
    def create_volume_attachment(self, server: Any, volume: Any = None, **attrs: Any) -> Flow:
        """Attach a volume to a server (`device=`, `tag=` from 2.49,
        `delete_on_termination=` from 2.79)."""
        if volume is None:
            volume = attrs.pop("volume_id", None) or attrs.pop("volumeId", None)
            if volume is None:
                raise TypeError("create_volume_attachment() missing 1 required positional "
                                "argument: volume")
        attrs = {k: v for k, v in attrs.items() if v is not None}
        attrs["volume_id"] = resource_id(_volume_of(volume))
        return (yield from self.create_flow(VolumeAttachment, attrs, {"server_id": server}))

    @operation
    def get_volume_attachment(self, server: Any, volume: Any) -> Flow:
        resp = yield Call("GET", _path(server, _volume_of(volume)))
        return self.one(VolumeAttachment, resp)

    @operation
    def update_volume_attachment(self, server: Any, volume: Any, volume_id: Any = None,
                                 **attrs: Any) -> Flow:
        """Update an attachment (`delete_on_termination=` from 2.85, `tag=` ...), or swap its
        volume for `volume_id` (admin)."""
        current = resource_id(_volume_of(volume))
        new = resource_id(_volume_of(volume_id)) if volume_id is not None else current
        body = VolumeAttachment.wire_body({"volume_id": new, **attrs})
        resp = yield Call("PUT", _path(server, current), json={"volumeAttachment": body})
        return self.one(VolumeAttachment, resp, body)

    @operation
    def delete_volume_attachment(self, server: Any, volume: Any,
                                 ignore_missing: bool = True) -> Flow:
        """Detach a volume from a server."""
        try:
            yield Call("DELETE", _path(server, _volume_of(volume)))
        except exceptions.NotFound as exc:  # resent: the lost first one did it
            if not ignore_missing and not exc.resent:
                raise
