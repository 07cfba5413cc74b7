"""Nova's resources around servers on the local cloud, over raw HTTP: server metadata, tags
and addresses, flavors (access lists, extra specs, description), server groups and their
policies, hypervisors, services, availability zones, usage, list filters and sorting,
microversioned create arguments, boot from volume; responses validated against the OpenAPI
spec at the requested microversion."""

from __future__ import annotations

import base64
import time
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


# ------------------------------------------------------------------ the fleet
@pytest.mark.parametrize("mv", ["2.1", "2.28", "2.33", "2.53", "2.87", "2.88", "2.96"])
def test_hypervisors(admin, demo, mv):
    version = tuple(map(int, mv.split(".")))
    listed = admin.call("GET", "/os-hypervisors", mv=mv)
    assert listed.status == 200
    # The spec types hypervisor ids as strings at every version; Nova (and its samples)
    # answer integers before 2.53.
    checked = mv if version >= (2, 53) else None
    if checked:
        validate("/v2.1/os-hypervisors", "get", listed.json, mv)
    hypervisors = listed.json["hypervisors"]
    assert [h["hypervisor_hostname"] for h in hypervisors] == ["compute1", "compute2",
                                                              "compute3"]
    assert isinstance(hypervisors[0]["id"], str if version >= (2, 53) else int)
    detail = admin.call("GET", "/os-hypervisors/detail", mv=mv)
    if checked:
        validate("/v2.1/os-hypervisors/detail", "get", detail.json, mv)
    first = detail.json["hypervisors"][0]
    assert ("vcpus" in first) == (version < (2, 88))
    assert ("uptime" in first) == (version >= (2, 88))
    if (2, 28) <= version < (2, 88):
        assert isinstance(first["cpu_info"], dict)
    elif version < (2, 28):
        assert isinstance(first["cpu_info"], str)
    shown = admin.call("GET", f"/os-hypervisors/{first['id']}", mv=mv)
    if checked:
        validate("/v2.1/os-hypervisors/{id}", "get", shown.json, mv)
    assert shown.json["hypervisor"]["hypervisor_hostname"] == "compute1"
    statistics = admin.call("GET", "/os-hypervisors/statistics", mv=mv)
    if version >= (2, 88):
        assert statistics.status == 404
    else:
        assert statistics.json["hypervisor_statistics"]["count"] == 3
    if version >= (2, 33):
        paged = admin.call("GET", "/os-hypervisors?limit=1", mv=mv).json
        assert len(paged["hypervisors"]) == 1 and "hypervisors_links" in paged
    if version >= (2, 53):
        with_servers = admin.call("GET", "/os-hypervisors?with_servers=true", mv=mv)
        assert with_servers.status == 200
        pattern = admin.call("GET", "/os-hypervisors?hypervisor_hostname_pattern=compute2",
                             mv=mv).json["hypervisors"]
        assert [h["hypervisor_hostname"] for h in pattern] == ["compute2"]
    else:
        search = admin.call("GET", "/os-hypervisors/compute3/search", mv=mv)
        assert [h["hypervisor_hostname"] for h in search.json["hypervisors"]] == ["compute3"]
    assert admin.call("GET", "/os-hypervisors/99999", mv=mv).status in (400, 404)
    assert demo.call("GET", "/os-hypervisors", mv=mv).status == 403


@pytest.mark.parametrize("mv", ["2.1", "2.11", "2.53", "2.96"])
def test_services_and_availability_zones(admin, demo, mv):
    listed = admin.call("GET", "/os-services", mv=mv)
    assert listed.status == 200
    validate("/v2.1/os-services", "get", listed.json, mv)
    services = listed.json["services"]
    assert {(s["binary"], s["host"]) for s in services} >= {
        ("nova-scheduler", "controller"), ("nova-conductor", "controller"),
        ("nova-compute", "compute1")}
    computes = admin.call("GET", "/os-services?binary=nova-compute", mv=mv).json["services"]
    assert len(computes) == 3 and all(s["zone"] == "nova" for s in computes)
    assert demo.call("GET", "/os-services", mv=mv).status == 403
    zones = demo.call("GET", "/os-availability-zone", mv=mv)
    validate("/v2.1/os-availability-zone", "get", zones.json, mv)
    assert zones.json["availabilityZoneInfo"] == [
        {"zoneName": "nova", "zoneState": {"available": True}, "hosts": None}]
    detail = admin.call("GET", "/os-availability-zone/detail", mv=mv)
    validate("/v2.1/os-availability-zone/detail", "get", detail.json, mv)
    assert {z["zoneName"] for z in detail.json["availabilityZoneInfo"]} == {"internal", "nova"}
    assert demo.call("GET", "/os-availability-zone/detail", mv=mv).status == 403


