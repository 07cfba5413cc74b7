"""Bad requests answer 4xx, never 500: malformed JSON, wrong types, missing fields and unknown
ids sent to every write operation of the local cloud."""

from __future__ import annotations

import pytest
from tests.support.localcloud import LocalCloud

GARBAGE = [b"", b"{", b"null", b"[]", b'"text"', b"42", b"{}", b'{"x": 1}',
           b"\xff\xfe", b'{"server": null, "project": [], "user": 7, "keypair": "k", '
           b'"flavor": {}, "role": {"name": null}, "application_credential": []}']


def _routes(cloud: LocalCloud, admin: str) -> list[tuple[str, str]]:
    user = cloud.authenticate("admin").json["token"]["user"]["id"]
    project = cloud.authenticate("admin").json["token"]["project"]["id"]
    return [
        ("POST", "/identity/v3/auth/tokens"),
        ("POST", "/identity/v3/domains"), ("PATCH", "/identity/v3/domains/default"),
        ("POST", "/identity/v3/projects"), ("PATCH", f"/identity/v3/projects/{project}"),
        ("POST", "/identity/v3/users"), ("PATCH", f"/identity/v3/users/{user}"),
        ("POST", f"/identity/v3/users/{user}/password"),
        ("POST", "/identity/v3/roles"),
        ("POST", f"/identity/v3/users/{user}/application_credentials"),
        ("POST", "/identity/v3/services"), ("POST", "/identity/v3/endpoints"),
        ("POST", "/identity/v3/regions"),
        ("POST", "/compute/v2.1/servers"), ("PUT", "/compute/v2.1/servers/nope"),
        ("POST", "/compute/v2.1/servers/nope/action"),
        ("POST", "/compute/v2.1/flavors"), ("POST", "/compute/v2.1/flavors/1/os-extra_specs"),
        ("POST", "/compute/v2.1/os-keypairs"),
    ]


@pytest.mark.parametrize("raw", GARBAGE, ids=range(len(GARBAGE)))
def test_garbage_bodies_never_cause_500(localcloud, raw):
    admin = localcloud.token()
    for method, path in _routes(localcloud, admin):
        for version in ("2.1", "2.96"):
            reply = localcloud.call(method, path, raw=raw, token=admin, headers={
                "OpenStack-API-Version": f"compute {version}"})
            assert 400 <= reply.status < 500, (method, path, raw, reply.status, reply.body)
            assert reply.json is not None or reply.body == b""


@pytest.mark.parametrize("path", [
    "/compute/v2.1/servers/does-not-exist", "/compute/v2.1/flavors/does-not-exist",
    "/compute/v2.1/os-keypairs/does-not-exist", "/image/v2/images/does-not-exist",
    "/identity/v3/projects/does-not-exist", "/identity/v3/users/does-not-exist",
    "/identity/v3/roles/does-not-exist", "/identity/v3/domains/does-not-exist",
    "/identity/v3/services/does-not-exist", "/identity/v3/endpoints/does-not-exist",
    "/identity/v3/regions/does-not-exist",
])
def test_unknown_ids_are_404(localcloud, path):
    admin = localcloud.token()
    assert localcloud.call("GET", path, token=admin).status == 404
    if "/v2.1/servers/" in path or "/v3/" in path:
        assert localcloud.call("DELETE", path, token=admin).status == 404


@pytest.mark.parametrize("query", [
    "limit=abc", "limit=-3", "marker=zzz", "sort_key=nope", "sort_dir=sideways",
    "changes-since=yesterday", "locked=maybe", "all_tenants=perhaps",
])
def test_bad_server_queries_are_400(localcloud, query):
    reply = localcloud.call("GET", f"/compute/v2.1/servers/detail?{query}",
                            token=localcloud.token())
    assert reply.status == 400, (query, reply.body)
    assert "badRequest" in reply.json


def test_no_traceback_in_the_server_log(localcloud):
    log = (localcloud.state_dir / "test-server.log").read_text()
    assert "Traceback" not in log, log[-3000:]
