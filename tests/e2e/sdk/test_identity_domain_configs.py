"""A domain's configuration through the SDK, sync and async: create, get, update, delete."""

from __future__ import annotations

import uuid

import pytest

from ostack import exceptions


def test_domain_config(sdk):
    identity = sdk.identity
    domain = identity.create_domain(name=f"sdk-dom-{uuid.uuid4().hex[:8]}")
    try:
        made = identity.create_domain_config(
            domain, identity={"driver": "ldap"}, ldap={"url": "ldap://a.test"})
        assert made.domain_id == domain.id and made.identity == {"driver": "ldap"}
        got = identity.get_domain_config(domain.id)
        assert got.ldap["url"] == "ldap://a.test"
        changed = identity.update_domain_config(domain, ldap={"url": "ldap://b.test"})
        assert changed.ldap["url"] == "ldap://b.test" and changed.identity["driver"] == "ldap"
        identity.delete_domain_config(domain)
        with pytest.raises(exceptions.NotFound):
            identity.get_domain_config(domain)
        with pytest.raises(exceptions.NotFound):
            identity.delete_domain_config(domain, ignore_missing=False)
        identity.delete_domain_config(domain)
    finally:
        identity.update_domain(domain, is_enabled=False)
        identity.delete_domain(domain)
