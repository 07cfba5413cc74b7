"""`token issue` with the `v3totp` and `v3multifactor` auth plugins: ostack and the official
client authenticate the same user the same way (a clouds.yaml entry without a password, and
the global options `--os-auth-type`, `--os-passcode`, `--os-auth-methods`, `--os-password`),
and fail alike when a multi-factor rule is not met; the same for the OpenID Connect plugins
against the test issuer (tests/support/oidc_issuer.py).

(keystoneauth refuses a `password` it does not use: the official client fails with
`TOTP.__init__() got an unexpected keyword argument 'password'` for a v3totp cloud whose
clouds.yaml keeps one; ostack ignores it. The entry here has none.)
"""

from __future__ import annotations

import pytest
import yaml
from tests.support.mfa_user import MfaUser
from tests.support.oidc_issuer import OidcIssuer
from tests.support.oidc_setup import OidcSetup

from ostack.localcloud.identity.mfa import totp

pytestmark = pytest.mark.official

MASK = {"id", "expires"}


@pytest.fixture
def user(localcloud):
    made = MfaUser(localcloud)
    yield made
    made.delete()


@pytest.fixture
def clouds(user, tmp_path):
    """A clouds.yaml with the user's cloud `mfa` (no secret in it)."""
    path = tmp_path / "clouds.yaml"
    path.write_text(yaml.safe_dump({"clouds": {"mfa": {
        "auth": user.options(), "region_name": "RegionOne", "identity_api_version": "3"}}}))
    return {"OS_CLIENT_CONFIG_FILE": str(path)}


def _both(differ, clouds, *options: str, code: int = 0, cloud: str = "mfa"):
    argv = ["--os-cloud", cloud, *options, "token", "issue"]
    mine = differ.run("ostack", argv, env=clouds)
    official = differ.run("openstack", argv, env=clouds)
    assert official.code == code, official.describe()
    assert mine.code == code, f"{mine.describe()}\n---\n{official.describe()}"
    return mine, official


def test_token_issue_with_totp_and_multifactor(differ, user, clouds):
    mine, official = _both(differ, clouds, "--os-auth-type", "v3totp",
                           "--os-passcode", totp(user.secret))
    differ.assert_same(mine, official, ignore=MASK)
    assert mine.data["user_id"] == user.id

    user.require(["password", "totp"])
    # the password alone is not enough any more: both clients name the missing rule
    mine, official = _both(differ, clouds, "--os-password", user.password, code=1)
    wanted = "Not all required auth rules were satisfied: [['password', 'totp']]"
    assert official.stderr.strip().splitlines()[-1] == wanted
    assert mine.stderr.strip().splitlines()[-1].endswith(wanted)
    mine, official = _both(
        differ, clouds, "--os-auth-type", "v3multifactor", "--os-auth-methods",
        "v3password,v3totp", "--os-password", user.password, "--os-passcode",
        totp(user.secret))
    differ.assert_same(mine, official, ignore=MASK)
    assert mine.data["user_id"] == user.id


@pytest.fixture(scope="module")
def issuer():
    with OidcIssuer() as running:
        yield running


@pytest.fixture
def oidc(localcloud, issuer, tmp_path):
    made = OidcSetup(localcloud, issuer)
    path = tmp_path / "clouds.yaml"
    # keystoneauth refuses options its plugin does not take: the access token plugin gets
    # an entry without the OAuth client
    bare = {k: v for k, v in made.options().items() if not k.startswith(("client_", "disc"))}
    path.write_text(yaml.safe_dump({"clouds": {
        "mfa": {"auth": made.options(), "region_name": "RegionOne"},
        "oidc-token": {"auth": bare, "region_name": "RegionOne"}}}))
    yield made, {"OS_CLIENT_CONFIG_FILE": str(path)}
    made.delete()


def test_token_issue_with_openid_connect(differ, oidc, issuer):
    setup, clouds = oidc
    for cloud, options in (
            ("mfa", ("--os-auth-type", "v3oidcpassword", "--os-username", setup.user,
                     "--os-password", setup.password)),
            ("mfa", ("--os-auth-type", "v3oidcclientcredentials")),
            ("oidc-token", ("--os-auth-type", "v3oidcaccesstoken", "--os-access-token",
                            issuer.token_for(setup.user)))):
        mine, official = _both(differ, clouds, *options, cloud=cloud)
        differ.assert_same(mine, official, ignore=MASK)
        assert mine.data["project_id"] and mine.data["user_id"]
    # the device authorization grant (PKCE S256): both print where to go, poll, get a token
    issuer.device_user = setup.user
    mine, official = _both(differ, clouds, "--os-auth-type", "v3oidcdeviceauthz",
                           "--os-code-challenge-method", "S256")
    differ.assert_same(mine, official, ignore=MASK)
    for outcome in (mine, official):
        assert f"To authenticate please go to: {issuer.url}/verify?code=" in outcome.stderr
    # a wrong password: the provider refuses the grant for both clients
    _both(differ, clouds, "--os-auth-type", "v3oidcpassword", "--os-username", setup.user,
          "--os-password", "wrong", code=1)