def test_disabled_compute_service_gets_no_servers(start_cloud):
    cloud = start_cloud()
    admin = Nova(cloud, cloud.token())
    image = cloud.call("GET", f"/image/v2/images?name={CIRROS}",
                       token=admin.token).json["images"][0]["id"]
    compute3 = admin.call("GET", "/os-services?host=compute3", mv="2.53").json["services"][0]
    disabled = admin.call("PUT", f"/os-services/{compute3['id']}",
                          {"status": "disabled", "disabled_reason": "maintenance"}, mv="2.53")
    assert disabled.status == 200, disabled.body
    validate("/v2.1/os-services/{id}", "put", disabled.json, "2.53")
    assert disabled.json["service"]["status"] == "disabled"
    legacy = admin.call("PUT", "/os-services/disable", {"host": "compute2",
                                                        "binary": "nova-compute"}, mv="2.1")
    assert legacy.status == 200
    assert legacy.json == {"service": {"host": "compute2", "binary": "nova-compute",
                                       "status": "disabled"}}
    ids = [admin.boot(image, wait=False) for _ in range(3)]
    for server_id in ids:
        admin.wait(server_id, "ACTIVE")
        assert admin.show(server_id)["OS-EXT-SRV-ATTR:host"] == "compute1"
    hypervisors = admin.call("GET", "/os-hypervisors?with_servers=true",
                             mv="2.53").json["hypervisors"]
    assert {h["hypervisor_hostname"]: len(h.get("servers", [])) for h in hypervisors} == {
        "compute1": 3, "compute2": 0, "compute3": 0}
    assert [h["status"] for h in hypervisors] == ["enabled", "disabled", "disabled"]
    stats = admin.call("GET", "/os-hypervisors/statistics", mv="2.87").json[
        "hypervisor_statistics"]
    assert stats["running_vms"] == 3 and stats["vcpus_used"] == 3
    usage = admin.call("GET", "/os-simple-tenant-usage?detailed=1")
    assert usage.status == 200
    validate("/v2.1/os-simple-tenant-usage", "get", usage.json, "2.96")
    project = usage.json["tenant_usages"][0]
    assert len(project["server_usages"]) == 3
    one = admin.call("GET", f"/os-simple-tenant-usage/{project['tenant_id']}")
    validate("/v2.1/os-simple-tenant-usage/{id}", "get", one.json, "2.96")
    assert one.json["tenant_usage"]["total_vcpus_usage"] >= 0


