"""QoS policies, their rules and the rule types through the SDK, sync and async."""

from __future__ import annotations

import uuid

import pytest

from ostack import exceptions


def test_qos_policy_and_rules(sdk):
    network = sdk.network
    policy = network.create_qos_policy(name=f"sdk-qos-{uuid.uuid4().hex[:8]}", shared=True)
    try:
        assert policy.is_shared is True and policy.rules == []
        assert network.update_qos_policy(policy, description="d").description == "d"
        assert network.find_qos_policy(policy.name).id == policy.id
        assert policy.id in [p.id for p in network.qos_policies(is_shared=True)]
        rule = network.create_qos_bandwidth_limit_rule(policy, max_kbps=1000)
        assert (rule.max_kbps, rule.max_burst_kbps, rule.direction) == (1000, 0, "egress")
        with pytest.raises(exceptions.Conflict):
            network.create_qos_bandwidth_limit_rule(policy, max_kbps=5)
        mark = network.create_qos_dscp_marking_rule(policy.id, dscp_mark=26)
        rule = network.update_qos_bandwidth_limit_rule(rule, policy, max_kbps=2000)
        assert network.get_qos_bandwidth_limit_rule(rule, policy).max_kbps == 2000
        assert [r.id for r in network.qos_dscp_marking_rules(policy)] == [mark.id]
        assert {r["type"] for r in network.get_qos_policy(policy).rules} == {
            "bandwidth_limit", "dscp_marking"}
        network.create_qos_minimum_bandwidth_rule(policy, min_kbps=10, direction="ingress")
        network.create_qos_minimum_packet_rate_rule(policy, min_kpps=10, direction="any")
        network.delete_qos_dscp_marking_rule(mark, qos_policy=policy)
        assert list(network.qos_dscp_marking_rules(policy)) == []
    finally:
        network.delete_qos_policy(policy)
    with pytest.raises(exceptions.NotFound):
        network.get_qos_policy(policy.id)


def test_qos_rule_types(sdk):
    network = sdk.network
    assert "minimum_packet_rate" in [t.type for t in network.qos_rule_types()]
    details = network.get_qos_rule_type("bandwidth_limit")
    assert details.drivers[0]["name"] == "openvswitch"
