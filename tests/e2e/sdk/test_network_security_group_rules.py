"""Security group rules and default security group rules through the SDK, sync and async."""

from __future__ import annotations

import uuid

import pytest

from ostack import exceptions


def test_security_group_rules(sdk):
    network = sdk.network
    group = network.create_security_group(name=f"sdk-sg-{uuid.uuid4().hex[:8]}")
    try:
        rule = network.create_security_group_rule(
            security_group_id=group.id, direction="ingress", ether_type="IPv4",
            protocol="tcp", port_range_min=22, port_range_max=22)
        assert rule.ether_type == "IPv4" and rule.port_range_max == 22
        assert network.get_security_group_rule(rule).security_group_id == group.id
        assert network.find_security_group_rule(rule.id).protocol == "tcp"
        listed = list(network.security_group_rules(security_group_id=group.id,
                                                   direction="ingress"))
        assert [r.id for r in listed] == [rule.id]
        with pytest.raises(exceptions.Conflict):
            network.create_security_group_rule(
                security_group_id=group.id, direction="ingress", protocol="tcp",
                port_range_min=22, port_range_max=22)
        network.delete_security_group_rule(rule)
        with pytest.raises(exceptions.NotFound):
            network.get_security_group_rule(rule.id)
    finally:
        network.delete_security_group(group)


def test_default_security_group_rules(sdk):
    network = sdk.network
    template = list(network.default_security_group_rules(direction="egress"))
    assert {r.ether_type for r in template} == {"IPv4", "IPv6"}
    assert all(r.used_in_non_default_sg for r in template)
    rule = network.create_default_security_group_rule(
        direction="ingress", protocol="udp", port_range_min=4789, port_range_max=4789,
        used_in_default_sg=True, used_in_non_default_sg=False)
    try:
        assert network.get_default_security_group_rule(rule.id).protocol == "udp"
    finally:
        network.delete_default_security_group_rule(rule)
    assert network.find_default_security_group_rule(rule.id) is None
