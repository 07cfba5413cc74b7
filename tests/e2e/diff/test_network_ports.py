"""`port *`: ostack prints what the official client prints, on the same local cloud, with the
irregular options (`--fixed-ip`, `--allowed-address`, `--binding-profile`, security groups)."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.official

VOLATILE = {"id", "name", "mac_address", "fixed_ips", "dns_assignment"}


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def network(differ):
    name = _name("ports")
    differ.run("ostack", ["network", "create", name], fmt=None)
    differ.run("ostack", ["subnet", "create", name, "--network", name, "--subnet-range",
                          "10.78.0.0/24"], fmt=None)
    differ.run("ostack", ["security", "group", "create", name], fmt=None)
    yield name
    differ.run("ostack", ["network", "delete", name], fmt=None)
    differ.run("ostack", ["security", "group", "delete", name], fmt=None)


def test_port_lifecycle(differ, network):
    ours, theirs = _name("ost"), _name("osc")

    def both(*argv: str, ip: str = "", **kwargs):
        mine = [a.replace("{name}", ours).replace("{ip}", "10.78.0.11") for a in argv]
        official = [a.replace("{name}", theirs).replace("{ip}", "10.78.0.12") for a in argv]
        return differ.pair(mine, official, **kwargs)

    try:
        mine, official = both(
            "port", "create", "{name}", "--network", network,
            "--fixed-ip", f"subnet={network},ip-address={{ip}}",
            "--allowed-address", "ip-address=10.1.1.1,mac-address=fa:16:3e:00:00:01",
            "--binding-profile", "foo=bar", "--binding-profile", '{"a": 1}',
            "--no-security-group", "--tag", "t1", "--disable",
            "--extra-dhcp-option", "name=mtu,value=1400", "--description", "d")
        differ.assert_same(mine, official, ignore=VOLATILE)
        assert mine.data["fixed_ips"][0]["ip_address"] == "10.78.0.11"
        both("port", "set", "{name}", "--enable", "--security-group", network,
             "--allowed-address", "ip-address=10.2.2.2", "--binding-profile", "x=y",
             "--fixed-ip", f"subnet={network}", "--tag", "t2", "--name", "{name}", fmt=None)
        both("port", "unset", "{name}", "--binding-profile", "foo", "--allowed-address",
             "ip-address=10.1.1.1,mac-address=fa:16:3e:00:00:01", "--tag", "t1",
             "--security-group", network, fmt=None)
        mine, official = both("port", "show", "{name}")
        differ.assert_same(mine, official, ignore=VOLATILE)
        assert len(mine.data["fixed_ips"]) == 2
        assert mine.data["binding_profile"] == {"a": 1, "x": "y"}
        mine, official = both("port", "unset", "{name}", "--binding-profile", "nope",
                              fmt=None, code=1)
        assert "Port does not contain binding-profile nope" in mine.stderr
        mine, official = both("port", "show", "{name}", fmt="table")
        assert len(mine.stdout.splitlines()) == len(official.stdout.splitlines())
        mine, official = both("port", "list", "--network", network, "--long", "--tags", "t2")
        differ.assert_same(mine, official, key="Name",
                           ignore={"ID", "Name", "MAC Address", "Fixed IP Addresses"})
        assert len(mine.data) == 2
        mine, official = both("port", "list", "--fixed-ip", "ip-address={ip}",
                              "--fixed-ip", "ip-substring=10.78")
        assert [row["Name"] for row in mine.data] == [ours]
        assert [row["Name"] for row in official.data] == [theirs]
    finally:
        mine, official = both("port", "delete", "{name}", "nope", fmt=None, code=1)
    assert "1 of 2 ports failed to delete." in mine.stderr
    assert "1 of 2 ports failed to delete." in official.stderr


def test_port_list_show(differ):
    # router1's gateway (other tests' ports on `public` come and go meanwhile)
    differ.same("port", "list", "--network", "public", "--router", "router1", "--long",
                fmt="table")
    differ.same("port", "list", "--router", "router1", "--long", "--host", "localcloud")
    differ.same("port", "list", "--router", "router1", "--pvlan-type", "isolated")
    differ.same("port", "show", "no-such-port", code=1)
