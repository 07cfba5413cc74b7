"""`image metadef namespace create|delete|list|set|show|unset`: the same output as the
official client."""

from __future__ import annotations

import re
import uuid

import pytest

pytestmark = pytest.mark.official


def _untimed(text: str) -> str:
    """A table with its timestamps masked (the two clients' objects were made apart)."""
    return re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?", "<time>", text)


OWN = {"namespace"}


def _names() -> tuple[str, str]:
    suffix = uuid.uuid4().hex[:8]
    return f"ost-ns-{suffix}", f"osc-ns-{suffix}"


@pytest.fixture
def namespaces(differ):
    names = _names()
    mine, official = differ.pair(
        *[["image", "metadef", "namespace", "create", name, "--display-name", "A namespace",
           "--description", "for tests", "--public", "--protected"] for name in names])
    differ.assert_same(mine, official, ignore=OWN)
    assert mine.data["protected"] is True and mine.data["visibility"] == "public"
    yield names
    for name in names:
        differ.run("ostack", ["image", "metadef", "namespace", "set", name, "--unprotected"],
                   None)
        differ.run("ostack", ["image", "metadef", "namespace", "delete", name], None)


def test_namespace_show_list(differ, namespaces):
    ours, theirs = namespaces
    mine, official = differ.pair(["image", "metadef", "namespace", "show", ours],
                                 ["image", "metadef", "namespace", "show", theirs])
    differ.assert_same(mine, official, ignore=OWN)
    mine, official = differ.pair(["image", "metadef", "namespace", "show", ours],
                                 ["image", "metadef", "namespace", "show", theirs], fmt="table")
    assert _untimed(mine.stdout.replace(ours, theirs)) == _untimed(official.stdout)
    differ.same("image", "metadef", "namespace", "list")
    differ.same("image", "metadef", "namespace", "list", fmt="table")
    differ.same("image", "metadef", "namespace", "list", "--visibility", "public")
    differ.same("image", "metadef", "namespace", "list", "--resource-types",
                "OS::Glance::Image")
    differ.same("image", "metadef", "namespace", "show", "no-such-namespace", code=1)
    differ.same("image", "metadef", "namespace", "create", code=2)


def test_namespace_set_unset(differ, namespaces):
    ours, theirs = namespaces
    differ.pair(*[["image", "metadef", "namespace", "set", name, "--display-name", "Renamed",
                   "--private", "--tag", "red", "--tag", "blue", "--tag", "green"]
                  for name in namespaces], fmt=None)
    mine, official = differ.pair(["image", "metadef", "namespace", "show", ours],
                                 ["image", "metadef", "namespace", "show", theirs])
    differ.assert_same(mine, official, ignore=OWN)
    assert len(mine.data["tags"]) == 3
    mine, official = differ.pair(["image", "metadef", "namespace", "show", ours, "-c", "tags"],
                                 ["image", "metadef", "namespace", "show", theirs, "-c",
                                  "tags"], fmt="table")
    assert mine.stdout == official.stdout
    # Unset one tag and a missing one: one failure, exit 1.
    mine, official = differ.pair(*[["image", "metadef", "namespace", "unset", name, "--tag",
                                    "red", "--tag", "nope"] for name in namespaces],
                                 fmt=None, code=1)
    for out in (mine, official):
        assert "tag unset failed for tag nope" in out.stderr
        assert "Failed to unset 1 of 2 tags." in out.stderr
    mine, official = differ.pair(["image", "metadef", "namespace", "show", ours],
                                 ["image", "metadef", "namespace", "show", theirs])
    differ.assert_same(mine, official, ignore=OWN)
    differ.pair(*[["image", "metadef", "namespace", "unset", name, "--all-tags"]
                  for name in namespaces], fmt=None)
    mine, official = differ.pair(["image", "metadef", "namespace", "show", ours],
                                 ["image", "metadef", "namespace", "show", theirs])
    differ.assert_same(mine, official, ignore=OWN)
    assert mine.data["tags"] == []
    differ.same("image", "metadef", "namespace", "unset", ours, fmt=None, code=2)
    differ.same("image", "metadef", "namespace", "unset", ours, "--tag", "a", "--all-tags",
                fmt=None, code=2)
    differ.same("image", "metadef", "namespace", "set", "no-such-namespace", "--public",
                fmt=None, code=1)


def test_namespace_delete(differ):
    names = _names()
    differ.pair(*[["image", "metadef", "namespace", "create", name, "--protected"]
                  for name in names])
    mine, official = differ.pair(*[["image", "metadef", "namespace", "delete", name, "nope"]
                                   for name in names], fmt=None, code=1)
    for out in (mine, official):
        assert "Failed to delete namespace with name or ID 'nope'" in out.stderr
        assert "2 of 2 namespace failed to delete." in out.stderr  # protected, and missing
    differ.pair(*[["image", "metadef", "namespace", "set", name, "--unprotected"]
                  for name in names], fmt=None)
    differ.pair(*[["image", "metadef", "namespace", "delete", name] for name in names],
                fmt=None)
    differ.pair(*[["image", "metadef", "namespace", "show", name] for name in names], code=1)
