"""The dashboard's resource pages in a real browser, as the demo member (and the admin for
identity): an image uploaded with the progress bar and edited, a volume created and deleted, a
network with a subnet, a floating IP allocated and released, a key pair created (its private
key shown once), and screenshots of each page. Every check behind the browser's back goes
through the SDK."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ostack.exceptions import NotFound

#: How long the cloud may take to settle something the page started (a volume's creation).
SETTLE = 15.0


def _wait(check: Callable[[], Any], what: str, timeout: float = SETTLE) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.1)


def _submit(page: Any, form: str, fields: dict[str, str], selects: dict[str, str] | None = None
            ) -> None:
    """Fill the page's form `data-form=form` and submit it (a full page load)."""
    scope = page.locator(f"form[data-form={form}]")
    for name, value in fields.items():
        scope.locator(f"[name={name}]").fill(value)
    for name, value in (selects or {}).items():
        scope.locator(f"select[name={name}]").select_option(value)
    with page.expect_navigation():
        scope.locator("button[type=submit]").click()


def _row_button(page: Any, table: str, name: str, action: str) -> None:
    """Click a row's button (accepting its confirmation) and wait for the page it loads."""
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.locator(f"[data-testid={table}] tr[data-name='{name}'] "
                     f"button[data-action={action}]").click()


def _no_error(page: Any) -> None:
    errors = page.locator("[data-testid=error]")
    assert errors.count() == 0, errors.first.inner_text()


