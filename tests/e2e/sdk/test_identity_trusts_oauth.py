"""Trusts and OAuth1 delegation through the SDK, sync and async: a trust created, found,
listed and deleted; a consumer's request token authorized and exchanged for an access token
(the SDK signing with HMAC-SHA1)."""

from __future__ import annotations

import pytest

from ostack import exceptions


def test_trust(sdk):
    identity = sdk.identity
    me = identity.get_access().user_id
    demo = identity.find_user("demo", ignore_missing=False)
    project = identity.find_project("admin", ignore_missing=False)
    member = identity.find_role("member", ignore_missing=False)
    trust = identity.create_trust(trustor_user_id=me, trustee_user_id=demo.id,
                                  project_id=project.id, impersonation=True,
                                  roles=[{"id": member.id}])
    try:
        assert trust.is_impersonation is True and trust.roles[0]["name"] == "member"
        assert identity.find_trust(trust.id).trustee_user_id == demo.id
        assert identity.find_trust("no-such-trust") is None
        assert trust.id in [t.id for t in identity.trusts(trustee_user_id=demo.id)]
    finally:
        identity.delete_trust(trust)
    with pytest.raises(exceptions.NotFound):
        identity.get_trust(trust.id)


def test_oauth1_delegation(sdk):
    identity = sdk.identity
    consumer = identity.create_consumer(description="sdk")
    try:
        assert consumer.secret and identity.get_consumer(consumer.id).secret is None
        project = identity.find_project("admin", ignore_missing=False)
        request = identity.create_request_token(consumer.id, consumer.secret, project)
        assert request.key == request.id and request.secret and request.expires
        member = identity.find_role("member", ignore_missing=False)
        verifier = identity.authorize_request_token(request, [member])["oauth_verifier"]
        access = identity.create_access_token(consumer.id, consumer.secret, request.key,
                                              request.secret, verifier)
        assert access.key and access.secret and access.key != request.key
        with pytest.raises(exceptions.Unauthorized):
            identity.create_request_token(consumer.id, "wrong", project)
    finally:
        identity.delete_consumer(consumer)
