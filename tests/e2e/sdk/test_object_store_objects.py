"""Swift objects through the SDK, sync and async: uploads from bytes, files and iterators
(streamed, with progress, checked against the ETag), listings paged by marker, downloads to
memory, files and streams (in ranges, checked), metadata kept across POSTs, copies, deletes."""

from __future__ import annotations

import hashlib
import io
import os
import uuid

import pytest

from ostack import exceptions
from ostack.object_store import objects as object_module
from ostack.transport import http as http_module


@pytest.fixture
def container(sdk):
    name = f"sdk-obj-{uuid.uuid4().hex[:8]}"
    sdk.object_store.create_container(name)
    yield name
    for obj in sdk.object_store.objects(name):
        sdk.object_store.delete_object(obj)
    sdk.object_store.delete_container(name)


def test_upload_from_bytes_file_and_iterator(sdk, container, tmp_path):
    data = os.urandom(200_000)
    sent: list[int] = []
    made = sdk.object_store.create_object(container, "a/bytes.bin", data=data,
                                          progress=sent.append,
                                          content_type="application/x-demo",
                                          metadata={"Origin": "test"})
    assert sum(sent) == len(data)
    assert (made.name, made.container, made.etag) == (
        "a/bytes.bin", container, hashlib.md5(data).hexdigest())
    path = tmp_path / "file.bin"
    path.write_bytes(data[:1000])
    sdk.object_store.upload_object(container, "from-file", filename=str(path))
    with open(path, "rb") as handle:
        sdk.object_store.upload_object(container, "from-handle", data=handle)
    chunks = (data[i:i + 7000] for i in range(0, 49_000, 7000))
    piped = sdk.object_store.upload_object(container, "from-iterator", data=chunks)
    assert piped.etag == hashlib.md5(data[:49_000]).hexdigest()
    head = sdk.object_store.get_object_metadata("a/bytes.bin", container)
    assert (head.content_length, head.content_type, head.metadata) == (
        len(data), "application/x-demo", {"origin": "test"})
    assert head.last_modified_at and head.timestamp
    assert sdk.object_store.download_object("from-file", container) == data[:1000]
    assert sdk.object_store.download_object("from-handle", container) == data[:1000]
    assert sdk.object_store.download_object("from-iterator", container) == data[:49_000]
    assert sdk.object_store.download_object(head) == data
    with pytest.raises(exceptions.HttpError) as caught:  # Swift checks a given md5
        sdk.object_store.create_object(container, "bad", data=b"abc", md5="0" * 32)
    assert caught.value.status_code == 422


def test_listing_paged_with_prefix_and_delimiter(sdk, container):
    names = [f"dir/{i:02d}" for i in range(7)] + ["top"]
    for name in names:
        sdk.object_store.create_object(container, name, data=name)
    found = list(sdk.object_store.objects(container, limit=3))
    assert [o.name for o in found] == names
    assert all(o.container == container for o in found)
    assert found[0].content_length == len("dir/00")
    assert found[0].etag == hashlib.md5(b"dir/00").hexdigest()
    assert [o.name for o in sdk.object_store.objects(container, prefix="dir/", limit=2,
                                                     marker="dir/04")] == names[5:7]
    assert [o.name for o in sdk.object_store.objects(container)] == names
    tree = list(sdk.object_store.objects(container, delimiter="/"))
    assert [(o.name, o.subdir) for o in tree] == [("dir/", "dir/"), ("top", None)]


