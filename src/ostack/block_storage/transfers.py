"""Volume transfers: a volume handed to another project, which accepts it with the
transfer's ID and auth key (`/volume-transfers`, 3.55+)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource


class Transfer(Resource):
    resource_key = "transfer"
    resources_key = "transfers"
    base_path = "/volume-transfers"
    detail_path = "/volume-transfers/detail"
    service_type = "block-storage"
    allow_create = allow_delete = True
    status_attribute = None
    find_policy = "list"
    query = QueryParameters(all_projects="all_tenants")

    accepted = Field(min_microversion="3.57")
    auth_key = Field(doc="only in the answer to the create")
    created_at = Field()
    destination_project_id = Field(min_microversion="3.57")
    links = Field()
    no_snapshots = Field(min_microversion="3.55")
    source_project_id = Field(min_microversion="3.57")
    volume_id = Field()


class TransferActions:
    @operation
    def accept_transfer(self, transfer: Any, auth_key: str) -> Flow:
        """Take the transferred volume into the caller's project."""
        resp = yield Call(
            "POST", f"/volume-transfers/{quote(resource_id(transfer), safe='')}/accept",
            json={"accept": {"auth_key": auth_key}})
        return self.one(Transfer, resp, {"id": resource_id(transfer)})
