"""The image backend's calls that compute makes (createImage, createBackup, shelve): a real
ImageBackend on a real SQLite store and state folder, driven through its background steps
with explicit times (what `Cloud.advance()` does in the running cloud)."""

from __future__ import annotations

import hashlib

from ostack.localcloud import timestamps
from ostack.localcloud.image.backend import CIRROS_ID, ImageBackend
from ostack.localcloud.image.schema import SCHEMA
from ostack.localcloud.store import Store

DELAY = 10.0


def _backend(tmp_path) -> tuple[ImageBackend, list[int]]:
    woken: list[int] = []
    backend = ImageBackend(Store(tmp_path / "db.sqlite", SCHEMA), tmp_path / "images", DELAY,
                           lambda: woken.append(1))
    backend.bootstrap(owner="admin-project")
    return backend, woken


def _server(image_id: str = CIRROS_ID) -> dict:
    return {"id": "server-1", "user_id": "user-1", "image_id": image_id,
            "flavor": {"disk": 5, "ram": 512, "vcpus": 1}}


def test_server_snapshot_lifecycle(tmp_path):
    backend, woken = _backend(tmp_path)
    start = timestamps.now()
    image = backend.create_server_image("demo-project", _server(), "snap",
                                        {"purpose": "test"})
    assert woken, "scheduling background work wakes the cloud's loop"
    assert (image["status"], image["owner"], image["visibility"]) == ("queued", "demo-project",
                                                                      "private")
    props = image["properties"]
    assert props["image_type"] == "snapshot" and props["instance_uuid"] == "server-1"
    assert props["base_image_ref"] == CIRROS_ID and props["user_id"] == "user-1"
    assert props["purpose"] == "test" and "backup_type" not in props
    assert props["hw_rng_model"] == "virtio"  # inherited from the base image
    assert (image["disk_format"], image["container_format"], image["min_disk"]) == (
        "qcow2", "bare", 5)
    due = backend.advance(start)
    assert due is not None and start < due <= start + DELAY
    backend.advance(start + DELAY / 2 + 0.01)
    assert backend.get_image(image["id"])["status"] == "saving"
    assert backend.advance(start + DELAY + 0.01) is None  # idle afterwards
    done = backend.get_image(image["id"])
    data = (tmp_path / "images" / image["id"]).read_bytes()
    assert done["status"] == "active" and done["size"] == len(data) > 0
    assert done["virtual_size"] == 5 * 1024 ** 3  # the flavor's disk, in its qcow2 header
    assert done["checksum"] == hashlib.md5(data).hexdigest()
    assert done["os_hash_value"] == hashlib.sha512(data).hexdigest()
    assert backend.visible(done, "demo-project", False)
    assert not backend.visible(done, "other-project", False)
    assert backend.visible(done, "other-project", True)


def test_backups_rotate(tmp_path):
    backend, _ = _backend(tmp_path)
    made = [backend.create_server_image("demo-project", _server(), f"daily-{n}", None,
                                        "backup", "daily") for n in range(4)]
    weekly = backend.create_server_image("demo-project", _server(), "weekly", None,
                                         "backup", "weekly")
    assert made[0]["properties"]["backup_type"] == "daily"
    assert made[0]["properties"]["image_type"] == "backup"
    backend.advance(timestamps.now() + 2 * DELAY)
    backend.rotate_backups("demo-project", "server-1", "daily", 2)
    assert [backend.get_image(i["id"]) is not None for i in made] == [False, False, True, True]
    assert not (tmp_path / "images" / made[0]["id"]).exists()
    assert backend.get_image(weekly["id"]) is not None
    backend.rotate_backups("demo-project", "server-1", "daily", 0)
    assert all(backend.get_image(i["id"]) is None for i in made)


def test_delete_image_before_it_is_saved(tmp_path):
    backend, _ = _backend(tmp_path)
    image = backend.create_server_image("p", _server("gone-image"), "shelved", None)
    assert image["disk_format"] == "qcow2"  # no base image: defaults
    assert backend.delete_image(image["id"]) is True
    assert backend.delete_image(image["id"]) is False
    assert backend.advance(timestamps.now() + 2 * DELAY) is None
    assert backend.get_image(image["id"]) is None
    assert not (tmp_path / "images" / image["id"]).exists()


def test_unfinished_transfers_are_queued_again_after_a_restart(tmp_path):
    backend, _ = _backend(tmp_path)
    uploading = backend.create_image("p", {"disk_format": "raw", "container_format": "bare"},
                                     {}, [])
    path = backend.begin_upload(uploading["id"])
    path.with_name(path.name + ".part").write_bytes(b"half")
    fetching = backend.create_image("p", {"disk_format": "raw", "container_format": "bare"},
                                    {}, [])
    backend.begin_web_download(fetching["id"])
    staged = backend.create_image("p", {}, {}, [])
    backend.begin_stage(staged["id"])
    backend.finish_stage(staged["id"], {"size": 1, "checksum": "c", "os_hash_algo": "sha512",
                                        "os_hash_value": "v"})
    snapshot = backend.create_server_image("p", _server(), "snap", None)
    # the next run of the cloud, on the same state
    again = ImageBackend(backend.store, tmp_path / "images", DELAY)
    again.advance()
    assert again.get_image(uploading["id"])["status"] == "queued"
    assert not path.with_name(path.name + ".part").exists()
    assert again.get_image(fetching["id"])["status"] == "queued"
    assert again.get_image(staged["id"])["status"] == "uploading"  # its data waits, staged
    assert again.get_image(snapshot["id"])["status"] == "queued"  # still on its way
    again.advance(timestamps.now() + 2 * DELAY)
    assert again.get_image(snapshot["id"])["status"] == "active"