def test_download_to_file_streamed_with_progress(sdk, container, tmp_path, monkeypatch):
    monkeypatch.setattr(object_module, "DOWNLOAD_PART", 64 * 1024)  # stream_object's ranges
    monkeypatch.setattr(http_module, "STREAM_CHUNK", 64 * 1024)  # chunks handed to the sink
    data = os.urandom(300_000)
    sdk.object_store.create_object(container, "big", data=data)
    got: list[int] = []
    path = tmp_path / "out.bin"
    before = len(sdk.session.http.timings)
    found = sdk.object_store.get_object("big", container, outfile=str(path),
                                        progress=got.append)
    # one GET, its body written (and reported) chunk by chunk as it arrived
    assert [t[0] for t in sdk.session.http.timings[before:]] == ["GET"]
    assert path.read_bytes() == data and sum(got) == len(data) and len(got) >= 3
    assert found.etag == hashlib.md5(data).hexdigest() and found.content_length == len(data)
    buffer = io.BytesIO()
    sdk.object_store.get_object("big", container, outfile=buffer)
    assert buffer.getvalue() == data
    kept = sdk.object_store.get_object("big", container, remember_content=True)
    assert kept.data == data
    assert sdk.object_store.get_object("big", container).data is None
    chunks = list(sdk.object_store.stream_object("big", container, chunk_size=100_000))
    assert b"".join(chunks) == data and max(len(c) for c in chunks) <= 100_000
    sdk.object_store.create_object(container, "empty", data=b"")
    assert sdk.object_store.download_object("empty", container) == b""
    empty = tmp_path / "empty.bin"
    sdk.object_store.get_object("empty", container, outfile=str(empty))
    assert empty.read_bytes() == b""
    assert list(sdk.object_store.stream_object("empty", container)) == []
    missing = tmp_path / "missing.bin"
    with pytest.raises(exceptions.NotFound):
        sdk.object_store.get_object("no-such-object", container, outfile=str(missing))
    assert not missing.exists()  # a failed download leaves no empty file behind


def test_download_checked_against_etag(sdk, container):
    sdk.object_store.create_object(container, "checked", data=b"right bytes")
    sink = object_module.Sink()
    sink.write(b"wrong bytes")
    with pytest.raises(exceptions.OstackError, match="corrupted"):
        sink.verify(hashlib.md5(b"right bytes").hexdigest(), "c/o")
    assert sdk.object_store.download_object("checked", container) == b"right bytes"


def test_metadata_kept_across_posts(sdk, container):
    sdk.object_store.create_object(container, "meta", data=b"x", content_type="text/x-demo",
                                   metadata={"one": "1"})
    changed = sdk.object_store.set_object_metadata("meta", container, two="2",
                                                   content_disposition="inline")
    assert changed.metadata == {"one": "1", "two": "2"}
    assert (changed.content_type, changed.content_disposition) == ("text/x-demo", "inline")
    sdk.object_store.delete_object_metadata("meta", container, keys=["one"])
    after = sdk.object_store.get_object_metadata("meta", container)
    assert after.metadata == {"two": "2"} and after.content_type == "text/x-demo"
    later = sdk.object_store.set_object_metadata(after, delete_after=3600)
    assert later.delete_at and later.metadata == {"two": "2"}


def test_copy_and_delete(sdk, container):
    other = f"sdk-obj-{uuid.uuid4().hex[:8]}"
    sdk.object_store.create_container(other)
    try:
        sdk.object_store.create_object(container, "source", data=b"copied",
                                       metadata={"k": "v"})
        copy = sdk.object_store.copy_object("source", container, destination="same")
        assert copy.etag == hashlib.md5(b"copied").hexdigest()
        assert sdk.object_store.get_object_metadata("same", container).metadata == {"k": "v"}
        sdk.object_store.copy_object("source", container, destination="there",
                                     destination_container=other, fresh_metadata=True,
                                     metadata={"n": "1"})
        there = sdk.object_store.get_object_metadata("there", other)
        assert there.metadata == {"n": "1"}
        assert sdk.object_store.download_object(there) == b"copied"
        sdk.object_store.delete_object(there, ignore_missing=False)
        with pytest.raises(exceptions.NotFound):
            sdk.object_store.delete_object("there", ignore_missing=False, container=other)
        sdk.object_store.delete_object("there", container=other)
        with pytest.raises(exceptions.NotFound):
            sdk.object_store.get_object_metadata("there", other)
        with pytest.raises(ValueError):
            sdk.object_store.get_object_metadata("there")
    finally:
        sdk.object_store.delete_container(other)
