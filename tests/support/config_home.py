"""A fake user for the tests of ostack.config: a working folder, a user config folder and an
env dict, all in tmp_path, so the real home and working folder are never read (the `h` fixture
of tests/unit/conftest.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from ostack import config

AUTH = {
    "auth_url": "http://keystone.example:5000/v3",
    "username": "alice",
    "password": "s3cret",
    "project_name": "demo",
    "user_domain_name": "Default",
    "project_domain_name": "Default",
}


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


def cloud(**extra: Any) -> dict[str, Any]:
    """A clouds.yaml entry with password auth, plus `extra` at the top level."""
    return {"auth": dict(AUTH), "region_name": "RegionOne", **extra}