# ------------------------------------------------------------------ quotas (own cloud)
def test_quotas_are_enforced(start_cloud):
    cloud = start_cloud(build_delay=0.05)
    admin = Nova(cloud, cloud.token())
    demo = Nova(cloud, cloud.token("demo"))
    project = cloud.authenticate("demo").json["token"]["project"]["id"]
    image = cloud.call("GET", f"/image/v2/images?name={CIRROS}",
                       token=admin.token).json["images"][0]["id"]
    defaults = demo.call("GET", f"/os-quota-sets/{project}/defaults")
    validate("/v2.1/os-quota-sets/{id}/defaults", "get", defaults.json, "2.96")
    assert defaults.json["quota_set"] == {
        "id": project, "instances": 10, "cores": 20, "ram": 51200, "key_pairs": 100,
        "server_groups": 10, "server_group_members": 10, "metadata_items": 128}
    multi = demo.call("POST", "/servers", {"server": {
        "name": "many", "imageRef": image, "flavorRef": "1", "networks": "none",
        "min_count": 2, "max_count": 50}})
    assert multi.status == 202
    assert len(demo.call("GET", "/servers?name=^many").json["servers"]) == 10
    over = demo.call("POST", "/servers", {"server": {
        "name": "one-more", "imageRef": image, "flavorRef": "1", "networks": "none"}})
    assert over.status == 403
    assert over.json == {"forbidden": {"code": 403, "message": (
        "Quota exceeded for instances: Requested 1, but already used 10 of 10 instances")}}
    detail = demo.call("GET", f"/os-quota-sets/{project}/detail")
    validate("/v2.1/os-quota-sets/{id}/detail", "get", detail.json, "2.96")
    assert detail.json["quota_set"]["instances"] == {"limit": 10, "in_use": 10,
                                                     "reserved": 0}
    assert detail.json["quota_set"]["cores"]["in_use"] == 10
    limits = demo.call("GET", "/limits").json["limits"]["absolute"]
    assert (limits["maxTotalInstances"], limits["totalInstancesUsed"]) == (10, 10)
    denied = demo.call("PUT", f"/os-quota-sets/{project}", {"quota_set": {"instances": 50}})
    assert denied.status == 403
    below = admin.call("PUT", f"/os-quota-sets/{project}", {"quota_set": {"instances": 5}})
    assert below.status == 400
    assert "must be greater than or equal to already used and reserved 10" in \
        below.json["badRequest"]["message"]
    raised = admin.call("PUT", f"/os-quota-sets/{project}",
                        {"quota_set": {"instances": 50, "cores": 11}})
    assert raised.status == 200
    validate("/v2.1/os-quota-sets/{id}", "put", raised.json, "2.96")
    assert raised.json["quota_set"]["instances"] == 50 and "id" not in raised.json["quota_set"]
    cores = demo.call("POST", "/servers", {"server": {
        "name": "big", "imageRef": image, "flavorRef": "3", "networks": "none"}})
    assert cores.status == 403
    assert cores.json["forbidden"]["message"] == (
        "Quota exceeded for cores: Requested 2, but already used 10 of 11 cores")
    servers = demo.call("GET", "/servers?name=^many").json["servers"]
    demo.wait(servers[0]["id"], "ACTIVE")
    resize = demo.action(servers[0]["id"], {"resize": {"flavorRef": "4"}})
    assert resize.status == 403 and "Quota exceeded for cores" in resize.json[
        "forbidden"]["message"]
    assert admin.call("PUT", f"/os-quota-sets/{project}",
                      {"quota_set": {"instances": "x"}}).status == 400
    assert admin.call("PUT", f"/os-quota-sets/{project}",
                      {"quota_set": {"floating_ips": 1}}).status == 400  # gone at 2.36
    assert admin.call("PUT", f"/os-quota-sets/{project}", {"quota_set": {
        "floating_ips": 1, "injected_files": 2}}, mv="2.35").status == 200
    forced = admin.call("PUT", f"/os-quota-sets/{project}",
                        {"quota_set": {"instances": 1, "force": True, "key_pairs": 1,
                                       "server_groups": 1, "metadata_items": 1}})
    assert forced.status == 200
    assert demo.call("POST", "/os-keypairs", {"keypair": {"name": "k1"}}, mv="2.91"
                     ).status == 201
    keypairs = demo.call("POST", "/os-keypairs", {"keypair": {"name": "k2"}}, mv="2.91")
    assert keypairs.status == 403
    assert keypairs.json["forbidden"]["message"] == "Quota exceeded, too many key pairs."
    assert demo.call("POST", "/os-server-groups", {"server_group": {
        "name": "g1", "policy": "affinity"}}).status == 200
    groups = demo.call("POST", "/os-server-groups", {"server_group": {
        "name": "g2", "policy": "affinity"}})
    assert groups.status == 403
    assert groups.json["forbidden"]["message"] == "Quota exceeded, too many server groups."
    meta = demo.call("POST", f"/servers/{servers[0]['id']}/metadata",
                     {"metadata": {"a": "1", "b": "2"}})
    assert meta.status == 403
    assert admin.call("DELETE", f"/os-quota-sets/{project}").status == 202
    assert demo.call("GET", f"/os-quota-sets/{project}").json["quota_set"]["instances"] == 10
    old = demo.call("GET", f"/os-quota-sets/{project}", mv="2.1").json["quota_set"]
    assert {"floating_ips", "injected_files", "security_groups"} <= set(old)
    validate("/v2.1/os-quota-sets/{id}", "get", {"quota_set": old}, "2.1")


