"""`image metadef property create|delete|list|set|show`: the same output as the official
client."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.official


@pytest.fixture
def namespaces(localcloud):
    from tests.support.sdk import connect

    conn, close = connect("sync", localcloud)
    suffix = uuid.uuid4().hex[:8]
    names = f"ost-prop-{suffix}", f"osc-prop-{suffix}"
    for name in names:
        conn.image.create_metadef_namespace(namespace=name)
    yield names
    for name in names:
        conn.image.delete_metadef_namespace(name)
    close()


def test_properties(differ, namespaces):
    ours, theirs = namespaces
    schema = '{"enum": ["a", "b"], "default": "a", "description": "pick one", "readonly": true}'
    mine, official = differ.pair(
        *[["image", "metadef", "property", "create", "--name", "choice", "--title", "Choice",
           "--type", "string", "--schema", schema, name] for name in namespaces])
    differ.assert_same(mine, official)
    differ.pair(*[["image", "metadef", "property", "create", "--name", "count", "--title",
                   "Count", "--type", "integer", "--schema", '{"minimum": 0, "maximum": 9}',
                   name] for name in namespaces])
    for fmt in ("json", "table"):
        for prop in ("choice", "count"):
            mine, official = differ.pair(
                ["image", "metadef", "property", "show", ours, prop],
                ["image", "metadef", "property", "show", theirs, prop], fmt=fmt)
            assert mine.stdout == official.stdout
        mine, official = differ.pair(["image", "metadef", "property", "list", ours],
                                     ["image", "metadef", "property", "list", theirs],
                                     fmt=fmt)
        assert mine.stdout == official.stdout
    differ.same("image", "metadef", "property", "show", ours, "nope", code=1)
    differ.same("image", "metadef", "property", "create", "--name", "x", "--title", "X",
                "--type", "string", "--schema", "{not json", ours, code=1)
    differ.same("image", "metadef", "property", "create", "--name", "x", ours, code=2)
    # Set: the title and the schema change, the rest is sent again as it was shown.
    differ.pair(*[["image", "metadef", "property", "set", name, "choice", "--title", "Pick",
                   "--schema", '{"enum": ["a", "b", "c"]}'] for name in namespaces], fmt=None)
    mine, official = differ.pair(["image", "metadef", "property", "show", ours, "choice"],
                                 ["image", "metadef", "property", "show", theirs, "choice"])
    differ.assert_same(mine, official)
    assert mine.data["title"] == "Pick" and mine.data["enum"] == ["a", "b", "c"]
    differ.same("image", "metadef", "property", "set", ours, "nope", "--title", "x",
                fmt=None, code=1)
    differ.same("image", "metadef", "property", "delete", "no-such-namespace", "x", fmt=None,
                code=1)
    mine, official = differ.pair(*[["image", "metadef", "property", "delete", name, "choice",
                                    "nope"] for name in namespaces], fmt=None, code=1)
    for out in (mine, official):
        assert "Failed to delete property with name or ID 'nope'" in out.stderr
    differ.pair(*[["image", "metadef", "property", "delete", name] for name in namespaces],
                fmt=None)
    mine, official = differ.pair(["image", "metadef", "property", "list", ours],
                                 ["image", "metadef", "property", "list", theirs])
    assert mine.data == official.data == []
