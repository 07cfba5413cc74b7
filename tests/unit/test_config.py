"""Tests of ostack.config: clouds.yaml, secure.yaml, OS_* variables and options -> CloudConfig.

Every test runs in an empty folder of its own with HOME, XDG_CONFIG_HOME and the local cloud's
folder pointed into tmp_path, so the real home and working folder are never read.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from ostack import config
from ostack.auth.plugins import plugin_from_auth
from ostack.exceptions import ConfigError

AUTH = {
    "auth_url": "http://keystone.example:5000/v3",
    "username": "alice",
    "password": "s3cret",
    "project_name": "demo",
    "user_domain_name": "Default",
    "project_domain_name": "Default",
}


class Home:
    """A fake user: the working folder, the user config folder and an env dict, all in tmp."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.cwd = root / "cwd"
        self.home = root / "home"
        self.xdg = root / "xdg"
        self.localcloud = root / "localcloud"
        for folder in (self.cwd, self.home, self.xdg):
            folder.mkdir()
        self.env: dict[str, str] = {
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.xdg),
            "XDG_STATE_HOME": str(root / "state"),
            "OSTACK_LOCALCLOUD_DIR": str(self.localcloud),
        }

    @property
    def user_dir(self) -> Path:
        return self.xdg / "openstack"

    def write(self, path: Path, clouds: dict[str, Any], fmt: str = "yaml") -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        doc = {"clouds": clouds}
        path.write_text(json.dumps(doc) if fmt == "json" else yaml.safe_dump(doc))
        return path

    def load(self, cloud: str | None = None, options: dict[str, Any] | None = None,
             use_env: bool = True, **env: str) -> config.CloudConfig:
        return config.load(cloud, options, {**self.env, **env}, use_env=use_env)


