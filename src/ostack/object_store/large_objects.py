"""Static large objects (SLO), resumable, and bulk delete.

A file bigger than the segment size (openstacksdk's rule: 1 GiB unless `segment_size` says
otherwise, kept within Swift's `/info` limits `slo.min_segment_size` and
`swift.max_file_size`) is uploaded as segments into `<container>_segments`, then a manifest
(`PUT ?multipart-manifest=put`) names them. Segments are named as python-swiftclient names
them, `<object>/slo/<mtime>/<size>/<segment size>/<index:08d>`: the same file uploaded again
with the same segment size gets the same names, so a second call after an interruption skips
the segments already stored whose size and ETag match the local data. Each segment is read
from the file by offset as it is sent (memory stays bounded), checked against the ETag Swift
answers, and sent again on its own when it fails. The async client sends `CONCURRENCY` at
once. Once the manifest is written, the segments under the object's prefix it does not name
(an earlier attempt's, or the previous version's) are deleted. With `use_slo=False` the
segments (named without `slo/`) are named by a dynamic large object's `X-Object-Manifest`
instead, as openstacksdk offers.

A download of an SLO is checked segment by segment against the ETags its manifest lists (an
SLO's ETag is the MD5 of its segments' ETags, not of its data).

Bulk delete (`POST /v1/{account}?bulk-delete`, Swift's bulk middleware) deletes many objects
in few requests when `/info` offers `bulk_delete`; otherwise one DELETE each.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable
from stat import S_ISREG
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from ostack import exceptions
from ostack.common.transfers import Progress, UploadBody
from ostack.object_store.headers import as_int, name_of, quote_container, quote_object
from ostack.object_store.transfer import HashingReader
from ostack.proxy import Call, Flow, Sleep, Together, operation
from ostack.resource import Field, Resource

#: openstacksdk's defaults: the segment size, and the largest object without /info.
DEFAULT_SEGMENT_SIZE = 1024 ** 3
DEFAULT_MAX_FILE_SIZE = (5 * 1024 ** 3 + 2) // 2
#: Segments the async client sends at once.
CONCURRENCY = 4
#: Tries of one segment (a dropped connection, a 5xx, an ETag that does not match).
SEGMENT_ATTEMPTS = 3
RETRY_DELAY = 0.2
#: Statuses worth sending a segment again for.
RETRYABLE = frozenset({408, 429, 500, 502, 503, 504})
#: Paths per bulk delete request when `/info` does not say.
BULK_DEFAULT = 10000
LISTING_LIMIT = 10000


class Info(Resource):
    """Swift's capabilities (`GET /info`): one mapping per middleware."""

    swift = Field()
    slo = Field()
    staticweb = Field()
    tempurl = Field()
    bulk_delete = Field()
    bulk_upload = Field()


def segment_container(container: str) -> str:
    """Where an object's segments go (python-swiftclient's name)."""
    return f"{container}_segments"


def segment_prefix(name: str, mtime: float, size: int, segment_size: int,
                   use_slo: bool = True) -> str:
    """python-swiftclient's: `<object>/slo/<mtime>/<size>/<segment size>/` (no `slo/` for a
    dynamic large object)."""
    kind = "slo/" if use_slo else ""
    return f"{name}/{kind}{mtime:f}/{size}/{segment_size}/"


def _segment_pattern(name: str) -> re.Pattern[str]:
    """Names of any large object upload of `name` (whatever its kind, mtime, size or
    segment size)."""
    return re.compile(re.escape(name) + r"/(slo/)?[^/]+/\d+/\d+/\d{8}\Z")


def _pread(fd: int, size: int, offset: int) -> bytes:
    """`size` bytes at `offset`, leaving the file's position alone where the OS allows."""
    if hasattr(os, "pread"):
        return os.pread(fd, size, offset)
    os.lseek(fd, offset, os.SEEK_SET)  # Windows: no pread (one thread reads at a time)
    return os.read(fd, size)


class FileWindow:
    """`length` bytes of an open file from `start`, read as a file of their own with
    `os.pread` (each segment in flight reads its part, no shared position)."""

    def __init__(self, fd: int, start: int, length: int) -> None:
        self.fd, self.start, self.length, self.pos = fd, start, length, 0

    def read(self, size: int = -1) -> bytes:
        left = self.length - self.pos
        n = left if size is None or size < 0 else min(size, left)
        data = _pread(self.fd, n, self.start + self.pos) if n > 0 else b""
        self.pos += len(data)
        return data

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.pos

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self.pos, 2: self.length}[whence]
        self.pos = max(0, min(self.length, base + offset))
        return self.pos


def file_md5(fd: int, start: int, length: int) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    window = FileWindow(fd, start, length)
    while chunk := window.read(1024 * 1024):
        digest.update(chunk)
    return digest.hexdigest()