def test_server_group_member_quota(start_cloud):
    cloud = start_cloud(build_delay=0.05)
    admin = Nova(cloud, cloud.token())
    image = cloud.call("GET", f"/image/v2/images?name={CIRROS}",
                       token=admin.token).json["images"][0]["id"]
    project = cloud.authenticate("admin").json["token"]["project"]["id"]
    admin.call("PUT", f"/os-quota-sets/{project}", {"quota_set": {"server_group_members": 2}})
    group = admin.call("POST", "/os-server-groups", {"server_group": {
        "name": "g", "policy": "soft-anti-affinity"}}).json["server_group"]
    body = {"server": {"name": "m", "imageRef": image, "flavorRef": "1", "networks": "none",
                       "min_count": 2}, "os:scheduler_hints": {"group": group["id"]}}
    assert admin.call("POST", "/servers", body).status == 202
    body["server"]["min_count"] = 1
    over = admin.call("POST", "/servers", body)
    assert over.status == 403
    assert over.json["forbidden"]["message"] == "Quota exceeded, too many servers in group"


# ------------------------------------------------------------------ listing
def test_list_filters_sorting_and_microversions(demo, admin, image):
    tag = uuid.uuid4().hex[:6]
    first = demo.boot(image, name=f"f-{tag}-a", tags=["red", "big"])
    mark = time.time()
    time.sleep(0.05)
    second = demo.boot(image, name=f"f-{tag}-b", tags=["blue"])
    base = f"/servers/detail?name=^f-{tag}"

    def names(query: str, mv: str = "2.96") -> list[str]:
        reply = demo.call("GET", base + query, mv=mv)
        assert reply.status == 200, reply.body
        return [s["name"] for s in reply.json["servers"]]

    assert names("&tags=red") == [f"f-{tag}-a"]
    assert names("&tags=red,big") == [f"f-{tag}-a"]
    assert names("&tags-any=red,blue") == [f"f-{tag}-b", f"f-{tag}-a"]
    assert names("&not-tags=red") == [f"f-{tag}-b"]
    assert names("&not-tags-any=blue,big") == []
    assert names("&sort_key=display_name&sort_dir=asc") == [f"f-{tag}-a", f"f-{tag}-b"]
    assert names("&sort_key=vm_state&sort_dir=asc&sort_key=display_name&sort_dir=desc") == [
        f"f-{tag}-b", f"f-{tag}-a"]
    since = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(mark))
    since += f".{int((mark % 1) * 1e6):06d}Z"
    assert f"f-{tag}-b" in names(f"&changes-since={since}")
    # changes-before is a filter from 2.66: ignored before
    assert names(f"&changes-before={since}", mv="2.65") == [f"f-{tag}-b", f"f-{tag}-a"]
    assert names(f"&changes-before={since}") == [f"f-{tag}-a"]
    assert demo.call("GET", base + "&changes-since=yesterday").status == 400
    assert demo.call("GET", base + "&status=NOPE", mv="2.38").status == 400
    assert names("&status=NOPE", mv="2.37") == []
    assert names("&status=active") == [f"f-{tag}-b", f"f-{tag}-a"]
    assert demo.call("GET", base + "&bogus=1", mv="2.75").status == 400
    assert demo.call("GET", base + "&bogus=1", mv="2.74").status == 200
    assert demo.call("GET", base + "&sort_key=host").status == 403
    assert admin.call("GET", base + "&all_tenants=1&sort_key=host").status == 200
    # user_id is an admin filter before 2.83: a member's is ignored
    assert names("&user_id=someone-else", mv="2.82") == [f"f-{tag}-b", f"f-{tag}-a"]
    assert names("&user_id=someone-else", mv="2.83") == []
    everyone = admin.call("GET", f"/servers?all_tenants=1&name=^f-{tag}").json["servers"]
    assert len(everyone) == 2
    project = demo.cloud.authenticate("demo").json["token"]["project"]["id"]
    by_project = admin.call("GET", f"/servers?all_tenants=1&project_id={project}"
                                   f"&name=^f-{tag}").json["servers"]
    assert len(by_project) == 2
    assert admin.call("GET", f"/servers?name=^f-{tag}").json["servers"] == []
    for server_id in (first, second):
        demo.delete(server_id)


