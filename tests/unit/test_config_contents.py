"""Tests of ostack.config: the contents of clouds.yaml (old spellings, API versions, TLS)
and the auth types.

Every test runs in an empty folder of its own with HOME, XDG_CONFIG_HOME and the local cloud's
folder pointed into tmp_path (the `h` fixture), so the real home and working folder are never read.
"""

from __future__ import annotations

import pytest
from tests.support.config_home import AUTH, OPENRC, Home, cloud

from ostack.exceptions import ConfigError

# -- clouds.yaml contents ---------------------------------------------------------------------

def test_old_spellings_and_top_level_auth_keys(h: Home) -> None:
    entry = {
        "auth": {"auth_url": "http://k/v3", "username": "bob", "password": "pw",
                 "tenant_name": "legacy", "user_domain_id": "default"},
        "project_domain_id": "default",
    }
    h.write(h.cwd / "clouds.yaml", {"dev": entry})
    cfg = h.load("dev")
    assert cfg.auth["project_name"] == "legacy"
    assert cfg.auth["project_domain_id"] == "default"
    assert "tenant_name" not in cfg.auth


def test_non_string_auth_values_become_strings(h: Home) -> None:
    h.write(h.cwd / "clouds.yaml",
            {"dev": {"auth": {**AUTH, "project_id": 12345, "password": 999}}})
    cfg = h.load("dev")
    assert cfg.auth["project_id"] == "12345"
    assert cfg.auth["password"] == "999"


def test_api_versions_and_endpoint_overrides_from_clouds_yaml(h: Home) -> None:
    h.write(h.cwd / "clouds.yaml", {"dev": cloud(
        compute_api_version="2.79", identity_api_version=3, volume_api_version="3.59",
        compute_endpoint_override="http://nova.example/v2.1",
        block_storage_endpoint_override="http://cinder.example/v3",
        api_timeout=30, interface="internalURL",
    )})
    cfg = h.load("dev")
    assert cfg.api_versions == {"compute": "2.79", "identity": "3", "block-storage": "3.59"}
    assert cfg.endpoint_overrides == {
        "compute": "http://nova.example/v2.1", "block-storage": "http://cinder.example/v3",
    }
    assert cfg.timeout == 30.0
    assert cfg.interface == "internal"


def test_env_api_version_overrides_clouds_yaml(h: Home) -> None:
    h.write(h.cwd / "clouds.yaml", {"dev": cloud(compute_api_version="2.1")})
    assert h.load("dev", OS_COMPUTE_API_VERSION="2.95").api_versions["compute"] == "2.95"


def test_tls_files(h: Home) -> None:
    for name in ("ca.pem", "cert.pem", "key.pem"):
        (h.root / name).write_text("x")
    cfg = h.load(**OPENRC, OS_CACERT=str(h.root / "ca.pem"), OS_CERT=str(h.root / "cert.pem"),
                 OS_KEY=str(h.root / "key.pem"))
    assert cfg.verify == str(h.root / "ca.pem")
    assert cfg.cert == str(h.root / "cert.pem")
    assert cfg.key == str(h.root / "key.pem")


def test_cacert_is_ignored_when_insecure(h: Home) -> None:
    cfg = h.load(**OPENRC, OS_CACERT=str(h.root / "missing.pem"), OS_INSECURE="yes")
    assert cfg.verify is False


@pytest.mark.parametrize("var", ["OS_CACERT", "OS_CERT", "OS_KEY"])
def test_missing_tls_file_is_an_error(h: Home, var: str) -> None:
    missing = h.root / "missing.pem"
    with pytest.raises(ConfigError) as err:
        h.load(**OPENRC, **{var: str(missing)})
    assert str(missing) in str(err.value)
    assert "does not exist" in str(err.value)


# -- auth types -------------------------------------------------------------------------------

def test_auth_type_inferred_application_credential(h: Home) -> None:
    cfg = h.load(OS_AUTH_URL="http://k/v3", OS_APPLICATION_CREDENTIAL_ID="ac1",
                 OS_APPLICATION_CREDENTIAL_SECRET="acs")
    assert cfg.auth_type == "application_credential"
    assert cfg.auth == {"auth_url": "http://k/v3", "application_credential_id": "ac1",
                        "application_credential_secret": "acs"}


def test_auth_type_inferred_application_credential_by_name(h: Home) -> None:
    cfg = h.load(OS_AUTH_URL="http://k/v3", OS_APPLICATION_CREDENTIAL_NAME="mine",
                 OS_APPLICATION_CREDENTIAL_SECRET="acs", OS_USERNAME="alice",
                 OS_USER_DOMAIN_NAME="Default")
    assert cfg.auth_type == "application_credential"
    assert cfg.auth["application_credential_name"] == "mine"


def test_auth_type_inferred_token(h: Home) -> None:
    cfg = h.load(OS_AUTH_URL="http://k/v3", OS_TOKEN="gAAAA", OS_PROJECT_ID="p1")
    assert cfg.auth_type == "token"
    assert cfg.auth["token"] == "gAAAA"


def test_token_with_password_is_password_auth(h: Home) -> None:
    assert h.load(**OPENRC, OS_TOKEN="gAAAA").auth_type == "password"


@pytest.mark.parametrize("given,expected", [
    ("password", "password"), ("v3password", "password"), ("V3Password", "password"),
    ("token", "token"), ("v3token", "token"),
    ("v3applicationcredential", "application_credential"),
    ("application_credential", "application_credential"),
    ("v3-application-credential", "application_credential"),
])
def test_explicit_auth_types(h: Home, given: str, expected: str) -> None:
    env = {**OPENRC, "OS_TOKEN": "t", "OS_APPLICATION_CREDENTIAL_ID": "ac",
           "OS_APPLICATION_CREDENTIAL_SECRET": "acs", "OS_AUTH_TYPE": given}
    assert h.load(**env).auth_type == expected


@pytest.mark.parametrize("given", ["none", "noauth"])
def test_auth_type_none_needs_no_credentials(h: Home, given: str) -> None:
    h.write(h.cwd / "clouds.yaml", {"bare": {"auth_type": given,
                                             "auth": {"endpoint": "http://nova.example"}}})
    cfg = h.load("bare")
    assert cfg.auth_type == "none"
    assert cfg.auth == {"endpoint": "http://nova.example"}
    assert h.load(options={"auth_type": "none", "endpoint": "http://x"}).auth_type == "none"


def test_unknown_auth_type_names_cloud_file_and_choices(h: Home) -> None:
    path = h.write(h.cwd / "clouds.yaml", {"dev": cloud(auth_type="v3tokenlessauth")})
    with pytest.raises(ConfigError) as err:
        h.load("dev")
    text = str(err.value)
    assert "cloud 'dev'" in text and str(path) in text
    assert "v3tokenlessauth" in text
    assert "password" in text and "v3applicationcredential" in text
