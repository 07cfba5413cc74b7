"""An object: its listing entry or HEAD (size, ETag, content type, metadata, expiry, large
object markers), and the object operations with openstacksdk's names: listing, streamed
upload and download (with a progress callback, checked against the ETag), metadata, copy,
delete.

Data never sits whole in memory unless asked for as bytes: uploads are read chunk by chunk
from bytes, a file or an iterator; downloads are streamed in one GET into their file (resumed
with a Range after a dropped connection), `stream_object` fetched in ranges as it is consumed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ostack import exceptions
from ostack.common import downloads
from ostack.common.transfers import Progress, UploadBody, source_size
from ostack.object_store import large_objects
from ostack.object_store.headers import (
    SwiftResource,
    as_bool,
    as_int,
    name_of,
    pages,
    quote_container,
    quote_object,
)
from ostack.object_store.transfer import HashingReader, Sink, as_source, check_upload, plain_etag
from ostack.proxy import Call, Flow, Items, listing, operation
from ostack.resource import Field, QueryParameters

#: `stream_object` fetches an object in ranges of this size, as its iterator is consumed.
DOWNLOAD_PART = 16 * 1024 * 1024


def _unquoted(value: str | None) -> str | None:
    return value.strip('"') if isinstance(value, str) else value


class Object(SwiftResource):
    meta_prefix = "X-Object-Meta-"
    base_path = "/{container}"
    service_type = "object-store"
    allow_create = allow_commit = allow_delete = True
    query = QueryParameters("prefix", "delimiter", "end_marker", "reverse", "format", "path")
    system_metadata = {
        "content_disposition": "content-disposition",
        "content_encoding": "content-encoding",
        "content_type": "content-type",
        "delete_after": "x-delete-after",
        "delete_at": "x-delete-at",
        "is_content_type_detected": "x-detect-content-type",
        "manifest": "x-object-manifest",
        "access_control_allow_origin": "access-control-allow-origin",
    }
    #: System metadata a POST would erase unless sent again.
    kept_on_post = ("content_type", "content_disposition", "content_encoding", "delete_at",
                    "access_control_allow_origin")
    header_fields = {
        "content-length": ("bytes", as_int),
        "content-type": ("content_type", None),
        "etag": ("hash", _unquoted),
        "last-modified": ("last_modified", None),
        "accept-ranges": ("accept_ranges", None),
        "content-encoding": ("content_encoding", None),
        "content-disposition": ("content_disposition", None),
        "x-delete-at": ("delete_at", None),
        "x-object-manifest": ("object_manifest", None),
        "x-static-large-object": ("is_static_large_object", as_bool),
        "x-timestamp": ("timestamp", None),
        "x-symlink-target": ("symlink_target", None),
        "x-symlink-target-account": ("symlink_target_account", None),
        "access-control-allow-origin": ("access_control_allow_origin", None),
    }

    container = Field()
    hash = Field()
    bytes = Field()
    etag = Field("hash")
    content_length = Field("bytes")
    content_type = Field()
    last_modified = Field()
    last_modified_at = Field("last_modified")
    accept_ranges = Field()
    content_encoding = Field()
    content_disposition = Field()
    delete_after = Field()
    delete_at = Field()
    object_manifest = Field()
    manifest = Field("object_manifest")
    is_static_large_object = Field()
    timestamp = Field()
    symlink_target = Field()
    symlink_target_account = Field()
    access_control_allow_origin = Field()
    subdir = Field()
    #: The object's data, when `get_object(..., remember_content=True)` read it.
    data = Field()

    def __repr__(self) -> str:
        return f"<Object container={self.container!r} name={self.name!r}>"


def _where(obj: Any, container: Any) -> tuple[str, str]:
    """(container, object) names; an Object knows its container."""
    if container is None and isinstance(obj, Object) and obj.container:
        container = obj.container
    if container is None:
        raise ValueError("container must be specified")
    return name_of(container), name_of(obj)


def _as_header(key: str, value: Any) -> tuple[str, str]:
    """A keyword of create_object: a system attribute, or a header given by name."""
    header = Object.system_metadata.get(key) or key.replace("_", "-")
    return header, "true" if value is True else "false" if value is False else str(value)


class ObjectActions:
    """Object operations, with openstacksdk's names."""

    @listing
    def objects(self, container: Any, **query: Any) -> Flow:
        """A container's objects, paged by marker (`prefix`, `delimiter`, `limit`, `marker`,
        `end_marker`, `reverse`, `path`)."""
        name = name_of(container)
        return pages(self, Object, quote_container(name), query, "x-container-object-count",
                     container=name)

    # -- upload -------------------------------------------------------------------------------
    @operation
    def create_object(self, container: Any, name: str, filename: str | None = None,
                      md5: str | None = None, sha256: str | None = None,
                      segment_size: int | None = None, use_slo: bool = True,
                      metadata: dict[str, Any] | None = None,
                      generate_checksums: bool | None = None, data: Any = None,
                      progress: Progress | None = None, **headers: Any) -> Flow:
        """Upload an object from `data` (bytes, str, a binary file object or an iterator of
        chunks) or from `filename` (the object's name when neither is given), streamed chunk
        by chunk with `progress(n)` per chunk, and checked against the ETag Swift answers.

        System attributes (`content_type`, `delete_after` ...) and other headers go as
        keywords, user metadata in `metadata`; a known `md5` is sent as the ETag for Swift to
        check. The object as stored (name, container, ETag, size).
        """
        if data is not None and filename:
            raise ValueError("Both filename and data given. Please choose one.")
        if not name:
            raise ValueError("name is a required parameter")
        del generate_checksums
        cname = name_of(container)
        if data is None and not filename:
            filename = name
        sent = dict(Object.metadata_headers(metadata or {}))
        for key, value in headers.items():
            if value is not None:
                header, text = _as_header(key, value)
                sent[header] = text
        if md5:
            sent["ETag"] = md5
            sent.setdefault(Object.meta_prefix + "x-sdk-md5", md5)
        if sha256:
            sent.setdefault(Object.meta_prefix + "x-sdk-sha256", sha256)
        # a file bigger than the segment size goes as a (static) large object
        large = yield from large_objects.create_large_object(
            self, cname, name, filename, data, segment_size, sent, progress, use_slo)
        if large is not None:
            made = Object.body_from_headers(large[0].headers, {"name": name, "container": cname})
            made["bytes"] = large[1]
            return Object(made)
        handle = open(filename, "rb") if filename else None  # noqa: SIM115 - closed below
        try:
            source = handle if handle is not None else as_source(data)
            reader = HashingReader(source)
            body = UploadBody(reader, source_size(source), progress)
            resp = yield Call("PUT", quote_object(cname, name), data=body, headers=sent,
                              log_body=False, retries=None if body.can_resend else 0)
        finally:
            if handle is not None:
                handle.close()
        check_upload(resp.headers.get("etag"), reader.hexdigest(), f"{cname}/{name}")
        return Object(Object.body_from_headers(resp.headers, {
            "name": name, "container": cname, "bytes": body._sent}))

    upload_object = create_object

    @operation
    def copy_object(self, obj: Any, container: Any = None, *, destination: str,
                    destination_container: Any = None, fresh_metadata: bool = False,
                    metadata: dict[str, Any] | None = None) -> Flow:
        """Copy an object server-side to `destination` (in `destination_container`, or the
        same container), keeping its metadata (`fresh_metadata`: none of it) and adding
        `metadata`; the copy as stored."""
        cname, oname = _where(obj, container)
        target = name_of(destination_container) if destination_container is not None \
            else cname
        headers = {"X-Copy-From": quote_object(cname, oname), "Content-Length": "0",
                   **Object.metadata_headers(metadata or {})}
        if fresh_metadata:
            headers["X-Fresh-Metadata"] = "true"
        resp = yield Call("PUT", quote_object(target, destination), headers=headers, data=b"")
        return Object(Object.body_from_headers(resp.headers, {
            "name": destination, "container": target}))

    # -- download -----------------------------------------------------------------------------
    def _fetch(self, cname: str, oname: str, sink: Any) -> Flow:
        """GET an object's data into `sink` as it arrives, in one request (resumed with a
        Range after a dropped connection); the answer's headers. A static large object's
        manifest is fetched first (its body declined) to check each segment's ETag."""
        url = quote_object(cname, oname)
        where = f"{cname}/{oname}"

        def plain(status: int, headers: Any) -> bool:
            return str(headers.get("x-static-large-object", "")).lower() != "true"

        headers, taken = yield from downloads.streamed_get(url, sink.write, before=plain)
        if taken:
            return headers
        check = yield from large_objects.slo_check(url, headers, sink, where)
        target = check or sink
        headers, _ = yield from downloads.streamed_get(url, target.write)
        if check is not None:
            check.finish()
        return headers

    def _read(self, obj: Any, container: Any, output: Any, progress: Progress | None) -> Flow:
        cname, oname = _where(obj, container)
        sink = Sink(output, progress)
        try:
            headers = yield from self._fetch(cname, oname, sink)
        except BaseException:
            sink.close(complete=False)
            raise
        sink.close()
        sink.verify(plain_etag(headers), f"{cname}/{oname}")
        body = Object.body_from_headers(headers, {"name": oname, "container": cname})
        body["bytes"] = sink.written
        return Object(body), sink

    @operation
    def get_object(self, obj: Any, container: Any = None, resp_chunk_size: int = 1024,
                   outfile: Any = None, remember_content: bool = False,
                   progress: Progress | None = None) -> Flow:
        """An object with its headers; its data written to `outfile` (a path or a binary
        file object) as it arrives, or kept as `data` with `remember_content`. Checked
        against the ETag; `progress(n)` per chunk received."""
        del resp_chunk_size  # the data comes in one streamed GET
        found, sink = yield from self._read(obj, container, outfile, progress)
        if outfile is None and remember_content:
            found.data = sink.content()
        return found

    @operation
    def download_object(self, obj: Any, container: Any = None,
                        progress: Progress | None = None, **attrs: Any) -> Flow:
        """An object's data as bytes, checked against its ETag."""
        del attrs
        _, sink = yield from self._read(obj, container, None, progress)
        return sink.content()

    @listing
    def stream_object(self, obj: Any, container: Any = None, chunk_size: int = 1024,
                      **attrs: Any) -> Flow:
        """An object's data as an iterator of chunks of at most `chunk_size` bytes, fetched
        in ranges of 16 MiB as it is consumed (an async iterator with `ostack.aio`)."""
        del attrs
        cname, oname = _where(obj, container)
        size = max(int(chunk_size or 0), 1)
        url = quote_object(cname, oname)
        head = yield Call("HEAD", url)
        total = as_int(head.headers.get("content-length")) or 0
        etag = head.headers.get("etag")
        offset = 0
        while offset < total:
            headers = {"Range": f"bytes={offset}-{min(offset + DOWNLOAD_PART, total) - 1}"}
            if etag:
                headers["If-Match"] = etag
            resp = yield Call("GET", url, headers=headers, log_body=False)
            if not resp.content:
                return
            data = resp.content
            offset += len(data)
            yield Items([data[i:i + size] for i in range(0, len(data), size)])
            if resp.status_code != 206:
                return

    # -- metadata and deletion ----------------------------------------------------------------
    @operation
    def get_object_metadata(self, obj: Any, container: Any = None) -> Flow:
        """An object's size, ETag, content type and metadata (a HEAD of the object)."""
        cname, oname = _where(obj, container)
        resp = yield Call("HEAD", quote_object(cname, oname))
        return Object(Object.body_from_headers(resp.headers, {
            "name": oname, "container": cname}))

    def _post_metadata(self, cname: str, oname: str, change: dict[str, Any],
                       remove: Iterable[str] = ()) -> Flow:
        """POST an object's full metadata (Swift replaces all of it on a POST): what it has,
        its kept system metadata, `change` applied and `remove` taken out."""
        current = yield from self.sub("get_object_metadata", oname, cname)
        merged: dict[str, Any] = dict(current.metadata or {})
        for key in Object.kept_on_post:
            value = getattr(current, key)
            if value:
                merged[key] = value
        merged.update({k: v for k, v in change.items() if v not in (None, "")})
        for key in remove:
            merged.pop("delete_at" if key == "delete_after" else key, None)
            merged.pop(key.lower(), None)
        if "delete_after" in merged:
            merged.pop("delete_at", None)
        yield Call("POST", quote_object(cname, oname), headers=Object.metadata_headers(merged))
        return (yield from self.sub("get_object_metadata", oname, cname))

    @operation
    def set_object_metadata(self, obj: Any, container: Any = None, **metadata: Any) -> Flow:
        """Set object metadata, system (`content_type`, `delete_after` ...) or user, keeping
        the rest; the object as it is then."""
        cname, oname = _where(obj, container)
        return (yield from self._post_metadata(cname, oname, metadata))

    @operation
    def replace_object_metadata(self, obj: Any, container: Any = None,
                                metadata: dict[str, Any] | None = None,
                                remove: Iterable[str] = ()) -> Flow:
        """POST exactly this user metadata (and `X-Remove-Object-Meta-<key>` for `remove`):
        Swift drops every other user metadata key of the object (its semantics for an object
        POST), keeping its content type. What `openstack object set|unset` send."""
        cname, oname = _where(obj, container)
        headers = {Object.meta_prefix + key: "" if value is None else str(value)
                   for key, value in (metadata or {}).items()}
        headers.update({f"X-Remove-Object-Meta-{key}": "x" for key in remove})
        yield Call("POST", quote_object(cname, oname), headers=headers)

    @operation
    def delete_object_metadata(self, obj: Any, container: Any = None,
                               keys: Iterable[str] | None = None) -> Flow:
        """Remove object metadata keys, keeping the rest."""
        cname, oname = _where(obj, container)
        if keys:
            yield from self._post_metadata(cname, oname, {}, list(keys))

    @operation
    def delete_object(self, obj: Any, ignore_missing: bool = True, container: Any = None) -> Flow:
        """Delete an object; a static large object with its segments (as openstacksdk
        does, a HEAD tells unless `obj` is an Object that knows)."""
        cname, oname = _where(obj, container)
        try:
            yield from large_objects.delete_object_flow(obj, cname, oname)
        except exceptions.NotFound as exc:  # resent: the lost first one did it
            if not ignore_missing and not exc.resent:
                raise
