"""Images through the SDK, sync and async: records, JSON-patch updates, tags, activation,
data uploads (streamed, with progress), stage and import, and checked downloads."""

from __future__ import annotations

import hashlib
import io
import os
import uuid

import pytest

from ostack import exceptions


def _name(prefix: str = "sdk-img") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


class Pipe:
    """A source of unknown length that cannot seek (as data piped on stdin)."""

    def __init__(self, data: bytes) -> None:
        self.data = io.BytesIO(data)

    def read(self, size: int = -1) -> bytes:
        return self.data.read(min(size, 1000) if size and size > 0 else 1000)


@pytest.fixture
def cleanup(sdk):
    made: list = []
    yield made
    for image in made:
        sdk.image.delete_image(image)


def test_create_upload_download(sdk, cleanup, tmp_path):
    data = os.urandom(300_000)
    sent: list[int] = []
    image = sdk.image.create_image(_name(), data=data, disk_format="raw",
                                   allow_duplicates=True, tags=["a"], progress=sent.append,
                                   os_distro="cirros", min_ram=64)
    cleanup.append(image)
    assert sum(sent) == len(data) and image.status == "queued"
    image = sdk.image.get_image(image)
    assert (image.status, image.size, image.checksum) == (
        "active", len(data), hashlib.md5(data).hexdigest())
    assert image.hash_algo == "sha512" and image.hash_value == hashlib.sha512(data).hexdigest()
    assert image.os_distro == "cirros" and image.min_ram == 64 and image.tags == ["a"]
    assert image.properties["owner_specified.openstack.object"] == f"images/{image.name}"
    assert sdk.image.download_image(image) == data
    received: list[int] = []
    path = tmp_path / "saved.raw"
    assert sdk.image.download_image(image.id, output=str(path),
                                    progress=received.append).id == image.id
    assert path.read_bytes() == data and sum(received) == len(data)
    buffer = io.BytesIO()
    sdk.image.download_image(image, output=buffer)
    assert buffer.getvalue() == data


def test_big_download_streamed_in_one_get(sdk, cleanup, tmp_path):
    data = os.urandom(17 * 1024 * 1024 + 5)
    source = tmp_path / "big.raw"
    source.write_bytes(data)
    image = sdk.image.create_image(_name(), filename=str(source), disk_format="raw",
                                   allow_duplicates=True)
    cleanup.append(image)
    chunks: list[int] = []
    target = tmp_path / "big.out"
    before = len(sdk.session.http.timings)
    sdk.image.download_image(image, output=target, progress=chunks.append)
    assert target.read_bytes() == data
    # the image's record, then its data in one GET written (and reported) chunk by chunk
    assert [t[0] for t in sdk.session.http.timings[before:]] == ["GET", "GET"]
    assert len(chunks) >= 16 and sum(chunks) == len(data)
    # openstacksdk's stream=True: nothing read until iterated, then a range (16 MiB) a GET
    before = len(sdk.session.http.timings)
    streamed = sdk.image.download_image(image, stream=True)
    assert len(sdk.session.http.timings) == before
    chunks_of = streamed.iter_content(chunk_size=1024 * 1024)  # async for, with ostack.aio
    parts = list(sdk._iterate(chunks_of) if hasattr(chunks_of, "__anext__") else chunks_of)
    assert b"".join(parts) == data and max(len(p) for p in parts) == 1024 * 1024
    assert [t[0] for t in sdk.session.http.timings[before:]] == ["GET", "GET", "GET"]


def test_upload_from_a_pipe_and_deprecated_upload(sdk, cleanup, tmp_path):
    data = b"piped " * 5000
    image = sdk.image.create_image(_name(), data=Pipe(data), disk_format="raw",
                                   allow_duplicates=True)
    cleanup.append(image)
    assert sdk.image.get_image(image).size == len(data)
    path = tmp_path / "file.raw"
    path.write_bytes(b"from a file")
    image = sdk.image.upload_image("bare", "raw", filename=str(path), name=_name())
    cleanup.append(image)
    assert sdk.image.get_image(image).size == len(b"from a file")


