"""`catalog list|show`: ostack prints what the official client prints, on the same local
cloud."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.official


#: The local cloud's own services (other tests add and remove services and endpoints while
#: this one runs, and each client's token carries the catalog of its time).
SEEDED = {"keystone", "nova", "glance", "neutron", "cinderv3", "swift"}


def test_catalog(differ):
    mine, official = differ.pair(["catalog", "list"])
    rows = [sorted((r for r in out.data if r["Name"] in SEEDED), key=lambda r: r["Name"])
            for out in (mine, official)]
    assert rows[0] == rows[1] and {r["Name"] for r in rows[0]} >= {"keystone", "nova"}, rows
    assert list(mine.data[0]) == list(official.data[0])
    differ.same("catalog", "list", fmt="table", columns_only=True)
    differ.same("catalog", "show", "compute")
    differ.same("catalog", "show", "keystone", fmt="table")
    mine, _ = differ.same("catalog", "show", "no-such-service", fmt="table")
    assert mine.stderr.startswith("service no-such-service not found")
