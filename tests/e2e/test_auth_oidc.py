"""OpenID Connect federation: the local cloud's `/OS-FEDERATION/.../protocols/openid/auth`
turns an issuer's signed access token into an unscoped federated token through the mapping
rules, and ostack's `v3oidcpassword`, `v3oidcclientcredentials` and `v3oidcaccesstoken`
plugins get a project token with it (the issuer: tests/support/oidc_issuer.py)."""

from __future__ import annotations

import pytest
from tests.support.oidc_issuer import OidcIssuer
from tests.support.oidc_setup import V3, OidcSetup

import ostack
from ostack import exceptions


@pytest.fixture(scope="module")
def issuer():
    with OidcIssuer() as running:
        yield running


@pytest.fixture
def oidc(localcloud, issuer):
    made = OidcSetup(localcloud, issuer)
    yield made
    made.delete()


def test_bearer_token_makes_a_federated_token(oidc, localcloud, issuer):
    reply = localcloud.call("POST", oidc.auth_path,
                            headers={"Authorization": f"Bearer {issuer.token_for(oidc.user)}"})
    assert reply.status == 201, reply.body
    token = reply.json["token"]
    assert token["methods"] == ["openid"] and token["user"]["name"] == oidc.user
    assert token["user"]["OS-FEDERATION"]["identity_provider"]["id"] == oidc.idp
    assert "project" not in token
    # the unscoped token scopes to the project the mapped group has a role on
    rescoped = localcloud.call("POST", V3 + "/auth/tokens", {"auth": {
        "identity": {"methods": ["token"], "token": {"id": reply.header("x-subject-token")}},
        "scope": {"project": {"name": "demo", "domain": {"name": "Default"}}}}})
    assert rescoped.status == 201, rescoped.body
    assert "member" in [r["name"] for r in rescoped.json["token"]["roles"]]
    # tampered, foreign and missing tokens are refused
    good = issuer.token_for(oidc.user)
    forged = good.rsplit(".", 1)[0] + "." + good.rsplit(".", 1)[1][::-1]
    with OidcIssuer() as other:
        foreign = other.token_for(oidc.user)
    for headers in ({"Authorization": f"Bearer {forged}"},
                    {"Authorization": f"Bearer {foreign}"}, {}):
        reply = localcloud.call("POST", oidc.auth_path, headers=headers)
        assert reply.status == 401 and reply.json["error"]["code"] == 401


def test_sdk_oidc_plugins(oidc, issuer):
    for options in (
            oidc.options(auth_type="v3oidcpassword", username=oidc.user,
                         password=oidc.password),
            oidc.options(auth_type="v3oidcclientcredentials"),
            oidc.options(auth_type="v3oidcaccesstoken",
                         access_token=issuer.token_for(oidc.user))):
        conn = ostack.connect(cache=False, use_env=False, **options)
        access = conn.identity.get_access()
        assert access.project_name == "demo", options["auth_type"]
        assert [p.name for p in conn.identity.auth_projects()] == ["demo"]
    assert ("password", oidc.client_id) in issuer.requests
    assert ("client_credentials", oidc.client_id) in issuer.requests
    conn = ostack.connect(cache=False, use_env=False, **oidc.options(
        auth_type="v3oidcpassword", username=oidc.user, password="wrong"))
    with pytest.raises(exceptions.AuthError, match="refused the password grant"):
        conn.identity.get_access()


def test_sdk_oidc_device_authorization(oidc, issuer, capfd):
    issuer.device_user = oidc.user  # approves at the second poll
    conn = ostack.connect(cache=False, use_env=False, **oidc.options(
        auth_type="v3oidcdeviceauthz", code_challenge_method="S256"))
    assert conn.identity.get_access().project_name == "demo"
    assert f"To authenticate please go to: {issuer.url}/verify?code=" in capfd.readouterr().err
    assert (issuer.requests.count(("urn:ietf:params:oauth:grant-type:device_code",
                                   oidc.client_id)) == 2)
