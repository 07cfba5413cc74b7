"""Large objects, resumable uploads and bulk delete, through the SDK against the local Swift.

A 300 MiB file uploaded as a static large object in 16 MiB segments completes when one
segment PUT loses its connection (the SDK sends that segment again), and also when the
first call fails (a segment's connection dropped on every try) and a second call resumes,
sending only the segments not stored yet; the bytes read back are the file's and the segment
container holds exactly the manifest's segments. Then, on small files: the sync and async
drivers make the same SLO, the async one sends four segments at once, `use_slo=False` makes a
DLO, a second call sends no stored segment again, an overwrite and an earlier attempt leave
no orphan segment, a delete takes the segments along, an SLO read back is checked segment by
segment, and bulk delete answers as Swift's bulk middleware does.
Faults and request counts go through the operator API (`/_localcloud/faults`: a fault's
`hits` counts the requests it matched).
"""

from __future__ import annotations

import hashlib
import io
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from tests.support.localcloud import LocalCloud
from tests.support.sdk import connect

from ostack import exceptions
from ostack.object_store import large_objects

MIB = 1024 * 1024


# ----------------------------------------------------------------------------- helpers
def add_fault(cloud: LocalCloud, **spec: Any) -> str:
    reply = cloud.call("POST", "/_localcloud/faults", spec)
    assert reply.status == 201, reply.body
    return reply.json["fault"]["id"]


def hits(cloud: LocalCloud, fault_id: str) -> int:
    reply = cloud.call("GET", f"/_localcloud/faults/{fault_id}")
    assert reply.status == 200, reply.body
    return reply.json["fault"]["hits"]


def clear(cloud: LocalCloud, fault_id: str) -> None:
    assert cloud.call("DELETE", f"/_localcloud/faults/{fault_id}").status in (204, 404)


def counting_puts(cloud: LocalCloud, container: str) -> str:
    """A harmless fault (1 ms) whose hits count the segment PUTs into `container`."""
    return add_fault(cloud, method="PUT", path=f"/{container}/.+/slo/", latency=0.001)


def write_file(path: Path, mib: int) -> str:
    """A file of `mib` MiB, cheap but with no two MiB alike; its MD5."""
    block = os.urandom(MIB)
    digest = hashlib.md5()
    with open(path, "wb") as out:
        for index in range(mib):
            chunk = index.to_bytes(8, "big") + block[8:]
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def file_md5(path: Path) -> str:
    digest = hashlib.md5()
    with open(path, "rb") as handle:
        while chunk := handle.read(4 * MIB):
            digest.update(chunk)
    return digest.hexdigest()


def manifest_paths(conn: Any, container: str, name: str) -> list[str]:
    resp = conn.object_store.get(f"/{container}/{quote(name)}",
                                 params={"multipart-manifest": "get"})
    return [entry["name"] for entry in resp.json()]


def segment_names(conn: Any, container: str) -> list[str]:
    return sorted(o.name for o in conn.object_store.objects(f"{container}_segments"))


def drop_container(conn: Any, name: str) -> None:
    for cname in (name, f"{name}_segments"):
        try:
            names = [o.name for o in conn.object_store.objects(cname)]
        except exceptions.NotFound:
            continue
        if names:
            conn.object_store.delete_objects(cname, names)
        conn.object_store.delete_container(cname)


@pytest.fixture(scope="module")
def sync_conn(localcloud: LocalCloud) -> Iterator[Any]:
    conn, close = connect("sync", localcloud)
    yield conn
    close()


@pytest.fixture(scope="module")
def async_conn(localcloud: LocalCloud) -> Iterator[Any]:
    conn, close = connect("async", localcloud)
    yield conn
    close()


@pytest.fixture
def container(sync_conn: Any) -> Iterator[str]:
    name = f"large-{uuid.uuid4().hex[:8]}"
    sync_conn.object_store.create_container(name)
    yield name
    drop_container(sync_conn, name)


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    path = tmp_path_factory.mktemp("large") / "big.bin"
    yield path, write_file(path, 300)
    path.unlink()  # pytest keeps the temporary folders of the last runs


