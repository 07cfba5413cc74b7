"""`configuration show`: the resolved configuration, secrets masked unless --unmask.

The official client also prints openstacksdk's own defaults that ostack has no use for
(`additional_user_agent`, `baremetal_*_retries`, `beta_command`, `default_domain`,
`deferred_help`, `disable_vendor_agent`, `floating_ip_source`, `image_api_use_tasks`,
`image_format`, `image_status_code_retries`, `message`, `network_api_version`, `networks`,
`object_store_api_version`, `secgroup_source`, `share_api_version`, `status`). Compared are:
every `auth.*` key (the same keys and values), and the value of every key both clients print;
ostack prints no key the official client lacks.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.official


def _compare(mine, official):
    ours, theirs = mine.data, official.data
    assert set(ours) <= set(theirs), f"ostack prints keys the official does not: " \
        f"{sorted(set(ours) - set(theirs))}"
    auth_ours = {k: v for k, v in ours.items() if k.startswith("auth.")}
    auth_theirs = {k: v for k, v in theirs.items() if k.startswith("auth.")}
    assert auth_ours == auth_theirs
    assert {k: ours[k] for k in ours} == {k: theirs[k] for k in ours}
    assert list(ours) == sorted(ours)
    for key in ("cloud", "auth_type", "region_name", "interface", "verify",
                "identity_api_version", "auth.username", "auth.auth_url"):
        assert key in ours, key


def test_configuration_show_masks_secrets(differ):
    mine, official = differ.pair(["configuration", "show"])
    _compare(mine, official)
    assert mine.data["auth.password"] == "<redacted>"


def test_configuration_show_unmask(differ):
    mine, official = differ.pair(["configuration", "show", "--unmask"])
    _compare(mine, official)
    assert mine.data["auth.password"] == differ.cloud.password()


def test_configuration_show_with_global_options(differ):
    argv = ["--os-cloud", "local-demo", "--os-region-name", "RegionOne", "--os-interface",
            "internal", "--timing", "configuration", "show", "--mask"]
    mine, official = differ.pair(argv)
    _compare(mine, official)
    assert mine.data["region_name"] == "RegionOne" and mine.data["timing"] is True
    assert mine.data["auth.username"] == "demo" and mine.data["interface"] == "internal"


def test_configuration_show_options_exclude_each_other(differ):
    mine, official = differ.pair(["configuration", "show", "--mask", "--unmask"], code=2)
    assert "not allowed with argument" in mine.stderr
