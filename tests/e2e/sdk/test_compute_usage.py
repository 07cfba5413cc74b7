"""Usage through the SDK, sync and async: every project's over a period, and one project's,
with its servers."""

from __future__ import annotations

import datetime
import uuid

import pytest

IMAGE = "cirros-0.6.2-x86_64-disk"


@pytest.fixture
def server(sdk):
    compute = sdk.compute
    image = sdk.image.find_image(IMAGE, ignore_missing=False)
    made = compute.create_server(f"usage-{uuid.uuid4().hex[:8]}", image=image,
                                 flavor=compute.find_flavor("m1.tiny", ignore_missing=False),
                                 networks="none")
    made = compute.wait_for_server(made, status="ACTIVE", wait=60, interval=0.1)
    yield made
    compute.delete_server(made)
    compute.wait_for_delete(made, wait=60, interval=0.1)


def test_usages(sdk, server):
    compute = sdk.compute
    now = datetime.datetime.now(datetime.UTC)
    usages = list(compute.usages(start=now - datetime.timedelta(days=1),
                                 end=now + datetime.timedelta(days=1), detailed=True))
    mine = next(u for u in usages if u.project_id == server.project_id)
    assert server.id in [s.instance_id for s in mine.server_usages]
    assert mine.total_hours >= 0 and mine.start and mine.stop
    brief = list(compute.usages())
    assert brief and all(u.server_usages is None for u in brief)
    past = list(compute.usages(start=datetime.datetime(2020, 1, 1),
                               end=datetime.datetime(2020, 1, 2)))
    assert server.project_id not in [u.project_id for u in past]


def test_usage_of_one_project(sdk, server):
    compute = sdk.compute
    usage = compute.get_usage(server.project_id)
    servers = {s.instance_id: s for s in usage.server_usages}
    assert servers[server.id].flavor == "m1.tiny"
    assert servers[server.id]["vcpus"] == 1 and servers[server.id].project_id
    empty = compute.get_usage(server.project_id, start="2020-01-01T00:00:00",
                              end="2020-01-02T00:00:00")
    assert empty.project_id is None and empty.server_usages is None