# ----------------------------------------------------------------------------- 300 MiB
def test_300_mib_upload_survives_a_dropped_segment(localcloud, async_conn, sync_conn,
                                                   container, big_file, tmp_path):
    path, md5 = big_file
    # Two drops of one segment: more than the transport's resend of a kept-alive connection
    # the server closed can absorb, so the SDK's own segment retry is what completes it.
    drop = add_fault(localcloud, method="PUT", drop=True, count=2,
                     path=f"/{container}_segments/big/slo/.*/00000007$")
    puts = counting_puts(localcloud, f"{container}_segments")
    sent: list[int] = []
    try:
        made = async_conn.object_store.create_object(
            container, "big", filename=str(path), segment_size=16 * MIB, progress=sent.append)
        # 19 PUTs besides the dropped ones (the drop fault, added first, took those alone)
        assert (hits(localcloud, drop), hits(localcloud, puts)) == (2, 19)
    finally:
        clear(localcloud, drop)
        clear(localcloud, puts)
    assert sum(sent) == 300 * MIB
    head = sync_conn.object_store.get_object_metadata("big", container)
    assert head.is_static_large_object and head.content_length == 300 * MIB
    assert made.etag == head.etag
    out = tmp_path / "back.bin"
    sync_conn.object_store.get_object("big", container, outfile=str(out))
    assert file_md5(out) == md5
    out.unlink()
    listed = segment_names(sync_conn, container)
    assert len(listed) == 19
    assert [f"/{container}_segments/{n}" for n in listed] == manifest_paths(
        sync_conn, container, "big")


def test_300_mib_upload_resumes_after_a_failed_call(localcloud, sync_conn, container,
                                                    big_file, tmp_path):
    path, md5 = big_file
    # every try of segment 5 dropped (each may be resent once on a fresh connection)
    attempts = large_objects.SEGMENT_ATTEMPTS
    drop = add_fault(localcloud, method="PUT", drop=True, count=2 * attempts,
                     path=f"/{container}_segments/big/slo/.*/00000005$")
    try:
        with pytest.raises(exceptions.TransportError):
            sync_conn.object_store.create_object(container, "big", filename=str(path),
                                                 segment_size=16 * MIB)
        assert attempts <= hits(localcloud, drop) <= 2 * attempts
    finally:
        clear(localcloud, drop)
    with pytest.raises(exceptions.NotFound):
        sync_conn.object_store.get_object_metadata("big", container)
    before = segment_names(sync_conn, container)
    assert len(before) == 5  # the sync driver sends in order: 0 to 4 were stored
    puts = counting_puts(localcloud, f"{container}_segments")
    try:
        sync_conn.object_store.create_object(container, "big", filename=str(path),
                                             segment_size=16 * MIB)
        assert hits(localcloud, puts) == 19 - 5  # the stored ones were not sent again
    finally:
        clear(localcloud, puts)
    after = segment_names(sync_conn, container)
    assert set(before) < set(after) and len(after) == 19
    assert [f"/{container}_segments/{n}" for n in after] == manifest_paths(
        sync_conn, container, "big")
    out = tmp_path / "back.bin"
    sync_conn.object_store.get_object("big", container, outfile=str(out))
    assert file_md5(out) == md5
    out.unlink()


