"""`address scope *`: ostack prints what the official client prints, on the same local
cloud."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.official


def test_address_scope_lifecycle(differ):
    tag = uuid.uuid4().hex[:8]
    ours, theirs = f"ost-{tag}", f"osc-{tag}"
    try:
        mine, official = differ.pair(
            ["address", "scope", "create", ours, "--ip-version", "6", "--project", "demo"],
            ["address", "scope", "create", theirs, "--ip-version", "6", "--project", "demo"])
        differ.assert_same(mine, official, ignore={"id", "name"})
        differ.pair(["address", "scope", "set", ours, "--name", ours + "x", "--share"],
                    ["address", "scope", "set", theirs, "--name", theirs + "x", "--share"],
                    fmt=None)
        mine, official = differ.pair(["address", "scope", "show", ours + "x"],
                                     ["address", "scope", "show", theirs + "x"], fmt="table")
        assert "| shared" in mine.stdout and "True" in mine.stdout
        differ.same("address", "scope", "list", "--ip-version", "6", "--share", "--project",
                    "demo", "--limit", "1", key="Name", ignore={"ID", "Name"})
        # Neutron refuses to unshare a shared scope: both fail alike.
        mine, official = differ.pair(["address", "scope", "set", ours + "x", "--no-share"],
                                     ["address", "scope", "set", theirs + "x", "--no-share"],
                                     fmt=None, code=1)
        assert "can't be unshared" in mine.stderr and "can't be unshared" in official.stderr
    finally:
        mine, official = differ.pair(["address", "scope", "delete", ours + "x", "nope"],
                                     ["address", "scope", "delete", theirs + "x", "nope"],
                                     fmt=None, code=1)
        assert "1 of 2 address scopes failed to delete." in mine.stderr
        assert "1 of 2 address scopes failed to delete." in official.stderr
