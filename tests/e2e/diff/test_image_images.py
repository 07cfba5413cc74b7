"""`image list|show|create|set|unset|delete`: ostack prints what the official client prints,
on the same local cloud."""

from __future__ import annotations

import uuid

import pytest
from tests.support import terminal

pytestmark = pytest.mark.official

CIRROS = "cirros-0.6.2-x86_64-disk"
#: Fields that differ between two images made the same way by the two clients.
OWN = {"id", "name", "file", "owner_specified.openstack.object", "Name", "ID"}


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def _pair(differ, ours: list[str], theirs: list[str], fmt: str | None = "json",
          code: int = 0, stdin: str = ""):
    """Both clients, each with explicit (empty) stdin: `image create` reads image data from a
    stdin that is not a terminal."""
    mine = differ.run("ostack", ours, fmt, stdin=stdin)
    official = differ.run("openstack", theirs, fmt, stdin=stdin)
    assert official.code == code, official.describe()
    assert mine.code == code, f"{mine.describe()}\n---\n{official.describe()}"
    return mine, official


@pytest.fixture
def two_images(differ, tmp_path):
    """An image made by each client from the same file (and deleted at the end)."""
    data = tmp_path / "data.raw"
    data.write_bytes(b"\x01\x02 image data " * 700)
    names = _name("ost-img"), _name("osc-img")
    mine, official = _pair(differ, *[
        ["image", "create", name, "--file", str(data), "--disk-format", "raw",
         "--property", "purpose=test", "--tag", "t1", "--tag", "t2", "--min-ram", "64"]
        for name in names])
    differ.assert_same(mine, official, ignore=OWN)
    assert mine.data["status"] == "active" and mine.data["size"] == data.stat().st_size
    yield names
    for name in names:
        differ.run("ostack", ["image", "set", name, "--unprotected"], None)
        differ.run("ostack", ["image", "delete", name], None)


def test_image_list(differ, two_images):
    differ.same("image", "list")
    differ.same("image", "list", "--long")
    differ.same("image", "list", "--long", fmt="table")
    differ.same("image", "list", "--name", two_images[0], "--long")
    differ.same("image", "list", "--property", "purpose=test", "--sort", "name:desc")
    differ.same("image", "list", "--tag", "t1", "--sort", "status,name:asc")
    differ.same("image", "list", "--limit", "1", "--public")
    differ.same("image", "list", "--marker", two_images[1], "--max-items", "2")
    differ.same("image", "list", "--member-status", "ALL", "--all")
    differ.same("image", "list", "--hidden")
    differ.same("image", "list", "--project", "admin", fmt="value")
    mine, official = differ.same("image", "list", "--sort", "name:up", code=1)
    assert "'up' is not a valid sort direction" in official.stderr
    assert "'up' is not a valid sort direction" in mine.stderr
    differ.same("image", "list", "--sort", "nosuchfield", code=1)
    differ.same("image", "list", "--member-status", "maybe", code=2)


def test_image_show(differ, two_images):
    differ.same("image", "show", CIRROS)
    differ.same("image", "show", CIRROS, fmt="table")
    differ.same("image", "show", "--human-readable", CIRROS, fmt="table")
    mine, official = differ.pair(["image", "show", two_images[0]],
                                 ["image", "show", two_images[1]])
    differ.assert_same(mine, official, ignore=OWN)
    mine, official = differ.same("image", "show", "no-such-image", code=1)
    assert "No Image found for no-such-image" in official.stderr
    assert "No Image found for no-such-image" in mine.stderr


def test_image_show_duplicate_names(differ, tmp_path):
    name = _name("dup")
    for _ in range(2):
        differ.run("ostack", ["image", "create", name, "--disk-format", "raw"], stdin="")
    try:
        mine, official = differ.same("image", "show", name, code=1)
        expected = f"More than one Image exists with the name '{name}'."
        assert expected in official.stderr and expected in mine.stderr
    finally:
        ids = differ.run("ostack", ["image", "list", "--name", name, "-f", "value", "-c", "ID"],
                         None).stdout.split()
        differ.run("ostack", ["image", "delete", *ids], None)


