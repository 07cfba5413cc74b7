"""`router *`: ostack prints what the official client prints, on the same local cloud:
create/set/unset with gateways and routes, interfaces, extra routes and gateways."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.official

DIFFERENT = {"id", "name", "external_gateway_info", "interfaces_info", "routes",
             "revision_number"}


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_router_list_show(differ):
    differ.same("router", "show", "router1")
    differ.same("router", "show", "router1", fmt="table")
    differ.same("router", "list", "--name", "router1", "--long", fmt="table")
    differ.same("router", "show", "no-such-router", code=1)
    differ.same("router", "list", "--agent", "5e1b7cb4-3a0f-4c55-9d5c-6a1b8e0d1a03",
                "--name", "router1")


@pytest.fixture
def lan(differ):
    """A network with two subnets (one per client) and a second one with two ports."""
    name = _name("routers")
    run = differ.run
    run("ostack", ["network", "create", name], fmt=None)
    run("ostack", ["network", "create", name + "-b"], fmt=None)
    for i in (1, 2):
        run("ostack", ["subnet", "create", f"{name}-{i}", "--network", name,
                       "--subnet-range", f"10.79.{i}.0/24"], fmt=None)
    run("ostack", ["subnet", "create", f"{name}-b", "--network", name + "-b",
                   "--subnet-range", "10.80.0.0/24"], fmt=None)
    for i in (1, 2):
        run("ostack", ["port", "create", f"{name}-p{i}", "--network", name + "-b"], fmt=None)
    yield name
    run("ostack", ["port", "delete", f"{name}-p1", f"{name}-p2"], fmt=None)
    run("ostack", ["network", "delete", name, name + "-b"], fmt=None)


def test_router_lifecycle(differ, lan):
    ours, theirs = _name("ost"), _name("osc")

    def both(*argv: str, **kwargs):
        def fill(name: str, i: int) -> list[str]:
            return [a.replace("{name}", name).replace("{i}", str(i)) for a in argv]
        return differ.pair(fill(ours, 1), fill(theirs, 2), **kwargs)

    try:
        mine, official = both("router", "create", "{name}", "--external-gateway", "public",
                              "--disable-snat", "--tag", "a", "--description", "d")
        differ.assert_same(mine, official, ignore=DIFFERENT)
        assert mine.data["external_gateway_info"]["enable_snat"] is False
        both("router", "add", "subnet", "{name}", f"{lan}-{{i}}", fmt=None)
        both("router", "add", "port", "{name}", f"{lan}-p{{i}}", fmt=None)
        mine, official = both("router", "add", "route", "{name}", "--route",
                              "destination=10.99.0.0/24,gateway=10.79.{i}.5")
        differ.assert_same(mine, official, ignore=DIFFERENT)
        assert mine.data["routes"] == [{"destination": "10.99.0.0/24", "nexthop": "10.79.1.5"}]
        both("router", "set", "{name}", "--route", "destination=10.98.0.0/24,gateway=10.79.{i}.6",
             "--tag", "b", "--description", "e", fmt=None)
        both("router", "unset", "{name}", "--route",
             "destination=10.99.0.0/24,gateway=10.79.{i}.5", "--tag", "a", fmt=None)
        mine, official = both("router", "show", "{name}")
        differ.assert_same(mine, official, ignore=DIFFERENT)
        assert mine.data["routes"] == [{"destination": "10.98.0.0/24", "nexthop": "10.79.1.6"}]
        assert len(mine.data["interfaces_info"]) == len(official.data["interfaces_info"]) == 2
        mine, official = both("router", "unset", "{name}", "--route",
                              "destination=10.1.0.0/24,gateway=10.79.{i}.5", fmt=None, code=1)
        assert "Router does not contain route" in mine.stderr
        mine, official = both("router", "remove", "route", "{name}", "--route",
                              "destination=10.98.0.0/24,gateway=10.79.{i}.6", fmt="table")
        assert len(mine.stdout.splitlines()) == len(official.stdout.splitlines())
        both("router", "remove", "port", "{name}", f"{lan}-p{{i}}", fmt=None)
        both("router", "remove", "subnet", "{name}", f"{lan}-{{i}}", fmt=None)
        both("router", "unset", "{name}", "--external-gateway", fmt=None)
        mine, official = both("router", "list", "--tags", "b", "--long")
        differ.assert_same(mine, official, key="Name", ignore={"ID", "Name"})
        mine, official = both("router", "add", "gateway", "{name}", "public", code=1)
        assert "external-gateway-multihoming extension is not enabled" in mine.stderr
        differ.pair(["router", "remove", "gateway", ours, "public"],
                    ["router", "remove", "gateway", theirs, "public"], code=1)
    finally:
        mine, official = both("router", "delete", "{name}", "nope", fmt=None, code=1)
    assert "1 of 2 routers failed to delete." in mine.stderr
    assert "1 of 2 routers failed to delete." in official.stderr
