"""Tests of ostack.config: what a CloudConfig is used for, and the parsed-configuration cache.

Every test runs in an empty folder of its own with HOME, XDG_CONFIG_HOME and the local cloud's
folder pointed into tmp_path (the `h` fixture), so the real home and working folder are never read.
"""

from __future__ import annotations

import pytest
from tests.support.config_home import OPENRC, Home, cloud

from ostack.auth.plugins import plugin_from_auth
from ostack.exceptions import ConfigError

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