def test_ip_filter(demo, image):
    server_id = demo.boot(image, networks="auto")
    addresses = demo.show(server_id)["addresses"]
    addr = next(a["addr"] for items in addresses.values() for a in items)
    found = demo.call("GET", f"/servers?ip={addr.replace('.', '[.]')}$").json["servers"]
    assert [s["id"] for s in found] == [server_id]
    demo.delete(server_id)


# ------------------------------------------------------------------ create arguments
def test_create_arguments_follow_the_microversion(demo, admin, image):
    def create(mv: str, who: Nova = demo, **extra):
        body = {"server": {"name": f"mv-{mv}", "imageRef": image, "flavorRef": "1",
                           "networks": "none", **extra}}
        if tuple(map(int, mv.split("."))) < (2, 37):
            del body["server"]["networks"]
        return who.call("POST", "/servers", body, mv=mv)

    made = []
    personality = [{"path": "/etc/motd", "contents": base64.b64encode(b"hi").decode()}]
    ok = create("2.56", personality=personality)
    assert ok.status == 202, ok.body
    made.append(ok.json["server"]["id"])
    gone = create("2.57", personality=personality)
    assert gone.status == 400 and "personality" in gone.json["badRequest"]["message"]
    assert create("2.18", description="d").status == 400
    assert create("2.51", tags=["a"]).status == 400
    assert create("2.62", trusted_image_certificates=["c"]).status == 400
    certs = create("2.63", trusted_image_certificates=["cert-1"])
    assert certs.status == 202
    made.append(certs.json["server"]["id"])
    assert demo.show(made[-1], "2.63")["trusted_image_certificates"] == ["cert-1"]
    assert create("2.73", host="compute2", who=admin).status == 400
    assert create("2.74", host="compute2").status == 403
    assert create("2.74", host="elsewhere", who=admin).status == 400
    placed = create("2.74", host="compute2", who=admin)
    assert placed.status == 202
    admin_server = placed.json["server"]["id"]
    assert admin.wait(admin_server, "ACTIVE")["OS-EXT-SRV-ATTR:host"] == "compute2"
    assert create("2.89", hostname="custom").status == 400
    named = create("2.90", hostname="custom-host")
    assert named.status == 202
    made.append(named.json["server"]["id"])
    assert demo.show(made[-1], "2.90")["OS-EXT-SRV-ATTR:hostname"] == "custom-host"
    assert create("2.90", hostname="a.b.example.com" + "x" * 60).status == 400
    assert create("2.94", hostname="vm.example.com").status == 202
    reservation = create("2.96", return_reservation_id="True", min_count=2)
    assert reservation.status == 202 and set(reservation.json) == {"reservation_id"}
    validate("/v2.1/servers", "post", reservation.json, "2.96")
    assert create("2.96", availability_zone="elsewhere").status == 400
    assert create("2.96", availability_zone="nova:compute1").status == 403
    pinned = create("2.96", availability_zone="nova")
    made.append(pinned.json["server"]["id"])
    assert demo.show(made[-1])["pinned_availability_zone"] == "nova"
    assert create("2.96", user_data="%%%").status == 400
    assert create("2.96", config_drive="maybe").status == 400
    assert create("2.96", accessIPv4="not-an-ip").status == 400
    rows = demo.call("GET", "/servers?name=^mv-").json["servers"]
    for row in rows:
        demo.delete(row["id"])
    admin.delete(admin_server)