# ----------------------------------------------------------------------------- small SLOs
def test_sync_and_async_make_the_same_slo(localcloud, sync_conn, async_conn, container,
                                          tmp_path):
    path = tmp_path / "five.bin"
    write_file(path, 5)
    with open(path, "ab") as out:
        out.write(b"tail")  # a last segment shorter than the others
    data = path.read_bytes()
    md5 = hashlib.md5(data).hexdigest()
    made = {}
    for kind, conn in (("sync", sync_conn), ("async", async_conn)):
        sent: list[int] = []
        made[kind] = conn.object_store.create_object(
            container, f"five-{kind}", filename=str(path), segment_size=MIB,
            progress=sent.append, metadata={"kind": kind}, content_type="application/x-five")
        assert sum(sent) == len(data)
        assert made[kind].bytes == len(data)
        back = conn.object_store.download_object(f"five-{kind}", container)
        assert hashlib.md5(back).hexdigest() == md5
        head = conn.object_store.get_object_metadata(f"five-{kind}", container)
        assert (head.metadata["kind"], head.content_type) == (kind, "application/x-five")
    assert made["sync"].etag == made["async"].etag  # same segment data, same SLO ETag
    entries = sync_conn.object_store.get(f"/{container}/five-sync",
                                         params={"multipart-manifest": "get"}).json()
    assert [e["bytes"] for e in entries] == [MIB] * 5 + [4]
    etags = "".join(e["hash"] for e in entries)
    assert made["sync"].etag == hashlib.md5(etags.encode()).hexdigest()
    assert len(segment_names(sync_conn, container)) == 12
    # a small file stays one object
    small = sync_conn.object_store.create_object(container, "small", data=b"x" * 100,
                                                 segment_size=MIB)
    assert not sync_conn.object_store.get_object_metadata(small).is_static_large_object


def test_async_sends_segments_side_by_side(localcloud, async_conn, container, tmp_path):
    """Eight segments each held 0.5 s by the cloud: sent four at a time, the upload takes
    two rounds (at least 1 s, far less than the 4 s of one after another)."""
    path = tmp_path / "eight.bin"
    write_file(path, 8)
    slow = add_fault(localcloud, method="PUT", path=f"/{container}_segments/", latency=0.5)
    try:
        start = time.monotonic()
        async_conn.object_store.create_object(container, "eight", filename=str(path),
                                              segment_size=MIB)
        elapsed = time.monotonic() - start
        assert hits(localcloud, slow) == 8
    finally:
        clear(localcloud, slow)
    assert 1.0 <= elapsed < 3.5, elapsed


def test_dynamic_large_object_without_use_slo(sdk, container, tmp_path):
    path = tmp_path / "dlo.bin"
    write_file(path, 3)
    made = sdk.object_store.create_object(container, "dlo", filename=str(path),
                                          segment_size=MIB, use_slo=False)
    head = sdk.object_store.get_object_metadata("dlo", container)
    assert not head.is_static_large_object and made.bytes == 3 * MIB
    segments = segment_names(sdk, container)
    assert len(segments) == 3 and all("/slo/" not in n for n in segments)
    assert head.object_manifest == f"{container}_segments/{segments[0][:-8]}"
    assert head.content_length == 3 * MIB
    assert hashlib.md5(sdk.object_store.download_object("dlo", container)).hexdigest() == \
        file_md5(path)


def test_second_call_skips_stored_segments(localcloud, sdk, container, tmp_path):
    path = tmp_path / "four.bin"
    write_file(path, 4)
    sdk.object_store.create_object(container, "four", filename=str(path), segment_size=MIB)
    puts = counting_puts(localcloud, f"{container}_segments")
    manifests = add_fault(localcloud, method="PUT", path=f"/{container}/four$", latency=0.001)
    sent: list[int] = []
    try:
        sdk.object_store.create_object(container, "four", filename=str(path),
                                       segment_size=MIB, progress=sent.append)
        assert (hits(localcloud, puts), hits(localcloud, manifests)) == (0, 1)
    finally:
        clear(localcloud, puts)
        clear(localcloud, manifests)
    assert sum(sent) == 4 * MIB  # skipped segments count as sent
    assert len(segment_names(sdk, container)) == 4


def test_overwrite_and_leftovers_leave_no_orphans(localcloud, sync_conn, async_conn,
                                                  container, tmp_path):
    store = sync_conn.object_store
    path = tmp_path / "grow.bin"
    write_file(path, 3)
    store.create_object(container, "grow", filename=str(path), segment_size=MIB)
    first = segment_names(sync_conn, container)
    # an earlier attempt's leftover of the same object, and objects that are not its segments
    leftover = "grow/slo/1.000000/10/5/00000000"
    store.create_object(f"{container}_segments", leftover, data=b"12345")
    store.create_object(f"{container}_segments", "grow/notes.txt", data=b"kept")
    store.create_object(f"{container}_segments", "grown/slo/1.000000/10/5/00000000",
                        data=b"other")
    write_file(path, 4)  # new content, new size: new segment names
    async_conn.object_store.create_object(container, "grow", filename=str(path),
                                          segment_size=MIB)
    now = segment_names(sync_conn, container)
    ours = [n for n in now if n.startswith("grow/slo/")]
    assert [f"/{container}_segments/{n}" for n in ours] == manifest_paths(
        sync_conn, container, "grow")
    assert not set(first) & set(now) and leftover not in now
    assert {"grow/notes.txt", "grown/slo/1.000000/10/5/00000000"} <= set(now)
    assert hashlib.md5(store.download_object("grow", container)).hexdigest() == file_md5(path)


