"""Roles decide in every service: a reader of a project reads, only a member writes."""

from __future__ import annotations

import uuid

import pytest


@pytest.fixture(scope="module")
def reader(localcloud):
    """A token of a user holding only `reader` on the demo project."""
    admin = localcloud.token()
    name = f"reader-{uuid.uuid4().hex[:8]}"
    password = uuid.uuid4().hex
    user = localcloud.call("POST", "/identity/v3/users", {"user": {
        "name": name, "password": password, "domain_id": "default"}}, token=admin).json["user"]
    projects = localcloud.call("GET", "/identity/v3/projects?name=demo", token=admin).json
    demo = projects["projects"][0]["id"]
    roles = localcloud.call("GET", "/identity/v3/roles?name=reader", token=admin).json
    role = roles["roles"][0]["id"]
    granted = localcloud.call("PUT", f"/identity/v3/projects/{demo}/users/{user['id']}"
                                     f"/roles/{role}", token=admin)
    assert granted.status == 204
    reply = localcloud.authenticate(name, "demo", password=password)
    assert reply.status == 201, reply.body
    roles = {r["name"] for r in reply.json["token"]["roles"]}
    assert roles == {"reader"}
    return reply.header("x-subject-token"), demo


@pytest.mark.parametrize("path", [
    "/compute/v2.1/servers/detail", "/compute/v2.1/os-keypairs", "/compute/v2.1/flavors",
    "/network/v2.0/networks", "/image/v2/images", "/volume/v3/{project}/volumes",
    "/object-store/v1/AUTH_{project}",
])
def test_reader_reads(localcloud, reader, path):
    token, project = reader
    reply = localcloud.call("GET", path.format(project=project), token=token)
    assert reply.status in (200, 204), (path, reply.status, reply.body)


@pytest.mark.parametrize("method,path,body", [
    ("POST", "/compute/v2.1/servers", {"server": {
        "name": "x", "imageRef": "00000000-0000-0000-0000-000000000000", "flavorRef": "1",
        "networks": "none"}}),
    # (Not keypairs: a keypair is its user's own, "admin or user_id:%(user_id)s" in Nova's
    # defaults, so a reader creates its own: see tests/e2e/test_rbac_matrix.py.)
    ("POST", "/network/v2.0/networks", {"network": {"name": "n"}}),
    ("POST", "/image/v2/images", {"name": "i", "disk_format": "raw",
                                  "container_format": "bare"}),
    ("POST", "/volume/v3/{project}/volumes", {"volume": {"size": 1}}),
    ("PUT", "/object-store/v1/AUTH_{project}/reader-container", None),
])
def test_reader_cannot_write(localcloud, reader, method, path, body):
    token, project = reader
    reply = localcloud.call(method, path.format(project=project), body, token=token)
    assert reply.status == 403, (method, path, reply.status, reply.body)
