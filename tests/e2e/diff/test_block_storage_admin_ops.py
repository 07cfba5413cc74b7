"""Cinder's operator commands through both clients: `block storage resource filter list|show`
(3.33), `block storage log level list|set` (3.32), `block storage cluster list|show|set` (3.7;
this cloud has no clusters), `block storage volume|snapshot manageable list` (3.8) and
`block storage cleanup` (3.24)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.official

HOST = "localcloud@lvmdriver-1"


def test_resource_filters(differ):
    v = ["--os-volume-api-version", "3.33"]
    mine, _ = differ.same(*v, "block", "storage", "resource", "filter", "list")
    assert {"Resource": "backup", "Filters": ["name", "status", "volume_id"]} in mine.data
    mine, _ = differ.same(*v, "block", "storage", "resource", "filter", "show", "snapshot")
    assert mine.data["Resource"] == "snapshot"
    # An unknown resource: both fail (the official client with an empty message).
    differ.same(*v, "block", "storage", "resource", "filter", "show", "nothing", code=1)
    mine, official = differ.same("--os-volume-api-version", "3.32", "block", "storage",
                                 "resource", "filter", "list", code=1)
    for outcome in (mine, official):
        assert "3.33 or greater is required" in outcome.stderr


def test_log_levels(differ):
    v = ["--os-volume-api-version", "3.32"]
    listing = [*v, "block", "storage", "log", "level", "list", "--service", "cinder-backup"]
    try:
        differ.pair([*v, "block", "storage", "log", "level", "set", "debug", "--service",
                     "cinder-backup", "--log-prefix", "sqlalchemy"], fmt=None)
        mine, _ = differ.same(*listing)
        assert {"Binary": "cinder-backup", "Host": "localcloud", "Prefix": "sqlalchemy",
                "Level": "DEBUG"} in mine.data
        differ.same(*v, "block", "storage", "log", "level", "list", "--log-prefix", "cinder",
                    "--host", HOST, fmt="table")
    finally:
        differ.run("ostack", [*v, "block", "storage", "log", "level", "set", "WARNING",
                              "--service", "cinder-backup", "--log-prefix", "sqlalchemy"],
                   None)
    differ.pair([*v, "block", "storage", "log", "level", "set", "LOUD"], fmt=None, code=2)
    mine, official = differ.pair(["--os-cloud", "local-demo", *listing], code=1)
    for outcome in (mine, official):
        assert "Policy doesn't allow volume_extension:services:update" in outcome.stderr


def test_clusters(differ):
    v = ["--os-volume-api-version", "3.7"]
    differ.same(*v, "block", "storage", "cluster", "list", "--long", "--down", "--enabled",
                "--binary", "cinder-volume", "--num-hosts", "1", fmt="table")
    for argv in (["show", "c1"], ["set", "c1", "--disable", "--disable-reason", "r"],
                 ["set", "c1", "--enable", "--binary", "cinder-backup"]):
        mine, official = differ.pair([*v, "block", "storage", "cluster", *argv], code=1,
                                     fmt="json" if argv[0] == "show" else None)
        for outcome in (mine, official):
            assert "Cluster c1 could not be found." in outcome.stderr
    mine, official = differ.pair([*v, "block", "storage", "cluster", "set", "c1",
                                  "--disable-reason", "r"], fmt=None, code=1)
    for outcome in (mine, official):
        assert "Cannot specify --disable-reason without --disable" in outcome.stderr


def test_manageable_lists_and_cleanup(differ):
    v = ["--os-volume-api-version", "3.17"]
    differ.same(*v, "block", "storage", "volume", "manageable", "list", HOST, "--long",
                fmt="table")
    differ.same(*v, "block", "storage", "snapshot", "manageable", "list", HOST,
                "--detailed", "true", "--limit", "5", "--sort", "size:asc")
    for argv, error in ((["volume", "manageable", "list", "nohost"],
                         "Service nohost could not be found."),
                        (["snapshot", "manageable", "list", "--cluster", "c1"],
                         "Cluster c1 could not be found."),
                        (["volume", "manageable", "list"],
                         "Either <host> or '--cluster <cluster>' needs to be provided")):
        mine, official = differ.pair([*v, "block", "storage", *argv], code=1)
        for outcome in (mine, official):
            assert error in outcome.stderr
    # Cleanup: Cinder's API is a POST; openstacksdk 4.22 sends a PUT (and wants binary,
    # host and cluster all given), so the official client fails where ostack answers.
    cleanup = ["--os-volume-api-version", "3.24", "block", "storage", "cleanup", "--binary",
               "cinder-volume", "--host", HOST, "--cluster", "c1", "--down"]
    mine = differ.run("ostack", cleanup)
    official = differ.run("openstack", cleanup)
    assert mine.code == 0 and mine.data == []
    assert official.code == 1 and "405" in official.stderr
    mine = differ.run("ostack", [*cleanup[:5], "--resource-type", "Volume"], fmt="table")
    assert mine.code == 0 and mine.stdout.strip() == ""
    mine, official = differ.pair(["--os-volume-api-version", "3.23", "block", "storage",
                                  "cleanup"], code=1)
    assert "3.24 or greater is required" in mine.stderr
