"""`security group *` and `security group rule *`: ostack prints what the official client
prints, on the same local cloud."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.official

SG = ["security", "group"]
RULE = ["security", "group", "rule"]
RULE_IGNORE = {"id", "security_group_id"}


def test_security_group_lifecycle(differ):
    tag = uuid.uuid4().hex[:8]
    ours, theirs = f"ost-{tag}", f"osc-{tag}"
    try:
        mine, official = differ.pair(
            [*SG, "create", ours, "--description", "d", "--tag", tag, "--stateless"],
            [*SG, "create", theirs, "--description", "d", "--tag", tag, "--stateless"])
        differ.assert_same(mine, official, ignore={"id", "name", "rules"})
        extra = ["--extra-property", "name=description,value=f"]
        differ.pair([*SG, "set", ours, "--stateful", "--tag", "x", *extra],
                    [*SG, "set", theirs, "--stateful", "--tag", "x", *extra], fmt=None)
        differ.pair([*SG, "unset", ours, "--tag", "x"], [*SG, "unset", theirs, "--tag", "x"],
                    fmt=None)
        mine, official = differ.pair([*SG, "show", ours], [*SG, "show", theirs])
        differ.assert_same(mine, official, ignore={"id", "name", "rules"})
        assert mine.data["description"] == "f" and mine.data["tags"] == [tag]
        differ.same(*SG, "list", "--tags", tag, "--no-share", "--project", "admin", "--limit",
                    "1", key="Name", ignore={"ID", "Name"})

        # Rules: the protocol and port grammar, ICMP type and code, remote groups.
        for args in (["--protocol", "tcp", "--dst-port", "8000:8080"],
                     ["--protocol", "icmp", "--icmp-type", "8", "--icmp-code", "0", "--egress"],
                     ["--protocol", "udp", "--dst-port", "53", "--project", "admin",
                      "--description", "dns", "--remote-group"]):
            remote = [[ours], [theirs]] if args[-1] == "--remote-group" else [[], []]
            mine, official = differ.pair([*RULE, "create", ours, *args, *remote[0]],
                                         [*RULE, "create", theirs, *args, *remote[1]])
            differ.assert_same(mine, official, ignore=RULE_IGNORE | {"remote_group_id"})
        mine, official = differ.pair([*RULE, "list", ours], [*RULE, "list", theirs])
        differ.assert_same(mine, official, ignore={"ID", "Remote Security Group"})
        icmp = [[r["ID"] for r in out.data if r["IP Protocol"] == "icmp"][0]
                for out in (mine, official)]
        assert [r["Port Range"] for r in mine.data if r["ID"] == icmp[0]] == ["type=8"]
        mine, official = differ.pair(
            [*RULE, "list", ours, "--protocol", "TCP", "--ingress", "--long"],
            [*RULE, "list", theirs, "--protocol", "TCP", "--ingress", "--long"], fmt="table")
        assert mine.stdout.count("8000:8080") == 1
        assert "deprecated" in mine.stderr and "deprecated" in official.stderr
        mine, official = differ.pair([*RULE, "show", icmp[0]], [*RULE, "show", icmp[1]])
        differ.assert_same(mine, official, ignore=RULE_IGNORE)
        # A duplicate is Neutron's 409; a bad grammar is the client's error.
        mine, official = differ.pair(
            [*RULE, "create", ours, "--protocol", "tcp", "--dst-port", "8000:8080"],
            [*RULE, "create", theirs, "--protocol", "tcp", "--dst-port", "8000:8080"], code=1)
        assert "already exists" in mine.stderr and "already exists" in official.stderr
        mine, official = differ.pair([*RULE, "create", ours, "--icmp-type", "3"],
                                     [*RULE, "create", theirs, "--icmp-type", "3"], code=1)
        assert mine.stderr.strip().endswith(
            "ICMP IP protocol required with arguments --icmp-type and --icmp-code")
        mine, official = differ.pair([*RULE, "delete", icmp[0], "no-such-rule"],
                                     [*RULE, "delete", icmp[1], "no-such-rule"],
                                     fmt=None, code=1)
        assert "1 of 2 rules failed to delete." in mine.stderr
        assert "1 of 2 rules failed to delete." in official.stderr
    finally:
        mine, official = differ.pair([*SG, "delete", ours, "nope"],
                                     [*SG, "delete", theirs, "nope"], fmt=None, code=1)
        assert "1 of 2 groups failed to delete." in mine.stderr
        assert "1 of 2 groups failed to delete." in official.stderr
