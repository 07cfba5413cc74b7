"""`extension list|show`: the API extensions of compute, block storage and network, as the
official client prints them (Keystone v3 has none: `--identity` lists nothing)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.official


def test_extension_list(differ):
    mine, _ = differ.same("extension", "list")
    aliases = {row["Alias"] for row in mine.data}
    assert {"os-availability-zone", "quotas", "os-quota-sets"} <= aliases
    differ.same("extension", "list", "--long")
    differ.same("extension", "list", "--long", fmt="table")
    differ.same("extension", "list", fmt="csv")


@pytest.mark.parametrize("service", ["--compute", "--volume", "--network"])
def test_extension_list_one_service(differ, service):
    mine, official = differ.same("extension", "list", service, "--long")
    assert official.data and mine.stderr == official.stderr == ""


def test_extension_list_identity_is_empty(differ):
    mine, official = differ.same("extension", "list", "--identity", "--long")
    assert mine.data == official.data == []


def test_extension_show(differ):
    differ.same("extension", "show", "quotas")
    differ.same("extension", "show", "Availability Zone")
    differ.same("extension", "show", "router", fmt="table")
    differ.same("extension", "show", "router", fmt="shell")


def test_extension_show_missing(differ):
    mine, official = differ.same("extension", "show", "no-such-extension", code=1)
    assert "No Extension found for no-such-extension" in official.stderr
    assert "No Extension found for no-such-extension" in mine.stderr
