"""The `totp` auth method and multi-factor auth receipts of the local cloud (raw HTTP, as
Keystone answers them), and ostack's `v3totp` and `v3multifactor` plugins against it, set
from keyword options, `OS_*` variables and clouds.yaml."""

from __future__ import annotations

import pytest
import yaml
from tests.support.localcloud import LocalCloud
from tests.support.mfa_user import V3, MfaUser

import ostack
from ostack import exceptions
from ostack.localcloud.identity.mfa import totp


@pytest.fixture
def user(localcloud: LocalCloud):
    made = MfaUser(localcloud)
    yield made
    made.delete()


def test_totp_method_checks_the_passcode(user):
    reply = user.auth(user.identity("totp"))
    assert reply.status == 201, reply.body
    assert reply.json["token"]["methods"] == ["totp"]
    wrong = f"{(int(totp(user.secret)) + 1) % 10 ** 6:06d}"
    reply = user.auth(user.identity("totp", passcode=wrong))
    assert reply.status == 401
    assert reply.json["error"]["code"] == 401
    reply = user.auth({"methods": ["totp"], "totp": {"user": {"name": user.name}}})
    assert reply.status == 400  # no passcode


def test_multi_factor_rules_answer_with_a_receipt(user):
    user.require(["password", "totp"])
    reply = user.auth(user.identity("password"))
    assert reply.status == 401
    receipt = reply.header("openstack-auth-receipt")
    assert receipt
    body = reply.json
    assert body["receipt"]["methods"] == ["password"]
    assert body["receipt"]["user"]["id"] == user.id
    assert body["receipt"]["expires_at"] and body["required_auth_methods"] == [
        ["password", "totp"]]
    # the receipt and the missing method make a token with both methods
    reply = user.auth(user.identity("totp"), receipt=receipt)
    assert reply.status == 201, reply.body
    assert sorted(reply.json["token"]["methods"]) == ["password", "totp"]
    token = reply.header("x-subject-token")
    # a token re-scopes without the factors again
    rescoped = user.cloud.call("POST", V3 + "/auth/tokens", {"auth": {
        "identity": {"methods": ["token"], "token": {"id": token}},
        "scope": {"project": {"name": "demo", "domain": {"name": "Default"}}}}})
    assert rescoped.status == 201, rescoped.body
    # a made-up receipt, or one method alone again, is refused
    assert user.auth(user.identity("totp"), receipt="not-a-receipt").status == 401
    reply = user.auth(user.identity("totp"))
    assert reply.status == 401 and reply.header("openstack-auth-receipt")
    # both methods at once satisfy the rule
    assert user.auth(user.identity("password", "totp")).status == 201


def test_user_options_are_checked(user):
    reply = user.cloud.call("PATCH", f"{V3}/users/{user.id}", {"user": {"options": {
        "multi_factor_auth_rules": "password"}}}, token=user.admin)
    assert reply.status == 400 and reply.json["error"]["code"] == 400
    reply = user.cloud.call("PATCH", f"{V3}/users/{user.id}", {"user": {"options": {
        "no_such_option": True}}}, token=user.admin)
    assert reply.status == 400


def test_sdk_v3totp_and_v3multifactor(user, tmp_path):
    conn = ostack.connect(cache=False, use_env=False, **user.options(
        auth_type="v3totp", passcode=totp(user.secret)))
    assert conn.identity.get_access().user_id == user.id
    user.require(["password", "totp"])
    conn = ostack.connect(cache=False, use_env=False, **user.options(password=user.password))
    with pytest.raises(exceptions.AuthError, match=r"\[\['password', 'totp'\]\]"):
        conn.identity.get_access()
    # OS_* variables: OS_AUTH_METHODS is comma-separated
    env = {"OS_AUTH_TYPE": "v3multifactor", "OS_AUTH_METHODS": "v3password,v3totp",
           "OS_PASSWORD": user.password, "OS_PASSCODE": totp(user.secret),
           **{f"OS_{k.upper()}": v for k, v in user.options().items()}}
    conn = ostack.connect(cache=False, env=env)
    access = conn.identity.get_access()
    assert access.user_id == user.id and access.project_name == "demo"
    # clouds.yaml: auth_methods is a list
    clouds = tmp_path / "clouds.yaml"
    clouds.write_text(yaml.safe_dump({"clouds": {"mfa": {
        "auth_type": "v3multifactor",
        "auth": {**user.options(), "auth_methods": ["v3password", "v3totp"],
                 "password": user.password, "passcode": totp(user.secret)}}}}))
    conn = ostack.connect("mfa", cache=False, env={"OS_CLIENT_CONFIG_FILE": str(clouds)})
    assert conn.identity.get_access().user_id == user.id
