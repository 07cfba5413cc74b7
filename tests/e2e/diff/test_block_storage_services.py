"""`volume service list|set` and `volume host set|failover` (admin): the same listings and
answers from both clients; each change is undone by the other client."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.official

V = ["--os-volume-api-version", "3.49"]
HOST = "localcloud@lvmdriver-1"


def test_service_list_and_set(differ):
    differ.same(*V, "volume", "service", "list", "--host", "localcloud")
    differ.same("--os-volume-api-version", "3.0", "volume", "service", "list", fmt="table",
                columns_only=True)
    try:
        differ.run("ostack", [*V, "volume", "service", "set", HOST, "cinder-volume",
                              "--disable", "--disable-reason", "maintenance"], None)
        mine, official = differ.same(*V, "volume", "service", "list", "--long", "--service",
                                     "cinder-volume")
        assert mine.data[0]["Disabled Reason"] == "maintenance"
        assert mine.data[0]["Status"] == "disabled"
        differ.run("openstack", [*V, "volume", "service", "set", HOST, "cinder-volume",
                                 "--enable"], None)
        mine, official = differ.same(*V, "volume", "service", "list", "--service",
                                     "cinder-volume")
        assert mine.data[0]["Status"] == "enabled"
        differ.pair([*V, "volume", "service", "set", HOST, "cinder-volume", "--disable"],
                    fmt=None)
    finally:
        differ.run("ostack", [*V, "volume", "service", "set", HOST, "cinder-volume",
                              "--enable"], None)
    mine, official = differ.pair([*V, "volume", "service", "set", HOST, "cinder-volume",
                                  "--disable-reason", "x"], fmt=None, code=1)
    for outcome in (mine, official):
        assert "Cannot specify option --disable-reason without --disable specified." in (
            outcome.stderr)
    differ.pair([*V, "volume", "service", "set", HOST, "no-such-binary", "--enable"],
                fmt=None, code=1)


def test_host_set_and_failover(differ):
    try:
        differ.pair(["volume", "host", "set", "localcloud", "--disable"],
                    ["volume", "host", "set", "localcloud", "--enable"], fmt=None)
        differ.pair(["volume", "host", "set", "localcloud", "--enable"],
                    ["volume", "host", "set", "localcloud", "--disable"], fmt=None)
    finally:
        differ.run("ostack", ["volume", "host", "set", "localcloud", "--enable"], None)
    mine, official = differ.pair(["volume", "host", "set", "nohost", "--enable"], fmt=None,
                                 code=1)
    for outcome in (mine, official):
        assert "Invalid host: nohost is not a volume service host." in outcome.stderr
    for version in ("3.20", "3.26"):
        differ.pair(["--os-volume-api-version", version, "volume", "host", "failover",
                     "localcloud", "--volume-backend", "replica-1"], fmt=None)
    mine, official = differ.pair(["volume", "host", "failover", "localcloud"], fmt=None,
                                 code=2)
    for outcome in (mine, official):
        assert "--volume-backend" in outcome.stderr
