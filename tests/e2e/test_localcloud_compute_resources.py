"""Nova's resources around servers on the local cloud, over raw HTTP: server metadata, tags
and addresses, flavors (access lists, extra specs, description), server groups and their
policies; responses validated against the OpenAPI spec at the requested microversion. The
fleet and quotas, listings and create arguments have files of their own
(test_localcloud_compute_fleet.py, test_localcloud_compute_listing.py)."""

from __future__ import annotations

import uuid

import pytest
from tests.e2e.test_localcloud_compute_actions import CIRROS, Nova, validate
from tests.support.localcloud import LocalCloud


@pytest.fixture(scope="module")
def admin(localcloud: LocalCloud) -> Nova:
    localcloud.raise_compute_quotas("admin")
    localcloud.raise_compute_quotas("demo")
    return Nova(localcloud, localcloud.token())


@pytest.fixture(scope="module")
def demo(localcloud: LocalCloud, admin: Nova) -> Nova:
    return Nova(localcloud, localcloud.token("demo"))


@pytest.fixture(scope="module")
def image(localcloud: LocalCloud, admin: Nova) -> str:
    reply = localcloud.call("GET", f"/image/v2/images?name={CIRROS}", token=admin.token)
    return reply.json["images"][0]["id"]


@pytest.fixture(scope="module")
def demo_project(localcloud: LocalCloud) -> str:
    return localcloud.authenticate("demo").json["token"]["project"]["id"]


# ------------------------------------------------------------------ metadata, tags, ips
def test_server_metadata(demo, image):
    server_id = demo.boot(image, metadata={"a": "1"})
    base = f"/servers/{server_id}/metadata"
    listed = demo.call("GET", base)
    validate("/v2.1/servers/{server_id}/metadata", "get", listed.json, "2.96")
    assert listed.json == {"metadata": {"a": "1"}}
    merged = demo.call("POST", base, {"metadata": {"b": "2"}})
    assert merged.json == {"metadata": {"a": "1", "b": "2"}}
    replaced = demo.call("PUT", base, {"metadata": {"c": "3"}})
    validate("/v2.1/servers/{server_id}/metadata", "put", replaced.json, "2.96")
    assert replaced.json == {"metadata": {"c": "3"}}
    item = demo.call("PUT", f"{base}/d", {"meta": {"d": "4"}})
    assert item.status == 200 and item.json == {"meta": {"d": "4"}}
    validate("/v2.1/servers/{server_id}/metadata/{id}", "put", item.json, "2.96")
    shown = demo.call("GET", f"{base}/d")
    validate("/v2.1/servers/{server_id}/metadata/{id}", "get", shown.json, "2.96")
    assert shown.json == {"meta": {"d": "4"}}
    mismatch = demo.call("PUT", f"{base}/d", {"meta": {"e": "5"}})
    assert mismatch.status == 400
    assert mismatch.json["badRequest"]["message"] == "Request body and URI mismatch"
    assert demo.call("PUT", f"{base}/d", {"meta": {"d": "1", "e": "2"}}).status == 400
    assert demo.call("POST", base, {"metadata": {"k": 5}}).status == 400
    assert demo.call("DELETE", f"{base}/d").status == 204
    missing = demo.call("GET", f"{base}/d")
    assert missing.status == 404
    assert missing.json["itemNotFound"]["message"] == "Metadata item was not found"
    too_many = demo.call("PUT", base, {"metadata": {f"k{i}": "v" for i in range(129)}})
    assert too_many.status == 403
    assert too_many.json["forbidden"]["message"] == \
        "Maximum number of metadata items exceeds 128"
    assert demo.show(server_id)["metadata"] == {"c": "3"}
    demo.delete(server_id)