def test_delete_takes_the_segments_along(sdk, container, tmp_path):
    path = tmp_path / "gone.bin"
    write_file(path, 3)
    sdk.object_store.create_object(container, "gone", filename=str(path), segment_size=MIB)
    sdk.object_store.create_object(container, "plain", data=b"plain")
    assert len(segment_names(sdk, container)) == 3
    sdk.object_store.delete_object("gone", container=container)
    sdk.object_store.delete_object("plain", container=container)
    assert segment_names(sdk, container) == []
    assert [o.name for o in sdk.object_store.objects(container)] == []
    with pytest.raises(exceptions.NotFound):
        sdk.object_store.delete_object("gone", ignore_missing=False, container=container)


def test_download_of_an_slo_is_checked_per_segment(sync_conn, container, tmp_path):
    """An SLO read back is checked against its manifest's segment ETags: a good one passes,
    and the same check fed bytes that differ from a segment's ETag fails at that segment
    (the local Swift assembles an SLO when its manifest is PUT, so its data cannot drift)."""
    path = tmp_path / "two.bin"
    write_file(path, 2)
    sync_conn.object_store.create_object(container, "two", filename=str(path),
                                         segment_size=MIB)
    got = sync_conn.object_store.download_object("two", container)
    assert hashlib.md5(got).hexdigest() == file_md5(path)
    entries = sync_conn.object_store.get(f"/{container}/two",
                                         params={"multipart-manifest": "get"}).json()
    received = io.BytesIO()
    check = large_objects.SegmentCheck(received, entries, f"{container}/two")
    received_ok = large_objects.SegmentCheck(io.BytesIO(), entries, f"{container}/two")
    received_ok.write(got[:MIB + 5])
    received_ok.write(got[MIB + 5:])
    received_ok.finish()
    check.write(got[:MIB])
    with pytest.raises(exceptions.OstackError, match="segment 1"):
        check.write(got[MIB:-1] + b"!")


