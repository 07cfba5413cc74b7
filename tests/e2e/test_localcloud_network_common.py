"""What the common commands need of Neutron, over raw HTTP: the availability zones
(`/v2.0/availability_zones`, extension `availability_zone`) and quota updates with `force`."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def demo_token(localcloud):
    return localcloud.token("demo")


def test_zones_are_listed_per_resource(localcloud, demo_token):
    reply = localcloud.call("GET", "/network/v2.0/availability_zones", token=demo_token)
    assert reply.status == 200
    assert reply.json == {"availability_zones": [
        {"name": "nova", "resource": "network", "state": "available"},
        {"name": "nova", "resource": "router", "state": "available"}]}


def test_zones_filter_and_fields(localcloud, demo_token):
    path = "/network/v2.0/availability_zones"
    routers = localcloud.call("GET", f"{path}?resource=router", token=demo_token).json
    assert routers == {"availability_zones": [
        {"name": "nova", "resource": "router", "state": "available"}]}
    none = localcloud.call("GET", f"{path}?state=unavailable", token=demo_token).json
    assert none == {"availability_zones": []}
    names = localcloud.call("GET", f"{path}?name=nova&fields=name", token=demo_token).json
    assert names == {"availability_zones": [{"name": "nova"}, {"name": "nova"}]}


def test_zones_need_a_token_and_are_an_extension(localcloud, demo_token):
    assert localcloud.call("GET", "/network/v2.0/availability_zones").status == 401
    shown = localcloud.call("GET", "/network/v2.0/extensions/availability_zone",
                            token=demo_token).json["extension"]
    assert shown["name"] == "Availability Zone"


def test_quota_update_accepts_force_and_check_limit(localcloud):
    admin = localcloud.token()
    demo_project = localcloud.call("GET", "/identity/v3/projects?name=demo",
                                   token=admin).json["projects"][0]["id"]
    path = f"/network/v2.0/quotas/{demo_project}"
    for flag in ("force", "check_limit"):
        reply = localcloud.call("PUT", path, {"quota": {"router": 7, flag: True}}, token=admin)
        assert reply.status == 200, reply.body
        assert reply.json["quota"]["router"] == 7 and flag not in reply.json["quota"]
    bad = localcloud.call("PUT", path, {"quota": {"routers": 7}}, token=admin)
    assert bad.status == 400 and b"Unrecognized attribute(s) 'routers'" in bad.body
    assert localcloud.call("DELETE", path, token=admin).status == 204