def test_server_tags(demo, image):
    server_id = demo.boot(image, tags=["one"])
    base = f"/servers/{server_id}/tags"
    assert demo.call("GET", base, mv="2.25").status == 404
    listed = demo.call("GET", base)
    validate("/v2.1/servers/{server_id}/tags", "get", listed.json, "2.96")
    assert listed.json == {"tags": ["one"]}
    added = demo.call("PUT", f"{base}/two")
    assert added.status == 201
    assert added.header("location").endswith(f"/servers/{server_id}/tags/two")
    assert demo.call("PUT", f"{base}/two").status == 204
    assert demo.call("GET", f"{base}/two").status == 204
    assert demo.call("GET", f"{base}/three").status == 404
    replaced = demo.call("PUT", base, {"tags": ["x", "y"]})
    validate("/v2.1/servers/{server_id}/tags", "put", replaced.json, "2.96")
    assert replaced.json == {"tags": ["x", "y"]}
    assert demo.call("PUT", base, {"tags": [f"t{i}" for i in range(51)]}).status == 400
    assert demo.call("PUT", base, {"tags": ["a,b"]}).status == 400
    assert demo.show(server_id)["tags"] == ["x", "y"]
    assert demo.call("DELETE", f"{base}/x").status == 204
    assert demo.call("DELETE", f"{base}/x").status == 404
    assert demo.call("DELETE", base).status == 204
    assert demo.call("GET", base).json == {"tags": []}
    demo.delete(server_id)


def test_server_ips(demo, image):
    server_id = demo.boot(image, networks="auto")
    listed = demo.call("GET", f"/servers/{server_id}/ips")
    assert listed.status == 200
    validate("/v2.1/servers/{server_id}/ips", "get", listed.json, "2.96")
    addresses = listed.json["addresses"]
    assert addresses == {name: [{"version": a["version"], "addr": a["addr"]} for a in items]
                         for name, items in demo.show(server_id)["addresses"].items()}
    for name, items in addresses.items():
        one = demo.call("GET", f"/servers/{server_id}/ips/{name}")
        validate("/v2.1/servers/{server_id}/ips/{id}", "get", one.json, "2.96")
        assert one.json == {name: items}
    assert demo.call("GET", f"/servers/{server_id}/ips/nowhere").status == 404
    demo.delete(server_id)


# ------------------------------------------------------------------ flavors
def test_private_flavor_access(localcloud, admin, demo, demo_project):
    name = f"private-{uuid.uuid4().hex[:6]}"
    created = admin.call("POST", "/flavors", {"flavor": {
        "name": name, "ram": 256, "vcpus": 1, "disk": 1, "os-flavor-access:is_public": False,
        "description": "secret"}})
    assert created.status == 200, created.body
    validate("/v2.1/flavors", "post", created.json, "2.96")
    flavor_id = created.json["flavor"]["id"]
    assert created.json["flavor"]["os-flavor-access:is_public"] is False
    assert demo.call("GET", f"/flavors/{flavor_id}").status == 404
    assert flavor_id not in {f["id"] for f in demo.call("GET", "/flavors").json["flavors"]}
    access = admin.call("GET", f"/flavors/{flavor_id}/os-flavor-access")
    assert access.status == 200 and access.json == {"flavor_access": []}
    assert demo.call("GET", f"/flavors/{flavor_id}/os-flavor-access").status == 403
    added = admin.call("POST", f"/flavors/{flavor_id}/action",
                       {"addTenantAccess": {"tenant": demo_project}})
    assert added.status == 200
    assert added.json == {"flavor_access": [{"flavor_id": flavor_id,
                                             "tenant_id": demo_project}]}
    assert admin.call("POST", f"/flavors/{flavor_id}/action",
                      {"addTenantAccess": {"tenant": demo_project}}).status == 409
    assert demo.call("GET", f"/flavors/{flavor_id}").status == 200
    assert flavor_id in {f["id"] for f in demo.call("GET", "/flavors").json["flavors"]}
    private_only = admin.call("GET", "/flavors?is_public=false").json["flavors"]
    assert flavor_id in {f["id"] for f in private_only}
    assert "1" not in {f["id"] for f in private_only}
    removed = admin.call("POST", f"/flavors/{flavor_id}/action",
                         {"removeTenantAccess": {"tenant": demo_project}})
    assert removed.json == {"flavor_access": []}
    assert admin.call("POST", f"/flavors/{flavor_id}/action",
                      {"removeTenantAccess": {"tenant": demo_project}}).status == 404
    assert demo.call("GET", f"/flavors/{flavor_id}").status == 404
    public = admin.call("POST", "/flavors/1/action", {"addTenantAccess": {"tenant": "x"}})
    assert public.status == 409
    assert admin.call("GET", "/flavors/1/os-flavor-access").status == 404
    assert admin.call("DELETE", f"/flavors/{flavor_id}").status == 202


