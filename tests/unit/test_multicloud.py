"""The targets of `--os-cloud a,b`, `--all-clouds` and `--os-region-name R1,R2`
(ostack.multicloud): names split, each cloud in each region, every cloud of clouds.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from ostack.multicloud import Target, cloud_names, split_names, targets


def test_split_names_drops_blanks_and_repeats() -> None:
    assert split_names("a, b,,a ,c") == ["a", "b", "c"]
    assert split_names(["x", " y", "x"]) == ["x", "y"]
    assert split_names(None) == [] and split_names(",") == []


def test_each_cloud_in_each_region_cloud_by_cloud() -> None:
    assert targets(["a", "b"], ["R1", "R2"]) == [
        Target("a", "R1"), Target("a", "R2"), Target("b", "R1"), Target("b", "R2")]
    assert targets(["a"]) == [("a", None)]


def test_cloud_names_of_every_clouds_yaml_in_order(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    override = tmp_path / "override.yaml"
    override.write_text("clouds:\n  east: {}\n  west: {}\n")
    here = tmp_path / "here"
    here.mkdir()
    (here / "clouds.yaml").write_text("clouds:\n  west: {}\n  north: {}\n")
    local = tmp_path / "local"
    local.mkdir()
    (local / "clouds.yaml").write_text("clouds:\n  local: {}\n  local-demo: {}\n")
    monkeypatch.chdir(here)
    env = {"OS_CLIENT_CONFIG_FILE": str(override), "XDG_CONFIG_HOME": str(tmp_path / "none"),
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "OSTACK_LOCALCLOUD_DIR": str(local),
           "HOME": str(tmp_path)}
    assert cloud_names(env) == ["east", "west", "north"]  # the local cloud is not running
    (local / "run.json").write_text("{}")
    assert cloud_names(env) == ["east", "west", "north", "local", "local-demo"]
