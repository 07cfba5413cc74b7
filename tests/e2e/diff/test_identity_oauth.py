"""`consumer *`, `request token create|authorize` and `access token create` (OAuth1
delegation, signed with HMAC-SHA1): ostack prints what the official client prints, on the
same local cloud, and each client's signature is accepted."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.official

SECRETS = {"id", "key", "secret", "expires"}


def test_consumer_lifecycle(differ):
    mine, official = differ.pair(["consumer", "create", "--description", "first"])
    created = [mine.data["id"], official.data["id"]]
    try:
        differ.assert_same(mine, official, ignore={"id", "secret"})
        assert mine.data["secret"] and list(mine.data) == ["description", "id", "secret"]
        differ.pair(["consumer", "set", created[0], "--description", "second"],
                    ["consumer", "set", created[1], "--description", "second"], fmt=None)
        mine, official = differ.pair(["consumer", "show", created[0]],
                                     ["consumer", "show", created[1]])
        differ.assert_same(mine, official, ignore={"id"})
        assert mine.data == {"description": "second", "id": created[0]}
        mine, official = differ.same("consumer", "list", key="ID")
        assert set(created) <= {row["ID"] for row in mine.data}
        mine, official = differ.pair(["consumer", "delete", created[0], "nope"],
                                     ["consumer", "delete", created[1], "nope"], fmt=None,
                                     code=1)
        assert "1 of 2 consumers failed to delete." in mine.stderr
        assert "1 of 2 consumers failed to delete." in official.stderr
        created = []
    finally:
        for ident in created:
            differ.run("ostack", ["consumer", "delete", ident], fmt=None)


def test_request_token_authorize_and_access_token(differ):
    consumer = differ.run("ostack", ["consumer", "create"]).data
    key, secret = consumer["id"], consumer["secret"]
    try:
        # Each client gets a request token, authorizes the other's ... and exchanges its own.
        argv = ["request", "token", "create", "--consumer-key", key, "--consumer-secret",
                secret, "--project", "admin", "--domain", "default"]
        mine, official = differ.pair(argv)
        differ.assert_same(mine, official, ignore=SECRETS)
        assert list(mine.data) == ["expires", "id", "key", "secret"]
        tokens = [mine.data, official.data]
        verifiers = []
        for client, token in zip(("openstack", "ostack"), tokens, strict=True):
            done = differ.run(client, ["request", "token", "authorize", "--request-key",
                                       token["key"], "--role", "member"])
            assert done.code == 0, done.describe()
            assert list(done.data) == ["oauth_verifier"]
            verifiers.append(done.data["oauth_verifier"])
        mine, official = differ.pair(*[
            ["access", "token", "create", "--consumer-key", key, "--consumer-secret", secret,
             "--request-key", token["key"], "--request-secret", token["secret"],
             "--verifier", verifier] for token, verifier in zip(tokens, verifiers, strict=True)])
        differ.assert_same(mine, official, ignore=SECRETS)
        assert mine.data["secret"] and official.data["secret"]
        # A request token is exchanged once; a wrong secret is refused (401) for both.
        differ.pair(*[["access", "token", "create", "--consumer-key", key, "--consumer-secret",
                       secret, "--request-key", token["key"], "--request-secret",
                       token["secret"], "--verifier", "x"] for token in tokens],
                    fmt=None, code=1)
        differ.same("request", "token", "create", "--consumer-key", key, "--consumer-secret",
                    "wrong", "--project", "admin", code=1)
    finally:
        differ.run("ostack", ["consumer", "delete", key], fmt=None)