def test_boot_on_named_networks_and_ports(localcloud, demo, image):
    network = localcloud.call("POST", "/network/v2.0/networks", {"network": {
        "name": f"net-{uuid.uuid4().hex[:6]}"}}, token=demo.token)
    assert network.status == 201, network.body
    net_id = network.json["network"]["id"]
    subnet = localcloud.call("POST", "/network/v2.0/subnets", {"subnet": {
        "network_id": net_id, "cidr": "10.77.0.0/24", "ip_version": 4}}, token=demo.token)
    assert subnet.status == 201, subnet.body
    server_id = demo.boot(image, networks=[{"uuid": net_id, "fixed_ip": "10.77.0.50"}])
    addresses = demo.show(server_id)["addresses"]
    assert [a["addr"] for a in addresses[network.json["network"]["name"]]] == ["10.77.0.50"]
    port = localcloud.call("POST", "/network/v2.0/ports", {"port": {"network_id": net_id}},
                           token=demo.token).json["port"]
    on_port = demo.boot(image, networks=[{"port": port["id"]}])
    bound = localcloud.call("GET", f"/network/v2.0/ports/{port['id']}",
                            token=demo.token).json["port"]
    assert bound["device_id"] == on_port
    missing = demo.call("POST", "/servers", {"server": {
        "name": "x", "imageRef": image, "flavorRef": "1",
        "networks": [{"uuid": str(uuid.uuid4())}]}})
    assert missing.status in (400, 404)
    demo.delete(server_id)
    demo.delete(on_port)
    demo.cloud.wait_for(lambda: demo.call("GET", f"/servers/{on_port}").status == 404)
    released = localcloud.call("GET", f"/network/v2.0/ports/{port['id']}",
                               token=demo.token).json["port"]
    assert released["device_id"] == ""
    # leave the project with its one network: `auto` would find two otherwise
    demo.cloud.wait_for(lambda: demo.call("GET", f"/servers/{server_id}").status == 404)
    localcloud.call("DELETE", f"/network/v2.0/ports/{port['id']}", token=demo.token)
    deleted = localcloud.call("DELETE", f"/network/v2.0/networks/{net_id}", token=demo.token)
    assert deleted.status == 204, deleted.body


def test_boot_from_volume(localcloud, demo, image):
    reply = demo.call("POST", "/servers", {"server": {
        "name": "bfv", "flavorRef": "1", "networks": "none",
        "block_device_mapping_v2": [{
            "boot_index": 0, "uuid": image, "source_type": "image",
            "destination_type": "volume", "volume_size": 1,
            "delete_on_termination": True}]}})
    assert reply.status == 202, reply.body
    server_id = reply.json["server"]["id"]
    server = demo.wait(server_id, "ACTIVE")
    assert server["image"] == ""
    attached = server["os-extended-volumes:volumes_attached"]
    assert len(attached) == 1 and attached[0]["delete_on_termination"] is True
    old = demo.show(server_id, "2.1")["os-extended-volumes:volumes_attached"]
    assert set(old[0]) == {"id"}
    volume_id = attached[0]["id"]
    project = localcloud.authenticate("demo").json["token"]["project"]["id"]
    volume = localcloud.call("GET", f"/volume/v3/{project}/volumes/{volume_id}",
                             token=demo.token).json["volume"]
    assert volume["attachments"][0]["server_id"] == server_id
    demo.delete(server_id)
    demo.cloud.wait_for(lambda: localcloud.call(
        "GET", f"/volume/v3/{project}/volumes/{volume_id}", token=demo.token).status == 404)


# ------------------------------------------------------------------ performance
def test_detail_listing_of_100_servers_is_fast(start_cloud):
    cloud = start_cloud(build_delay=0.05)
    cloud.raise_compute_quotas("admin")
    admin = Nova(cloud, cloud.token())
    image = cloud.call("GET", f"/image/v2/images?name={CIRROS}",
                       token=admin.token).json["images"][0]["id"]
    made = admin.call("POST", "/servers", {"server": {
        "name": "perf", "imageRef": image, "flavorRef": "1", "networks": "auto",
        "min_count": 100}})
    assert made.status == 202, made.body
    cloud.wait_for(lambda: len(admin.call(
        "GET", "/servers?status=ACTIVE&limit=1000").json["servers"]) == 100)
    timings = []
    for _ in range(7):
        started = time.perf_counter()
        reply = admin.call("GET", "/servers/detail")
        timings.append(time.perf_counter() - started)
        assert reply.status == 200 and len(reply.json["servers"]) == 100
    timings.sort()
    assert timings[3] < 0.25, timings  # a few ms of server time; generous for slow CI
