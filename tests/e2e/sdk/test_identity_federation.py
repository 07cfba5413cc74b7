"""Federation resources through the SDK, sync and async: a mapping, an identity provider
with a protocol, a service provider (each created at its chosen id, got, found, listed,
updated, deleted), and the projects and domains the token may scope to."""

from __future__ import annotations

import uuid

import pytest

from ostack import exceptions

RULES = [{"local": [{"user": {"name": "{0}"}}], "remote": [{"type": "OIDC-sub"}]}]


def test_federation_resources(sdk):
    identity = sdk.identity
    tag = uuid.uuid4().hex[:8]
    mapping = identity.create_mapping(id=f"sdk-map-{tag}", rules=RULES)
    idp = identity.create_identity_provider(
        id=f"sdk-idp-{tag}", is_enabled=True, remote_ids=[f"https://{tag}.example"],
        domain_id="default")
    sp = identity.create_service_provider(
        id=f"sdk-sp-{tag}", auth_url="https://sp.example/v3", sp_url="https://sp.example/sp")
    try:
        assert mapping.name == mapping.id and mapping.schema_version == "1.0"
        updated = identity.update_mapping(mapping, rules=RULES, schema_version="2.0")
        assert updated.schema_version == "2.0"
        assert identity.get_mapping(mapping.id).rules == RULES
        assert idp.name == idp.id and idp.is_enabled and idp.domain_id == "default"
        assert [i.id for i in identity.identity_providers(id=idp.id)] == [idp.id]
        assert identity.find_identity_provider(idp.id).remote_ids == [f"https://{tag}.example"]
        assert identity.update_identity_provider(idp, is_enabled=False).is_enabled is False
        assert idp.id not in [i.id for i in identity.identity_providers(is_enabled=True)]
        protocol = identity.create_federation_protocol(idp, id="openid",
                                                       mapping_id=mapping.id)
        assert (protocol.name, protocol.idp_id, protocol.mapping_id) == (
            "openid", idp.id, mapping.id)
        assert [p.id for p in identity.federation_protocols(idp.id)] == ["openid"]
        assert identity.get_federation_protocol(idp.id, "openid").mapping_id == mapping.id
        assert identity.find_federation_protocol(idp.id, "saml2") is None
        identity.delete_federation_protocol(idp.id, protocol)
        with pytest.raises(exceptions.NotFound):
            identity.get_federation_protocol(idp.id, "openid")
        assert sp.is_enabled is False and sp.relay_state_prefix == "ss:mem:"
        assert identity.update_service_provider(sp, is_enabled=True).is_enabled is True
        assert identity.get_service_provider(sp.id).sp_url == "https://sp.example/sp"
        assert sp.id in [s.id for s in identity.service_providers()]
        assert "admin" in [p.name for p in identity.auth_projects()]
        assert list(identity.auth_domains()) == []
    finally:
        identity.delete_identity_provider(idp)
        identity.delete_mapping(mapping)
        identity.delete_service_provider(sp)
    with pytest.raises(exceptions.NotFound):
        identity.delete_mapping(mapping.id, ignore_missing=False)
    assert identity.find_service_provider(sp.id) is None
