"""Tests of ostack.config: where clouds.yaml and secure.yaml are found and how they merge.

Every test runs in an empty folder of its own with HOME, XDG_CONFIG_HOME and the local cloud's
folder pointed into tmp_path (the `h` fixture), so the real home and working folder are never read.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.support.config_home import AUTH, Home, cloud

from ostack.exceptions import ConfigError

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
