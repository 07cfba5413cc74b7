"""Application credentials and access rules through the SDK, sync and async: create one
(the secret shown once), get, find, list and delete it; its access rules listed, shown and
deleted."""

from __future__ import annotations

import uuid

import pytest

from ostack import exceptions


def test_application_credential_and_access_rules(sdk):
    identity = sdk.identity
    user_id = identity.get_access().user_id
    name = f"sdk-appcred-{uuid.uuid4().hex[:8]}"
    rule = {"service": "compute", "path": "/v2.1/servers", "method": "GET"}
    made = identity.create_application_credential(
        user_id, name, description="d", access_rules=[rule])
    try:
        assert made.secret and made.user_id == user_id and made.name == name
        got = identity.get_application_credential(user_id, made.id)
        assert got.secret is None and got.description == "d" and got.roles
        assert identity.find_application_credential(user_id, name).id == made.id
        assert identity.find_application_credential(user_id, "no-such-one") is None
        assert made.id in [c.id for c in identity.application_credentials(user_id)]
        rules = list(identity.access_rules(user_id))
        ours = [r for r in rules if r.id == got.access_rules[0]["id"]]
        assert [(r.service, r.path, r.method) for r in ours] == [tuple(rule.values())]
        assert identity.get_access_rule(user_id, ours[0].id).path == rule["path"]
    finally:
        identity.delete_application_credential(user_id, made)
    with pytest.raises(exceptions.NotFound):
        identity.get_application_credential(user_id, made.id)
    with pytest.raises(exceptions.NotFound):
        identity.delete_application_credential(user_id, made.id, ignore_missing=False)
    identity.delete_access_rule(user_id, ours[0])
    with pytest.raises(exceptions.NotFound):
        identity.get_access_rule(user_id, ours[0].id)
    identity.delete_access_rule(user_id, ours[0])
