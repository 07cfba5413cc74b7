"""`network l3 conntrack helper *`: ostack prints what the official client prints."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.official

HELPER = ["network", "l3", "conntrack", "helper"]


def test_conntrack_helper_lifecycle(differ):
    router = f"ct-{uuid.uuid4().hex[:8]}"
    router_id = differ.run("openstack", ["router", "create", router]).data["id"]
    try:
        mine, official = differ.pair(
            [*HELPER, "create", router, "--helper", "tftp", "--protocol", "udp", "--port", "69"],
            [*HELPER, "create", router, "--helper", "ftp", "--protocol", "tcp", "--port", "21"])
        ours, theirs = mine.data["id"], official.data["id"]
        assert mine.data["helper"] == "tftp" and official.data["helper"] == "ftp"
        assert list(mine.data) == list(official.data)
        # a duplicate, and a helper the deployment does not allow: Neutron's 409 and 400
        differ.pair([*HELPER, "create", router, "--helper", "tftp", "--protocol", "udp",
                     "--port", "69"], fmt=None, code=1)
        differ.pair([*HELPER, "create", router, "--helper", "nope", "--protocol", "udp",
                     "--port", "1"], fmt=None, code=1)
        differ.pair([*HELPER, "set", router, ours, "--port", "6969"],
                    [*HELPER, "set", router, theirs, "--port", "2121"], fmt=None)
        differ.same(*HELPER, "show", router, ours)
        differ.same(*HELPER, "show", router, theirs, fmt="table")
        differ.same(*HELPER, "list", router, key="ID")
        mine, _ = differ.same(*HELPER, "list", router, "--helper", "ftp")
        assert [row["Port"] for row in mine.data] == [2121]
        differ.same(*HELPER, "list", router, "--helper", "ftp", "--port", "2121")
        mine, official = differ.pair([*HELPER, "delete", router, ours, "nope"],
                                     [*HELPER, "delete", router, theirs, "nope"],
                                     fmt=None, code=1)
        for outcome in (mine, official):
            assert "1 of 2 L3 conntrack helpers failed to delete." in outcome.stderr
        mine, _ = differ.same(*HELPER, "list", router)
        assert mine.data == []
    finally:
        differ.run("openstack", ["router", "delete", router_id], fmt=None)
