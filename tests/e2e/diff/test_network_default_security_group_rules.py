"""`default security group rule *`: ostack prints what the official client prints, on the
same local cloud; only an admin changes the template."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.official


def test_default_security_group_rule_lifecycle(differ):
    created = []
    try:
        # Each client adds a different rule (the template refuses duplicates).
        mine, official = differ.pair(
            ["default", "security", "group", "rule", "create", "--protocol", "tcp",
             "--dst-port", "2201:2202", "--for-default-sg", "--description", "d"],
            ["default", "security", "group", "rule", "create", "--protocol", "tcp",
             "--dst-port", "2203:2204", "--for-default-sg", "--description", "d"])
        created += [mine.data["id"], official.data["id"]]
        differ.assert_same(mine, official, ignore={"id", "port_range_min", "port_range_max"})
        mine, official = differ.pair(
            ["default", "security", "group", "rule", "show", created[0]],
            ["default", "security", "group", "rule", "show", created[1]], fmt="table")
        differ.same("default", "security", "group", "rule", "list", "--ingress", "--protocol",
                    "TCP", key="ID")
        differ.same("default", "security", "group", "rule", "list", "--egress", fmt="table")
        mine, official = differ.pair(
            ["default", "security", "group", "rule", "create", "--protocol", "tcp",
             "--dst-port", "2201:2202", "--for-default-sg", "--description", "d"],
            ["default", "security", "group", "rule", "create", "--protocol", "tcp",
             "--dst-port", "2203:2204", "--for-default-sg", "--description", "d"], code=1)
        assert "already exists" in mine.stderr and "already exists" in official.stderr
        from tests.support.differential import Differ

        demo = Differ(differ.cloud, "local-demo")
        mine, official = demo.pair(["default", "security", "group", "rule", "create",
                                    "--egress", "--protocol", "udp"], code=1)
        assert "disallowed by policy" in mine.stderr and "disallowed by policy" in \
            official.stderr
    finally:
        if len(created) == 2:
            mine, official = differ.pair(
                ["default", "security", "group", "rule", "delete", created[0], "nope"],
                ["default", "security", "group", "rule", "delete", created[1], "nope"],
                fmt=None, code=1)
            assert "1 of 2 default rules failed to delete." in mine.stderr
            assert "1 of 2 default rules failed to delete." in official.stderr
        else:
            for rule in created:
                differ.run("openstack", ["default", "security", "group", "rule", "delete",
                                         rule], fmt=None)
