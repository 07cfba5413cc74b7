"""Cinder's operator APIs of the local cloud over raw HTTP, where the clients do not show it:
log levels (3.32), resource filters (3.33), clusters (3.7), manageable lists (3.8) and worker
cleanup (3.24) answer 404 below their microversion, refuse members (403) and bad bodies (400)
in Cinder's fault format."""

from __future__ import annotations

import pytest
from tests.support.cinder import Cinder

HOST = "localcloud@lvmdriver-1"


@pytest.fixture(scope="module")
def admin(localcloud) -> Cinder:
    return Cinder(localcloud, "admin")


@pytest.fixture(scope="module")
def demo(localcloud) -> Cinder:
    return Cinder(localcloud, "demo")


def test_versions_policy_and_faults(admin, demo):
    for mv, method, path, body in (
            ("3.31", "PUT", "/os-services/get-log", {}),
            ("3.32", "GET", "/resource_filters", None),
            ("3.6", "GET", "/clusters", None),
            ("3.7", "GET", f"/manageable_volumes?host={HOST}", None),
            ("3.23", "POST", "/workers/cleanup", {})):
        assert admin.at(mv).fault(method, path, body, 404) == "The resource could not be found."
    for method, path, body in (("PUT", "/os-services/set-log", {"level": "DEBUG"}),
                               ("GET", "/clusters/detail", None),
                               ("GET", f"/manageable_snapshots?host={HOST}", None),
                               ("POST", "/workers/cleanup", {})):
        assert "Policy doesn't allow" in demo.fault(method, path, body, 403)
    # Resource filters are for everyone.
    filters = demo.ok("GET", "/resource_filters?resource=volume")["resource_filters"]
    assert [f["resource"] for f in filters] == ["volume"]
    assert demo.ok("GET", "/resource_filters?resource=nothing") == {"resource_filters": []}

    assert "not a valid log level" in admin.fault("PUT", "/os-services/set-log",
                                                  {"level": "LOUD"})
    assert "not a valid binary" in admin.fault("PUT", "/os-services/get-log",
                                               {"binary": "nova-compute"})
    assert "host or cluster must be specified" in admin.fault("GET", "/manageable_volumes")
    assert "mutually exclusive" in admin.fault(
        "GET", f"/manageable_volumes/detail?host={HOST}&cluster=c")
    assert "unknown filters" in admin.fault("POST", "/workers/cleanup", {"colour": "red"})
    assert admin.fault("PUT", "/clusters/enable", {}) == (
        "Missing required element 'name' in request body.")
    assert admin.fault("GET", "/clusters/c9", status=404) == "Cluster c9 could not be found."
    reply = admin.call("POST", "/workers/cleanup", {"host": HOST, "is_up": False})
    assert reply.status == 202 and reply.json == {"cleaning": [], "unavailable": []}
