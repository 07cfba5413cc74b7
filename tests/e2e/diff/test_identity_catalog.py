"""`catalog list|show`: ostack prints what the official client prints, on the same local
cloud."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.official


def test_catalog(differ):
    differ.same("catalog", "list")
    differ.same("catalog", "list", fmt="table")
    differ.same("catalog", "show", "compute")
    differ.same("catalog", "show", "keystone", fmt="table")
    mine, _ = differ.same("catalog", "show", "no-such-service", fmt="table")
    assert mine.stderr.startswith("service no-such-service not found")
