"""A share attachment (2.97): a Manila share mapped into a server, named by the share's ID.

This client speaks Compute up to 2.96, so these calls are refused by the commands before any
request; the declaration is here for clouds and clients that go further.
"""

from __future__ import annotations

from typing import Any

from ostack import exceptions
from ostack.proxy import Call, Flow, listing, operation, resource_id
from ostack.resource import Field, Resource


class ServerShare(Resource):
    resource_key = "share"
    resources_key = "shares"
    base_path = "/servers/{server_id}/shares"
    service_type = "compute"
    singular = "share_attachment"
    plural = "share_attachments"
    allow_create = allow_delete = True
    find_policy = "id"
    pagination = "none"
    status_attribute = "status"

    id = Field("share_id")
    share_id = Field()
    status = Field()
    tag = Field()
    uuid = Field(doc="the share mapping's ID (admin)")
    export_location = Field(default="", doc="admin")
    share_proto = Field()


def _path(server: Any, share: Any = None) -> str:
    base = f"/servers/{resource_id(server)}/shares"
    return f"{base}/{resource_id(share)}" if share is not None else base


class ServerShareActions:
    """Share attachments with openstacksdk's `(server, share_id)` order."""

    @listing
    def share_attachments(self, server: Any) -> Flow:
        return self.list_flow(ServerShare, {"server_id": server})

    @operation
    def get_share_attachment(self, server: Any, share_id: Any) -> Flow:
        resp = yield Call("GET", _path(server, share_id))
        return self.one(ServerShare, resp)

    @operation
    def create_share_attachment(self, server: Any, share_id: Any, **attrs: Any) -> Flow:
        attrs = {k: v for k, v in attrs.items() if v is not None}
        attrs["share_id"] = resource_id(share_id)
        return (yield from self.create_flow(ServerShare, attrs, {"server_id": server}))

    @operation
    def delete_share_attachment(self, server: Any, share_id: Any,
                                ignore_missing: bool = True) -> Flow:
        try:
            yield Call("DELETE", _path(server, share_id))
        except exceptions.NotFound as exc:  # resent: the lost first one did it
            if not ignore_missing and not exc.resent:
                raise
