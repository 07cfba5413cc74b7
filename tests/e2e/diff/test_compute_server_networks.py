"""`server add|remove fixed ip|floating ip|network|port|security group`: ostack and the
official client change two twin servers alike and print the same."""

from __future__ import annotations

import re

import pytest
from tests.support.servers import Fixtures, unique

pytestmark = pytest.mark.official


def _masked(table: str) -> str:
    """A table with its IDs, MAC addresses and last IP digits masked (same widths)."""
    table = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "U" * 36,
                   table)
    table = re.sub(r"([0-9a-f]{2}:){5}[0-9a-f]{2}", "M" * 17, table)
    return re.sub(r"10\.61\.0\.\d+", "10.61.0.NNN", table)


def _addresses(made: Fixtures, server) -> list[tuple[str, list[str]]]:
    """(network, [fixed IPs]) of a server's ports, in a stable order."""
    found = []
    for port in made.conn.network.ports(device_id=server.id):
        found.append((port.network_id, sorted(ip["ip_address"] for ip in port.fixed_ips)))
    return sorted(found)


def test_fixed_ips_networks_and_ports(differ, localcloud):
    with Fixtures(localcloud) as made:
        ours, theirs = made.servers("net")
        network, _ = made.network("net", "10.61.0.0/24")
        # add fixed ip: a new interface on the network, shown as the official client shows it.
        mine, official = differ.pair(
            ["server", "add", "fixed", "ip", ours.id, network.name],
            ["server", "add", "fixed", "ip", theirs.id, network.name])
        differ.assert_same(mine, official, ignore={"Port ID", "Server ID", "MAC Address",
                                                   "Fixed IPs"})
        assert mine.data["Server ID"] == ours.id and official.data["Server ID"] == theirs.id
        mine, official = differ.pair(
            ["server", "add", "fixed", "ip", ours.id, network.id, "--fixed-ip-address",
             "10.61.0.100", "--tag", "first"],
            ["server", "add", "fixed", "ip", theirs.id, network.id, "--fixed-ip-address",
             "10.61.0.101", "--tag", "first"], fmt="table")
        assert _masked(mine.stdout) == _masked(official.stdout)
        assert "| Tag         | first" in mine.stdout
        # add network (with a tag) and add port: nothing printed, the same ports made.
        differ.pair(["server", "add", "network", ours.name, network.name, "--tag", "t2"],
                    ["server", "add", "network", theirs.name, network.name, "--tag", "t2"],
                    fmt=None)
        port_a, port_b = made.port(network), made.port(network)
        differ.pair(["server", "add", "port", ours.id, port_a.name],
                    ["server", "add", "port", theirs.id, port_b.name], fmt=None)
        ports_ours = {p.id for p in made.conn.network.ports(device_id=ours.id)}
        ports_theirs = {p.id for p in made.conn.network.ports(device_id=theirs.id)}
        assert port_a.id in ports_ours and port_b.id in ports_theirs
        assert len(ports_ours) == len(ports_theirs) == 4
        # remove port, then remove fixed ip (refused by Nova after 2.43: both fail alike, and
        # both succeed when asked for 2.43), then remove network: every port of it goes.
        differ.pair(["server", "remove", "port", ours.id, port_a.id],
                    ["server", "remove", "port", theirs.id, port_b.id], fmt=None)
        ip_ours = [ips for _, ips in _addresses(made, ours) if "10.61.0.100" in ips]
        assert ip_ours == [["10.61.0.100"]]
        mine, official = differ.pair(
            ["server", "remove", "fixed", "ip", ours.id, "10.61.0.100"],
            ["server", "remove", "fixed", "ip", theirs.id, "10.61.0.101"], fmt=None, code=1)
        assert "could not be found" in mine.stderr and "could not be found" in official.stderr
        differ.pair(["--os-compute-api-version", "2.43", "server", "remove", "fixed", "ip",
                     ours.id, "10.61.0.100"],
                    ["--os-compute-api-version", "2.43", "server", "remove", "fixed", "ip",
                     theirs.id, "10.61.0.101"], fmt=None)
        # Nova takes the address off its port and leaves the port attached.
        left_ours, left_theirs = _addresses(made, ours), _addresses(made, theirs)
        assert len(left_ours) == len(left_theirs) == 3
        assert [] in [ips for _, ips in left_ours] and [] in [ips for _, ips in left_theirs]
        differ.pair(["server", "remove", "network", ours.id, network.name],
                    ["server", "remove", "network", theirs.id, network.name], fmt=None)
        assert _addresses(made, ours) == _addresses(made, theirs) == []
        # Lookups that fail fail alike.
        differ.pair(["server", "add", "network", ours.id, unique("nonet")],
                    ["server", "add", "network", theirs.id, unique("nonet")], fmt=None, code=1)
        mine, official = differ.pair(
            ["--os-compute-api-version", "2.48", "server", "add", "port", ours.id,
             port_a.id, "--tag", "x"],
            ["--os-compute-api-version", "2.48", "server", "add", "port", theirs.id,
             port_b.id, "--tag", "x"], fmt=None, code=1)
        message = ("--os-compute-api-version 2.49 or greater is required to support the "
                   "--tag option")
        assert message in mine.stderr and message in official.stderr


