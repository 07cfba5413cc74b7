"""Nova's fleet on the local cloud, over raw HTTP: hypervisors, services and availability
zones (a disabled compute service gets no servers), and quotas, enforced on a cloud of
their own; responses validated against the OpenAPI spec at the requested microversion."""

from __future__ import annotations

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
