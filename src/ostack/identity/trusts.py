"""A trust (`/v3/OS-TRUST/trusts`): a trustor's roles on a project, delegated to a trustee,
who may get a trust-scoped token with them (acting as the trustor with impersonation)."""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource


class Trust(Resource):
    resource_key = "trust"
    resources_key = "trusts"
    base_path = "/v3/OS-TRUST/trusts"
    service_type = "identity"
    pagination = "none"
    status_attribute = None
    find_policy = "id"
    allow_create = allow_delete = True
    query = QueryParameters("trustor_user_id", "trustee_user_id")

    allow_redelegation = Field()
    expires_at = Field()
    is_impersonation = Field("impersonation")
    links = Field()
    project_id = Field()
    role_links = Field("roles_links")
    roles = Field()
    redelegated_trust_id = Field()
    redelegation_count = Field()
    remaining_uses = Field()
    trustee_user_id = Field()
    trustor_user_id = Field()
