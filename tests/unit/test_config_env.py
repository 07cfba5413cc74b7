"""Tests of ostack.config: the OS_* variables and their precedence over files and under options.

Every test runs in an empty folder of its own with HOME, XDG_CONFIG_HOME and the local cloud's
folder pointed into tmp_path (the `h` fixture), so the real home and working folder are never read.
"""

from __future__ import annotations

from typing import Any

import pytest
from tests.support.config_home import AUTH, OPENRC, Home, cloud

from ostack.exceptions import ConfigError

# -- OS_* variables ---------------------------------------------------------------------------


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