@pytest.fixture
def h(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Home:
    home = Home(tmp_path)
    monkeypatch.chdir(home.cwd)
    return home


def cloud(**extra: Any) -> dict[str, Any]:
    """A clouds.yaml entry with password auth, plus `extra` at the top level."""
    return {"auth": dict(AUTH), "region_name": "RegionOne", **extra}


# -- where clouds.yaml is found ---------------------------------------------------------------

def test_clouds_yaml_in_working_folder(h: Home) -> None:
    path = h.write(h.cwd / "clouds.yaml", {"dev": cloud()})
    cfg = h.load("dev")
    assert cfg.name == "dev"
    assert cfg.auth_type == "password"
    assert cfg.auth == AUTH
    assert cfg.region_name == "RegionOne"
    assert cfg.interface == "public"
    assert cfg.verify is True
    assert cfg.sources == [str(path)]


def test_clouds_yaml_in_xdg_config_home(h: Home) -> None:
    path = h.write(h.user_dir / "clouds.yaml", {"dev": cloud()})
    assert h.load("dev").sources == [str(path)]


def test_clouds_yaml_in_home_config_when_xdg_unset(h: Home) -> None:
    del h.env["XDG_CONFIG_HOME"]
    path = h.write(h.home / ".config" / "openstack" / "clouds.yaml", {"dev": cloud()})
    assert h.load("dev").sources == [str(path)]


def test_xdg_config_home_replaces_home_config(h: Home) -> None:
    h.write(h.home / ".config" / "openstack" / "clouds.yaml", {"dev": cloud()})
    with pytest.raises(ConfigError, match="cloud 'dev' not found"):
        h.load("dev")


@pytest.mark.parametrize("name,fmt", [("clouds.yml", "yaml"), ("clouds.json", "json")])
def test_other_file_names(h: Home, name: str, fmt: str) -> None:
    path = h.write(h.user_dir / name, {"dev": cloud()}, fmt)
    cfg = h.load("dev")
    assert cfg.auth["username"] == "alice"
    assert cfg.sources == [str(path)]


def test_working_folder_wins_over_user_folder(h: Home) -> None:
    h.write(h.user_dir / "clouds.yaml", {"dev": cloud(region_name="UserRegion")})
    h.write(h.cwd / "clouds.yaml", {"dev": cloud(region_name="CwdRegion")})
    assert h.load("dev").region_name == "CwdRegion"


def test_cloud_only_in_user_folder_is_found_past_working_folder(h: Home) -> None:
    h.write(h.cwd / "clouds.yaml", {"other": cloud()})
    path = h.write(h.user_dir / "clouds.yaml", {"dev": cloud(region_name="R2")})
    cfg = h.load("dev")
    assert cfg.region_name == "R2"
    assert cfg.sources == [str(path)]


def test_os_client_config_file_wins(h: Home) -> None:
    h.write(h.cwd / "clouds.yaml", {"dev": cloud(region_name="CwdRegion")})
    named = h.write(h.root / "elsewhere" / "my-clouds.yaml", {"dev": cloud(region_name="Named")})
    cfg = h.load("dev", OS_CLIENT_CONFIG_FILE=str(named))
    assert cfg.region_name == "Named"
    assert cfg.sources == [str(named)]


def test_os_client_config_file_missing_is_an_error(h: Home) -> None:
    missing = h.root / "nope.yaml"
    with pytest.raises(ConfigError) as err:
        h.load("dev", OS_CLIENT_CONFIG_FILE=str(missing))
    assert "OS_CLIENT_CONFIG_FILE" in str(err.value)
    assert str(missing) in str(err.value)


def test_localcloud_clouds_yaml_is_searched_last(h: Home) -> None:
    path = h.write(h.localcloud / "clouds.yaml", {"local": cloud(region_name="Local")})
    (h.localcloud / "run.json").write_text("{}")
    cfg = h.load("local")
    assert cfg.region_name == "Local"
    assert cfg.sources == [str(path)]
    # A user's own "local" cloud wins over the local cloud's file.
    h.write(h.cwd / "clouds.yaml", {"local": cloud(region_name="Mine")})
    assert h.load("local").region_name == "Mine"


def test_localcloud_dir_defaults_under_xdg_state_home(h: Home) -> None:
    del h.env["OSTACK_LOCALCLOUD_DIR"]
    state = Path(h.env["XDG_STATE_HOME"]) / "ostack" / "localcloud"
    h.write(state / "clouds.yaml", {"local": cloud(region_name="Local")})
    (state / "run.json").write_text("{}")
    assert h.load("local").region_name == "Local"


def test_localcloud_not_running_is_an_error(h: Home) -> None:
    h.write(h.localcloud / "clouds.yaml", {"local": cloud()})
    with pytest.raises(ConfigError) as err:
        h.load("local")
    assert "not running" in str(err.value)
    assert "ostack localcloud start" in str(err.value)


# -- secure.yaml ------------------------------------------------------------------------------

def test_secure_yaml_is_merged(h: Home) -> None:
    auth = {k: v for k, v in AUTH.items() if k != "password"}
    clouds = h.write(h.cwd / "clouds.yaml", {"dev": {"auth": auth, "region_name": "R"}})
    secure = h.write(h.cwd / "secure.yaml", {"dev": {"auth": {"password": "from-secure"}}})
    cfg = h.load("dev")
    assert cfg.auth["password"] == "from-secure"
    assert cfg.auth["username"] == "alice"  # the auth mapping is merged, not replaced
    assert cfg.region_name == "R"
    assert cfg.sources == [str(clouds), str(secure)]


def test_secure_yaml_overrides_clouds_yaml_and_may_live_elsewhere(h: Home) -> None:
    h.write(h.cwd / "clouds.yaml", {"dev": cloud()})
    h.write(h.user_dir / "secure.yaml", {"dev": {"auth": {"password": "newer"},
                                                 "region_name": "SecureRegion"}})
    cfg = h.load("dev")
    assert cfg.auth["password"] == "newer"
    assert cfg.region_name == "SecureRegion"


def test_secure_yaml_of_another_cloud_is_ignored(h: Home) -> None:
    h.write(h.cwd / "clouds.yaml", {"dev": cloud()})
    h.write(h.cwd / "secure.yaml", {"prod": {"auth": {"password": "prod-secret"}}})
    assert h.load("dev").auth["password"] == "s3cret"


def test_os_client_secure_file(h: Home) -> None:
    h.write(h.cwd / "clouds.yaml", {"dev": cloud()})
    h.write(h.cwd / "secure.yaml", {"dev": {"auth": {"password": "cwd"}}})
    named = h.write(h.root / "s.yaml", {"dev": {"auth": {"password": "named"}}})
    cfg = h.load("dev", OS_CLIENT_SECURE_FILE=str(named))
    assert cfg.auth["password"] == "named"
    assert str(named) in cfg.sources


def test_os_client_secure_file_missing_is_an_error(h: Home) -> None:
    h.write(h.cwd / "clouds.yaml", {"dev": cloud()})
    with pytest.raises(ConfigError, match="OS_CLIENT_SECURE_FILE"):
        h.load("dev", OS_CLIENT_SECURE_FILE=str(h.root / "missing.yaml"))


# -- OS_* variables ---------------------------------------------------------------------------

OPENRC = {
    "OS_AUTH_URL": "http://keystone.example:5000/v3",
    "OS_USERNAME": "alice",
    "OS_PASSWORD": "s3cret",
    "OS_PROJECT_NAME": "demo",
    "OS_USER_DOMAIN_NAME": "Default",
    "OS_PROJECT_DOMAIN_NAME": "Default",
    "OS_REGION_NAME": "RegionOne",
    "OS_INTERFACE": "internal",
    "OS_IDENTITY_API_VERSION": "3",
}


def test_openrc_alone(h: Home) -> None:
    cfg = h.load(**OPENRC)
    assert cfg.name is None
    assert cfg.auth_type == "password"
    assert cfg.auth == AUTH
    assert cfg.region_name == "RegionOne"
    assert cfg.interface == "internal"
    assert cfg.api_versions == {"identity": "3"}
    assert cfg.sources == ["OS_* environment"]


@pytest.mark.parametrize("var,key", [
    ("OS_AUTH_URL", "auth_url"),
    ("OS_USERNAME", "username"),
    ("OS_USER_ID", "user_id"),
    ("OS_PASSWORD", "password"),
    ("OS_PROJECT_NAME", "project_name"),
    ("OS_PROJECT_ID", "project_id"),
    ("OS_USER_DOMAIN_NAME", "user_domain_name"),
    ("OS_USER_DOMAIN_ID", "user_domain_id"),
    ("OS_PROJECT_DOMAIN_NAME", "project_domain_name"),
    ("OS_PROJECT_DOMAIN_ID", "project_domain_id"),
    ("OS_DOMAIN_NAME", "domain_name"),
    ("OS_DOMAIN_ID", "domain_id"),
    ("OS_SYSTEM_SCOPE", "system_scope"),
    ("OS_TENANT_NAME", "project_name"),
    ("OS_TENANT_ID", "project_id"),
])
def test_each_openrc_auth_variable(h: Home, var: str, key: str) -> None:
    env = {"OS_AUTH_URL": "http://k/v3", "OS_USER_ID": "u1", "OS_PASSWORD": "p", var: "VALUE"}
    assert h.load(**env).auth[key] == "VALUE"


@pytest.mark.parametrize("var,attr,value,expected", [
    ("OS_REGION_NAME", "region_name", "RegionTwo", "RegionTwo"),
    ("OS_INTERFACE", "interface", "admin", "admin"),
    ("OS_INTERFACE", "interface", "internalURL", "internal"),
    ("OS_INTERFACE", "interface", "PublicURL", "public"),
    ("OS_INSECURE", "verify", "true", False),
    ("OS_INSECURE", "verify", "0", True),
    ("OS_API_TIMEOUT", "timeout", "7.5", 7.5),
    ("OS_TOKEN_CACHE", "token_cache", "no", False),
])
def test_each_openrc_cloud_variable(
    h: Home, var: str, attr: str, value: str, expected: Any
) -> None:
    assert getattr(h.load(**{**OPENRC, var: value}), attr) == expected


def test_tenant_alias_loses_to_project_variable(h: Home) -> None:
    cfg = h.load(**{**OPENRC, "OS_TENANT_NAME": "old", "OS_PROJECT_NAME": "new"})
    assert cfg.auth["project_name"] == "new"


def test_empty_variables_are_ignored(h: Home) -> None:
    h.write(h.cwd / "clouds.yaml", {"dev": cloud()})
    cfg = h.load("dev", OS_REGION_NAME="", OS_PASSWORD="")
    assert cfg.region_name == "RegionOne"
    assert cfg.auth["password"] == "s3cret"


@pytest.mark.parametrize("var,service,value", [
    ("OS_IDENTITY_API_VERSION", "identity", "3"),
    ("OS_COMPUTE_API_VERSION", "compute", "2.79"),
    ("OS_IMAGE_API_VERSION", "image", "2"),
    ("OS_NETWORK_API_VERSION", "network", "2"),
    ("OS_VOLUME_API_VERSION", "block-storage", "3.59"),
    ("OS_BLOCK_STORAGE_API_VERSION", "block-storage", "3.60"),
    ("OS_OBJECT_STORE_API_VERSION", "object-store", "1"),
    ("OS_PLACEMENT_API_VERSION", "placement", "1.39"),
    ("OS_LOAD_BALANCER_API_VERSION", "load-balancer", "2"),
])
def test_service_api_versions(h: Home, var: str, service: str, value: str) -> None:
    env = {k: v for k, v in OPENRC.items() if k != "OS_IDENTITY_API_VERSION"}
    assert h.load(**{**env, var: value}).api_versions == {service: value}


def test_os_cloud_selects_the_cloud(h: Home) -> None:
    h.write(h.cwd / "clouds.yaml", {"dev": cloud(region_name="D"), "prod": cloud(region_name="P")})
    assert h.load(OS_CLOUD="prod").name == "prod"
    assert h.load(OS_CLOUD="prod").region_name == "P"
    assert h.load("dev", OS_CLOUD="prod").region_name == "D"  # the argument wins


def test_use_env_false_ignores_os_variables_and_os_cloud(h: Home) -> None:
    h.write(h.cwd / "clouds.yaml", {"dev": cloud()})
    cfg = h.load("dev", use_env=False, OS_CLOUD="prod", OS_REGION_NAME="FromEnv",
                 OS_PASSWORD="env-pw")
    assert cfg.region_name == "RegionOne"
    assert cfg.auth["password"] == "s3cret"
    assert cfg.sources == [str(h.cwd / "clouds.yaml")]
    with pytest.raises(ConfigError, match="no cloud selected"):
        h.load(use_env=False, **OPENRC)


# -- precedence -------------------------------------------------------------------------------

def test_env_overrides_clouds_yaml(h: Home) -> None:
    path = h.write(h.cwd / "clouds.yaml", {"dev": cloud(interface="public")})
    cfg = h.load("dev", OS_REGION_NAME="RegionTwo", OS_PASSWORD="from-env",
                 OS_INTERFACE="admin")
    assert cfg.region_name == "RegionTwo"
    assert cfg.auth["password"] == "from-env"
    assert cfg.interface == "admin"
    assert cfg.auth["username"] == "alice"  # what the env leaves out stays
    assert cfg.sources == [str(path), "OS_* environment"]


def test_options_override_env(h: Home) -> None:
    h.write(h.cwd / "clouds.yaml", {"dev": cloud()})
    cfg = h.load(
        "dev",
        {"region_name": "FromOption", "password": "opt-pw", "username": None,
         "tenant_name": "opt-project"},
        OS_REGION_NAME="FromEnv", OS_PASSWORD="env-pw", OS_USERNAME="env-user",
    )
    assert cfg.region_name == "FromOption"
    assert cfg.auth["password"] == "opt-pw"
    assert cfg.auth["username"] == "env-user"  # None options do not erase anything
    assert cfg.auth["project_name"] == "opt-project"  # old spelling accepted
    assert cfg.sources[-1] == "options"


def test_options_alone_are_enough(h: Home) -> None:
    cfg = h.load(options={"auth_url": "http://k/v3", "user_id": "u", "password": "p"})
    assert cfg.auth == {"auth_url": "http://k/v3", "user_id": "u", "password": "p"}
    assert cfg.sources == ["options"]


def test_verify_option_beats_os_insecure(h: Home) -> None:
    # `ostack --verify` while OS_INSECURE=true is exported: the command line wins.
    cfg = h.load(options={"verify": True}, **{**OPENRC, "OS_INSECURE": "true"})
    assert cfg.verify is True


def test_os_insecure_false_beats_clouds_yaml_verify_false(h: Home) -> None:
    h.write(h.cwd / "clouds.yaml", {"dev": cloud(verify=False)})
    assert h.load("dev").verify is False
    assert h.load("dev", OS_INSECURE="false").verify is True


def test_insecure_option_beats_clouds_yaml_verify(h: Home) -> None:
    h.write(h.cwd / "clouds.yaml", {"dev": cloud(verify=True)})
    assert h.load("dev", {"insecure": True}).verify is False


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


# -- what the result is used for --------------------------------------------------------------

def test_identity_key_and_repr_hide_secrets(h: Home) -> None:
    cfg = h.load(**OPENRC, OS_TOKEN="tok-123")
    key = cfg.identity_key()
    assert "password" not in key and "token" not in key
    assert key["username"] == "alice" and key["auth_type"] == "password"
    assert "s3cret" not in repr(cfg) and "tok-123" not in repr(cfg)


def test_describe_names_cloud_and_sources(h: Home) -> None:
    path = h.write(h.cwd / "clouds.yaml", {"dev": cloud()})
    text = h.load("dev", OS_REGION_NAME="R").describe()
    assert "cloud 'dev'" in text and str(path) in text and "OS_* environment" in text


def test_config_builds_the_plugin_it_describes(h: Home) -> None:
    h.write(h.cwd / "clouds.yaml", {"dev": cloud()})
    cfg = h.load("dev", OS_SYSTEM_SCOPE="all", OS_PROJECT_NAME="")
    plugin = plugin_from_auth(cfg.auth_type, cfg.auth)
    assert plugin.identity() == {
        "methods": ["password"],
        "password": {"user": {"name": "alice", "domain": {"name": "Default"},
                              "password": "s3cret"}},
    }
    # project_name from clouds.yaml stays (an empty variable does not erase it).
    assert plugin.scope() == {"project": {"name": "demo", "domain": {"name": "Default"}}}


# -- the parsed-configuration cache -------------------------------------------------------------


def test_parsed_clouds_yaml_is_cached_privately_and_follows_edits(h: Home) -> None:
    path = h.write(h.cwd / "clouds.yaml", {"c": cloud()})
    assert h.load("c").region_name == "RegionOne"
    cached = list((h.home / ".cache" / "ostack" / "config").glob("*.json"))
    assert len(cached) == 1
    assert cached[0].stat().st_mode & 0o777 == 0o600
    assert cached[0].parent.stat().st_mode & 0o777 == 0o700
    # A second load answers from the cache, with the same result.
    assert h.load("c").auth["password"] == "s3cret"
    # An edit (new size and time) is seen at once.
    h.write(path, {"c": cloud(region_name="RegionTwo")})
    assert h.load("c").region_name == "RegionTwo"


def test_damaged_config_cache_is_ignored(h: Home) -> None:
    h.write(h.cwd / "clouds.yaml", {"c": cloud()})
    h.load("c")
    (cached,) = (h.home / ".cache" / "ostack" / "config").glob("*.json")
    cached.write_text("{not json")
    assert h.load("c").region_name == "RegionOne"


def test_yaml_errors_are_not_cached(h: Home) -> None:
    (h.cwd / "clouds.yaml").write_text("clouds: [unclosed\n")
    for _ in range(2):
        with pytest.raises(ConfigError, match="not valid YAML"):
            h.load("c")
