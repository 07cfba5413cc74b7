"""The instance life in a real browser: launch from an image onto a new volume, with two
networks and a key pair created in the wizard; ACTIVE shown without a reload; a volume
attached; a floating IP associated; the instance in the topology picture; deleted."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

#: How long a status may take to show (the pages' default timeout is the fixtures' WAIT_MS).
WAIT_MS = 15_000


def _step(page: Any, step: str) -> None:
    page.click(f"#steps a[data-step={step}]")


def test_launch_attach_associate_topology_delete(member_page: Any, dashboard: Any,
                                                 sdk_as: Any, screenshot: Any,
                                                 unique: str) -> None:
    page = member_page
    name = f"web-{unique}"
    net_a, net_b, key = f"front-{unique}", f"back-{unique}", f"key-{unique}"
    conn = sdk_as(dashboard.cloud, "demo")
    made: dict[str, Any] = {}
    try:
        page.goto(dashboard.url + "/project/launch-instance")
        page.fill("#name", name)
        _step(page, "source")
        page.select_option("#source_type", "image")
        page.select_option("#source_image", label="cirros-0.6.2-x86_64-disk")
        page.check("#create_volume")
        page.fill("#volume_size", "1")
        _step(page, "flavor")
        page.check("input[name=flavor_id][value='1']")
        _step(page, "networks")
        for net, cidr in ((net_a, "10.91.0.0/24"), (net_b, "10.92.0.0/24")):
            page.fill("#new_network_name", net)
            page.fill("#new_subnet_cidr", cidr)
            page.click("[data-testid=create-network]")
            page.wait_for_selector(f".net-choice[data-network='{net}'] input:checked")
        _step(page, "keypair")
        page.fill("#new_keypair_name", key)
        page.click("[data-testid=create-keypair]")
        page.wait_for_selector("[data-testid=private-key]")
        assert page.input_value("#key_name") == key
        _step(page, "review")
        page.locator("[data-testid=preview-cli]").filter(has_text=f"--key-name {key}").wait_for()
        cli = page.inner_text("[data-testid=preview-cli]")
        assert "ostack server create" in cli and f"--key-name {key}" in cli
        assert "source_type=image" in cli and "destination_type=volume" in cli
        assert cli.count("--nic net-id=") == 2
        assert "block_device_mapping_v2" in page.inner_text("[data-testid=preview-sdk]")
        assert "Instances" in page.inner_text("[data-testid=quota]")
        screenshot(page, "launch-review")
        page.click("[data-testid=submit-launch]")
        page.wait_for_url("**/project/instances")
        row = page.locator(f"tr[data-name='{name}']")
        page.evaluate("window.__notReloaded = true")
        row.locator("[data-testid=status]").filter(has_text="ACTIVE").wait_for(timeout=WAIT_MS)
        assert page.evaluate("window.__notReloaded") is True, "the page was reloaded"
        server_id = row.get_attribute("data-id")
        made["server"] = server_id
        server = conn.compute.get_server(server_id)
        assert server.key_name == key
        assert sorted(server.addresses) == sorted([net_a, net_b])
        screenshot(page, "instances")

        volume = conn.block_storage.create_volume(name=f"data-{unique}", size=1)
        made["volume"] = volume.id
        conn.block_storage.wait_for_volume(volume, status="available", wait=30)
        public = conn.network.find_network("public")
        subnet = next(conn.network.subnets(network_id=conn.network.find_network(net_a).id))
        router = conn.network.create_router(
            name=f"r-{unique}", external_gateway_info={"network_id": public.id})
        made["router"] = router.id
        page.goto(dashboard.url + "/project/routers")  # the router's interface, in the page
        form = page.locator("form[data-form=add_interface]")
        form.locator("select[name=router_id]").select_option(router.id)
        form.locator("select[name=subnet_id]").select_option(subnet.id)
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        made["router_subnet"] = subnet.id
        assert page.locator("[data-testid=error]").count() == 0
        assert page.locator(".msg-success").count() == 1
        assert [p.fixed_ips[0]["subnet_id"] for p in conn.network.ports(
            device_id=router.id, device_owner="network:router_interface")] == [subnet.id]

        page.goto(f"{dashboard.url}/project/instances/{server_id}")
        form = page.locator("form[data-form=attach_volume]")
        form.locator("select[name=volume_id]").select_option(volume.id)
        form.locator("button[type=submit]").click()
        page.wait_for_selector(".msg-success")
        page.locator("[data-testid=attached-volumes]").filter(
            has_text=f"data-{unique}").wait_for()

        form = page.locator("form[data-form=associate_ip]")
        form.locator("select[name=pool]").select_option(public.id)
        form.locator("select[name=port_id]").select_option(
            next(conn.network.ports(device_id=server_id, network_id=subnet.network_id)).id)
        form.locator("button[type=submit]").click()
        page.wait_for_selector(".msg-success")
        ips = page.inner_text("[data-testid=floating-ips]")
        assert "→ 10.91.0." in ips, ips
        made["fip"] = next(conn.network.ips(port_id=None) if False else
                           (i for i in conn.network.ips() if i.fixed_ip_address and
                            i.fixed_ip_address.startswith("10.91.0."))).id
        screenshot(page, "instance-detail")
        form = page.locator("form[data-form=disassociate_ip]")
        form.locator("select[name=floating_ip_id]").select_option(made["fip"])
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        assert "Floating IP disassociated" in page.inner_text(".msg-success")
        assert "→" not in page.inner_text("[data-testid=floating-ips]")
        assert conn.network.get_ip(made["fip"]).port_id is None

        form = page.locator("form[data-form=attach_interface]")
        form.locator("select[name=network_id]").select_option(
            conn.network.find_network(net_b).id)
        form.locator("input[name=fixed_ip]").fill("10.92.0.50")
        form.locator("button[type=submit]").click()
        page.wait_for_selector(".msg-success")
        assert "10.92.0.50" in page.inner_text("main")
        extra = next(p for p in conn.network.ports(device_id=server_id)
                     if p.fixed_ips[0]["ip_address"] == "10.92.0.50")
        form = page.locator("form[data-form=detach_interface]")
        form.locator("select[name=port_id]").select_option(extra.id)
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        assert f"Interface {extra.id} detached" in page.inner_text(".msg-success")
        deadline = time.monotonic() + 30
        while any(p.id == extra.id for p in conn.network.ports(device_id=server_id)):
            assert time.monotonic() < deadline, "the detached interface's port stayed"
            time.sleep(0.2)
        form = page.locator("form[data-form=detach_volume]")
        form.locator("select[name=volume_id]").select_option(volume.id)
        form.locator("button[type=submit]").click()
        assert "Detaching volume" in page.inner_text(".msg-success")
        conn.block_storage.wait_for_volume(volume, status="available", wait=30)
        deadline = time.monotonic() + 30  # Nova's side of the detach may end a moment later
        while any(a.volume_id == volume.id for a in conn.compute.volume_attachments(server_id)):
            assert time.monotonic() < deadline, "the volume stayed attached on Nova's side"
            time.sleep(0.2)
        page.reload()
        assert f"data-{unique}" not in page.inner_text("[data-testid=attached-volumes]")

        page.goto(dashboard.url + "/project/network_topology")
        node = page.locator(f"svg [data-kind=instance][data-name='{name}']")
        node.wait_for()
        linked = {c.get_attribute("data-network") for c in node.locator("circle.link").all()}
        assert linked == {net_a, net_b}
        assert page.locator(f"svg [data-kind=router][data-name='r-{unique}']").count() == 1
        screenshot(page, "topology")

        page.goto(dashboard.url + "/project/instances")
        row = page.locator(f"tr[data-name='{name}']")
        page.once("dialog", lambda dialog: dialog.accept())
        row.locator("summary").click()
        row.locator("button[data-action=delete]").click()
        page.locator(f"tr[data-name='{name}']").wait_for(state="detached", timeout=WAIT_MS)
        made.pop("server")
    finally:
        _cleanup(conn, made)


def _cleanup(conn: Any, made: dict[str, Any]) -> None:
    import contextlib

    if made.get("fip"):
        with contextlib.suppress(Exception):
            conn.network.delete_ip(made["fip"])
    if made.get("server"):
        with contextlib.suppress(Exception):
            conn.compute.delete_server(made["server"])
    if made.get("router"):
        with contextlib.suppress(Exception):
            conn.network.remove_interface_from_router(made["router"],
                                                      subnet_id=made.get("router_subnet"))
        with contextlib.suppress(Exception):
            conn.network.delete_router(made["router"])
    if made.get("volume"):
        with contextlib.suppress(Exception):
            conn.block_storage.delete_volume(made["volume"])
    conn.close()


@pytest.fixture
def demo_quota_of_ten(dashboard: Any, sdk_as: Any) -> Iterator[None]:
    """Demo's instances quota at Nova's default of 10 for the test, then back to what it was
    (other test modules of the same session cloud lift it)."""
    admin = sdk_as(dashboard.cloud, "admin")
    demo = admin.identity.find_project("demo", ignore_missing=False)
    before = admin.compute.get_quota_set(demo.id).instances
    admin.compute.update_quota_set(demo.id, instances=10)
    try:
        yield
    finally:
        admin.compute.update_quota_set(demo.id, instances=before)


@pytest.mark.usefixtures("demo_quota_of_ten")
def test_failed_launch_keeps_what_was_typed(member_page: Any, dashboard: Any,
                                            unique: str) -> None:
    """A form error, then the cloud's own refusal (over quota, with its request id): each
    time the wizard comes back with every value typed."""
    page = member_page
    page.goto(dashboard.url + "/project/launch-instance")
    page.fill("#name", f"many-{unique}")
    page.fill("input[name=description]", "kept")
    page.fill("input[name=min_count]", "500")
    page.fill("input[name=max_count]", "500")
    _step(page, "source")
    page.select_option("#source_image", label="cirros-0.6.2-x86_64-disk")
    _step(page, "metadata")
    page.fill("textarea[name=metadata]", "role=web")
    page.click("[data-testid=submit-launch]")
    assert "Flavor: choose a flavor" in page.inner_text("[data-testid=error]")
    assert page.locator("#step-flavor").is_visible()
    page.check("input[name=flavor_id][value='1']")
    _step(page, "review")
    page.locator("[data-testid=quota]").filter(has_text="over quota").wait_for()
    page.click("[data-testid=submit-launch]")
    error = page.inner_text("[data-testid=error]")
    assert "Launch failed" in error and "Request-ID: req-" in error, error
    assert page.input_value("#name") == f"many-{unique}"
    assert page.input_value("input[name=description]") == "kept"
    assert page.input_value("input[name=max_count]") == "500"
    assert page.input_value("textarea[name=metadata]") == "role=web"
    assert page.is_checked("input[name=flavor_id][value='1']")
    assert page.locator("#source_image option:checked").inner_text().startswith("cirros")


def _wait_for(check: Any, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def _launch(page: Any, dashboard: Any, name: str, source_type: str, source: str,
            flavor: str = "1") -> str:
    """Launch `name` from the wizard with the boot source `source_type` (its select named
    `source_<type>`); the ID of the row that shows up in the list."""
    page.goto(dashboard.url + "/project/launch-instance")
    page.fill("#name", name)
    _step(page, "source")
    page.select_option("#source_type", source_type)
    page.select_option(f"select[name=source_{source_type}]", source)
    _step(page, "flavor")
    page.check(f"input[name=flavor_id][value='{flavor}']")
    _step(page, "networks")  # demo's own network (other tests' networks may be there too)
    page.check(".net-choice[data-network='private'] input[name=networks]")
    _step(page, "review")
    with page.expect_navigation():
        page.click("[data-testid=submit-launch]")
    errors = page.locator("[data-testid=error]")
    assert errors.count() == 0, errors.first.inner_text()
    assert page.url.endswith("/project/instances"), page.url
    row = page.locator(f"tr[data-name='{name}']")
    row.wait_for()
    return row.get_attribute("data-id")


def _wait_settled(conn: Any, server_id: str, timeout: float = 30.0) -> None:
    """Until the server is ACTIVE with no task (the action before has ended)."""
    deadline = time.monotonic() + timeout
    while True:
        server = conn.compute.get_server(server_id)
        if server.status == "ACTIVE" and not server.task_state:
            return
        assert time.monotonic() < deadline, (server.status, server.task_state)
        time.sleep(0.1)


def _menu_action(page: Any, name: str, action: str, status: str) -> None:
    """Run an action from the row's menu; the row shows `status` without a reload."""
    row = page.locator(f"tr[data-name='{name}']")
    row.locator("summary").click()
    row.locator(f"button[data-action={action}]").click()
    page.locator(f"tr[data-name='{name}'] [data-testid=status]").filter(
        has_text=status).wait_for()


