"""EC2 credentials of a user (`/v3/users/{user_id}/credentials/OS-EC2`): an access key and its
secret, tied to a project; Keystone keeps them as `ec2` credentials.

openstacksdk 4.22 has no EC2 credentials; these follow its naming (`ec2_credentials(user)`,
`create_ec2_credential(user, project)`, `get_`/`delete_ec2_credential(access, user=)`).
The access key is the ID.
"""

from __future__ import annotations

from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field, Resource

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class EC2Credential(Resource):
    resource_key = "credential"
    resources_key = "credentials"
    singular = "ec2_credential"
    base_path = "/v3/users/{user_id}/credentials/OS-EC2"
    service_type = "identity"
    pagination = "none"
    status_attribute = None
    find_policy = "id"
    allow_create = allow_delete = True

    id = Field("access", doc="the access key")
    access = Field()
    secret = Field()
    project_id = Field("tenant_id")
    user_id = Field()
    trust_id = Field()
    links = Field()


class EC2CredentialActions:
    """The create body is `{"tenant_id": ...}`, not wrapped in the resource key."""

    @operation
    def create_ec2_credential(self, user: Any, project: Any) -> Flow:
        """New EC2 credentials of `user` for `project` (the secret is made by Keystone)."""
        path = self.path_of(EC2Credential, {"user_id": user})
        resp = yield Call("POST", path, json={"tenant_id": resource_id(project)})
        return self.one(EC2Credential, resp, parents={"user_id": user})
