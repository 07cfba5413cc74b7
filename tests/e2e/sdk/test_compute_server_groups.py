"""Server groups through the SDK, sync and async."""

from __future__ import annotations

from tests.support.servers import unique


def test_server_groups(sdk):
    compute = sdk.compute
    name = unique("sdkgrp")
    group = compute.create_server_group(name=name, policy="anti-affinity",
                                        rules={"max_server_per_host": 3})
    other = compute.create_server_group(name=name + "-b", policies=["soft-affinity"])
    try:
        assert group.policy == "anti-affinity" and group.rules == {"max_server_per_host": 3}
        assert group.member_ids == [] and group.project_id and group.user_id
        assert other.policy == "soft-affinity"  # policies= turned into policy at 2.64+
        assert compute.get_server_group(group.id).name == name
        assert compute.find_server_group(name).id == group.id
        assert compute.find_server_group(name, all_projects=True).id == group.id
        assert compute.find_server_group(unique("nope")) is None
        ids = [g.id for g in compute.server_groups()]
        assert group.id in ids and other.id in ids
        assert [g.id for g in compute.server_groups(all_projects=True)] != []
        # Offset paging: pages of one add up to the listing.
        assert [g.id for g in compute.server_groups(limit=1)] == ids
        assert [g.id for g in compute.server_groups(limit=1, offset=1, max_items=1)] == ids[1:2]
    finally:
        compute.delete_server_group(group)
        compute.delete_server_group(other.id, ignore_missing=False)
    assert compute.find_server_group(name) is None
    compute.delete_server_group(group)  # ignored