def info_url(endpoint: str) -> str:
    """`/info` sits beside `/v1`: `https://host/swift/v1/AUTH_x/...` -> `https://host/swift/info`."""
    parts = urlsplit(endpoint)
    root = re.sub(r"/v1(\.0)?(/.*)?$", "", parts.path)
    return urlunsplit((parts.scheme, parts.netloc, root.rstrip("/") + "/info", "", ""))


def effective_segment_size(info: Info | None, asked: int | None) -> int:
    """openstacksdk's rule: the asked size (1 GiB by default) within `/info`'s limits."""
    size = int(asked) if asked else DEFAULT_SEGMENT_SIZE
    swift = (info.swift if info is not None else None) or {}
    slo = (info.slo if info is not None else None) or {}
    most = int(swift.get("max_file_size") or DEFAULT_MAX_FILE_SIZE)
    least = int(slo.get("min_segment_size") or 0)
    return max(min(size, most), least, 1)


def _put_segment(path: str, fd: int, start: int, length: int,
                 progress: Progress | None) -> Flow:
    """PUT one segment, read from the file as it goes; its ETag (the data's MD5). Sent
    again on a dropped connection, a 5xx or a wrong ETag, up to SEGMENT_ATTEMPTS times."""
    for attempt in range(1, SEGMENT_ATTEMPTS + 1):
        reader = HashingReader(FileWindow(fd, start, length))
        body = UploadBody(reader, length, progress)
        failure: Exception
        try:
            resp = yield Call("PUT", path, data=body, log_body=False, retries=0)
        except exceptions.HttpError as exc:
            if exc.status_code not in RETRYABLE:
                raise
            failure = exc
        except exceptions.TransportError as exc:
            failure = exc
        else:
            etag = (resp.headers.get("etag") or "").strip('"')
            if etag == reader.hexdigest():
                return etag
            failure = exceptions.OstackError(
                f"Upload of segment {path} was corrupted: Swift stored MD5 {etag}, the "
                f"data sent has {reader.hexdigest()}")
        if progress is not None and body._sent:
            progress(-body._sent)
        if attempt == SEGMENT_ATTEMPTS:
            raise failure
        yield Sleep(RETRY_DELAY * 2 ** (attempt - 1))
    raise AssertionError("unreachable")  # pragma: no cover


def _stored_segments(container: str, name: str) -> Flow:
    """{segment name: listing entry} of every large object upload of `name` in the
    segment container; None when that container does not exist."""
    pattern = _segment_pattern(name)
    found: dict[str, dict[str, Any]] = {}
    params: dict[str, Any] = {"format": "json", "prefix": f"{name}/",
                              "limit": LISTING_LIMIT}
    while True:
        try:
            resp = yield Call("GET", quote_container(container), params=params)
        except exceptions.NotFound:
            return None
        items = resp.json() if resp.content and resp.status_code != 204 else []
        for item in items or []:
            if isinstance(item, dict) and pattern.match(item.get("name", "")):
                found[item["name"]] = item
        if not items or len(items) < LISTING_LIMIT:
            return found
        params = {**params, "marker": items[-1]["name"]}


def upload_large_object(proxy: Any, container: str, name: str, fd: int, start: int,
                        size: int, segment_size: int, mtime: float, headers: dict[str, str],
                        progress: Progress | None, use_slo: bool = True) -> Flow:
    """Upload `size` bytes of `fd` from `start` as an SLO (or a DLO); the manifest PUT's
    response."""
    segments_at = segment_container(container)
    prefix = segment_prefix(name, mtime, size, segment_size, use_slo)
    stored = yield from _stored_segments(segments_at, name)
    if stored is None:
        yield Call("PUT", quote_container(segments_at), data=b"")
        stored = {}
    manifest: list[dict[str, Any]] = []
    pending: list[tuple[int, Flow]] = []
    for index, offset in enumerate(range(0, size, segment_size)):
        length = min(segment_size, size - offset)
        seg_name = f"{prefix}{index:08d}"
        manifest.append({"path": f"/{segments_at}/{seg_name}", "etag": None,
                         "size_bytes": length})
        have = stored.get(seg_name)
        if have is not None and have.get("bytes") == length:
            local = file_md5(fd, start + offset, length)
            if have.get("hash") == local:
                manifest[-1]["etag"] = local
                if progress is not None:
                    progress(length)
                continue
        pending.append((index, _put_segment(quote_object(segments_at, seg_name), fd,
                                            start + offset, length, progress)))
    if pending:
        etags = yield Together([flow for _, flow in pending], CONCURRENCY)
        for (index, _), etag in zip(pending, etags, strict=True):
            manifest[index]["etag"] = etag
    if use_slo:
        body = json.dumps(manifest).encode()
        resp = yield Call("PUT", quote_object(container, name), data=body, headers=headers,
                          params={"multipart-manifest": "put"})
    else:  # a DLO: an empty object naming its segments' prefix
        resp = yield Call("PUT", quote_object(container, name), data=b"", headers={
            **headers, "X-Object-Manifest": quote(f"{segments_at}/{prefix}")})
    expected = hashlib.md5("".join(m["etag"] for m in manifest).encode(),
                           usedforsecurity=False).hexdigest()
    stored_etag = (resp.headers.get("etag") or "").strip('"')
    if use_slo and stored_etag and stored_etag != expected:
        raise exceptions.OstackError(
            f"Upload of {container}/{name} was corrupted: Swift stored the manifest with "
            f"ETag {stored_etag}, its segments make {expected}")
    named = {m["path"].split("/", 2)[2] for m in manifest}
    orphans = [seg for seg in stored if seg not in named]
    if orphans:  # best effort: the object is written whatever becomes of them
        try:
            yield from proxy.sub("delete_objects", segments_at, orphans)
        except exceptions.OstackError as exc:
            import logging

            logging.getLogger("ostack.object_store").warning(
                "Could not delete old segments of %s/%s: %s", container, name, exc)
    return resp


