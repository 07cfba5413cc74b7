"""Volume attachments (3.27+): a volume reserved for a server or host, given a connector and
marked complete; Cinder's side of attaching, without Nova."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource


class Attachment(Resource):
    resource_key = "attachment"
    resources_key = "attachments"
    base_path = "/attachments"
    detail_path = "/attachments/detail"
    service_type = "block-storage"
    allow_create = allow_commit = allow_delete = True
    failure_statuses = ("error",)
    find_policy = "id"
    query = QueryParameters("id", "status", "project_id", "volume_id", "instance_id",
                            all_projects="all_tenants")

    # Cinder's view says attached_at, detached_at and attach_mode (openstacksdk reads
    # attach_time, detach_time and mode, which Cinder does not send).
    attach_mode = Field(min_microversion="3.27")
    attached_at = Field(min_microversion="3.27")
    connection_info = Field(min_microversion="3.27")
    connector = Field(min_microversion="3.27")
    detached_at = Field(min_microversion="3.27")
    instance = Field(min_microversion="3.27")
    #: The `mode` a create asks for ("rw" or "ro"): 3.54+.
    mode = Field(min_microversion="3.54", doc="create only")
    status = Field(min_microversion="3.27")
    volume_id = Field(min_microversion="3.27")


class AttachmentActions:
    """Create an attachment of a volume and complete it (openstacksdk's names)."""

    @operation
    def create_attachment(self, volume: Any, **attrs: Any) -> Flow:
        """Reserve `volume` for `instance` (a server ID), with a `connector` to have it
        attached at once; `mode` "rw" or "ro" at 3.54+."""
        body: dict[str, Any] = {"volume_uuid": resource_id(volume)}
        instance = attrs.pop("instance", attrs.pop("instance_uuid", None))
        if instance is not None:
            body["instance_uuid"] = resource_id(instance)
        mode = attrs.pop("attach_mode", attrs.pop("mode", None))
        if mode:
            body["mode"] = mode
        body.update(attrs)
        return (yield from self.create_flow(Attachment, body))

    @operation
    def complete_attachment(self, attachment: Any) -> Flow:
        """Mark an attachment complete: the volume is `in-use` (3.44+)."""
        yield Call("POST", f"/attachments/{quote(resource_id(attachment), safe='')}/action",
                   json={"os-complete": resource_id(attachment)})
