"""Host aggregates through the SDK, sync and async: create, find by name or ID, update,
hosts, metadata, image pre-caching, delete."""

from __future__ import annotations

import uuid

import pytest

from ostack import exceptions


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def aggregate(sdk):
    compute = sdk.compute
    made = compute.create_aggregate(name=_name("sdk-agg"), availability_zone=_name("zone"))
    yield made
    found = compute.get_aggregate(made.id)
    for host in found.hosts or []:
        compute.remove_host_from_aggregate(found, host)
    compute.delete_aggregate(made, ignore_missing=True)


def test_aggregate_create_find_update(sdk, aggregate):
    compute = sdk.compute
    assert aggregate.id and aggregate.uuid and aggregate.availability_zone.startswith("zone-")
    assert compute.find_aggregate(aggregate.name).id == aggregate.id
    assert compute.find_aggregate(str(aggregate.id)).name == aggregate.name
    assert compute.find_aggregate("no-such-aggregate") is None
    with pytest.raises(exceptions.NotFound):
        compute.find_aggregate("no-such-aggregate", ignore_missing=False)
    assert aggregate.id in [a.id for a in compute.aggregates()]
    renamed = compute.update_aggregate(aggregate, name=aggregate.name + "-x")
    assert renamed.name == aggregate.name + "-x"
    assert compute.get_aggregate(aggregate.id).name == renamed.name


def test_aggregate_hosts_and_metadata(sdk, aggregate):
    compute = sdk.compute
    added = compute.add_host_to_aggregate(aggregate, "compute1")
    assert added.hosts == ["compute1"]
    with pytest.raises(exceptions.NotFound):
        compute.add_host_to_aggregate(aggregate, "no-such-host")
    tagged = compute.set_aggregate_metadata(aggregate, {"ssd": "true", "gpu": "no"})
    assert tagged.metadata["ssd"] == "true"
    cleared = compute.set_aggregate_metadata(aggregate.id, gpu=None)
    assert "gpu" not in cleared.metadata and cleared.metadata["ssd"] == "true"
    with pytest.raises(exceptions.OstackError):
        compute.set_aggregate_metadata(aggregate, {"a": "b"}, c="d")
    removed = compute.remove_host_from_aggregate(aggregate, "compute1")
    assert removed.hosts == []


def test_aggregate_precache_images(sdk, aggregate):
    compute = sdk.compute
    image = sdk.image.find_image("cirros-0.6.2-x86_64-disk", ignore_missing=False)
    assert compute.aggregate_precache_images(aggregate, image) is None
    assert compute.aggregate_precache_images(aggregate.id, [image.id]) is None
    with pytest.raises(exceptions.BadRequest):
        compute.aggregate_precache_images(aggregate, [str(uuid.uuid4())])


def test_aggregate_delete(sdk):
    compute = sdk.compute
    made = compute.create_aggregate(name=_name("sdk-agg"))
    compute.delete_aggregate(made)
    assert compute.find_aggregate(made.name) is None
    compute.delete_aggregate(made)  # ignore_missing by default
    with pytest.raises(exceptions.NotFound):
        compute.delete_aggregate(made, ignore_missing=False)