class SegmentCheck:
    """A download sink that also checks each segment of an SLO against its manifest's
    ETag as its bytes go by (the whole object's MD5 is not known for an SLO)."""

    def __init__(self, sink: Any, manifest: list[dict[str, Any]], where: str) -> None:
        self.sink = sink
        self.where = where
        self.segments = [(int(m["bytes"]), str(m["hash"]).strip('"')) for m in manifest]
        self.index = 0
        self.left = self.segments[0][0] if self.segments else 0
        self.md5 = hashlib.md5(usedforsecurity=False)

    def write(self, data: bytes) -> None:
        self.sink.write(data)
        view = memoryview(data)
        while view:
            if self.index >= len(self.segments):
                raise exceptions.OstackError(
                    f"Download of {self.where} was corrupted: more data than its manifest "
                    "lists")
            take = view[:self.left]
            self.md5.update(take)
            self.left -= len(take)
            view = view[len(take):]
            if self.left == 0:
                self._end_segment()

    def _end_segment(self) -> None:
        size, etag = self.segments[self.index]
        if self.md5.hexdigest() != etag:
            raise exceptions.OstackError(
                f"Download of {self.where} was corrupted: segment {self.index} has MD5 "
                f"{self.md5.hexdigest()}, its manifest says {etag}")
        self.index += 1
        self.md5 = hashlib.md5(usedforsecurity=False)
        while self.index < len(self.segments) and self.segments[self.index][0] == 0:
            self.index += 1
        self.left = self.segments[self.index][0] if self.index < len(self.segments) else 0

    def finish(self) -> None:
        if self.index < len(self.segments):
            raise exceptions.OstackError(
                f"Download of {self.where} was corrupted: it ended in segment {self.index} "
                f"of {len(self.segments)}")


def slo_check(url: str, headers: Any, sink: Any, where: str) -> Flow:
    """For a whole-object download of an SLO: a SegmentCheck around `sink` (its manifest
    fetched), else None. Manifests with ranges or nested SLOs are not checked."""
    if str(headers.get("x-static-large-object", "")).lower() != "true":
        return None
    resp = yield Call("GET", url, params={"multipart-manifest": "get"})
    try:
        manifest = json.loads(resp.content)
    except ValueError:
        return None
    if not isinstance(manifest, list) or any(
            not isinstance(m, dict) or "range" in m or m.get("sub_slo") or "hash" not in m
            or "bytes" not in m for m in manifest):
        return None
    return SegmentCheck(sink, manifest, where)


