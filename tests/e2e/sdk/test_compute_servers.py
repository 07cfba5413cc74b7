"""Servers through the SDK, sync and async (the `sdk` fixture runs each test with both
drivers): boot, find, update, the state actions, metadata, tags, passwords, images, delete."""

from __future__ import annotations

import uuid

import pytest

from ostack import exceptions

IMAGE = "cirros-0.6.2-x86_64-disk"


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def _wait(compute, server, status):
    return compute.wait_for_server(server, status=status, wait=60, interval=0.1)


@pytest.fixture
def server(sdk):
    """A new ACTIVE server of this test, deleted (and waited for) afterwards."""
    compute = sdk.compute
    image = sdk.image.find_image(IMAGE, ignore_missing=False)
    flavor = compute.find_flavor("m1.tiny", ignore_missing=False)
    made = compute.create_server(_name("sdk"), image=image, flavor=flavor, networks="none",
                                 metadata={"owner": "tests"})
    active = _wait(compute, made, "ACTIVE")
    yield active
    compute.delete_server(active, ignore_missing=True)
    compute.wait_for_delete(active, wait=60, interval=0.1)


def test_boot_keeps_the_request_and_the_answer(sdk, server):
    compute = sdk.compute
    assert server.status == "ACTIVE" and server.metadata == {"owner": "tests"}
    assert server.flavor["original_name"] == "m1.tiny"
    assert server.compute_host and server.hypervisor_hostname
    assert server.power_state == 1 and server.vm_state == "active"
    found = compute.find_server(server.name, ignore_missing=False)
    assert found.id == server.id
    assert compute.find_server(server.name, ignore_missing=False, details=False).id == server.id
    listed = [s.id for s in compute.servers(name=server.name)]
    assert listed == [server.id]
    renamed = compute.update_server(server, name=server.name + "-x", description="d")
    assert renamed.name == server.name + "-x" and renamed.description == "d"
    assert compute.get_server(server.id).name == server.name + "-x"


def test_create_server_returns_what_was_asked(sdk):
    compute = sdk.compute
    image = sdk.image.find_image(IMAGE, ignore_missing=False)
    made = compute.create_server(name=_name("sdk-ask"), image_id=image.id, flavor_id="1",
                                 networks="none", availability_zone="nova", tags=["t"])
    try:
        assert made.admin_password and made.id
        assert made.availability_zone == "nova" and made.image_id == image.id
        assert made.tags == ["t"]
        assert _wait(compute, made, "ACTIVE").availability_zone == "nova"
    finally:
        compute.delete_server(made)
        compute.wait_for_delete(made, wait=60, interval=0.1)


@pytest.mark.parametrize(("act", "status", "undo", "back"), [
    ("pause_server", "PAUSED", "unpause_server", "ACTIVE"),
    ("suspend_server", "SUSPENDED", "resume_server", "ACTIVE"),
    ("stop_server", "SHUTOFF", "start_server", "ACTIVE"),
    ("rescue_server", "RESCUE", "unrescue_server", "ACTIVE"),
])
def test_state_actions_and_their_undo(sdk, server, act, status, undo, back):
    compute = sdk.compute
    getattr(compute, act)(server)
    assert _wait(compute, server, status).status == status
    getattr(compute, undo)(server.id)
    assert _wait(compute, server, back).status == back


def test_lock_reboot_and_reset_state(sdk, server):
    compute = sdk.compute
    compute.lock_server(server, locked_reason="maintenance")
    locked = compute.get_server(server)
    assert locked.is_locked is True and locked.locked_reason == "maintenance"
    compute.unlock_server(server)
    assert compute.get_server(server).is_locked is False
    compute.reboot_server(server, "HARD")
    assert _wait(compute, server, "ACTIVE").status == "ACTIVE"
    compute.reset_server_state(server, "error")
    assert compute.get_server(server).status == "ERROR"
    compute.reset_server_state(server, "active")
    assert compute.get_server(server).status == "ACTIVE"
    compute.trigger_server_crash_dump(server)
    compute.create_server_dump(server)


def test_shelve_offload_unshelve(sdk, server):
    compute = sdk.compute
    compute.shelve_server(server)
    shelved = compute.wait_for_status(server, ("SHELVED", "SHELVED_OFFLOADED"), wait=60,
                                      interval=0.1)
    if shelved.status == "SHELVED":
        compute.shelve_offload_server(server)
        _wait(compute, server, "SHELVED_OFFLOADED")
    compute.unshelve_server(server)
    assert _wait(compute, server, "ACTIVE").status == "ACTIVE"


