"""An object POST replaces the object's user metadata (what `object set|unset` send), and a
container's creation answers Swift's transaction ID; sync and async."""

from __future__ import annotations

import uuid


def test_replace_object_metadata_and_transaction_id(sdk):
    store = sdk.object_store
    name = f"sdk-replace-{uuid.uuid4().hex[:8]}"
    created = store.create_container(name)
    assert created.transaction_id and created.transaction_id.startswith("tx")
    try:
        store.create_object(name, "o", data=b"data", content_type="text/x-test")
        store.replace_object_metadata("o", name, {"a": "1", "b": "2"})
        assert store.get_object_metadata("o", name).metadata == {"a": "1", "b": "2"}
        store.replace_object_metadata("o", name, {"c": "3"})
        found = store.get_object_metadata("o", name)
        assert found.metadata == {"c": "3"} and found.content_type == "text/x-test"
        store.replace_object_metadata("o", name, remove=["c"])
        assert store.get_object_metadata("o", name).metadata == {}
    finally:
        store.delete_object("o", container=name)
        store.delete_container(name)
