"""Quota sets as Nova and Cinder serve them: limits per resource, with usage when asked.

A detailed quota set answers `{"cores": {"limit": 20, "in_use": 1, "reserved": 0}, ...}`;
`QuotaSetBase.normalized` turns that into the plain shape (`cores: 20`) plus `usage` and
`reservation` mappings, as openstacksdk's QuotaSet does, so one resource serves both answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from ostack.resource import Field, Resource


def sdk_ordered(resource: Resource) -> dict[str, Any]:
    """The fields in openstacksdk's `to_dict()` order: the keys the service sent that no field
    declares first (as sent), then every declared field, the most derived class's first.

    `quota show` prints quotas in this order, so it is kept for the resources whose bodies
    carry open-ended keys (per-volume-type quotas such as `volumes_lvmdriver-1`).
    """
    fields = type(resource).fields()
    wires = {f.wire for f in fields.values()}
    body = resource.raw
    out = {key: value for key, value in body.items() if key not in wires}
    for klass in type(resource).__mro__:
        for name, value in vars(klass).items():
            if isinstance(value, Field) and name not in out:
                out[name] = body.get(value.wire, value.default)
    return out


class QuotaSetBase(Resource):
    """A project's quota set (compute and block storage declare their own limits)."""

    resource_key = "quota_set"
    base_path = "/os-quota-sets"
    allow_list = False
    allow_commit = allow_delete = True
    status_attribute = None
    find_policy = "id"
    #: The microversion openstacksdk caps quota-set requests at (None: the negotiated one).
    max_microversion: ClassVar[str | None] = None

    reservation = Field(default={})
    usage = Field(default={})

    @staticmethod
    def normalized(body: Mapping[str, Any]) -> dict[str, Any]:
        """`{"x": {"limit", "in_use", "reserved"}}` -> `x: limit`, `usage: {x: in_use}`,
        `reservation: {x: reserved}`; plain values stay."""
        out: dict[str, Any] = {"reservation": {}, "usage": {}}
        for key, value in body.items():
            if isinstance(value, dict):
                if "in_use" in value:
                    out["usage"][key] = value["in_use"]
                if "reserved" in value:
                    out["reservation"][key] = value["reserved"]
                if "limit" in value:
                    out[key] = value["limit"]
            else:
                out[key] = value
        return out

    def to_dict(self) -> dict[str, Any]:
        """Every key of the (normalized) body in the service's order, then the declared
        fields it lacks: openstacksdk keeps a quota set's whole body, in that order."""
        out = dict(self._body)
        for klass in type(self).__mro__:
            for name, value in vars(klass).items():
                if isinstance(value, Field) and name not in out:
                    out[name] = self._body.get(value.wire, value.default)
        return out


class QuotaClassSetBase(Resource):
    """The quota class `default`: the limits of every project without quotas of its own."""

    resource_key = "quota_class_set"
    base_path = "/os-quota-class-sets"
    allow_list = False
    allow_commit = True
    status_attribute = None
    find_policy = "id"
    max_microversion: ClassVar[str | None] = None

    def to_dict(self) -> dict[str, Any]:
        return sdk_ordered(self)


def capped(negotiated: str | None, cap: str | None) -> str | None:
    """The negotiated microversion, or `cap` when the negotiated one is newer (openstacksdk
    caps some resources: compute quota sets at 2.56, block storage limits at 3.39)."""
    from ostack.transport.microversions import at_least

    if cap is None or negotiated is None or not at_least(negotiated, cap):
        return negotiated
    return cap
