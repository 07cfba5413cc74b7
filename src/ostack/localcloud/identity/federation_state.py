"""Keystone's federation records (OS-FEDERATION): identity providers, mappings, the protocols
of an identity provider, and service providers. Part of the identity backend
(`IdentityBackend.federation`); the HTTP side is `federation.py`.

The records are small documents kept in `identity_records` (`records.py`); the client picks
each record's id (Keystone creates them with PUT). A protocol's record id is
`<idp>/<protocol>`, owned by its identity provider, so deleting the provider drops them.
"""

from __future__ import annotations

import uuid
from typing import Any

from ..errors import BadRequest, Conflict, NotFound
from .domain_state import DomainState
from .records import Records

IDP, MAPPING, PROTOCOL, SP = (
    "identity_provider", "mapping", "federation_protocol", "service_provider")
#: Keystone's `[saml] relay_state_prefix` default.
RELAY_STATE_PREFIX = "ss:mem:"
#: Keystone's `[federation] attribute_mapping_default_schema_version`.
DEFAULT_SCHEMA_VERSION = "1.0"


def _conflict(kind: str, details: str) -> Conflict:
    return Conflict(f"Conflict occurred attempting to store {kind} - {details}.")


class FederationState:
    """Identity providers (with their protocols), mappings and service providers."""

    def __init__(self, records: Records, domains: DomainState) -> None:
        self.records = records
        self.domains = domains

    # ----------------------------------------------------------------- identity providers
    def get_idp(self, idp_id: str) -> dict[str, Any]:
        idp = self.records.get(IDP, idp_id)
        if idp is None:
            raise NotFound(f"Could not find Identity Provider: {idp_id}.")
        return idp

    def list_idps(self, idp_id: str | None = None,
                  enabled: bool | None = None) -> list[dict[str, Any]]:
        return [idp for idp in self.records.list(IDP)
                if (idp_id is None or idp["id"] == idp_id)
                and (enabled is None or idp["enabled"] == enabled)]

    def _check_remote_ids(self, remote_ids: list[str], idp_id: str) -> None:
        """A remote ID names one identity provider only (Keystone's 409)."""
        for other in self.records.list(IDP):
            if other["id"] == idp_id:
                continue
            for remote_id in remote_ids:
                if remote_id in other.get("remote_ids", []):
                    raise _conflict("identity_provider", f"Duplicate remote ID: {remote_id}")

    def create_idp(self, idp_id: str, values: dict[str, Any]) -> dict[str, Any]:
        if self.records.get(IDP, idp_id) is not None:
            raise _conflict("identity_provider", "Duplicate entry")
        remote_ids = values.get("remote_ids") or []
        self._check_remote_ids(remote_ids, idp_id)
        domain_id = values.get("domain_id")
        if domain_id is None:
            # Keystone makes a domain for the provider's users when none is named (named
            # by its id).
            domain = self.domains.create(
                f"federated-{uuid.uuid4().hex}",
                description=f"Auto generated federated domain for Identity Provider: {idp_id}")
            domain_id = domain["id"]
            self.domains.update(domain_id, {"name": domain_id})
        elif self.domains.get(domain_id) is None:
            raise NotFound(f"Could not find domain: {domain_id}.")
        record = {
            "description": values.get("description"),
            "enabled": values.get("enabled", False),
            "remote_ids": list(dict.fromkeys(remote_ids)),
            "domain_id": domain_id,
            "authorization_ttl": values.get("authorization_ttl"),
        }
        return self.records.create(IDP, record, record_id=idp_id)

    def update_idp(self, idp_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        self.get_idp(idp_id)
        if "remote_ids" in changes:
            changes["remote_ids"] = list(dict.fromkeys(changes["remote_ids"] or []))
            self._check_remote_ids(changes["remote_ids"], idp_id)
        return self.records.update(IDP, idp_id, changes)  # type: ignore[return-value]

    def delete_idp(self, idp_id: str) -> None:
        self.get_idp(idp_id)
        self.records.delete_owned(PROTOCOL, idp_id)
        self.records.delete(IDP, idp_id)

    def idp_by_remote_id(self, remote_id: str) -> dict[str, Any] | None:
        for idp in self.records.list(IDP):
            if remote_id in idp.get("remote_ids", []):
                return idp
        return None

    # ----------------------------------------------------------------- mappings
    def get_mapping(self, mapping_id: str) -> dict[str, Any]:
        mapping = self.records.get(MAPPING, mapping_id)
        if mapping is None:
            raise NotFound(f"Could not find mapping: {mapping_id}.")
        return mapping

    def list_mappings(self) -> list[dict[str, Any]]:
        return self.records.list(MAPPING)

    def create_mapping(self, mapping_id: str, values: dict[str, Any]) -> dict[str, Any]:
        """`values`: the mapping's `rules` and its `schema_version` (None: the default)."""
        if self.records.get(MAPPING, mapping_id) is not None:
            raise _conflict("mapping", "Duplicate entry")
        return self.records.create(MAPPING, {
            "rules": values["rules"],
            "schema_version": values.get("schema_version") or DEFAULT_SCHEMA_VERSION,
        }, record_id=mapping_id)

    def update_mapping(self, mapping_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        self.get_mapping(mapping_id)
        return self.records.update(MAPPING, mapping_id, changes)  # type: ignore[return-value]

    def delete_mapping(self, mapping_id: str) -> None:
        self.get_mapping(mapping_id)
        self.records.delete(MAPPING, mapping_id)

    # ----------------------------------------------------------------- protocols
    def get_protocol(self, idp_id: str, protocol_id: str) -> dict[str, Any]:
        self.get_idp(idp_id)
        protocol = self.records.get(PROTOCOL, f"{idp_id}/{protocol_id}")
        if protocol is None:
            raise NotFound(f"Could not find federated protocol {protocol_id} for Identity "
                           f"Provider: {idp_id}.")
        return _protocol(protocol)

    def list_protocols(self, idp_id: str) -> list[dict[str, Any]]:
        self.get_idp(idp_id)
        return [_protocol(p) for p in self.records.list(PROTOCOL, owner_id=idp_id)]

    def _check_mapping(self, mapping_id: str) -> None:
        if self.records.get(MAPPING, mapping_id) is None:
            raise BadRequest(f"Invalid mapping id: {mapping_id}")

    def create_protocol(self, idp_id: str, protocol_id: str,
                        values: dict[str, Any]) -> dict[str, Any]:
        self.get_idp(idp_id)
        if self.records.get(PROTOCOL, f"{idp_id}/{protocol_id}") is not None:
            raise _conflict("federation_protocol", "Duplicate entry")
        self._check_mapping(values["mapping_id"])
        record = {"protocol_id": protocol_id, "idp_id": idp_id, **values}
        return _protocol(self.records.create(PROTOCOL, record, owner_id=idp_id,
                                             record_id=f"{idp_id}/{protocol_id}"))

    def update_protocol(self, idp_id: str, protocol_id: str,
                        changes: dict[str, Any]) -> dict[str, Any]:
        self.get_protocol(idp_id, protocol_id)
        if "mapping_id" in changes:
            self._check_mapping(changes["mapping_id"])
        return _protocol(self.records.update(  # type: ignore[arg-type]
            PROTOCOL, f"{idp_id}/{protocol_id}", changes))

    def delete_protocol(self, idp_id: str, protocol_id: str) -> None:
        self.get_protocol(idp_id, protocol_id)
        self.records.delete(PROTOCOL, f"{idp_id}/{protocol_id}")

    # ----------------------------------------------------------------- service providers
    def get_sp(self, sp_id: str) -> dict[str, Any]:
        sp = self.records.get(SP, sp_id)
        if sp is None:
            raise NotFound(f"Could not find Service Provider: {sp_id}.")
        return sp

    def list_sps(self, sp_id: str | None = None,
                 enabled: bool | None = None) -> list[dict[str, Any]]:
        return [sp for sp in self.records.list(SP)
                if (sp_id is None or sp["id"] == sp_id)
                and (enabled is None or sp["enabled"] == enabled)]

    def create_sp(self, sp_id: str, values: dict[str, Any]) -> dict[str, Any]:
        if self.records.get(SP, sp_id) is not None:
            raise _conflict("service_provider", "Duplicate entry")
        record = {"description": None, "enabled": False,
                  "relay_state_prefix": RELAY_STATE_PREFIX, **values}
        return self.records.create(SP, record, record_id=sp_id)

    def update_sp(self, sp_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        self.get_sp(sp_id)
        return self.records.update(SP, sp_id, changes)  # type: ignore[return-value]

    def delete_sp(self, sp_id: str) -> None:
        self.get_sp(sp_id)
        self.records.delete(SP, sp_id)


def _protocol(record: dict[str, Any]) -> dict[str, Any]:
    """A stored protocol with its own id (the record's is `<idp>/<protocol>`)."""
    return {**record, "id": record["protocol_id"]}
