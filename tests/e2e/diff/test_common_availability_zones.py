"""`availability zone list`: ostack prints what the official client prints (compute, network
and block storage zones; --long adds hosts and services)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.official


def test_availability_zone_list(differ):
    differ.same("availability", "zone", "list")
    differ.same("availability", "zone", "list", "--long")
    differ.same("availability", "zone", "list", "--long", fmt="table")
    differ.same("availability", "zone", "list", fmt="value")


@pytest.mark.parametrize("service", ["--compute", "--network", "--volume"])
def test_availability_zone_list_one_service(differ, service):
    mine, official = differ.same("availability", "zone", "list", service, "--long")
    assert official.data, "every service of the local cloud has a zone"
    assert mine.stderr == official.stderr == ""


def test_availability_zone_list_shares_are_not_offered(differ):
    # The local cloud has no Shared File Systems service: both clients warn and list nothing.
    mine, official = differ.same("availability", "zone", "list", "--share")
    assert mine.data == official.data == []
    assert "not supported by Shared File System API" in official.stderr
    assert mine.stderr == official.stderr


def test_availability_zone_list_as_a_member(differ):
    # The zone details are admin-only: a member gets the plain list (the official client
    # retries without details on 403), hosts and services left empty.
    mine = differ.run("ostack", ["--os-cloud", "local-demo", "availability", "zone", "list",
                                 "--long"])
    official = differ.run("openstack", ["--os-cloud", "local-demo", "availability", "zone",
                                        "list", "--long"])
    assert mine.code == official.code == 0, (mine.describe(), official.describe())
    differ.assert_same(mine, official)
