"""Tests of ostack.config: errors that name the file, the cloud, the key and what to do.

Every test runs in an empty folder of its own with HOME, XDG_CONFIG_HOME and the local cloud's
folder pointed into tmp_path (the `h` fixture), so the real home and working folder are never read.
"""

from __future__ import annotations

import pytest
from tests.support.config_home import AUTH, OPENRC, Home, cloud

from ostack.exceptions import ConfigError

# -- errors name the file, the cloud, the key and what to do ----------------------------------

@pytest.mark.parametrize("drop,key,hint", [
    ("password", "password", "OS_PASSWORD"),
    ("auth_url", "auth_url", "OS_AUTH_URL"),
    ("username", "username", "OS_USERNAME"),
])
def test_missing_auth_key(h: Home, drop: str, key: str, hint: str) -> None:
    auth = {k: v for k, v in AUTH.items() if k != drop}
    path = h.write(h.cwd / "clouds.yaml", {"dev": {"auth": auth}})
    with pytest.raises(ConfigError) as err:
        h.load("dev")
    text = str(err.value)
    assert "cloud 'dev'" in text and str(path) in text
    assert f"{key} is missing" in text
    assert hint in text and f"auth.{key}" in text


def test_user_id_stands_for_username(h: Home) -> None:
    cfg = h.load(OS_AUTH_URL="http://k/v3", OS_USER_ID="u1", OS_PASSWORD="p")
    assert cfg.auth_type == "password"


def test_token_auth_without_token(h: Home) -> None:
    with pytest.raises(ConfigError, match="token is missing.*OS_TOKEN"):
        h.load(OS_AUTH_URL="http://k/v3", OS_AUTH_TYPE="token")


def test_application_credential_without_id_or_user(h: Home) -> None:
    with pytest.raises(ConfigError, match="application_credential_id"):
        h.load(OS_AUTH_URL="http://k/v3", OS_APPLICATION_CREDENTIAL_NAME="mine",
               OS_APPLICATION_CREDENTIAL_SECRET="s")


def test_application_credential_without_secret(h: Home) -> None:
    with pytest.raises(ConfigError, match="application_credential_secret is missing"):
        h.load(OS_AUTH_URL="http://k/v3", OS_AUTH_TYPE="v3applicationcredential",
               OS_APPLICATION_CREDENTIAL_ID="ac")


def test_nothing_selected(h: Home) -> None:
    with pytest.raises(ConfigError) as err:
        h.load()
    assert "OS_CLOUD" in str(err.value) and "OS_AUTH_URL" in str(err.value)


def test_cloud_not_found_lists_known_clouds(h: Home) -> None:
    path = h.write(h.cwd / "clouds.yaml", {"dev": cloud(), "prod": cloud()})
    with pytest.raises(ConfigError) as err:
        h.load("stagin")
    text = str(err.value)
    assert "cloud 'stagin' not found" in text
    assert str(path) in text
    assert "dev, prod" in text
    assert "OS_CLOUD" in text


def test_no_clouds_yaml_anywhere(h: Home) -> None:
    with pytest.raises(ConfigError) as err:
        h.load("dev")
    assert "no clouds.yaml" in str(err.value)


def test_local_cloud_not_found_hints_at_localcloud_start(h: Home) -> None:
    with pytest.raises(ConfigError, match="ostack localcloud start"):
        h.load("local")
    h.write(h.cwd / "clouds.yaml", {"dev": cloud()})
    with pytest.raises(ConfigError, match="ostack localcloud start"):
        h.load("local")


def test_invalid_yaml_names_file_and_line(h: Home) -> None:
    path = h.cwd / "clouds.yaml"
    path.write_text("clouds:\n  dev:\n    auth: {auth_url: [\n")
    with pytest.raises(ConfigError) as err:
        h.load("dev")
    assert str(path) in str(err.value)
    assert "not valid YAML at line" in str(err.value)


def test_invalid_json_names_file(h: Home) -> None:
    path = h.cwd / "clouds.json"
    path.write_text('{"clouds": ')
    with pytest.raises(ConfigError, match="not valid JSON") as err:
        h.load("dev")
    assert str(path) in str(err.value)


@pytest.mark.parametrize("text,needle", [
    ("- a\n- b\n", "mapping at the top level"),
    ("clouds: [a, b]\n", "key 'clouds' must be a mapping"),
    ("clouds:\n  dev: just-a-string\n", "cloud 'dev' must be a mapping"),
    ("clouds:\n  dev:\n    auth: a-string\n", "cloud 'dev': key 'auth' must be a mapping"),
])
def test_malformed_documents(h: Home, text: str, needle: str) -> None:
    path = h.cwd / "clouds.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as err:
        h.load("dev")
    assert needle in str(err.value)
    assert str(path) in str(err.value)


def test_empty_clouds_yaml_is_no_cloud(h: Home) -> None:
    (h.cwd / "clouds.yaml").write_text("")
    with pytest.raises(ConfigError, match="known clouds: none"):
        h.load("dev")


def test_auth_value_of_wrong_type_names_the_key(h: Home) -> None:
    h.write(h.cwd / "clouds.yaml", {"dev": {"auth": {**AUTH, "project_name": ["a", "b"]}}})
    with pytest.raises(ConfigError, match="cloud 'dev'.*auth key 'project_name'"):
        h.load("dev")


@pytest.mark.parametrize("key,value,needle", [
    ("insecure", "maybe", "'insecure'"),
    ("verify", "sometimes", "'verify'"),
    ("token_cache", "perhaps", "'token_cache'"),
    ("api_timeout", "soon", "api_timeout"),
    ("interface", "external", "interface 'external'"),
])
def test_bad_cloud_values(h: Home, key: str, value: str, needle: str) -> None:
    path = h.write(h.cwd / "clouds.yaml", {"dev": cloud(**{key: value})})
    with pytest.raises(ConfigError) as err:
        h.load("dev")
    assert needle in str(err.value)
    assert "cloud 'dev'" in str(err.value) and str(path) in str(err.value)


def test_bad_os_insecure_names_the_variable(h: Home) -> None:
    with pytest.raises(ConfigError, match="OS_INSECURE"):
        h.load(**OPENRC, OS_INSECURE="maybe")
