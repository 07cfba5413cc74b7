"""`subnet pool *`, `subnet pool add network` / `network onboard subnet` and
`ip availability *`: ostack prints what the official client prints, on the same local cloud."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.official

DIFFERENT = {"id", "name", "prefixes", "revision_number"}


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_subnet_pool_lifecycle(differ):
    ours, theirs = _name("ost"), _name("osc")
    networks = [_name("onboard"), _name("onboard")]
    for i, network in enumerate(networks):
        differ.run("ostack", ["network", "create", network], fmt=None)
        differ.run("ostack", ["subnet", "create", network, "--network", network,
                              "--subnet-range", f"10.202.{i}.0/24"], fmt=None)

    def both(*argv: str, **kwargs):
        def fill(name: str, i: int) -> list[str]:
            return [a.replace("{name}", name).replace("{i}", str(i))
                    .replace("{network}", networks[i - 1]) for a in argv]
        return differ.pair(fill(ours, 1), fill(theirs, 2), **kwargs)

    try:
        mine, official = both("subnet", "pool", "create", "{name}", "--pool-prefix",
                              "10.201.{i}.0/24", "--default-prefix-length", "28",
                              "--min-prefix-length", "26", "--tag", "a", "--description", "d")
        differ.assert_same(mine, official, ignore=DIFFERENT)
        both("subnet", "pool", "set", "{name}", "--pool-prefix", "10.201.1{i}.0/24",
             "--tag", "b", "--default-quota", "1000", "--max-prefix-length", "30", fmt=None)
        both("subnet", "pool", "unset", "{name}", "--tag", "a", fmt=None)
        mine, official = both("subnet", "pool", "show", "{name}")
        differ.assert_same(mine, official, ignore=DIFFERENT)
        assert mine.data["prefixes"] == ["10.201.1.0/24", "10.201.11.0/24"]
        mine, official = both("subnet", "pool", "show", "{name}", fmt="table")
        assert len(mine.stdout.splitlines()) == len(official.stdout.splitlines())
        differ.pair(["subnet", "pool", "add", "network", networks[0], ours],
                    ["network", "onboard", "subnet", networks[1], theirs], fmt=None)
        mine, official = differ.pair(["network", "onboard", "subnet", networks[1], ours],
                                     ["subnet", "pool", "add", "network", networks[0], theirs],
                                     fmt=None, code=1)
        assert "Failed to onboard subnets for network" in mine.stderr
        assert "Subnets hosted on the same network must be allocated" in mine.stderr
        mine, official = both("subnet", "create", "{name}", "--network", "{network}",
                              "--subnet-pool", "{name}", "--prefix-length", "28")
        differ.assert_same(mine, official, ignore={
            "id", "name", "cidr", "allocation_pools", "gateway_ip", "network_id",
            "subnetpool_id"})
        assert mine.data["cidr"].endswith("/28")
        mine, official = both("subnet", "list", "--subnet-pool", "{name}")
        assert sorted(r["Subnet"] for r in mine.data)[0] == "10.201.1.0/28"
        assert "10.202.1.0/24" in [r["Subnet"] for r in official.data]
        mine, official = both("subnet", "pool", "list", "--tags", "b", "--long",
                              "--name", "{name}")
        differ.assert_same(mine, official, ignore={"ID", "Name", "Prefixes"})
    finally:
        differ.run("ostack", ["network", "delete", *networks], fmt=None)
        mine, official = both("subnet", "pool", "delete", "{name}", "nope", fmt=None, code=1)
    assert "1 of 2 subnet pools failed to delete." in mine.stderr
    assert "1 of 2 subnet pools failed to delete." in official.stderr


def test_ip_availability(differ):
    differ.same("ip", "availability", "show", "public")
    # by ID: other test modules make networks named `private` in projects of their own
    listed = differ.run("ostack", ["network", "list", "--name", "private", "--project", "demo"])
    private = listed.data[0]["ID"]
    differ.same("ip", "availability", "show", private, fmt="table")
    # Networks of other tests come and go between the two runs: DevStack's rows compared.
    mine, official = differ.pair(["ip", "availability", "list", "--ip-version", "4"])
    rows = [[r for r in out.data if r["Network Name"] == "public" or r["Network ID"] == private]
            for out in (mine, official)]
    assert rows[0] == rows[1] and len(rows[0]) == 2, rows
    differ.same("ip", "availability", "show", "no-such-network", code=1)
    # Members may not read it: Neutron's policy answers 403.
    mine, official = differ.same("--os-cloud", "local-demo", "ip", "availability", "list",
                                 code=1)
    for out in (mine, official):
        assert "rule:get_network_ip_availability is disallowed" in out.stderr
