"""Nova's operator APIs on the local cloud, over raw HTTP: host aggregates (with their
availability zones and image pre-caching), the deprecated os-hosts, service deletion, quota
classes (Nova's and Cinder's), the extension list, the APIs Nova removed (410), and Neutron's
service providers; with Nova's error cases (400, 403 for non-admins, 404, 409, 501).

These tests change cloud-wide state (zones, services, default quotas), so they run on a cloud
of their own."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from tests.e2e.test_localcloud_compute_actions import CIRROS, Nova
from tests.support.localcloud import LocalCloud, start_localcloud


@pytest.fixture(scope="module")
def cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCloud]:
    base = tmp_path_factory.mktemp("compute-admin")
    started = start_localcloud(base / "state", cache_dir=base / "cache")
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture(scope="module")
def admin(cloud: LocalCloud) -> Nova:
    return Nova(cloud, cloud.token())


@pytest.fixture(scope="module")
def demo(cloud: LocalCloud) -> Nova:
    return Nova(cloud, cloud.token("demo"))


@pytest.fixture(scope="module")
def image(cloud: LocalCloud, admin: Nova) -> str:
    reply = cloud.call("GET", f"/image/v2/images?name={CIRROS}", token=admin.token)
    return reply.json["images"][0]["id"]


def fault(reply, status: int, name: str, message: str) -> None:
    assert reply.status == status, reply.body
    assert reply.json == {name: {"code": status, "message": message}}


# ------------------------------------------------------------------ aggregates
def test_aggregate_lifecycle(admin, demo):
    name = f"agg-{uuid.uuid4().hex[:6]}"
    created = admin.call("POST", "/os-aggregates", {"aggregate": {"name": name}}, mv="2.1")
    assert created.status == 200
    view = created.json["aggregate"]
    assert set(view) == {"availability_zone", "created_at", "deleted", "deleted_at", "id",
                         "name", "updated_at"}
    assert (view["name"], view["availability_zone"], view["deleted"]) == (name, None, False)
    agg = view["id"]
    assert isinstance(agg, int)
    shown = admin.call("GET", f"/os-aggregates/{agg}", mv="2.41").json["aggregate"]
    assert (shown["hosts"], shown["metadata"]) == ([], {})
    uuid.UUID(shown["uuid"])
    assert "uuid" not in admin.call("GET", f"/os-aggregates/{agg}", mv="2.40").json[
        "aggregate"]
    fault(admin.call("POST", "/os-aggregates", {"aggregate": {"name": name}}), 409,
          "conflictingRequest", f"Aggregate {name} already exists.")
    assert admin.call("POST", "/os-aggregates", {"aggregate": {"name": " x"}}).status == 400
    assert admin.call("POST", "/os-aggregates", {"aggregate": {}}).status == 400
    fault(admin.call("GET", "/os-aggregates/abc"), 400, "badRequest",
          "Invalid input received: id must be an integer")
    fault(admin.call("GET", "/os-aggregates/999999"), 404, "itemNotFound",
          "Aggregate 999999 could not be found.")
    renamed = admin.call("PUT", f"/os-aggregates/{agg}", {"aggregate": {"name": name + "b"}})
    assert renamed.status == 200 and renamed.json["aggregate"]["name"] == name + "b"
    assert admin.call("PUT", f"/os-aggregates/{agg}", {"aggregate": {}}).status == 400
    meta = admin.call("POST", f"/os-aggregates/{agg}/action",
                      {"set_metadata": {"metadata": {"ssd": "true", "gpu": "no"}}})
    assert meta.json["aggregate"]["metadata"] == {"ssd": "true", "gpu": "no"}
    meta = admin.call("POST", f"/os-aggregates/{agg}/action",
                      {"set_metadata": {"metadata": {"gpu": None}}})
    assert meta.json["aggregate"]["metadata"] == {"ssd": "true"}
    added = admin.call("POST", f"/os-aggregates/{agg}/action",
                       {"add_host": {"host": "compute1"}})
    assert added.status == 200 and added.json["aggregate"]["hosts"] == ["compute1"]
    fault(admin.call("POST", f"/os-aggregates/{agg}/action", {"add_host": {"host": "compute1"}}),
          409, "conflictingRequest", f"Aggregate {agg} already has host compute1.")
    fault(admin.call("POST", f"/os-aggregates/{agg}/action", {"add_host": {"host": "nowhere"}}),
          404, "itemNotFound", "Compute host nowhere could not be found.")
    fault(admin.call("POST", f"/os-aggregates/{agg}/action",
                     {"remove_host": {"host": "compute2"}}),
          404, "itemNotFound", f"Cannot remove host compute2 in aggregate {agg}")
    assert admin.call("POST", f"/os-aggregates/{agg}/action", {"explode": {}}).status == 400
    fault(admin.call("DELETE", f"/os-aggregates/{agg}"), 400, "badRequest",
          f"Cannot remove aggregate {agg}. Reason: Host aggregate is not empty.")
    listed = admin.call("GET", "/os-aggregates").json["aggregates"]
    assert [a["hosts"] for a in listed if a["id"] == agg] == [["compute1"]]
    assert admin.call("POST", f"/os-aggregates/{agg}/action",
                      {"remove_host": {"host": "compute1"}}).json["aggregate"]["hosts"] == []
    deleted = admin.call("DELETE", f"/os-aggregates/{agg}")
    assert (deleted.status, deleted.body) == (200, b"")
    assert admin.call("GET", f"/os-aggregates/{agg}").status == 404


def test_aggregates_are_for_admins(demo):
    for method, path, body, rule in (
            ("GET", "/os-aggregates", None, "index"),
            ("POST", "/os-aggregates", {"aggregate": {"name": "x"}}, "create"),
            ("GET", "/os-aggregates/1", None, "show"),
            ("POST", "/os-aggregates/1/action", {"add_host": {"host": "compute1"}},
             "add_host")):
        fault(demo.call(method, path, body), 403, "forbidden",
              f"Policy doesn't allow os_compute_api:os-aggregates:{rule} to be performed.")


def test_aggregate_zone_places_servers(admin, demo, image):
    zone = f"az-{uuid.uuid4().hex[:6]}"
    agg = admin.call("POST", "/os-aggregates",
                     {"aggregate": {"name": zone, "availability_zone": zone}}).json[
        "aggregate"]["id"]
    assert demo.call("POST", "/servers", {"server": {
        "name": "z", "imageRef": image, "flavorRef": "1", "networks": "none",
        "availability_zone": zone}}).status == 400  # no host in the zone yet
    admin.call("POST", f"/os-aggregates/{agg}/action", {"add_host": {"host": "compute3"}})
    zones = demo.call("GET", "/os-availability-zone").json["availabilityZoneInfo"]
    assert {z["zoneName"] for z in zones} == {"nova", zone}
    detail = admin.call("GET", "/os-availability-zone/detail").json["availabilityZoneInfo"]
    assert {z["zoneName"]: sorted(z["hosts"]) for z in detail}[zone] == ["compute3"]
    services = admin.call("GET", "/os-services?host=compute3").json["services"]
    assert services[0]["zone"] == zone
    server_id = demo.boot(image, availability_zone=zone)
    shown = admin.show(server_id)
    assert (shown["OS-EXT-AZ:availability_zone"], shown["OS-EXT-SRV-ATTR:host"]) == (
        zone, "compute3")
    other = admin.call("POST", "/os-aggregates", {"aggregate": {
        "name": zone + "-2", "availability_zone": zone + "-other"}}).json["aggregate"]["id"]
    clash = admin.call("POST", f"/os-aggregates/{other}/action",
                       {"add_host": {"host": "compute3"}})
    assert clash.status == 409
    demo.delete(server_id)
    admin.call("POST", f"/os-aggregates/{agg}/action", {"remove_host": {"host": "compute3"}})
    for ident in (agg, other):
        assert admin.call("DELETE", f"/os-aggregates/{ident}").status == 200


def test_aggregate_image_cache(admin, image):
    agg = admin.call("POST", "/os-aggregates", {"aggregate": {
        "name": f"cache-{uuid.uuid4().hex[:6]}"}}).json["aggregate"]["id"]
    body = {"cache": [{"id": image}]}
    assert admin.call("POST", f"/os-aggregates/{agg}/images", body, mv="2.81").status == 202
    assert admin.call("POST", f"/os-aggregates/{agg}/images", body, mv="2.80").status == 404
    fault(admin.call("POST", f"/os-aggregates/{agg}/images",
                     {"cache": [{"id": image}, {"id": image}]}, mv="2.81"),
          400, "badRequest", "Duplicate images in request")
    missing = str(uuid.uuid4())
    fault(admin.call("POST", f"/os-aggregates/{agg}/images", {"cache": [{"id": missing}]},
                     mv="2.81"), 400, "badRequest", f"Image {missing} could not be found.")
    assert admin.call("POST", f"/os-aggregates/{agg}/images", {"cache": []},
                      mv="2.81").status == 400
    assert admin.call("POST", "/os-aggregates/999999/images", body, mv="2.81").status == 404
    admin.call("DELETE", f"/os-aggregates/{agg}")


# ------------------------------------------------------------------ os-hosts
def test_os_hosts_up_to_2_42(admin, demo):
    hosts = admin.call("GET", "/os-hosts", mv="2.1").json["hosts"]
    assert {"host_name": "controller", "service": "conductor", "zone": "internal"} in hosts
    assert {"host_name": "compute1", "service": "compute", "zone": "nova"} in hosts
    internal = admin.call("GET", "/os-hosts?zone=internal", mv="2.1").json["hosts"]
    assert {h["host_name"] for h in internal} == {"controller"}
    assert admin.call("GET", "/os-hosts", mv="2.43").status == 404
    shown = admin.call("GET", "/os-hosts/compute1", mv="2.1").json["host"]
    assert [r["resource"]["project"] for r in shown[:3]] == ["(total)", "(used_now)",
                                                             "(used_max)"]
    assert shown[0]["resource"] == {"host": "compute1", "project": "(total)", "cpu": 32,
                                    "memory_mb": 131072, "disk_gb": 2048}
    fault(admin.call("GET", "/os-hosts/controller", mv="2.1"), 404, "itemNotFound",
          "Compute host controller could not be found.")
    fault(admin.call("PUT", "/os-hosts/compute1", {"status": "disable"}, mv="2.1"), 501,
          "notImplemented", "The requested functionality is not supported.")
    assert admin.call("PUT", "/os-hosts/compute1", {}, mv="2.1").status == 400
    assert admin.call("PUT", "/os-hosts/compute1", {"status": "off"}, mv="2.1").status == 400
    assert admin.call("GET", "/os-hosts/compute1/reboot", mv="2.1").status == 501
    fault(demo.call("GET", "/os-hosts", mv="2.1"), 403, "forbidden",
          "Policy doesn't allow os_compute_api:os-hosts:list to be performed.")


# ------------------------------------------------------------------ services
def test_delete_services(start_cloud):
    cloud = start_cloud()
    admin = Nova(cloud, cloud.token())
    image = cloud.call("GET", f"/image/v2/images?name={CIRROS}",
                       token=admin.token).json["images"][0]["id"]
    services = admin.call("GET", "/os-services").json["services"]
    ids = {(s["binary"], s["host"]): s["id"] for s in services}
    server_id = admin.boot(image, host="compute1")
    fault(admin.call("DELETE", f"/os-services/{ids['nova-compute', 'compute1']}"), 409,
          "conflictingRequest", "Unable to delete compute service that is hosting instances. "
                                "Migrate or delete the instances first.")
    agg = admin.call("POST", "/os-aggregates", {"aggregate": {"name": "a"}}).json[
        "aggregate"]["id"]
    admin.call("POST", f"/os-aggregates/{agg}/action", {"add_host": {"host": "compute2"}})
    gone = admin.call("DELETE", f"/os-services/{ids['nova-compute', 'compute2']}")
    assert (gone.status, gone.body) == (204, b"")
    assert admin.call("GET", f"/os-aggregates/{agg}").json["aggregate"]["hosts"] == []
    names = [h["hypervisor_hostname"] for h in
             admin.call("GET", "/os-hypervisors").json["hypervisors"]]
    assert names == ["compute1", "compute3"]
    assert admin.call("DELETE", f"/os-services/{ids['nova-scheduler', 'controller']}"
                      ).status == 204
    assert len(admin.call("GET", "/os-services").json["services"]) == 3
    fault(admin.call("DELETE", "/os-services/not-a-uuid"), 400, "badRequest",
          "Invalid uuid not-a-uuid")
    missing = str(uuid.uuid4())
    fault(admin.call("DELETE", f"/os-services/{missing}"), 404, "itemNotFound",
          f"Service {missing} not found.")
    demo = Nova(cloud, cloud.token("demo"))
    assert demo.call("DELETE", f"/os-services/{ids['nova-compute', 'compute3']}"
                     ).status == 403
    admin.delete(server_id)
    # a restarted cloud's services register again, as restarted nova services do
    again = cloud.restart()
    admin = Nova(again, again.token())
    assert len(admin.call("GET", "/os-services").json["services"]) == 5


# ------------------------------------------------------------------ quota classes
def test_compute_quota_classes(admin, demo, cloud):
    shown = admin.call("GET", "/os-quota-class-sets/default", mv="2.57").json
    assert shown == {"quota_class_set": {
        "id": "default", "cores": 20, "instances": 10, "key_pairs": 100,
        "metadata_items": 128, "ram": 51200, "server_group_members": 10,
        "server_groups": 10}}
    old = admin.call("GET", "/os-quota-class-sets/default", mv="2.1").json["quota_class_set"]
    assert {"fixed_ips", "floating_ips", "injected_files"} <= set(old)
    assert "server_groups" not in old
    updated = admin.call("PUT", "/os-quota-class-sets/default",
                         {"quota_class_set": {"cores": 33}}, mv="2.57")
    assert updated.status == 200
    assert "id" not in updated.json["quota_class_set"]
    assert updated.json["quota_class_set"]["cores"] == 33
    project = cloud.authenticate("demo").json["token"]["project"]["id"]
    defaults = admin.call("GET", f"/os-quota-sets/{project}/defaults").json["quota_set"]
    assert defaults["cores"] == 33
    assert demo.call("GET", f"/os-quota-sets/{project}").json["quota_set"]["cores"] == 33
    limits = demo.call("GET", "/limits").json["limits"]["absolute"]
    assert limits["maxTotalCores"] == 33
    assert admin.call("PUT", "/os-quota-class-sets/default",
                      {"quota_class_set": {"cores": -2}}).status == 400
    assert admin.call("PUT", "/os-quota-class-sets/default",
                      {"quota_class_set": {"bogus": 1}}).status == 400
    assert admin.call("GET", "/os-quota-class-sets/bad%20name").status == 400
    fault(demo.call("GET", "/os-quota-class-sets/default"), 403, "forbidden",
          "Policy doesn't allow os_compute_api:os-quota-class-sets:show to be performed.")
    admin.call("PUT", "/os-quota-class-sets/default", {"quota_class_set": {"cores": 20}})


def test_volume_quota_classes(admin, demo, cloud):
    project = cloud.authenticate("demo").json["token"]["project"]["id"]
    admin_project = cloud.authenticate().json["token"]["project"]["id"]
    base = f"/volume/v3/{admin_project}"
    shown = cloud.call("GET", f"{base}/os-quota-class-sets/default", token=admin.token)
    assert shown.status == 200
    assert shown.json["quota_class_set"]["id"] == "default"
    assert shown.json["quota_class_set"]["volumes"] == 10
    updated = cloud.call("PUT", f"{base}/os-quota-class-sets/default",
                         {"quota_class_set": {"volumes": 15, "unknown": 3}}, token=admin.token)
    assert updated.status == 200 and updated.json["quota_class_set"]["volumes"] == 15
    assert "id" not in updated.json["quota_class_set"]
    defaults = cloud.call("GET", f"{base}/os-quota-sets/{project}/defaults",
                          token=admin.token).json["quota_set"]
    assert defaults["volumes"] == 15
    bad = cloud.call("PUT", f"{base}/os-quota-class-sets/default",
                     {"quota_class_set": {"volumes": "many"}}, token=admin.token)
    assert bad.status == 400
    denied = cloud.call("GET", f"/volume/v3/{project}/os-quota-class-sets/default",
                        token=demo.token)
    assert denied.status == 403
    cloud.call("PUT", f"{base}/os-quota-class-sets/default",
               {"quota_class_set": {"volumes": 10}}, token=admin.token)


# ------------------------------------------------------------------ extensions, removed APIs
def test_extensions(demo):
    listed = demo.call("GET", "/extensions").json["extensions"]
    aliases = [e["alias"] for e in listed]
    assert len(aliases) == 100 and aliases[0] == "NMN"
    assert {"os-keypairs", "os-aggregates", "os-migrations"} <= set(aliases)
    shown = demo.call("GET", "/extensions/os-keypairs").json["extension"]
    assert shown == {"alias": "os-keypairs", "description": "Keypair Support.", "links": [],
                     "name": "Keypairs",
                     "namespace": "http://docs.openstack.org/compute/ext/fake_xml",
                     "updated": "2014-12-03T00:00:00Z"}
    fault(demo.call("GET", "/extensions/os-nothing"), 404, "itemNotFound",
          "The resource could not be found.")


def test_removed_apis_are_gone(admin, demo, cloud):
    gone = "This resource is no longer available.  No forwarding address is given."
    for method, path in (("GET", "/os-agents"), ("POST", "/os-agents"),
                         ("PUT", "/os-agents/1"), ("DELETE", "/os-agents/1"),
                         ("GET", "/os-fping"), ("GET", "/os-cells/capacities")):
        reply = admin.call(method, path, {} if method in ("POST", "PUT") else None, mv="2.1")
        fault(reply, 410, "computeFault", gone)
    assert demo.call("GET", "/os-agents").status == 410
    assert cloud.call("GET", "/compute/v2.1/os-agents").status == 401


# ------------------------------------------------------------------ neutron service providers
def test_network_service_providers(admin, cloud):
    reply = cloud.call("GET", "/network/v2.0/service-providers", token=admin.token)
    assert reply.json == {"service_providers": [
        {"service_type": "L3_ROUTER_NAT", "name": "default", "default": True}]}
    vpn = cloud.call("GET", "/network/v2.0/service-providers?service_type=VPN",
                     token=admin.token)
    assert vpn.json == {"service_providers": []}
    aliases = {e["alias"] for e in cloud.call("GET", "/network/v2.0/extensions",
                                              token=admin.token).json["extensions"]}
    assert "service-type" in aliases
