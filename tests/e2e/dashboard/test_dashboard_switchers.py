"""The header's switchers in a real browser: a member of two projects switches project and sees
the other project's instances (and no longer the first's); on a cloud with a second region,
the region switcher re-scopes the pages to that region's endpoints and back; and there (a
cloud of the test's own) an instances page costs the cloud one request, the listing's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from tests.support.localcloud import LocalCloud

CIRROS = "cirros-0.6.2-x86_64-disk"


def _boot(cloud: LocalCloud, token: str, name: str) -> str:
    """A server (no network) with a token scoped to the project it goes in."""
    image = cloud.call("GET", f"/image/v2/images?name={CIRROS}", token=token).json["images"]
    reply = cloud.call("POST", "/compute/v2.1/servers", {"server": {
        "name": name, "imageRef": image[0]["id"], "flavorRef": "1", "networks": "none"}},
        token=token, headers={"OpenStack-API-Version": "compute 2.37"})
    assert reply.status == 202, reply.body
    return reply.json["server"]["id"]


@pytest.fixture
def second_project(dashboard: Any, unique: str) -> Iterator[dict[str, str]]:
    """A project of its own where demo is a member, with a server in it (and one in demo's)."""
    cloud = dashboard.cloud
    admin = cloud.token()
    name = f"dash-sw-{unique}"
    reply = cloud.call("POST", "/identity/v3/projects", {"project": {
        "name": name, "domain_id": "default"}}, token=admin)
    assert reply.status == 201, reply.body
    project = reply.json["project"]["id"]
    made = {"project": project, "name": name}
    try:
        user = cloud.call("GET", "/identity/v3/users?name=demo", token=admin).json["users"][0]
        role = cloud.call("GET", "/identity/v3/roles?name=member", token=admin).json["roles"][0]
        reply = cloud.call("PUT", f"/identity/v3/projects/{project}/users/{user['id']}"
                                  f"/roles/{role['id']}", token=admin)
        assert reply.status == 204, reply.body
        made["there"] = _boot(cloud, cloud.token("demo", project=name), f"there-{unique}")
        made["here"] = _boot(cloud, cloud.token("demo"), f"here-{unique}")
        yield made
    finally:
        for key in ("there", "here"):
            if key in made:
                cloud.call("DELETE", f"/compute/v2.1/servers/{made[key]}", token=admin)
        cloud.call("DELETE", f"/identity/v3/projects/{project}", token=admin)


def test_project_switcher_shows_the_other_projects_instances(
        second_project: dict[str, str], page_as: Any, dashboard: Any, unique: str,
        screenshot: Any) -> None:
    page = page_as(dashboard, "demo")  # logged in once demo has the second project
    page.goto(dashboard.url + "/project/instances")
    here, there = f"tr[data-name='here-{unique}']", f"tr[data-name='there-{unique}']"
    assert page.locator(here).count() == 1 and page.locator(there).count() == 0
    switcher = page.locator("[data-testid=project-switcher]")
    assert second_project["project"] in switcher.locator("option").evaluate_all(
        "options => options.map(o => o.value)")
    with page.expect_navigation():
        switcher.select_option(second_project["project"])
    assert page.url.endswith("/project/instances")  # back where the switch was made
    assert f"Switched to project {second_project['name']}" in page.inner_text(".msg-success")
    assert page.locator(there).count() == 1 and page.locator(here).count() == 0
    assert page.locator("[data-testid=project-switcher] option:checked").inner_text() \
        == second_project["name"]
    screenshot(page, "project-switched")


def _add_region_without_compute(cloud: LocalCloud, region: str) -> None:
    """A second region in the cloud's catalog: the same public endpoints (a region in the
    catalog: the local cloud serves one set of services), compute excepted: its pages show
    that the dashboard now looks endpoints up in that region."""
    token = cloud.token()
    reply = cloud.call("POST", "/identity/v3/regions", {"region": {"id": region}}, token=token)
    assert reply.status == 201, reply.body
    services = {s["id"]: s["type"] for s in cloud.call(
        "GET", "/identity/v3/services", token=token).json["services"]}
    reply = cloud.call("GET", "/identity/v3/endpoints?interface=public", token=token)
    for endpoint in reply.json["endpoints"]:
        if services.get(endpoint["service_id"]) == "compute":
            continue
        body = {"endpoint": {"service_id": endpoint["service_id"], "interface": "public",
                             "region_id": region, "url": endpoint["url"]}}
        created = cloud.call("POST", "/identity/v3/endpoints", body, token=token)
        assert created.status == 201, created.body


def test_region_switcher_rescopes_to_the_other_region(
        start_cloud: Any, dashboard_of: Any, page_as: Any, unique: str,
        screenshot: Any) -> None:
    cloud = start_cloud(build_delay=0, delete_delay=0, task_delay=0)
    _add_region_without_compute(cloud, "RegionTwo")
    _boot(cloud, cloud.token("demo"), f"r1-{unique}")
    server = dashboard_of(cloud)
    page = page_as(server, "demo")
    page.goto(server.url + "/project/instances")
    switcher = page.locator("[data-testid=region-switcher]")
    options = switcher.locator("option").evaluate_all("options => options.map(o => o.value)")
    assert options == ["RegionOne", "RegionTwo"], options
    assert page.locator(f"tr[data-name='r1-{unique}']").count() == 1

    with page.expect_navigation():
        switcher.select_option("RegionTwo")
    assert "Switched to region RegionTwo" in page.inner_text(".msg-success")
    assert page.locator("[data-testid=region-switcher] option:checked").inner_text() \
        == "RegionTwo"
    # RegionTwo has no compute endpoint: the instances page says so (no 500), and the
    # networks page, whose service RegionTwo has, lists the networks
    error = page.inner_text("[data-testid=error]")
    assert "compute" in error.lower() and "RegionTwo" in error, error
    assert page.locator(f"tr[data-name='r1-{unique}']").count() == 0
    reply = page.goto(server.url + "/project/networks")
    assert reply.status == 200
    assert page.locator("[data-testid=networks] tr[data-name='private']").count() == 1
    screenshot(page, "region-switched")

    with page.expect_navigation():
        page.locator("[data-testid=region-switcher]").select_option("RegionOne")
    page.goto(server.url + "/project/instances")
    assert page.locator(f"tr[data-name='r1-{unique}']").count() == 1

    # this cloud is the test's own: its request counter shows what one instances page costs,
    # the servers listing alone (the SDK's floor) once the session knows the image names
    page.goto(server.url + "/project/key_pairs")  # a page that polls nothing
    before = cloud.requests()
    html = page.evaluate("fetch('/project/instances').then(reply => reply.text())")
    assert f"data-name=\"r1-{unique}\"" in html and "cirros" in html
    assert cloud.requests() - before == 1, "the instances page made more than the listing"