def test_resize_confirm_and_revert_migrate(sdk, server):
    compute = sdk.compute
    small = compute.find_flavor("m1.small", ignore_missing=False)
    compute.resize_server(server, small)
    _wait(compute, server, "VERIFY_RESIZE")
    compute.revert_server_resize(server)
    assert _wait(compute, server, "ACTIVE").flavor["original_name"] == "m1.tiny"
    compute.resize_server(server, small.id)
    _wait(compute, server, "VERIFY_RESIZE")
    compute.confirm_server_resize(server)
    assert _wait(compute, server, "ACTIVE").flavor["original_name"] == "m1.small"
    before = compute.get_server(server).compute_host
    compute.migrate_server(server)
    moved = _wait(compute, server, "VERIFY_RESIZE")
    assert moved.compute_host != before
    compute.confirm_server_resize(server)
    _wait(compute, server, "ACTIVE")
    compute.live_migrate_server(server)
    assert _wait(compute, server, "ACTIVE").status == "ACTIVE"


def test_rebuild_answers_with_the_server(sdk, server):
    compute = sdk.compute
    image = sdk.image.find_image(IMAGE, ignore_missing=False)
    rebuilt = compute.rebuild_server(server, image, name=server.name + "-r",
                                     metadata={"r": "1"}, admin_password="s3cret-Pass")
    assert rebuilt.id == server.id and rebuilt.name == server.name + "-r"
    assert rebuilt.metadata == {"r": "1"} and rebuilt.admin_password == "s3cret-Pass"
    assert _wait(compute, server, "ACTIVE").name == server.name + "-r"


def test_metadata_tags_and_password(sdk, server):
    compute = sdk.compute
    assert compute.set_server_metadata(server, a="1", b="2").metadata == {
        "owner": "tests", "a": "1", "b": "2"}
    compute.delete_server_metadata(server, ["a", "owner"])
    assert compute.fetch_server_metadata(server).metadata == {"b": "2"}
    compute.delete_server_metadata(server)
    assert compute.fetch_server_metadata(server.id).metadata == {}
    compute.add_tag_to_server(server, "one")
    compute.add_tag_to_server(server, "two")
    assert sorted(compute.fetch_server_tags(server).tags) == ["one", "two"]
    compute.remove_tag_from_server(server, "one")
    assert compute.get_server(server).tags == ["two"]
    assert compute.set_server_tags(server, ["x", "y"]).tags == ["x", "y"]
    compute.remove_tags_from_server(server)
    assert compute.get_server(server).tags == []
    compute.change_server_password(server, "n3w-Password")
    assert compute.get_server_password(server) in ("", None)
    compute.clear_server_password(server)


def test_snapshot_and_backup_images(sdk, server):
    compute, images = sdk.compute, sdk.image
    made = []
    try:
        snapshot = compute.create_server_image(server, _name("snap"), {"purpose": "test"})
        made.append(snapshot)
        done = images.wait_for_image(snapshot, status="active", wait=60, interval=0.1)
        assert done.name == snapshot.name and done.id == snapshot.id
        compute.wait_for_status(server, "None", attribute="task_state", wait=60, interval=0.1)
        backup = compute.backup_server(server.id, _name("backup"), "daily", 1)
        made.append(backup)
        assert backup.id != snapshot.id
        assert images.wait_for_image(backup, status="active", wait=60,
                                     interval=0.1).name == backup.name
        compute.wait_for_status(server, "None", attribute="task_state", wait=60, interval=0.1)
        # openstacksdk's wait=: the image read from the image service once active
        waited = compute.create_server_image(server, _name("snap-wait"), wait=True, timeout=60)
        made.append(waited)
        assert waited.status == "active" and waited.name.startswith("snap-wait-")
        assert waited.size is not None and waited.disk_format
    finally:
        for image in made:
            images.delete_image(image, ignore_missing=True)


def test_missing_server_and_refused_actions(sdk, server):
    compute = sdk.compute
    with pytest.raises(exceptions.NotFound):
        compute.pause_server("00000000-0000-0000-0000-000000000000")
    assert compute.find_server(_name("nope")) is None
    with pytest.raises(exceptions.HttpError) as refused:
        compute.confirm_server_resize(server)
    assert refused.value.status_code in (400, 409)
    with pytest.raises(exceptions.HttpError):
        compute.restore_server(server)  # not soft-deleted


def test_force_delete_and_wait(sdk):
    compute = sdk.compute
    made = compute.create_server(_name("sdk-del"), image=sdk.image.find_image(
        IMAGE, ignore_missing=False), flavor="1", networks="none")
    _wait(compute, made, "ACTIVE")
    compute.delete_server(made, ignore_missing=False)
    compute.wait_for_delete(made, wait=60, interval=0.1)
    with pytest.raises(exceptions.NotFound):
        compute.delete_server(made, ignore_missing=False)
    compute.delete_server(made)  # ignore_missing by default