def test_floating_ips(differ, localcloud):
    with Fixtures(localcloud) as made:
        network, _ = made.network("fip", "10.62.0.0/24", router=True)
        ours, theirs = made.servers("fip", networks=[{"uuid": network.id}])
        ip_ours, ip_theirs = made.floating_ip(), made.floating_ip()
        differ.pair(["server", "add", "floating", "ip", ours.name,
                     ip_ours.floating_ip_address],
                    ["server", "add", "floating", "ip", theirs.name,
                     ip_theirs.floating_ip_address], fmt=None)
        for server, ip in ((ours, ip_ours), (theirs, ip_theirs)):
            now = made.conn.network.get_ip(ip.id)
            port = next(made.conn.network.ports(device_id=server.id))
            assert now.port_id == port.id
            fixed = port.fixed_ips[0]["ip_address"]
            assert now.fixed_ip_address == fixed
        differ.pair(["server", "remove", "floating", "ip", ours.name,
                     ip_ours.floating_ip_address],
                    ["server", "remove", "floating", "ip", theirs.name,
                     ip_theirs.floating_ip_address], fmt=None)
        assert made.conn.network.get_ip(ip_ours.id).port_id is None
        assert made.conn.network.get_ip(ip_theirs.id).port_id is None
        # With --fixed-ip-address: that port, or an error naming the address.
        fixed_ours = next(made.conn.network.ports(device_id=ours.id)).fixed_ips[0]
        fixed_theirs = next(made.conn.network.ports(device_id=theirs.id)).fixed_ips[0]
        differ.pair(["server", "add", "floating", "ip", ours.id,
                     ip_ours.floating_ip_address, "--fixed-ip-address",
                     fixed_ours["ip_address"]],
                    ["server", "add", "floating", "ip", theirs.id,
                     ip_theirs.floating_ip_address, "--fixed-ip-address",
                     fixed_theirs["ip_address"]], fmt=None)
        assert made.conn.network.get_ip(ip_ours.id).fixed_ip_address == (
            fixed_ours["ip_address"])
        mine, official = differ.pair(
            ["server", "add", "floating", "ip", ours.id, ip_ours.floating_ip_address,
             "--fixed-ip-address", "10.99.99.99"],
            ["server", "add", "floating", "ip", theirs.id, ip_theirs.floating_ip_address,
             "--fixed-ip-address", "10.99.99.99"], fmt=None, code=1)
        message = "No port found for fixed IP address 10.99.99.99"
        assert message in mine.stderr and message in official.stderr
        differ.pair(["server", "add", "floating", "ip", ours.id, "192.0.2.250"],
                    ["server", "add", "floating", "ip", theirs.id, "192.0.2.250"],
                    fmt=None, code=1)


def test_security_groups(differ, localcloud):
    with Fixtures(localcloud) as made:
        network, _ = made.network("sg", "10.63.0.0/24")
        ours, theirs = made.servers("sg", networks=[{"uuid": network.id}])
        group = made.security_group("sg")
        missing = unique("nosg")
        mine, official = differ.pair(
            ["server", "add", "security", "group", ours.id, group.name, missing],
            ["server", "add", "security", "group", theirs.id, group.id, missing],
            fmt=None, code=1)
        for outcome, server in ((mine, ours), (official, theirs)):
            assert "1 of 2 security groups were not added." in outcome.stderr
            assert (f"Failed to add security group with name or ID '{missing}' to server "
                    f"'{server.id}'") in outcome.stderr
        for server in (ours, theirs):
            names = {g["name"] for g in made.conn.compute.get_server(
                server.id).security_groups}
            assert names == {"default", group.name}
        differ.pair(["server", "remove", "security", "group", ours.name, group.id],
                    ["server", "remove", "security", "group", theirs.name, group.name],
                    fmt=None)
        mine, official = differ.pair(
            ["server", "remove", "security", "group", ours.name, group.id],
            ["server", "remove", "security", "group", theirs.name, group.name],
            fmt=None, code=1)
        assert "1 of 1 security groups were not removed." in mine.stderr
        assert "1 of 1 security groups were not removed." in official.stderr
