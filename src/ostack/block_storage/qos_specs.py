"""QoS specs: limits (IOPS, throughput) given to volume types, enforced by the front end
(Nova) or the back end; and their associations with volume types."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from ostack import exceptions
from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource


class QoSSpec(Resource):
    resource_key = "qos_specs"
    resources_key = "qos_specs"
    base_path = "/qos-specs"
    service_type = "block-storage"
    singular = "qos_spec"
    allow_create = allow_commit = allow_delete = True
    status_attribute = None
    find_policy = "list"
    query = QueryParameters("project_id", "offset", "sort_dir", "sort_key", "sort")

    consumer = Field()
    specs = Field(default={})


class QoSSpecAssociation(Resource):
    """A volume type (or other entity) a QoS specs applies to."""

    resources_key = "qos_associations"
    base_path = "/qos-specs/{qos_spec_id}/associations"
    service_type = "block-storage"
    singular = "qos_spec_association"
    allow_fetch = False
    status_attribute = None
    pagination = "none"

    association_type = Field()
    qos_spec_id = Field()


def _qos_path(qos_spec: Any, *rest: str) -> str:
    return "/".join(("/qos-specs", quote(resource_id(qos_spec), safe=""), *rest))


class QoSSpecActions:
    """Create with the specs as keys, force-delete, associations and key removal."""

    @operation
    def create_qos_spec(self, **attrs: Any) -> Flow:
        """Create QoS specs: `name`, `consumer` and the spec keys (flat, as Cinder takes
        them, or in a `specs` mapping)."""
        specs = attrs.pop("specs", None) or {}
        return (yield from self.create_flow(QoSSpec, {**attrs, **specs}))

    @operation
    def delete_qos_spec(self, qos_spec: Any, ignore_missing: bool = True, force: bool = False
                        ) -> Flow:
        """Delete QoS specs; `force` even while types are associated with them."""
        try:
            yield Call("DELETE", _qos_path(qos_spec), params={"force": "true"} if force else None)
        except exceptions.NotFound as exc:  # resent: the lost first one did it
            if not ignore_missing and not exc.resent:
                raise

    @operation
    def associate_qos_spec(self, qos_spec: Any, vol_type_id: Any) -> Flow:
        """Apply QoS specs to a volume type."""
        yield Call("GET", _qos_path(qos_spec, "associate"),
                   params={"vol_type_id": resource_id(vol_type_id)})

    @operation
    def disassociate_qos_spec(self, qos_spec: Any, vol_type_id: Any) -> Flow:
        yield Call("GET", _qos_path(qos_spec, "disassociate"),
                   params={"vol_type_id": resource_id(vol_type_id)})

    @operation
    def disassociate_all_qos_spec(self, qos_spec: Any) -> Flow:
        """Take QoS specs off every volume type that has them."""
        yield Call("GET", _qos_path(qos_spec, "disassociate_all"))

    @operation
    def delete_qos_spec_metadata(self, qos_spec: Any, keys: Iterable[str]) -> Flow:
        """Remove spec keys."""
        if isinstance(keys, str):
            raise exceptions.OstackError("keys is a list of spec names, not one string")
        yield Call("PUT", _qos_path(qos_spec, "delete_keys"), json={"keys": list(keys)})