# ----------------------------------------------------------------------------- bulk delete
def test_bulk_delete_over_http_and_through_the_sdk(localcloud, sync_conn, container):
    info = localcloud.call("GET", "/object-store/info").json
    assert info["bulk_delete"] == {"max_deletes_per_request": 10000,
                                   "max_failed_deletes": 1000}
    reply = localcloud.authenticate("admin")
    token, project = reply.header("x-subject-token"), reply.json["token"]["project"]["id"]
    account = f"/object-store/v1/AUTH_{project}"
    store = sync_conn.object_store
    names = ["a", "b c", "dir/é"]
    for name in names:
        store.create_object(container, name, data=name.encode())
    body = "\n".join(quote(f"/{container}/{n}") for n in [*names, "missing"]) + "\n"
    body += f"/{container}\n"  # not empty then? it is: its objects went first
    answer = localcloud.call("POST", f"{account}?bulk-delete", token=token,
                             raw=body.encode(),
                             headers={"Content-Type": "text/plain",
                                      "Accept": "application/json"})
    assert answer.status == 200 and answer.header("content-type").startswith(
        "application/json")
    assert answer.json == {"Number Deleted": 4, "Number Not Found": 1, "Errors": [],
                           "Response Status": "200 OK", "Response Body": ""}
    store.create_container(container)
    store.create_object(container, "x", data=b"x")
    text = localcloud.call("DELETE", f"{account}?bulk-delete", token=token,
                           raw=f"{container}\n{container}/x\n".encode(),
                           headers={"Content-Type": "text/plain", "Accept": "text/plain"})
    assert text.status == 200
    assert text.body.decode() == (
        "Number Deleted: 1\nNumber Not Found: 0\nResponse Body: \n"
        "Response Status: 400 Bad Request\nErrors:\n"
        f"{container}, 409 Conflict\n")
    empty = localcloud.call("POST", f"{account}?bulk-delete", token=token, raw=b"\n",
                            headers={"Accept": "application/json"})
    assert empty.json["Response Status"] == "400 Bad Request"
    assert empty.json["Response Body"] == "Invalid bulk delete."
    assert localcloud.call("POST", f"{account}?bulk-delete", raw=b"/c/o").status == 401
    # the SDK: one request per batch, counts summed; and one DELETE each without bulk_delete
    many = [f"obj-{i}" for i in range(25)]
    for name in many:
        store.create_object(container, name, data=b"1")
    report = store.delete_objects(container, [*many[:20], "ghost"])
    assert (report["Number Deleted"], report["Number Not Found"]) == (20, 1)
    plain, close = connect("sync", localcloud)
    try:
        # a cloud that takes 2 paths per bulk delete request: 3 requests for 5 paths
        plain.object_store._swift_info = large_objects.Info({"bulk_delete": {
            "max_deletes_per_request": 2}})
        before = localcloud.requests()
        report = plain.object_store.delete_objects(container, [*many[20:24], "ghost"])
        assert (report["Number Deleted"], report["Number Not Found"]) == (4, 1)
        assert localcloud.requests() - before == 3
        plain.object_store._swift_info = large_objects.Info({})  # a cloud without bulk
        before = localcloud.requests()
        report = plain.object_store.delete_objects(container, [many[24], "ghost"])
        assert (report["Number Deleted"], report["Number Not Found"]) == (1, 1)
        assert localcloud.requests() - before == 2  # one DELETE each
    finally:
        close()
    assert [o.name for o in store.objects(container)] == []


# ------------------------------------------------------------------------ archive extraction
def test_extract_archive_makes_containers_and_objects(localcloud, sync_conn):
    import io
    import tarfile

    info = localcloud.call("GET", "/object-store/info").json
    assert info["bulk_upload"] == {"max_containers_per_extraction": 10000,
                                   "max_failed_extractions": 1000}
    reply = localcloud.authenticate("admin")
    token, project = reply.header("x-subject-token"), reply.json["token"]["project"]["id"]
    account = f"/object-store/v1/AUTH_{project}"
    bucket = f"tar-{uuid.uuid4().hex[:8]}"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for path, data in ((f"{bucket}/a.txt", b"alpha"), (f"{bucket}/dir/b", b"beta"),
                           ("top-level-file", b"no container")):
            entry = tarfile.TarInfo(path)
            entry.size = len(data)
            archive.addfile(entry, io.BytesIO(data))
    answer = localcloud.call("PUT", f"{account}?extract-archive=tar.gz", token=token,
                             raw=buffer.getvalue(), headers={"Accept": "application/json"})
    assert answer.status == 200, answer.body
    assert answer.json == {"Number Files Created": 2, "Response Status": "400 Bad Request",
                           "Response Body": "", "Errors": [["top-level-file", "400 Bad Request"]]}
    store = sync_conn.object_store
    try:
        assert sorted(o.name for o in store.objects(bucket)) == ["a.txt", "dir/b"]
        assert store.get_object("a.txt", bucket, remember_content=True).data == b"alpha"
        bad = localcloud.call("PUT", f"{account}?extract-archive=zip", token=token, raw=b"x")
        assert bad.status == 400
        junk = localcloud.call("PUT", f"{account}?extract-archive=tar", token=token,
                               raw=b"not a tar", headers={"Accept": "application/json"})
        assert junk.json["Response Status"] == "400 Bad Request"
        assert localcloud.call("PUT", f"{account}?extract-archive=tar", raw=b"").status == 401
    finally:
        store.delete_objects(bucket, ["a.txt", "dir/b"])
        store.delete_container(bucket)
