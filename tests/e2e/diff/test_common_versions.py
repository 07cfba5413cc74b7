"""`versions show`: every service's versions and microversion ranges from discovery, in the
official client's order and wording (statuses normalized, Swift's inferred from its URL)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.official


def test_versions_show(differ):
    mine, _ = differ.same("versions", "show")
    types = {row["Service Type"] for row in mine.data}
    assert {"compute", "identity", "image", "network", "block-storage",
            "object-store"} <= types
    differ.same("versions", "show", fmt="table")


@pytest.mark.parametrize("options", [
    ["--all-interfaces"], ["--interface", "internal", "--status", "SUPPORTED"],
    ["--service", "volume"], ["--service", "object-store"], ["--status", "current"],
    ["--region-name", "RegionOne", "--service", "image"], ["--region-name", "nowhere"],
])
def test_versions_show_filtered(differ, options):
    differ.same("versions", "show", *options)


def test_versions_show_interface_options_exclude_each_other(differ):
    mine, official = differ.same("versions", "show", "--all-interfaces", "--interface",
                                 "public", code=2)
    assert "not allowed with argument" in mine.stderr
    assert "not allowed with argument" in official.stderr
