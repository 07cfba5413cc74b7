"""Implied roles through the SDK, sync and async: create, check, show, list and delete a
rule between two roles."""

from __future__ import annotations

import uuid

import pytest

from ostack import exceptions


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_implied_roles(sdk):
    identity = sdk.identity
    prior = identity.create_role(name=_name("sdk-prior"))
    implied = identity.create_role(name=_name("sdk-implied"))
    try:
        assert identity.check_implied_role(prior, implied) is False
        rule = identity.create_implied_role(prior, implied)
        assert rule["prior_role"]["id"] == prior.id and rule["implies"]["id"] == implied.id
        assert identity.check_implied_role(prior.id, implied.id) is True
        assert identity.get_implied_role(prior, implied)["implies"]["name"] == implied.name
        listed = identity.implied_roles(prior)
        assert [r["id"] for r in listed["implies"]] == [implied.id]
        assert prior.id in [r["prior_role"]["id"] for r in identity.role_inferences()]
        identity.delete_implied_role(prior, implied)
        assert identity.check_implied_role(prior, implied) is False
        with pytest.raises(exceptions.NotFound):
            identity.get_implied_role(prior, implied)
        with pytest.raises(exceptions.NotFound):
            identity.delete_implied_role(prior, implied, ignore_missing=False)
        identity.delete_implied_role(prior, implied)
    finally:
        identity.delete_role(implied)
        identity.delete_role(prior)