class LargeObjectActions:
    """`get_info` and bulk delete, with openstacksdk's names where it has them."""

    def _info_flow(self) -> Flow:
        cached = getattr(self, "_swift_info", None)
        if cached is not None:
            return cached
        account = yield Call("HEAD", "")
        try:
            resp = yield Call("GET", info_url(account.url))
        except (exceptions.NotFound, exceptions.HttpError):
            info = Info({})
        else:
            info = Info(resp.json() or {})
        self._swift_info = info
        return info

    @operation
    def get_info(self) -> Flow:
        """The cluster's capabilities (`GET /info`): `swift`, `slo`, `bulk_delete` ..."""
        return (yield from self._info_flow())

    @operation
    def delete_objects(self, container: Any, names: Iterable[Any]) -> Flow:
        """Delete many objects of a container: by bulk delete requests (as many paths each
        as `/info` allows) when the cloud offers it, else one DELETE each. Swift's report
        summed: `Number Deleted`, `Number Not Found`, `Errors` ([path, status] pairs);
        raises when a path could not be deleted."""
        cname = name_of(container)
        wanted = [name_of(name) for name in names]
        report: dict[str, Any] = {"Number Deleted": 0, "Number Not Found": 0, "Errors": []}
        if not wanted:
            return report
        info = yield from self._info_flow()
        bulk = info.get("bulk_delete")
        if isinstance(bulk, dict):
            size = as_int(bulk.get("max_deletes_per_request")) or BULK_DEFAULT
            for first in range(0, len(wanted), size):
                lines = "\n".join(quote(f"/{cname}/{n}") for n in wanted[first:first + size])
                resp = yield Call("POST", "", params={"bulk-delete": ""},
                                  data=lines.encode(),
                                  headers={"Content-Type": "text/plain",
                                           "Accept": "application/json"})
                answer = resp.json() or {}
                report["Number Deleted"] += answer.get("Number Deleted", 0)
                report["Number Not Found"] += answer.get("Number Not Found", 0)
                report["Errors"].extend(answer.get("Errors") or [])
                status = str(answer.get("Response Status", "200"))
                if not status.startswith("2") and not answer.get("Errors"):
                    raise exceptions.OstackError(
                        f"Bulk delete in {cname} failed: {status} "
                        f"{answer.get('Response Body', '')}".strip())
        else:
            for name in wanted:
                try:
                    yield Call("DELETE", quote_object(cname, name))
                    report["Number Deleted"] += 1
                except exceptions.NotFound:
                    report["Number Not Found"] += 1
                except exceptions.HttpError as exc:
                    report["Errors"].append([quote(f"/{cname}/{name}"),
                                             str(exc.status_code)])
        if report["Errors"]:
            raise exceptions.OstackError(
                f"Could not delete {len(report['Errors'])} object(s) of {cname}: "
                + ", ".join(f"{path} ({status})" for path, status in report["Errors"][:5]))
        return report


def create_large_object(proxy: Any, container: str, name: str, filename: str | None,
                        data: Any, segment_size: int | None, headers: dict[str, str],
                        progress: Progress | None, use_slo: bool = True) -> Flow:
    """Upload a file (a path, or a regular file object from its position) bigger than the
    segment size as an SLO (a DLO without `use_slo`): (the manifest PUT's response, the
    size); None when it is not that big, or not a file (the caller sends one PUT)."""
    if filename:
        size, start, owned = os.path.getsize(filename), 0, True
    else:
        try:
            fd = data.fileno()
            stat = os.fstat(fd)
            start = data.tell()
        except (AttributeError, OSError, ValueError):
            return None
        if not S_ISREG(stat.st_mode):
            return None
        size, owned = stat.st_size - start, False
    asked = int(segment_size) if segment_size else DEFAULT_SEGMENT_SIZE
    if size <= min(asked, DEFAULT_MAX_FILE_SIZE):
        return None  # one PUT whatever /info says (it can only raise the segment size)
    info = yield from proxy._info_flow()
    chosen = effective_segment_size(info, segment_size)
    if size <= chosen:
        return None
    headers = {k: v for k, v in headers.items() if k.lower() != "etag"}
    if owned:
        fd = os.open(filename, os.O_RDONLY)  # type: ignore[arg-type]
    try:
        mtime = os.fstat(fd).st_mtime
        resp = yield from upload_large_object(proxy, container, name, fd, start, size,
                                              chosen, mtime, headers, progress, use_slo)
    finally:
        if owned:
            os.close(fd)
    if not owned:
        data.seek(start + size)
    return resp, size


def delete_object_flow(obj: Any, container: str, name: str) -> Flow:
    """DELETE an object; `?multipart-manifest=delete` (its segments too) for an SLO, known
    from `obj` or a HEAD. A HEAD that finds nothing falls through to the plain DELETE, whose
    404 is the one reported."""
    url = quote_object(container, name)
    slo = getattr(obj, "is_static_large_object", None) if isinstance(obj, Resource) else None
    if slo is None:
        try:
            head = yield Call("HEAD", url)
        except exceptions.NotFound:
            slo = False
        else:
            slo = str(head.headers.get("x-static-large-object", "")).lower() == "true"
    if not slo:
        yield Call("DELETE", url)
        return
    resp = yield Call("DELETE", url, params={"multipart-manifest": "delete"},
                      headers={"Accept": "application/json"})
    try:
        answer = resp.json() or {}
    except ValueError:
        return
    status = str(answer.get("Response Status", "200"))
    if answer.get("Number Deleted", 1) == 0 and answer.get("Number Not Found"):
        raise exceptions.NotFound(f"{container}/{name}: Not Found")
    if not status.startswith("2"):
        raise exceptions.OstackError(
            f"Delete of {container}/{name} and its segments failed: {status} "
            f"{answer.get('Errors') or answer.get('Response Body', '')}")