def test_image_create_from_stdin_and_errors(differ, tmp_path):
    names = _name("ost-in"), _name("osc-in")
    mine, official = _pair(differ, *[
        ["image", "create", name, "--container-format", "ovf", "--disk-format", "qcow2",
         "--private", "--protected", "--min-disk", "1"] for name in names],
        stdin="data from a pipe")
    differ.assert_same(mine, official, ignore=OWN)
    assert mine.data["size"] == len("data from a pipe") and mine.data["protected"] is True
    for name in names:
        differ.run("ostack", ["image", "set", name, "--unprotected"], None)
        differ.run("ostack", ["image", "delete", name], None)
    mine, official = _pair(differ, ["image", "create", "x", "--file", "/no/such/file"],
                           ["image", "create", "x", "--file", "/no/such/file"], code=1)
    assert "'/no/such/file' is not a valid file" in mine.stderr
    assert "'/no/such/file' is not a valid file" in official.stderr
    mine, official = _pair(differ, ["image", "create", "x", "--location", "http://a/b"],
                           ["image", "create", "x", "--location", "http://a/b"], code=1)
    assert "--location was given, which is an Image v1 option" in mine.stderr
    assert "--location was given, which is an Image v1 option" in official.stderr
    _pair(differ, ["image", "create", "x", "--disk-format", "floppy"],
          ["image", "create", "x", "--disk-format", "floppy"], code=2)
    _pair(differ, ["image", "create", "x", "--size", "-3"],
          ["image", "create", "x", "--size", "-3"], code=2)


def _same_tags_aside(differ, mine, official) -> None:
    """The same image fields; tags in any order (the official client sends them in its set's
    random order)."""
    differ.assert_same(mine, official, ignore=OWN | {"tags"})
    assert sorted(mine.data["tags"]) == sorted(official.data["tags"])


def test_image_set_unset(differ, two_images):
    ours, theirs = two_images
    differ.pair(
        *[["image", "set", name, "--property", "color=blue", "--property", "hw_cpu_cores=2",
           "--tag", "t3", "--min-disk", "2", "--architecture", "x86_64", "--os-distro",
           "cirros", "--os-version", "0.6", "--protected", "--hidden", "--public",
           "--container-format", "bare"] for name in two_images], fmt=None)
    mine, official = differ.pair(["image", "show", ours], ["image", "show", theirs])
    # The official client sends the tags in its set's (random) order: compare them sorted.
    differ.assert_same(mine, official, ignore=OWN | {"tags"})
    assert sorted(mine.data["tags"]) == sorted(official.data["tags"]) == ["t1", "t2", "t3"]
    assert mine.data["properties"]["hw_cpu_cores"] == 2  # typed as openstacksdk types it
    differ.same("image", "list", "--hidden", "--long", "--property", "color=blue")
    columns = ["-c", "visibility", "-c", "protected", "-c", "min_disk"]
    mine, official = differ.pair(["image", "show", ours, *columns],
                                 ["image", "show", theirs, *columns], fmt="table")
    assert mine.stdout == official.stdout
    # Unset: a tag, properties (one missing: exit 1), an attribute, a missing attribute.
    mine, official = differ.pair(
        *[["image", "unset", name, "--tag", "t1", "--tag", "nope", "--property", "color",
           "--property", "os_distro", "--property", "kernel_id", "--property", "absent"]
          for name in two_images], fmt=None, code=1)
    for out in (mine, official):
        assert "Failed to unset 1 of 2 tags,Failed to unset 1 of 4 properties." in out.stderr
        assert "'absent' is a nonexistent property" in out.stderr
    mine, official = differ.pair(["image", "show", ours], ["image", "show", theirs])
    differ.assert_same(mine, official, ignore=OWN | {"tags"})
    assert "color" not in mine.data["properties"]
    assert sorted(mine.data["tags"]) == sorted(official.data["tags"]) == ["t2", "t3"]
    differ.pair(*[["image", "unset", name, "--property", "hw_cpu_cores"]
                  for name in two_images], fmt=None)
    # Deactivate, then activate again; unhide; unprotect.
    differ.pair(*[["image", "set", name, "--deactivate", "--unhidden"] for name in two_images],
                fmt=None)
    mine, official = differ.pair(["image", "show", ours], ["image", "show", theirs])
    _same_tags_aside(differ, mine, official)
    assert mine.data["status"] == "deactivated"
    differ.pair(*[["image", "set", name, "--activate", "--unprotected"]
                  for name in two_images], fmt=None)
    mine, official = differ.pair(["image", "show", ours, "-c", "status", "-c", "protected"],
                                 ["image", "show", theirs, "-c", "status", "-c", "protected"])
    differ.assert_same(mine, official)
    mine, official = differ.same("image", "set", ours, "--visibility", "public", fmt=None,
                                 code=1)
    assert "--visibility was given" in mine.stderr and "--visibility was given" in \
        official.stderr
    differ.same("image", "set", ours, "--activate", "--deactivate", fmt=None, code=2)
    differ.same("image", "set", "no-such-image", "--name", "x", fmt=None, code=1)
    differ.same("image", "unset", "no-such-image", "--tag", "x", fmt=None, code=1)


