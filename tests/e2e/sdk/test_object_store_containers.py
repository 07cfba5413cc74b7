"""Swift containers through the SDK, sync and async: create with ACLs and metadata, listing
paged by marker (with prefix and limit), HEAD metadata, set and delete metadata, delete."""

from __future__ import annotations

import uuid

import pytest

from ostack import exceptions


def _name(prefix: str = "sdk-ctr") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def made(sdk):
    names: list[str] = []
    yield names
    for name in names:
        for obj in sdk.object_store.objects(name):
            sdk.object_store.delete_object(obj)
        sdk.object_store.delete_container(name)


def test_create_head_set_and_delete_metadata(sdk, made):
    name = _name()
    made.append(name)
    created = sdk.object_store.create_container(name, read_ACL=".r:*,.rlistings",
                                                metadata={"Colour": "blue"})
    assert (created.name, created.id) == (name, name)
    found = sdk.object_store.get_container_metadata(name)
    assert found.name == name and found.object_count == 0 and found.bytes_used == 0
    assert found.read_ACL == ".r:*,.rlistings" and found.metadata == {"colour": "blue"}
    assert found.timestamp
    changed = sdk.object_store.set_container_metadata(found, write_ACL="demo:demo",
                                                      shape="round")
    assert changed.metadata == {"colour": "blue", "shape": "round"}
    assert changed.write_ACL == "demo:demo" and changed.read_ACL == ".r:*,.rlistings"
    sdk.object_store.delete_container_metadata(name, ["colour", "write_ACL"])
    after = sdk.object_store.get_container_metadata(name)
    assert after.metadata == {"shape": "round"} and after.write_ACL is None


def test_listing_pages_by_marker(sdk, made):
    prefix = _name("sdk-ctrs")
    names = [f"{prefix}-{i}" for i in range(5)]
    for name in names:
        made.append(name)
        sdk.object_store.create_container(name)
    sdk.object_store.create_object(names[2], "one", data=b"12345")
    listed = list(sdk.object_store.containers(prefix=prefix, limit=2))
    assert [c.name for c in listed] == names
    assert [(c.object_count, c.bytes_used) for c in listed][2] == (1, 5)
    assert all(c.last_modified for c in listed)
    everything = [c.name for c in sdk.object_store.containers()]
    assert set(names) <= set(everything) and everything == sorted(everything)
    assert [c.name for c in sdk.object_store.containers(prefix=prefix, marker=names[2])] \
        == names[3:]
    with pytest.raises(TypeError):
        list(sdk.object_store.containers(colour="blue"))


def test_delete_missing_and_not_empty(sdk, made):
    name = _name()
    sdk.object_store.delete_container(name)  # ignore_missing
    with pytest.raises(exceptions.NotFound):
        sdk.object_store.delete_container(name, ignore_missing=False)
    with pytest.raises(exceptions.NotFound):
        sdk.object_store.get_container_metadata(name)
    made.append(name)
    sdk.object_store.create_container(name)
    sdk.object_store.upload_object(name, "kept", data="x")
    with pytest.raises(exceptions.Conflict):
        sdk.object_store.delete_container(name)
    sdk.object_store.delete_object("kept", container=name)
    sdk.object_store.delete_container(name, ignore_missing=False)
    made.remove(name)
    assert name not in [c.name for c in sdk.object_store.containers(prefix=name)]
