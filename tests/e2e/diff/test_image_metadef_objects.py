"""`image metadef object create|delete|list|show|update` and `image metadef object property
show`: the same output as the official client."""

from __future__ import annotations

import re
import uuid

import pytest

pytestmark = pytest.mark.official


def _untimed(text: str) -> str:
    """A table with its timestamps masked (the two clients' objects were made apart)."""
    return re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?", "<time>", text)


OWN = {"namespace_name"}


@pytest.fixture
def namespaces(differ, localcloud):
    from tests.support.sdk import connect

    conn, close = connect("sync", localcloud)
    suffix = uuid.uuid4().hex[:8]
    names = f"ost-obj-{suffix}", f"osc-obj-{suffix}"
    for name in names:
        conn.image.create_metadef_namespace(namespace=name)
        conn.image.create_metadef_object(name, name="shaped", description="with properties",
                                         required=["size"], properties={
                                             "size": {"type": "integer", "title": "Size",
                                                      "minimum": 1},
                                             "shape": {"type": "string", "title": "Shape",
                                                       "enum": ["round", "square"]}})
    yield names
    for name in names:
        conn.image.delete_metadef_namespace(name)
    close()


def test_objects(differ, namespaces):
    ours, theirs = namespaces
    mine, official = differ.pair(
        *[["image", "metadef", "object", "create", "--namespace", name, "plain"]
          for name in namespaces])
    differ.assert_same(mine, official, ignore=OWN)
    for fmt in ("json", "table"):
        for obj in ("plain", "shaped"):
            mine, official = differ.pair(
                ["image", "metadef", "object", "show", ours, obj],
                ["image", "metadef", "object", "show", theirs, obj], fmt=fmt)
            if fmt == "json":
                differ.assert_same(mine, official, ignore=OWN)
            else:
                assert _untimed(mine.stdout.replace(ours, theirs)) == \
                    _untimed(official.stdout)
        mine, official = differ.pair(["image", "metadef", "object", "list", ours],
                                     ["image", "metadef", "object", "list", theirs], fmt=fmt)
        assert mine.stdout == official.stdout
    differ.same("image", "metadef", "object", "show", ours, "nope", code=1)
    differ.same("image", "metadef", "object", "list", "no-such-namespace", code=1)
    differ.same("image", "metadef", "object", "create", "--namespace", "no-such-namespace",
                "x", code=1)


def test_object_property_show(differ, namespaces):
    ours, theirs = namespaces
    for prop in ("size", "shape"):
        for fmt in ("json", "table"):
            mine, official = differ.pair(
                ["image", "metadef", "object", "property", "show", ours, "shaped", prop],
                ["image", "metadef", "object", "property", "show", theirs, "shaped", prop],
                fmt=fmt)
            assert mine.stdout == official.stdout
    mine, official = differ.pair(
        ["image", "metadef", "object", "property", "show", ours, "shaped", "colour"],
        ["image", "metadef", "object", "property", "show", theirs, "shaped", "colour"],
        code=1)
    for out in (mine, official):
        assert "Property colour not found in object shaped." in out.stderr


def test_object_update_delete(differ, namespaces):
    ours, theirs = namespaces
    differ.pair(*[["image", "metadef", "object", "update", name, "shaped"]
                  for name in namespaces], fmt=None)
    differ.pair(*[["image", "metadef", "object", "update", name, "shaped", "--name",
                   "reshaped"] for name in namespaces], fmt=None)
    mine, official = differ.pair(["image", "metadef", "object", "show", ours, "reshaped"],
                                 ["image", "metadef", "object", "show", theirs, "reshaped"])
    differ.assert_same(mine, official, ignore=OWN)
    differ.same("image", "metadef", "object", "update", ours, "nope", "--name", "x",
                fmt=None, code=1)
    differ.same("image", "metadef", "object", "delete", "no-such-namespace", "x", fmt=None,
                code=1)
    mine, official = differ.pair(*[["image", "metadef", "object", "delete", name, "reshaped",
                                    "nope"] for name in namespaces], fmt=None, code=1)
    for out in (mine, official):
        assert "Failed to delete object with name or ID 'nope'" in out.stderr
    differ.pair(["image", "metadef", "object", "list", ours],
                ["image", "metadef", "object", "list", theirs])
    # No object named: every object of the namespace goes.
    differ.pair(*[["image", "metadef", "object", "delete", name] for name in namespaces],
                fmt=None)
    mine, official = differ.pair(["image", "metadef", "object", "list", ours],
                                 ["image", "metadef", "object", "list", theirs])
    assert mine.data == official.data == []