def test_flavor_description_and_extra_specs(admin, demo):
    name = f"specs-{uuid.uuid4().hex[:6]}"
    flavor = admin.call("POST", "/flavors", {"flavor": {
        "name": name, "ram": "512", "vcpus": 2, "disk": 0, "id": name}}).json["flavor"]
    assert flavor["id"] == name and flavor["ram"] == 512
    old = admin.call("PUT", f"/flavors/{name}", {"flavor": {"description": "d"}}, mv="2.54")
    assert old.status == 405
    updated = admin.call("PUT", f"/flavors/{name}", {"flavor": {"description": "new"}},
                         mv="2.55")
    assert updated.status == 200 and updated.json["flavor"]["description"] == "new"
    validate("/v2.1/flavors/{id}", "put", updated.json, "2.55")
    assert demo.call("PUT", f"/flavors/{name}", {"flavor": {"description": "x"}}).status == 403
    assert admin.call("PUT", f"/flavors/{name}", {"flavor": {"name": "x"}}).status == 400
    base = f"/flavors/{name}/os-extra_specs"
    created = admin.call("POST", base, {"extra_specs": {"hw:cpu_policy": "dedicated",
                                                        "quota:disk_read_bytes_sec": 10}})
    assert created.status == 200
    validate("/v2.1/flavors/{flavor_id}/os-extra_specs", "post", created.json, "2.96")
    assert created.json["extra_specs"]["quota:disk_read_bytes_sec"] == "10"
    one = admin.call("GET", f"{base}/hw:cpu_policy")
    assert one.json == {"hw:cpu_policy": "dedicated"}
    validate("/v2.1/flavors/{flavor_id}/os-extra_specs/{id}", "get", one.json, "2.96")
    put = admin.call("PUT", f"{base}/hw:cpu_policy", {"hw:cpu_policy": "shared"})
    assert put.status == 200 and put.json == {"hw:cpu_policy": "shared"}
    assert admin.call("PUT", f"{base}/hw:cpu_policy", {"other": "x"}).status == 400
    assert demo.call("PUT", f"{base}/hw:cpu_policy", {"hw:cpu_policy": "x"}).status == 403
    listed = demo.call("GET", base).json["extra_specs"]
    assert listed == {"hw:cpu_policy": "shared", "quota:disk_read_bytes_sec": "10"}
    assert admin.call("GET", f"/flavors/{name}", mv="2.61").json["flavor"]["extra_specs"] \
        == listed
    # Nova answers 200 here (its api-ref and Tempest; the OpenAPI spec says 204)
    assert admin.call("DELETE", f"{base}/hw:cpu_policy").status == 200
    missing = admin.call("GET", f"{base}/hw:cpu_policy")
    assert missing.status == 404
    assert admin.call("DELETE", f"{base}/hw:cpu_policy").status == 404
    assert admin.call("POST", "/flavors", {"flavor": {
        "name": "bad", "ram": 0, "vcpus": 1, "disk": 0}}).status == 400
    assert admin.call("DELETE", f"/flavors/{name}").status == 202


# ------------------------------------------------------------------ server groups
@pytest.mark.parametrize("mv", ["2.1", "2.13", "2.63", "2.64", "2.96"])
def test_server_group_shapes(admin, demo, mv):
    if tuple(map(int, mv.split("."))) >= (2, 64):
        body = {"server_group": {"name": "g", "policy": "anti-affinity",
                                 "rules": {"max_server_per_host": 2}}}
    else:
        body = {"server_group": {"name": "g", "policies": ["affinity"]}}
    created = demo.call("POST", "/os-server-groups", body, mv=mv)
    assert created.status == 200, created.body
    validate("/v2.1/os-server-groups", "post", created.json, mv)
    group = created.json["server_group"]
    if tuple(map(int, mv.split("."))) >= (2, 64):
        assert (group["policy"], group["rules"]) == ("anti-affinity",
                                                     {"max_server_per_host": 2})
        assert "policies" not in group
    else:
        assert group["policies"] == ["affinity"] and "policy" not in group
    assert ("project_id" in group) == (mv != "2.1")
    shown = demo.call("GET", f"/os-server-groups/{group['id']}", mv=mv)
    validate("/v2.1/os-server-groups/{id}", "get", shown.json, mv)
    listed = demo.call("GET", "/os-server-groups", mv=mv)
    validate("/v2.1/os-server-groups", "get", listed.json, mv)
    assert group["id"] in {g["id"] for g in listed.json["server_groups"]}
    assert admin.call("GET", "/os-server-groups", mv=mv).json["server_groups"] == [] or \
        group["id"] not in {g["id"] for g in admin.call(
            "GET", "/os-server-groups", mv=mv).json["server_groups"]}
    everyone = admin.call("GET", "/os-server-groups?all_projects=True", mv=mv)
    assert group["id"] in {g["id"] for g in everyone.json["server_groups"]}
    assert demo.call("GET", "/os-server-groups?all_projects=True").status == 403
    assert demo.call("DELETE", f"/os-server-groups/{group['id']}").status == 204
    assert demo.call("GET", f"/os-server-groups/{group['id']}").status == 404