def test_image_upload_shows_progress_and_the_image_is_edited(
        member_page: Any, dashboard: Any, sdk_as: Any, unique: str, tmp_path: Path,
        screenshot: Any) -> None:
    page, sdk = member_page, sdk_as(dashboard.cloud, "demo")
    name = f"up-{unique}"
    data = tmp_path / "disk.raw"
    data.write_bytes(b"\0ostack" * (3 * 1024 * 1024 // 7 + 1))
    try:
        page.goto(dashboard.url + "/project/images")
        screenshot(page, "images")
        page.evaluate("""() => { window.__seen = [];
            new MutationObserver(() => window.__seen.push(
                Number(document.querySelector('[data-testid=upload-progress]').value)))
              .observe(document.querySelector('[data-testid=upload-progress]'),
                       {attributes: true}); }""")
        page.fill("[data-testid=image-name]", name)
        page.set_input_files("[data-testid=image-file]", str(data))
        page.click("[data-testid=upload]")
        page.wait_for_selector("#image-upload[data-upload-state=done]")
        bar = page.locator("[data-testid=upload-progress]")
        assert bar.evaluate("el => el.value") == 100
        assert 100 in page.evaluate("() => window.__seen")
        screenshot(page, "images-uploaded")
        image = _wait(lambda: sdk.image.find_image(name), "the uploaded image")
        image = sdk.image.get_image(image.id)
        assert image.status == "active" and image.size == data.stat().st_size

        page.goto(f"{dashboard.url}/project/images/{image.id}")
        _submit(page, "update", {"name": name + "-ed", "properties": "os_distro=cirros"})
        _no_error(page)
        edited = sdk.image.get_image(image.id)
        assert edited.name == name + "-ed" and edited["os_distro"] == "cirros"
        screenshot(page, "image-detail")
    finally:
        for found in sdk.image.images():
            if found.name in (name, name + "-ed"):
                sdk.image.delete_image(found.id)
        sdk.close()


def test_volume_is_created_and_deleted(member_page: Any, dashboard: Any, sdk_as: Any,
                                       unique: str, screenshot: Any) -> None:
    page, sdk = member_page, sdk_as(dashboard.cloud, "demo")
    name = f"vol-{unique}"
    made: dict[str, str] = {}
    try:
        page.goto(dashboard.url + "/project/volumes")
        _submit(page, "create", {"name": name, "size": "1"})
        _no_error(page)
        assert page.locator(f"[data-testid=volumes] tr[data-name='{name}']").count() == 1
        volume = sdk.block_storage.find_volume(name)
        _wait(lambda: sdk.block_storage.get_volume(volume.id).status == "available",
              "the volume to be available")
        page.reload()
        screenshot(page, "volumes")
        # a backup of it, then restored into a new volume
        _submit(page, "backup", {"name": f"bk-{unique}"}, {"volume_id": volume.id})
        _no_error(page)
        backup = _wait(lambda: next((b for b in sdk.block_storage.backups()
                                     if b.name == f"bk-{unique}"), None), "the backup")
        made["backup"] = backup.id
        _wait(lambda: sdk.block_storage.get_backup(backup.id).status == "available",
              "the backup to be available")
        page.goto(dashboard.url + "/project/snapshots")
        assert page.locator(f"[data-testid=backups] tr[data-name='bk-{unique}']").count() == 1
        _submit(page, "restore", {"name": f"restored-{unique}"}, {"backup_id": backup.id})
        _no_error(page)
        restored = _wait(lambda: sdk.block_storage.find_volume(f"restored-{unique}"),
                         "the restored volume")
        made["restored"] = restored.id
        _wait(lambda: sdk.block_storage.get_volume(restored.id).status == "available",
              "the restored volume to be available")
        assert sdk.block_storage.get_volume(restored.id).size == 1
        screenshot(page, "volume-snapshots")
        page.goto(dashboard.url + "/project/volumes")
        _row_button(page, "volumes", name, "delete")
        _no_error(page)
        _wait(lambda: sdk.block_storage.find_volume(name) is None, "the volume to go")
    finally:
        if made.get("backup"):
            with contextlib.suppress(NotFound):
                sdk.block_storage.delete_backup(made["backup"])
        for left in (name, f"restored-{unique}"):
            found = sdk.block_storage.find_volume(left)
            if found is not None:
                with contextlib.suppress(Exception):
                    sdk.block_storage.delete_volume(found.id)
        sdk.close()


def test_network_with_subnet_and_a_floating_ip(member_page: Any, dashboard: Any, sdk_as: Any,
                                              unique: str, screenshot: Any) -> None:
    page, sdk = member_page, sdk_as(dashboard.cloud, "demo")
    name = f"net-{unique}"
    address = None
    try:
        page.goto(dashboard.url + "/project/networks")
        _submit(page, "create_network", {"name": name, "subnet_name": name + "-sub",
                                         "cidr": "10.77.3.0/24"})
        _no_error(page)
        network = sdk.network.find_network(name)
        subnets = list(sdk.network.subnets(network_id=network.id))
        assert [s.cidr for s in subnets] == ["10.77.3.0/24"]
        assert page.locator(f"[data-testid=subnets] tr[data-name='{name}-sub']").count() == 1
        screenshot(page, "networks")

        # a bad CIDR: the cloud's message with its request id, and the form keeps its values
        _submit(page, "create_network", {"name": name + "-bad", "cidr": "10.77.3.0/99"})
        assert "Request-ID: req-" in page.inner_text("[data-testid=error]")
        assert page.locator("form[data-form=create_network] [name=name]").input_value() \
            == name + "-bad"

        page.goto(dashboard.url + "/project/floating_ips")
        before = {ip.id for ip in sdk.network.ips()}
        _submit(page, "allocate", {"description": name})
        _no_error(page)
        made = [ip for ip in sdk.network.ips() if ip.id not in before]
        assert len(made) == 1 and made[0].description == name
        address = made[0].floating_ip_address
        assert page.locator(f"[data-testid=floating-ips] tr[data-name='{address}']").count() == 1
        screenshot(page, "floating-ips")
        _row_button(page, "floating-ips", address, "release")
        _no_error(page)
        assert all(ip.floating_ip_address != address for ip in sdk.network.ips())
        address = None

        for path, shot in (("/project/routers", "routers"), ("/project/ports", "ports"),
                           ("/project/security_groups", "security-groups")):
            page.goto(dashboard.url + path)
            _no_error(page)
            screenshot(page, shot)
        _submit(page, "create", {"name": name + "-sg"})
        _no_error(page)
        with page.expect_navigation():
            page.click(f"[data-testid=security-groups] tr[data-name='{name}-sg'] a")
        _submit(page, "add_rule", {"port_min": "22"}, {"protocol": "tcp"})
        _no_error(page)
        group = sdk.network.find_security_group(name + "-sg")
        rules = list(sdk.network.security_group_rules(security_group_id=group.id))
        assert any(r.port_range_min == 22 and r.protocol == "tcp" for r in rules)
        screenshot(page, "security-group-rules")
    finally:
        for ip in sdk.network.ips():
            if ip.floating_ip_address == address:
                sdk.network.delete_ip(ip.id)
        group = sdk.network.find_security_group(name + "-sg")
        if group is not None:
            sdk.network.delete_security_group(group.id)
        network = sdk.network.find_network(name)
        if network is not None:
            sdk.network.delete_network(network.id)
        sdk.close()


def test_key_pair_is_created_and_its_private_key_shown_once(
        member_page: Any, dashboard: Any, sdk_as: Any, unique: str, screenshot: Any) -> None:
    page, sdk = member_page, sdk_as(dashboard.cloud, "demo")
    name = f"kp-{unique}"
    try:
        page.goto(dashboard.url + "/project/key_pairs")
        _submit(page, "create", {"name": name})
        _no_error(page)
        assert "PRIVATE KEY" in page.inner_text("[data-testid=secret]")
        assert sdk.compute.find_keypair(name) is not None
        screenshot(page, "key-pairs")
        page.goto(dashboard.url + "/project/key_pairs")
        assert page.locator("[data-testid=secret]").count() == 0
        _row_button(page, "key-pairs", name, "delete")
        _no_error(page)
        assert sdk.compute.find_keypair(name) is None
    finally:
        if sdk.compute.find_keypair(name) is not None:
            sdk.compute.delete_keypair(name)
        sdk.close()


def test_container_browsed_with_an_object_uploaded_and_downloaded(
        member_page: Any, dashboard: Any, sdk_as: Any, unique: str, tmp_path: Path,
        screenshot: Any) -> None:
    page, sdk = member_page, sdk_as(dashboard.cloud, "demo")
    name = f"box-{unique}"
    data = tmp_path / "notes.txt"
    data.write_bytes(b"ostack dashboard object\n" * 40_000)
    try:
        page.goto(dashboard.url + "/project/containers")
        _submit(page, "create", {"name": name})
        _no_error(page)
        screenshot(page, "containers")
        with page.expect_navigation():
            page.click(f"[data-testid=containers] tr[data-name='{name}'] a")
        _submit(page, "create_folder", {"folder": "docs"})
        _no_error(page)
        with page.expect_navigation():
            page.click("[data-testid=objects] tr[data-name='docs/'] a")
        assert "docs" in page.inner_text("[data-testid=crumbs]")
        page.set_input_files("[data-testid=object-file]", str(data))
        page.click("[data-testid=upload]")
        page.wait_for_selector("#object-upload[data-upload-state=done]")
        assert page.locator("[data-testid=upload-progress]").evaluate("el => el.value") == 100
        stored = sdk.object_store.get_object_metadata("docs/notes.txt", name)
        assert stored.bytes == data.stat().st_size
        page.reload()
        screenshot(page, "container-folder")
        with page.expect_download() as waiting:
            page.click("[data-testid=objects] tr[data-name='notes.txt'] "
                       "[data-action=download]")
        saved = tmp_path / "back.txt"
        waiting.value.save_as(saved)
        assert saved.read_bytes() == data.read_bytes()
        _row_button(page, "objects", "notes.txt", "delete_object")
        _no_error(page)
        assert [o.name for o in sdk.object_store.objects(name)] == ["docs/"]
    finally:
        try:
            for obj in list(sdk.object_store.objects(name)):
                sdk.object_store.delete_object(obj.name, container=name)
            sdk.object_store.delete_container(name)
        except NotFound:
            pass  # the test failed before the container was made
        sdk.close()


def test_overview_shows_quota_charts(member_page: Any, dashboard: Any, screenshot: Any
                                     ) -> None:
    page = member_page
    page.goto(dashboard.url + "/project/")
    assert page.url.endswith("/project/overview")
    for service in ("compute", "volume", "network"):
        section = page.locator(f"[data-testid=quota-{service}]")
        assert section.locator("figure.quota-chart svg").count() >= 3, service
        assert section.locator("[role=alert]").count() == 0, section.inner_text()
    assert "Used" in page.inner_text("[data-quota=Instances]")
    screenshot(page, "overview")


def test_admin_sees_identity_pages_and_a_member_does_not(
        admin_page: Any, member_page: Any, dashboard: Any, sdk_as: Any, unique: str,
        screenshot: Any) -> None:
    page, sdk = admin_page, sdk_as(dashboard.cloud, "admin")
    name = f"proj-{unique}"
    try:
        for path, table in (("projects", "projects"), ("users", "users"),
                            ("groups", "groups"), ("roles", "roles"),
                            ("role_assignments", "role-assignments")):
            reply = page.goto(f"{dashboard.url}/admin/identity/{path}")
            assert reply.status == 200, path
            assert page.locator(f"[data-testid={table}] tbody tr").count() >= 1, path
            screenshot(page, f"identity-{path}")
        page.goto(dashboard.url + "/admin/identity/projects")
        _submit(page, "create", {"name": name, "description": "made in the browser"})
        _no_error(page)
        assert sdk.identity.find_project(name).description == "made in the browser"
        _row_button(page, "projects", name, "delete")
        _no_error(page)
        assert sdk.identity.find_project(name) is None

        assert member_page.goto(dashboard.url + "/admin/identity/projects").status == 403
        assert member_page.locator("nav.side a[href^='/admin/']").count() == 0
    finally:
        found = sdk.identity.find_project(name)
        if found is not None:
            sdk.identity.delete_project(found.id)
        sdk.close()


def test_pages_fit_a_phone(phone_page: Any, dashboard: Any, screenshot: Any) -> None:
    page = phone_page
    for path in ("/project/overview", "/project/images", "/project/volumes",
                 "/project/networks", "/project/floating_ips", "/project/key_pairs",
                 "/project/containers"):
        assert page.goto(dashboard.url + path).status == 200, path
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width}px wide on a 390px phone"
    screenshot(page, "phone-containers")