def test_find_update_tags_activation(sdk, cleanup):
    image = sdk.image.create_image(_name(), disk_format="raw", allow_duplicates=True,
                                   data=b"x" * 10)
    cleanup.append(image)
    assert sdk.image.find_image(image.name).id == image.id
    assert sdk.image.find_image(image.id).id == image.id
    assert sdk.image.find_image("no-such-image") is None
    with pytest.raises(exceptions.NotFound, match="No Image found for no-such-image"):
        sdk.image.find_image("no-such-image", ignore_missing=False)
    # JSON patch: an ID gets "add" operations, an Image only what changed; None removes.
    image = sdk.image.update_image(image.id, color="blue", min_disk=2, is_hidden=True,
                                   properties={"size_hint": "s"})
    assert (image.properties["color"], image.min_disk, image.is_hidden) == ("blue", 2, True)
    assert image.properties["size_hint"] == "s"
    assert sdk.image.find_image(image.name).id == image.id  # found among hidden images
    assert image.id not in {i.id for i in sdk.image.images()}
    assert image.id in {i.id for i in sdk.image.images(is_hidden=True)}
    image = sdk.image.update_image(image, color="red", size_hint=None, is_hidden=False,
                                   hw_cpu_cores="4")
    assert image.properties["color"] == "red" and "size_hint" not in image.properties
    assert image.hw_cpu_cores == 4 and image.is_hidden is False
    assert sdk.image.update_image(image, color="red") is image  # nothing changed: no request
    sdk.image.add_tag(image, "one")
    sdk.image.add_tag(image.id, "two")
    assert sorted(sdk.image.get_image(image).tags) == ["one", "two"]
    sdk.image.remove_tag(image, "one")
    assert sdk.image.get_image(image).tags == ["two"]
    sdk.image.deactivate_image(image)
    assert sdk.image.get_image(image).status == "deactivated"
    sdk.image.reactivate_image(image.id)
    assert sdk.image.get_image(image).status == "active"
    assert [i.id for i in sdk.image.images(name=image.name)] == [image.id]
    sdk.image.delete_image(image, ignore_missing=False)
    cleanup.clear()
    with pytest.raises(exceptions.NotFound):
        sdk.image.get_image(image)
    sdk.image.delete_image(image)  # missing: ignored
    with pytest.raises(exceptions.NotFound):
        sdk.image.delete_image(image, ignore_missing=False)


def test_stage_and_import(sdk, cleanup, tmp_path):
    image = sdk.image.create_image(_name(), disk_format="raw", allow_duplicates=True)
    cleanup.append(image)
    assert "glance-direct" in image.image_import_methods
    sent: list[int] = []
    staged = sdk.image.stage_image(image.id, data=b"staged " * 100, progress=sent.append)
    assert staged.status == "uploading" and sum(sent) == 700
    with pytest.raises(exceptions.OstackError, match="queued state"):
        sdk.image.stage_image(staged, data=b"again")
    sdk.image.import_image(staged)
    done = sdk.image.wait_for_image(staged, status="active", wait=30, interval=0.2)
    assert done.size == 700
    # create_image with use_import stages and imports in one call.
    path = tmp_path / "import.raw"
    path.write_bytes(b"imported")
    image = sdk.image.create_image(_name(), filename=str(path), disk_format="raw",
                                   allow_duplicates=True, use_import=True)
    cleanup.append(image)
    assert sdk.image.wait_for_image(image, status="active", wait=30,
                                    interval=0.2).size == len(b"imported")
    with pytest.raises(exceptions.OstackError, match="mutually exclusive"):
        sdk.image.import_image(image, all_stores=True, stores=["fast"])


def test_create_image_reuses_an_up_to_date_image(sdk, cleanup, tmp_path):
    path = tmp_path / "same.raw"
    path.write_bytes(b"same data")
    name = _name()
    first = sdk.image.create_image(name, filename=str(path), disk_format="raw",
                                   validate_checksum=True)
    cleanup.append(first)
    assert first.properties["owner_specified.openstack.md5"] == hashlib.md5(
        b"same data").hexdigest()
    again = sdk.image.create_image(name, filename=str(path), disk_format="raw",
                                   validate_checksum=True)
    assert again.id == first.id
