"""`image metadef resource type list` and `image metadef resource type association
create|delete|list`: the same output as the official client."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.official


@pytest.fixture
def namespaces(localcloud):
    from tests.support.sdk import connect

    conn, close = connect("sync", localcloud)
    suffix = uuid.uuid4().hex[:8]
    names = f"ost-rt-{suffix}", f"osc-rt-{suffix}"
    for name in names:
        conn.image.create_metadef_namespace(namespace=name, protected=True)
    yield names
    for name in names:
        conn.image.update_metadef_namespace(name, protected=False)
        conn.image.delete_metadef_namespace(name)
    close()


def test_resource_type_list(differ):
    differ.same("image", "metadef", "resource", "type", "list")
    differ.same("image", "metadef", "resource", "type", "list", fmt="table")


def test_resource_type_associations(differ, namespaces):
    ours, theirs = namespaces
    mine, official = differ.pair(
        *[["image", "metadef", "resource", "type", "association", "create", name,
           "OS::Glance::Image", "--properties-target", "image"] for name in namespaces])
    differ.assert_same(mine, official)
    differ.pair(*[["image", "metadef", "resource", "type", "association", "create", name,
                   "OS::Nova::Flavor"] for name in namespaces])
    for fmt in ("json", "table"):
        mine, official = differ.pair(
            ["image", "metadef", "resource", "type", "association", "list", ours],
            ["image", "metadef", "resource", "type", "association", "list", theirs], fmt=fmt)
        assert mine.stdout == official.stdout
    mine, official = differ.pair(["image", "metadef", "namespace", "show", ours],
                                 ["image", "metadef", "namespace", "show", theirs])
    differ.assert_same(mine, official, ignore={"namespace"})
    differ.same("image", "metadef", "resource", "type", "association", "create",
                "no-such-namespace", "OS::Glance::Image", code=1)
    differ.same("image", "metadef", "resource", "type", "association", "delete",
                "no-such-namespace", "OS::Glance::Image", fmt=None, code=1)
    # The namespace is protected: without --force the association stays.
    mine, official = differ.pair(
        *[["image", "metadef", "resource", "type", "association", "delete", name,
           "OS::Nova::Flavor"] for name in namespaces], fmt=None, code=1)
    for out in (mine, official):
        assert "Failed to delete resource type with name or ID 'OS::Nova::Flavor'" in out.stderr
    differ.pair(*[["image", "metadef", "resource", "type", "association", "delete", name,
                   "OS::Nova::Flavor", "OS::Glance::Image", "--force"] for name in namespaces],
                fmt=None)
    mine, official = differ.pair(
        ["image", "metadef", "resource", "type", "association", "list", ours],
        ["image", "metadef", "resource", "type", "association", "list", theirs])
    assert mine.data == official.data == []
    mine, official = differ.pair(["image", "metadef", "namespace", "show", ours],
                                 ["image", "metadef", "namespace", "show", theirs])
    differ.assert_same(mine, official, ignore={"namespace"})
    assert mine.data["protected"] is True
