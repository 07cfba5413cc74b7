"""`network agent *`: ostack prints what the official client prints, on the same fleet."""

from __future__ import annotations

import uuid

import pytest
from tests.support.differential import Differ

pytestmark = pytest.mark.official

DHCP1, L3_1 = "5e1b7cb4-3a0f-4c55-9d5c-6a1b8e0d1a02", "5e1b7cb4-3a0f-4c55-9d5c-6a1b8e0d1a03"
DHCP2, L3_2 = "5e1b7cb4-3a0f-4c55-9d5c-6a1b8e0d1a06", "5e1b7cb4-3a0f-4c55-9d5c-6a1b8e0d1a07"
OVS2 = "5e1b7cb4-3a0f-4c55-9d5c-6a1b8e0d1a05"


def test_agent_list_show_set(differ):
    differ.same("network", "agent", "list", key="ID")
    differ.same("network", "agent", "list", "--agent-type", "dhcp", "--host", "localcloud-net2")
    differ.same("network", "agent", "list", "--router", "router1", "--long", fmt="table")
    differ.same("network", "agent", "show", L3_1, ignore={"last_heartbeat_at"})
    differ.same("network", "agent", "show", "nope", code=1)
    # members see no agents
    Differ(differ.cloud, "local-demo").same("network", "agent", "list")
    try:
        differ.pair(["network", "agent", "set", OVS2, "--description", "tunnels", "--disable"],
                    fmt=None)
        differ.same("network", "agent", "show", OVS2, fmt="table", columns_only=True)
        mine, official = differ.same("network", "agent", "show", OVS2,
                                     ignore={"last_heartbeat_at"})
        assert mine.data["admin_state_up"] is False and mine.data["description"] == "tunnels"
    finally:
        differ.pair(["network", "agent", "set", OVS2, "--enable"], fmt=None)


def test_agent_hosting(differ):
    name = f"agents-{uuid.uuid4().hex[:8]}"
    ids = {}
    try:
        for kind in ("network", "router"):
            ids[kind] = differ.run("openstack", [kind, "create", name]).data["id"]
        differ.pair(["network", "agent", "add", "network", "--dhcp", DHCP1, name],
                    ["network", "agent", "add", "network", "--dhcp", DHCP2, name], fmt=None)
        mine, official = differ.same("network", "agent", "list", "--network", name, key="ID")
        assert {row["ID"] for row in mine.data} == {DHCP1, DHCP2}
        differ.pair(["network", "agent", "remove", "network", "--dhcp", DHCP1, name],
                    ["network", "agent", "remove", "network", "--dhcp", DHCP2, name], fmt=None)
        mine, _ = differ.same("network", "agent", "list", "--network", name)
        assert mine.data == []
        # the second client's add is refused by the cloud (hosted already): both ignore it
        differ.pair(["network", "agent", "add", "router", "--l3", L3_2, name], fmt=None)
        mine, _ = differ.same("network", "agent", "list", "--router", name, "--long")
        assert [row["ID"] for row in mine.data] == [L3_2]
        differ.pair(["network", "agent", "router", "set", "--ha-chassis-priority", "2", L3_2,
                     name], fmt=None)
        differ.pair(["network", "agent", "remove", "router", "--l3", L3_2, name], fmt=None)
        mine, _ = differ.same("network", "agent", "list", "--router", name)
        assert mine.data == []
        differ.pair(["network", "agent", "add", "router", L3_2, name], fmt=None)
    finally:
        for kind, ident in ids.items():
            differ.run("openstack", [kind, "delete", ident], fmt=None)


def test_agent_delete(differ):
    metadata = [row["ID"] for row in differ.run(
        "ostack", ["network", "agent", "list", "--agent-type", "metadata"]).data]
    assert len(metadata) >= 2
    mine, official = differ.pair(["network", "agent", "delete", metadata[0], "nope"],
                                 ["network", "agent", "delete", metadata[1], "nope"],
                                 fmt=None, code=1)
    for outcome in (mine, official):
        assert "1 of 2 network agents failed to delete." in outcome.stderr
    differ.same("network", "agent", "show", metadata[0], code=1)