def test_actions_from_the_menu_and_the_instance_page(member_page: Any, dashboard: Any,
                                                     sdk_as: Any, screenshot: Any,
                                                     unique: str) -> None:
    page = member_page
    conn = sdk_as(dashboard.cloud, "demo")
    name = f"acts-{unique}"
    image = conn.image.find_image("cirros-0.6.2-x86_64-disk")
    server = conn.compute.create_server(name=name, image=image.id, flavor="1", networks="none")
    made = {"server": server.id}
    boot_volume = conn.block_storage.create_volume(name=f"boot-{unique}", size=1,
                                                   image_id=image.id)
    made["volume"] = boot_volume.id
    try:
        conn.compute.wait_for_server(server, status="ACTIVE", wait=30)
        page.goto(dashboard.url + "/project/instances")
        page.evaluate("window.__notReloaded = true")
        _menu_action(page, name, "stop", "SHUTOFF")
        _menu_action(page, name, "start", "ACTIVE")
        _menu_action(page, name, "pause", "PAUSED")
        _menu_action(page, name, "unpause", "ACTIVE")
        _menu_action(page, name, "suspend", "SUSPENDED")
        _menu_action(page, name, "resume", "ACTIVE")
        _menu_action(page, name, "shelve", "SHELVED")
        _menu_action(page, name, "unshelve", "ACTIVE")
        _menu_action(page, name, "reboot", "ACTIVE")  # the menu's reboot is a soft one
        page.locator("#messages").filter(has_text="Soft reboot requested").wait_for()
        _wait_settled(conn, server.id)
        assert page.evaluate("window.__notReloaded") is True, "the page was reloaded"

        page.goto(f"{dashboard.url}/project/instances/{server.id}")
        form = page.locator("form[data-form=resize]")
        form.locator("select[name=flavor_id]").select_option("2")
        form.locator("button[type=submit]").click()
        page.wait_for_selector(".msg-success")
        page.goto(dashboard.url + "/project/instances")
        page.locator(f"tr[data-name='{name}'] [data-testid=status]").filter(
            has_text="VERIFY_RESIZE").wait_for()
        _menu_action(page, name, "confirm_resize", "ACTIVE")
        assert conn.compute.get_server(server.id).flavor["original_name"] == "m1.small"

        page.goto(f"{dashboard.url}/project/instances/{server.id}")
        form = page.locator("form[data-form=snapshot]")
        form.locator("input[name=name]").fill(f"snap-{unique}")
        form.locator("button[type=submit]").click()
        assert "Snapshot snap-" in page.inner_text(".msg-success")
        made["image"] = conn.image.find_image(f"snap-{unique}").id
        # the instance snapshot and a bootable volume as the wizard's boot sources
        _wait_for(lambda: conn.image.get_image(made["image"]).status == "active",
                  "the snapshot to be active")
        conn.block_storage.wait_for_volume(boot_volume, status="available", wait=30)
        made["from_snapshot"] = _launch(page, dashboard, f"from-snap-{unique}",
                                        "instance_snapshot", made["image"],
                                        flavor="2")  # the snapshot's min_disk: m1.small's
        assert conn.compute.get_server(made["from_snapshot"]).image["id"] == made["image"]
        made["from_volume"] = _launch(page, dashboard, f"from-vol-{unique}", "volume",
                                      boot_volume.id)
        assert [a.volume_id for a in conn.compute.volume_attachments(made["from_volume"])] \
            == [boot_volume.id]
        page.goto(f"{dashboard.url}/project/instances/{server.id}")

        form = page.locator("form[data-form=rebuild]")
        form.locator("select[name=image_id]").select_option(image.id)
        form.locator("button[type=submit]").click()
        page.wait_for_selector(".msg-success")

        _wait_settled(conn, server.id)
        form = page.locator("form[data-form=reboot]")  # the instance page's is a hard one
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        assert "Hard reboot requested" in page.inner_text(".msg-success")
        reboots = [a for a in conn.compute.server_actions(server.id) if a.action == "reboot"]
        assert len(reboots) == 2, [a.action for a in conn.compute.server_actions(server.id)]

        page.goto(f"{dashboard.url}/project/instances/{server.id}/console")
        assert page.locator("[data-testid=console]").is_visible()
        screenshot(page, "console-log")
    finally:
        import contextlib

        for key in ("server", "from_snapshot", "from_volume"):
            if made.get(key):
                with contextlib.suppress(Exception):
                    conn.compute.delete_server(made[key])
        if made.get("from_volume"):
            with contextlib.suppress(Exception):
                _wait_for(lambda: conn.block_storage.get_volume(made["volume"]).status
                          == "available", "the boot volume to be free")
        with contextlib.suppress(Exception):
            conn.block_storage.delete_volume(made["volume"])
        if made.get("image"):
            with contextlib.suppress(Exception):
                conn.image.delete_image(made["image"])
        conn.close()
