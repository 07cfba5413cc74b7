"""`domain *`: ostack prints what the official client prints, on the same local cloud."""

from __future__ import annotations

import uuid

import pytest
from tests.support.differential import Differ

pytestmark = pytest.mark.official


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_domain_lifecycle(differ):
    differ.same("domain", "show", "default", fmt="table")
    ours, theirs = _name("ost-dom"), _name("osc-dom")
    try:
        mine, official = differ.pair(["domain", "create", ours, "--description", "d"],
                                     ["domain", "create", theirs, "--description", "d"])
        differ.assert_same(mine, official, ignore={"id", "name"})
        mine, official = differ.pair(["domain", "create", ours, "--or-show"],
                                     ["domain", "create", theirs, "--or-show"])
        differ.assert_same(mine, official, ignore={"id", "name"})
        differ.pair(["domain", "set", ours, "--description", "e", "--disable", "--immutable"],
                    ["domain", "set", theirs, "--description", "e", "--disable", "--immutable"],
                    fmt=None)
        mine, official = differ.pair(["domain", "show", ours], ["domain", "show", theirs])
        differ.assert_same(mine, official, ignore={"id", "name"})
        assert mine.data["description"] == "e" and not mine.data["enabled"]
        differ.pair(["domain", "set", ours, "--no-immutable"],
                    ["domain", "set", theirs, "--no-immutable"], fmt=None)
        mine, official = differ.pair(["domain", "list", "--name", ours],
                                     ["domain", "list", "--name", theirs])
        differ.assert_same(mine, official, ignore={"ID", "Name"})
        differ.same("domain", "list", "--enabled", "--name", "Default")
        # A member may not create domains: Keystone's 403, exit 1 for both.
        member = Differ(differ.cloud, "local-demo")
        for client in ("ostack", "openstack"):
            out = member.run(client, ["domain", "create", ours + "-m"], fmt=None)
            assert out.code == 1 and "identity:create_domain" in out.stderr, out.describe()
        mine, official = differ.pair(["domain", "delete", ours, "nope-" + ours],
                                     ["domain", "delete", theirs, "nope-" + theirs],
                                     fmt=None, code=1)
        for out in (mine, official):
            assert "1 of 2 domains failed to delete." in out.stderr
        differ.same("domain", "show", ours, code=1)
    finally:
        for client, name in (("ostack", ours), ("openstack", theirs)):
            differ.run(client, ["domain", "set", name, "--disable"], fmt=None)
            differ.run(client, ["domain", "delete", name], fmt=None)
