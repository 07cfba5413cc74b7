"""Volume types: what kind of volume to make (backend, QoS, encryption), with their extra
specs and, for private types, the projects that may use them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from ostack import exceptions
from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource


class Type(Resource):
    resource_key = "volume_type"
    resources_key = "volume_types"
    base_path = "/types"
    service_type = "block-storage"
    singular = "type"
    allow_create = allow_commit = allow_delete = True
    status_attribute = None
    find_policy = "list"
    #: Cinder lists public and private types alike only when asked for `is_public=none`.
    find_query = {"is_public": "none"}
    query = QueryParameters(
        "is_public", "offset", "sort_dir", "sort_key", "sort", all_projects="all_tenants",
    )

    description = Field()
    extra_specs = Field(default={})
    is_public = Field("os-volume-type-access:is_public")


def _type_path(volume_type: Any, *rest: str) -> str:
    return "/".join(("/types", quote(resource_id(volume_type), safe=""), *rest))


class TypeActions:
    """Extra specs and project access of volume types (openstacksdk's names)."""

    @operation
    def update_type_extra_specs(self, type: Any, **attrs: Any) -> Flow:
        """Add or change extra specs; the type with the extra specs Cinder answered."""
        resp = yield Call("POST", _type_path(type, "extra_specs"),
                          json={"extra_specs": attrs})
        specs = (resp.json() or {}).get("extra_specs", attrs) if resp.content else attrs
        return self.made(Type, {"id": resource_id(type), "extra_specs": specs})

    @operation
    def delete_type_extra_specs(self, type: Any, keys: Iterable[str]) -> Flow:
        """Remove extra specs, one request per key (as Cinder's API has it)."""
        if isinstance(keys, str):
            raise exceptions.OstackError("keys is a list of extra spec names, not one string")
        for key in keys:
            yield Call("DELETE", _type_path(type, "extra_specs", quote(key, safe="")))

    @operation
    def get_type_access(self, type: Any) -> Flow:
        """The projects that may use a private type: `[{"volume_type_id", "project_id"}]`."""
        resp = yield Call("GET", _type_path(type, "os-volume-type-access"))
        return (resp.json() or {}).get("volume_type_access", []) if resp.content else []

    @operation
    def add_type_access(self, type: Any, project: Any) -> Flow:
        """Let a project use a private type."""
        yield Call("POST", _type_path(type, "action"),
                   json={"addProjectAccess": {"project": resource_id(project)}})

    @operation
    def remove_type_access(self, type: Any, project: Any) -> Flow:
        """Take a private type away from a project."""
        yield Call("POST", _type_path(type, "action"),
                   json={"removeProjectAccess": {"project": resource_id(project)}})


class TypeEncryption(Resource):
    """How volumes of a type are encrypted (provider, cipher, key size, where)."""

    resource_key = "encryption"
    base_path = "/types/{volume_type_id}/encryption"
    service_type = "block-storage"
    singular = "type_encryption"
    allow_list = allow_fetch = False
    status_attribute = None

    cipher = Field()
    control_location = Field()
    created_at = Field()
    deleted = Field()
    deleted_at = Field()
    encryption_id = Field()
    key_size = Field()
    provider = Field()
    updated_at = Field()
    volume_type_id = Field()


class TypeEncryptionActions:
    """A volume type's encryption (openstacksdk's names; the type is what identifies it)."""

    @operation
    def get_type_encryption(self, volume_type: Any) -> Flow:
        """The type's encryption (with no `encryption_id` when the type has none)."""
        resp = yield Call("GET", _type_path(volume_type, "encryption"))
        body = (resp.json() or {}) if resp.content else {}
        return self.made(TypeEncryption, body, {"volume_type_id": volume_type})

    @operation
    def create_type_encryption(self, volume_type: Any, **attrs: Any) -> Flow:
        resp = yield Call("POST", _type_path(volume_type, "encryption"),
                          json={"encryption": attrs})
        return self.one(TypeEncryption, resp, attrs)

    @operation
    def update_type_encryption(self, encryption: Any = None, volume_type: Any = None,
                               **attrs: Any) -> Flow:
        """Change a type's encryption (found through `volume_type` when `encryption` is
        None)."""
        if encryption is None:
            encryption = yield from self.sub("get_type_encryption", volume_type)
        type_id = resource_id(volume_type) if volume_type is not None else (
            encryption.volume_type_id)
        if not encryption.encryption_id:
            raise exceptions.NotFound(f"volume type {type_id} has no encryption",
                                      status_code=404)
        resp = yield Call("PUT", _type_path(type_id, "encryption",
                                            quote(encryption.encryption_id, safe="")),
                          json={"encryption": attrs})
        return self.one(TypeEncryption, resp, {**encryption.raw, **attrs})

    @operation
    def delete_type_encryption(self, encryption: Any = None, volume_type: Any = None,
                               ignore_missing: bool = True) -> Flow:
        if encryption is None:
            encryption = yield from self.sub("get_type_encryption", volume_type)
        type_id = resource_id(volume_type) if volume_type is not None else (
            encryption.volume_type_id)
        try:
            yield Call("DELETE", _type_path(type_id, "encryption",
                                            quote(encryption.encryption_id or "none", safe="")))
        except exceptions.NotFound as exc:  # resent: the lost first one did it
            if not ignore_missing and not exc.resent:
                raise
