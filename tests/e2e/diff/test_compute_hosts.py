"""`host list|set|show` (os-hosts, deprecated; both clients ask for microversion 2.1)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.official

DEPRECATED = "API has been deprecated; consider using"


def test_host_list(differ):
    mine, official = differ.same("host", "list")
    assert f"{DEPRECATED} 'hypervisor list' instead." in mine.stderr
    assert f"{DEPRECATED} 'hypervisor list' instead." in official.stderr
    differ.same("host", "list", "--zone", "nova")
    differ.same("host", "list", "--zone", "internal", fmt="table")
    differ.same("host", "list", "--zone", "no-such-zone")


def test_host_show(differ):
    mine, official = differ.same("host", "show", "compute1")
    assert [row["Project"] for row in mine.data][:3] == ["(total)", "(used_now)", "(used_max)"]
    assert f"{DEPRECATED} 'hypervisor show' instead." in mine.stderr
    differ.same("host", "show", "compute2", fmt="table")
    mine, official = differ.same("host", "show", "no-such-host", code=1)
    for outcome in (mine, official):
        assert "Compute host no-such-host could not be found." in outcome.stderr


def test_host_set(differ):
    # Nothing asked: nothing sent, exit 0 (after the warning).
    mine, official = differ.pair(["host", "set", "compute1"], fmt=None)
    assert mine.stdout == official.stdout == ""
    assert f"{DEPRECATED} 'compute service set' instead." in mine.stderr
    # libvirt hosts implement neither: Nova answers 501, both exit 1.
    for option in ("--enable", "--disable-maintenance"):
        mine, official = differ.pair(["host", "set", "compute1", option], fmt=None, code=1)
        for outcome in (mine, official):
            assert "The requested functionality is not supported." in outcome.stderr
    differ.pair(["host", "set", "no-such-host", "--disable"], fmt=None, code=1)
    # Contradictory options are usage errors.
    differ.pair(["host", "set", "compute1", "--enable", "--disable"], fmt=None, code=2)
