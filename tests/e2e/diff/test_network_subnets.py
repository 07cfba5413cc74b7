"""`subnet *`: ostack prints what the official client prints, on the same local cloud."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.official


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_subnet_list_show(differ):
    differ.same("subnet", "show", "private-subnet")
    differ.same("subnet", "list", "--network", "public", "--long", fmt="table")
    differ.same("subnet", "list", "--ip-version", "4", "--dhcp", "--name", "private-subnet")
    differ.same("subnet", "show", "no-such-subnet", code=1)


def _create(prefix: str, network: str, cidr: str) -> list[str]:
    return ["subnet", "create", _name(prefix), "--network", network, "--subnet-range", cidr,
            "--allocation-pool", f"start={cidr[:-4]}10,end={cidr[:-4]}20",
            "--dns-nameserver", "192.0.2.53", "--dns-nameserver", "192.0.2.1",
            "--host-route", f"destination=10.9.0.0/16,gateway={cidr[:-4]}5",
            "--gateway", f"{cidr[:-4]}1", "--no-dhcp", "--tag", "x", "--description", "d"]


def test_subnet_lifecycle(differ):
    network = _name("subnets")
    differ.run("ostack", ["network", "create", network], fmt=None)
    try:
        ours_argv, theirs_argv = _create("ost", network, "10.77.1.0/24"), \
            _create("osc", network, "10.77.2.0/24")
        ours, theirs = ours_argv[2], theirs_argv[2]
        mine, official = differ.pair(ours_argv, theirs_argv)
        # Same shape; the addresses differ by the CIDR each client was given.
        assert sorted(mine.data) == sorted(official.data)
        assert mine.data["host_routes"] == [{"destination": "10.9.0.0/16",
                                             "nexthop": "10.77.1.5"}]
        differ.pair(["subnet", "set", ours, "--dns-nameserver", "192.0.2.2", "--dhcp",
                     "--no-host-route", "--name", ours + "n", "--tag", "y"],
                    ["subnet", "set", theirs, "--dns-nameserver", "192.0.2.2", "--dhcp",
                     "--no-host-route", "--name", theirs + "n", "--tag", "y"], fmt=None)
        ours, theirs = ours + "n", theirs + "n"
        differ.pair(["subnet", "unset", ours, "--dns-nameserver", "192.0.2.53", "--tag", "x",
                     "--gateway"],
                    ["subnet", "unset", theirs, "--dns-nameserver", "192.0.2.53", "--tag", "x",
                     "--gateway"], fmt=None)
        mine, official = differ.pair(["subnet", "show", ours, "-c", "dns_nameservers", "-c",
                                      "host_routes", "-c", "tags", "-c", "enable_dhcp", "-c",
                                      "gateway_ip"],
                                     ["subnet", "show", theirs, "-c", "dns_nameservers", "-c",
                                      "host_routes", "-c", "tags", "-c", "enable_dhcp", "-c",
                                      "gateway_ip"], fmt="table")
        assert mine.stdout == official.stdout
        mine, official = differ.pair(["subnet", "unset", ours, "--dns-nameserver", "1.1.1.1"],
                                     ["subnet", "unset", theirs, "--dns-nameserver", "1.1.1.1"],
                                     fmt=None, code=1)
        assert "Subnet does not contain dns-nameserver 1.1.1.1" in mine.stderr
        mine, official = differ.pair(["subnet", "list", "--network", network, "--long",
                                      "--tags", "y"],
                                     ["subnet", "list", "--network", network, "--long",
                                      "--tags", "y"], fmt="table")
        assert len(mine.stdout.splitlines()) == len(official.stdout.splitlines()) == 6
        mine, official = differ.pair(["subnet", "delete", ours, "nope"],
                                     ["subnet", "delete", theirs, "nope"], fmt=None, code=1)
        assert "1 of 2 subnets failed to delete." in mine.stderr
    finally:
        differ.run("ostack", ["network", "delete", network], fmt=None)