def test_server_group_validation(demo):
    for mv, body in (
        ("2.14", {"server_group": {"name": "g", "policies": ["soft-affinity"]}}),
        ("2.64", {"server_group": {"name": "g", "policies": ["affinity"]}}),
        ("2.63", {"server_group": {"name": "g", "policy": "affinity"}}),
        ("2.64", {"server_group": {"name": "g", "policy": "affinity",
                                   "rules": {"max_server_per_host": 2}}}),
        ("2.64", {"server_group": {"name": "g", "policy": "nearby"}}),
        ("2.64", {"server_group": {"policy": "affinity"}}),
    ):
        reply = demo.call("POST", "/os-server-groups", body, mv=mv)
        assert reply.status == 400, (mv, body, reply.body)
    soft = demo.call("POST", "/os-server-groups", {"server_group": {
        "name": "g", "policies": ["soft-anti-affinity"]}}, mv="2.15")
    assert soft.status == 200
    demo.call("DELETE", f"/os-server-groups/{soft.json['server_group']['id']}")


def test_server_group_policies_place_servers(admin, demo, image):
    anti = demo.call("POST", "/os-server-groups", {"server_group": {
        "name": "spread", "policy": "anti-affinity"}}).json["server_group"]
    hints = {"os:scheduler_hints": {"group": anti["id"]}}
    ids = []
    for _ in range(4):
        reply = demo.call("POST", "/servers", {"server": {
            "name": "spread", "imageRef": image, "flavorRef": "1", "networks": "none"},
            **hints})
        assert reply.status == 202, reply.body
        ids.append(reply.json["server"]["id"])
    final = [demo.cloud.wait_for(lambda i=i: (s := admin.show(i))["status"] in (
        "ACTIVE", "ERROR") and s) for i in ids]
    statuses = [s["status"] for s in final]
    assert statuses == ["ACTIVE", "ACTIVE", "ACTIVE", "ERROR"]
    assert len({s["OS-EXT-SRV-ATTR:host"] for s in final[:3]}) == 3
    fault = demo.show(ids[3])["fault"]
    assert fault["code"] == 500 and "No valid host was found" in fault["message"]
    assert "details" not in fault
    members = demo.call("GET", f"/os-server-groups/{anti['id']}").json["server_group"]
    assert sorted(members["members"]) == sorted(ids)
    assert demo.show(ids[0])["server_groups"] == [anti["id"]]
    affinity = demo.call("POST", "/os-server-groups", {"server_group": {
        "name": "together", "policies": ["affinity"]}}, mv="2.1").json["server_group"]
    together = demo.call("POST", "/servers", {"server": {
        "name": "together", "imageRef": image, "flavorRef": "1", "networks": "none",
        "min_count": 3}, "os:scheduler_hints": {"group": affinity["id"]}})
    assert together.status == 202
    rows = demo.call("GET", "/servers?name=^together").json["servers"]
    assert len(rows) == 3
    assert len({admin.show(r["id"])["OS-EXT-SRV-ATTR:host"] for r in rows}) == 1
    unknown = demo.call("POST", "/servers", {"server": {
        "name": "x", "imageRef": image, "flavorRef": "1", "networks": "none"},
        "os:scheduler_hints": {"group": str(uuid.uuid4())}})
    assert unknown.status == 400
    for server_id in ids + [r["id"] for r in rows]:
        demo.delete(server_id)
    for group in (anti, affinity):
        demo.call("DELETE", f"/os-server-groups/{group['id']}")
