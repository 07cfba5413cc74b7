"""`compute service *`: ostack prints what the official client prints, on the same local cloud.

`set` is tried by ostack on compute2 and by the official client on compute3; both are put
back (enabled, up) at the end.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.official


def test_compute_service_list(differ):
    differ.same("compute", "service", "list")
    differ.same("compute", "service", "list", "--long")
    differ.same("compute", "service", "list", "--host", "compute1", "--service",
                "nova-compute")
    differ.same("compute", "service", "list", "--service", "nova-scheduler", "--long")
    differ.same("compute", "service", "list", "--long", fmt="table")
    differ.same("--os-compute-api-version", "2.10", "compute", "service", "list", "--long")


def _state(differ, ours: str, theirs: str) -> None:
    mine, official = differ.pair(["compute", "service", "list", "--long", "--host", ours],
                                 ["compute", "service", "list", "--long", "--host", theirs])
    differ.assert_same(mine, official, ignore={"ID", "Host"})


def test_compute_service_set(differ):
    try:
        differ.pair(["compute", "service", "set", "compute2", "nova-compute", "--disable",
                     "--disable-reason", "maintenance", "--down"],
                    ["compute", "service", "set", "compute3", "nova-compute", "--disable",
                     "--disable-reason", "maintenance", "--down"], fmt=None)
        _state(differ, "compute2", "compute3")
        differ.pair(["compute", "service", "set", "compute2", "nova-compute", "--enable"],
                    ["compute", "service", "set", "compute3", "nova-compute", "--enable"],
                    fmt=None)
        _state(differ, "compute2", "compute3")
        # Before 2.53 the calls go by host and binary.
        differ.pair(["--os-compute-api-version", "2.11", "compute", "service", "set",
                     "compute2", "nova-compute", "--disable", "--up"],
                    ["--os-compute-api-version", "2.11", "compute", "service", "set",
                     "compute3", "nova-compute", "--disable", "--up"], fmt=None)
        _state(differ, "compute2", "compute3")
    finally:
        for host in ("compute2", "compute3"):
            differ.run("openstack", ["compute", "service", "set", host, "nova-compute",
                                     "--enable", "--up"], fmt=None)


def test_compute_service_set_errors(differ):
    cases = [
        (["compute2", "nova-compute", "--enable", "--disable-reason", "x"],
         "Cannot specify option --disable-reason without --disable specified."),
        (["no-such-host", "nova-compute", "--enable"],
         'Compute service for host "no-such-host" and binary "nova-compute" not found.'),
        (["controller", "nova-scheduler", "--down"],
         "Compute service nova-scheduler of host controller failed to set."),
    ]
    for argv, message in cases:
        mine, official = differ.pair(["compute", "service", "set", *argv], fmt=None, code=1)
        assert message in official.stderr
        assert message in mine.stderr
    # Forcing down needs 2.11.
    mine, official = differ.pair(["--os-compute-api-version", "2.10", "compute", "service",
                                  "set", "compute2", "nova-compute", "--down"],
                                 fmt=None, code=1)
    for outcome in (mine, official):
        assert "2.11 or later is required" in outcome.stderr


def test_compute_service_delete(start_cloud):
    """Deleting services changes the fleet until a restart: done on a cloud of its own."""
    from tests.support.differential import Differ

    differ = Differ(start_cloud())
    listed = differ.run("openstack", ["compute", "service", "list", "--long"]).data
    ids = {row["Host"]: row["ID"] for row in listed if row["Binary"] == "nova-compute"}
    mine, official = differ.pair(["compute", "service", "delete", ids["compute2"], "nope"],
                                 ["compute", "service", "delete", ids["compute3"], "nope"],
                                 fmt=None, code=1)
    for outcome in (mine, official):
        assert "1 of 2 compute services failed to delete." in outcome.stderr
        assert "Failed to delete compute service with ID 'nope'" in outcome.stderr
        assert "Invalid uuid nope" in outcome.stderr
    mine, official = differ.same("compute", "service", "list", "--long")
    assert {row["Host"] for row in mine.data} == {"controller", "compute1"}
    # Gone: a second delete is a 404 for both.
    mine, official = differ.pair(["compute", "service", "delete", ids["compute2"]],
                                 ["compute", "service", "delete", ids["compute3"]],
                                 fmt=None, code=1)
    for outcome in (mine, official):
        assert "not found" in outcome.stderr
