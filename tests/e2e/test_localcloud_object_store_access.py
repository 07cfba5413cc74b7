"""Who may use the local cloud's Swift over raw HTTP: tokens are checked, accounts are
isolated, container ACLs grant reads and writes to other projects.
"""

from __future__ import annotations

import pytest
from tests.support.localcloud import LocalCloud
from tests.support.swift import FORBIDDEN, UNAUTHORIZED, Swift


@pytest.fixture(scope="module")
def admin(localcloud: LocalCloud) -> Swift:
    return Swift(localcloud, "admin")


@pytest.fixture(scope="module")
def demo(localcloud: LocalCloud) -> Swift:
    return Swift(localcloud, "demo")


# ------------------------------------------------------------------ auth and isolation
def test_tokens_are_checked(admin: Swift):
    container = admin.container()
    for token in (False, "not-a-token"):
        reply = admin.call("GET", f"/{container}", token=token)
        assert reply.status == 401 and reply.body == UNAUTHORIZED, token
        assert reply.header("www-authenticate")
    assert admin.call("PUT", f"/{container}/x", b"x", token=False).status == 401


def test_accounts_are_isolated(admin: Swift, demo: Swift):
    mine = demo.container("demo")
    demo.put(mine, "secret", b"demo data")
    theirs = admin.container("admin")
    admin.put(theirs, "secret", b"admin data")
    # demo reaches nothing in the admin project's account
    for method, path in (("GET", ""), ("HEAD", ""), ("POST", ""), ("GET", f"/{theirs}"),
                         ("PUT", f"/{theirs}"), ("DELETE", f"/{theirs}"),
                         ("GET", f"/{theirs}/secret"), ("PUT", f"/{theirs}/new"),
                         ("DELETE", f"/{theirs}/secret"), ("PUT", "/made-by-demo")):
        reply = demo.call(method, path, b"" if method == "PUT" else None, base=admin.base)
        assert reply.status == 403, (method, path, reply.status)
        if method != "HEAD":
            assert reply.body == FORBIDDEN
    assert admin.call("GET", f"/{theirs}/secret").body == b"admin data"
    # each account lists only its own containers
    assert theirs not in [c["name"] for c in demo.listing(None)]
    assert mine not in [c["name"] for c in admin.listing(None)]
    # the administrator reaches every account
    assert admin.call("GET", f"/{mine}/secret", base=demo.base).body == b"demo data"
    assert admin.call("PUT", "/made-by-demo", base=demo.base).status == 201
    assert demo.call("DELETE", "/made-by-demo").status == 204


def test_container_acls(admin: Swift, demo: Swift):
    container = admin.container("shared")
    admin.put(container, "doc", b"shared doc")
    path = f"/{container}/doc"
    assert demo.call("GET", path, base=admin.base).status == 403
    assert admin.call("GET", path, token=False).status == 401
    # public read: objects for anyone, listing only with .rlistings
    admin.call("POST", f"/{container}", headers={"X-Container-Read": ".r:*"})
    assert admin.call("GET", path, token=False).body == b"shared doc"
    assert admin.call("GET", f"/{container}", token=False).status == 401
    admin.call("POST", f"/{container}", headers={"X-Container-Read": ".r:*,.rlistings"})
    assert admin.call("GET", f"/{container}?format=json", token=False).json[0]["name"] == "doc"
    assert admin.call("PUT", f"/{container}/anon", b"x", token=False).status == 401
    assert demo.call("PUT", f"/{container}/by-demo", b"x", base=admin.base).status == 403
    # a project's users: read and list, then write
    admin.call("POST", f"/{container}", headers={"X-Container-Read": f"{demo.project_id}:*"})
    assert admin.call("GET", path, token=False).status == 401
    assert demo.call("GET", path, base=admin.base).body == b"shared doc"
    assert demo.call("GET", f"/{container}?format=json", base=admin.base).status == 200
    admin.call("POST", f"/{container}", headers={
        "X-Container-Write": f"*:{demo.user_id}"})
    assert admin.call("HEAD", f"/{container}").header(
        "x-container-write") == f"*:{demo.user_id}"
    assert demo.call("PUT", f"/{container}/by-demo", b"from demo",
                     base=admin.base).status == 201
    assert admin.call("GET", f"/{container}/by-demo").body == b"from demo"
    # ACLs never let others change the container itself
    assert demo.call("POST", f"/{container}", headers={"X-Container-Read": ".r:*"},
                     base=admin.base).status == 403
    assert demo.call("DELETE", f"/{container}", base=admin.base).status == 403
    admin.call("POST", f"/{container}", headers={"X-Remove-Container-Read": "x",
                                                 "X-Remove-Container-Write": "x"})
    assert demo.call("GET", path, base=admin.base).status == 403
