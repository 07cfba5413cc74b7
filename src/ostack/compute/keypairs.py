"""A keypair: an SSH public key registered with Compute, found by name."""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource


class Keypair(Resource):
    resource_key = "keypair"
    resources_key = "keypairs"
    base_path = "/os-keypairs"
    service_type = "compute"
    allow_create = allow_delete = True
    list_item_key = "keypair"
    find_policy = "id"
    pagination = "links"
    status_attribute = None
    query = QueryParameters("user_id")

    id = Field("name")
    name = Field()
    fingerprint = Field()
    public_key = Field()
    private_key = Field()
    type = Field(min_microversion="2.2")
    user_id = Field()
    created_at = Field()