def test_image_delete(differ, tmp_path):
    names = _name("ost-del"), _name("osc-del")
    _pair(differ, *[["image", "create", name, "--disk-format", "raw", "--protected"]
                    for name in names])
    mine, official = differ.pair(*[["image", "delete", name] for name in names], fmt=None,
                                 code=1)
    for out in (mine, official):
        assert "Failed to delete image with name or ID" in out.stderr
        assert "Failed to delete 1 of 1 images." in out.stderr
    differ.pair(*[["image", "set", name, "--unprotected"] for name in names], fmt=None)
    # A name that is not found ends the command with the official client's message.
    mine, official = differ.pair(*[["image", "delete", "no-such-image", name]
                                   for name in names], fmt=None, code=1)
    for out in (mine, official):
        assert "Multi Backend support not enabled." in out.stderr
    differ.pair(*[["image", "delete", name] for name in names], fmt=None)
    mine, official = differ.pair(*[["image", "show", name] for name in names], code=1)


def test_image_create_from_volume(differ, localcloud):
    from tests.support.sdk import connect

    conn, close = connect("sync", localcloud)
    volumes = [conn.block_storage.create_volume(size=1, name=_name("vol")) for _ in range(2)]
    images: list[str] = []
    try:
        for volume in volumes:
            conn.block_storage.wait_for_volume(volume, status="available", wait=60,
                                               interval=0.2)
        mine, official = differ.pair(
            *[["image", "create", _name("from-vol"), "--volume", volume.id, "--public",
               "--min-disk", "2"] for volume in volumes])
        images = [mine.data["image_id"], official.data["image_id"]]
        differ.assert_same(mine, official, ignore={"id", "image_id", "image_name"})
        assert mine.data["visibility"] == "public" and mine.data["status"] == "uploading"
        for out in (mine, official):
            assert "'--min_disk' was given, which is not supported" in out.stderr
        differ.same("image", "create", "x", "--volume", "no-such-volume", code=1)
    finally:
        for image in images:
            conn.image.wait_for_image(image, status="active", wait=60, interval=0.2)
            conn.image.delete_image(image)
        for volume in volumes:
            conn.block_storage.wait_for_volume(volume, status="available", wait=60,
                                               interval=0.2)
            conn.block_storage.delete_volume(volume)
        close()


def test_image_create_signed(differ, localcloud, tmp_path):
    """Signing needs the key's password from a terminal: without one both clients stop; with
    one, the data is signed, and this cloud (no key manager to hold the certificate) refuses
    the upload as Glance does, and the image is deleted again."""
    import sys

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key_path = tmp_path / "key.pem"
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    data = tmp_path / "signed.raw"
    data.write_bytes(b"signed data")
    name = _name("ost-signed")
    argv = ["image", "create", name, "--file", str(data), "--disk-format", "raw",
            "--sign-key-path", str(key_path), "--sign-cert-id", str(uuid.uuid4())]
    mine, official = _pair(differ, argv, argv, code=1)
    for out in (mine, official):
        assert "Error during sign operation: private key could not be loaded." in out.stderr
    mine, official = _pair(differ, argv[:2] + argv[6:], argv[:2] + argv[6:], code=1)
    for out in (mine, official):
        assert "signing an image requires the --file option" in out.stderr
    mine, official = _pair(differ, argv[:9], argv[:9], code=1)
    for out in (mine, official):
        assert "'sign-key-path' and 'sign-cert-id' must both be specified" in out.stderr
    # With a terminal: an empty password is typed when asked for.
    signed = terminal.answered([sys.executable, "-m", "ostack.cli.app", *argv], differ.env(),
                               timeout=120, interval=0.3)
    assert signed.returncode == 1 and "HTTP 400" in signed.stderr, signed.stderr
    listed = differ.run("ostack", ["image", "list", "--name", name])
    assert listed.data == []
