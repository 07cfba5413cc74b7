"""A keypair: an SSH (or x509) public key registered with Compute, found by name.

Keypairs belong to a user: an admin reaches another user's with `user_id` (2.10). Nova stopped
generating keys at 2.92; from there, `create_keypair` without a public key makes an Ed25519
key here (as the official client does) and returns its private half in `private_key`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from ostack import exceptions
from ostack.compute import ssh_keys
from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource
from ostack.transport.microversions import at_least


class Keypair(Resource):
    resource_key = "keypair"
    resources_key = "keypairs"
    base_path = "/os-keypairs"
    service_type = "compute"
    allow_create = allow_delete = True
    list_item_key = "keypair"
    find_policy = "id"
    pagination = "links"
    marker_attribute = "name"
    status_attribute = None
    query = QueryParameters("user_id")

    id = Field("name")
    name = Field()
    fingerprint = Field()
    public_key = Field()
    private_key = Field(doc="only in the answer to a create that generated the key")
    type = Field(min_microversion="2.2", default="ssh", doc="ssh or x509")
    user_id = Field(min_microversion="2.10")
    created_at = Field()
    is_deleted = Field("deleted")


def _user(user_id: Any) -> dict[str, str] | None:
    return {"user_id": resource_id(user_id)} if user_id else None


class KeypairActions:
    """Keypairs of the caller or, for an admin, of another user (`user_id`, 2.10)."""

    @operation
    def create_keypair(self, *, name: str, public_key: str | None = None,
                       type: str | None = None, key_type: str | None = None,  # noqa: A002
                       user_id: Any = None, **attrs: Any) -> Flow:
        """Register a public key, or (without one) a new key whose private half comes back
        in `private_key`; `type` ("ssh" or "x509") from 2.2, `user_id` from 2.10."""
        microversion = self._microversion  # type: ignore[attr-defined]
        private_key = None
        if public_key is None and at_least(microversion, "2.92"):
            private_key, public_key = ssh_keys.generate_ed25519()
        body = dict(attrs, name=name)
        if public_key is not None:
            body["public_key"] = public_key
        kind = type or key_type
        if kind is not None:
            body["type"] = kind
        if user_id:
            body["user_id"] = resource_id(user_id)
        keypair = yield from self.create_flow(Keypair, body)  # type: ignore[attr-defined]
        if private_key is not None:
            keypair.raw["private_key"] = private_key
        return keypair

    @operation
    def get_keypair(self, keypair: Any, user_id: Any = None) -> Flow:
        resp = yield Call("GET", f"{Keypair.base_path}/{quote(resource_id(keypair), safe='')}",
                          params=_user(user_id))
        return self.one(Keypair, resp)  # type: ignore[attr-defined]

    @operation
    def find_keypair(self, name_or_id: str, ignore_missing: bool = True, *,
                     user_id: Any = None) -> Flow:
        """A keypair by name (its ID); None, or NotFound with `ignore_missing=False`."""
        try:
            return (yield from self.sub("get_keypair", name_or_id,  # type: ignore[attr-defined]
                                        user_id=user_id))
        except exceptions.NotFound:
            if ignore_missing:
                return None
            raise

    @operation
    def delete_keypair(self, keypair: Any, ignore_missing: bool = True,
                       user_id: Any = None) -> Flow:
        try:
            yield Call("DELETE",
                       f"{Keypair.base_path}/{quote(resource_id(keypair), safe='')}",
                       params=_user(user_id))
        except exceptions.NotFound as exc:  # resent: the lost first one did it
            if not ignore_missing and not exc.resent:
                raise
