"""Large objects: static (SLO: `PUT ?multipart-manifest=put` with a JSON list of segments) and
dynamic (DLO: a manifest object whose `X-Object-Manifest: container/prefix` names its
segments).

An SLO is checked and assembled when its manifest is PUT: the segments' data is concatenated
into the object's own file (so later reads, ranges and copies are those of a plain object,
and deleting a segment does not break it), its Etag is Swift's (the MD5 of the segments'
Etags, quoted), and the manifest is kept for `?multipart-manifest=get` and `=delete`. A DLO is
assembled on every read from the container listing, as Swift does.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import ApiError, BadRequest
from . import access, info, listings, metadata
from .http import backend

SLO = "x-static-large-object"
#: The manifest, kept with the object and never shown as a header (Swift's sysmeta).
MANIFEST = "x-object-sysmeta-slo-manifest"
DLO = "x-object-manifest"
HIDDEN_PREFIX = "x-object-sysmeta-"
SEGMENT_KEYS = frozenset({"path", "etag", "size_bytes"})
CHUNK = 64 * 1024

#: (a data file, its size): the pieces an object's content is read from, in order.
Piece = tuple[Path, int]


def is_slo(row: dict[str, Any]) -> bool:
    return row["metadata"].get(SLO) == "True"


def is_dlo(row: dict[str, Any]) -> bool:
    return bool(row["metadata"].get(DLO))


def quoted(etag: str) -> str:
    return f'"{etag}"'


def _segment_path(value: str) -> tuple[str, str] | None:
    container, _, name = unquote(value).lstrip("/").partition("/")
    return (container, name) if container and name else None


async def _read_manifest(request: Request) -> list[dict[str, Any]]:
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > info.SLO_MAX_MANIFEST_SIZE:
            raise ApiError(f"Manifest File > {info.SLO_MAX_MANIFEST_SIZE} bytes", status=413)
    try:
        segments = json.loads(bytes(raw))
    except (ValueError, UnicodeDecodeError):
        raise BadRequest("Manifest must be valid json.") from None
    if not isinstance(segments, list) or not segments:
        raise BadRequest("Invalid SLO Manifest File")
    if len(segments) > info.SLO_MAX_MANIFEST_SEGMENTS:
        raise BadRequest(f"Number of segments must be <= {info.SLO_MAX_MANIFEST_SEGMENTS}")
    for segment in segments:
        if (not isinstance(segment, dict) or not set(segment) <= SEGMENT_KEYS
                or not isinstance(segment.get("path"), str)
                or _segment_path(segment["path"]) is None
                or not isinstance(segment.get("etag"), str | None)
                or isinstance(segment.get("size_bytes"), bool)
                or not isinstance(segment.get("size_bytes"), int | None)):
            raise BadRequest("Invalid SLO Manifest File")
    return segments


def assemble(store: Any, pieces: list[Piece]) -> tuple[str, Path, int, str]:
    """Concatenate `pieces` into a new upload file: its id, temporary path, size and MD5."""
    file_id, tmp = store.new_upload()
    digest = hashlib.md5(usedforsecurity=False)
    size = 0
    try:
        with open(tmp, "wb") as out:
            for path, _ in pieces:
                with open(path, "rb") as handle:
                    while chunk := handle.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                        size += len(chunk)
    except BaseException:
        store.discard_upload(tmp)
        raise
    return file_id, tmp, size, digest.hexdigest()


async def put_manifest(request: Request, account: str, container: str, name: str,
                       content_type: str, items: dict[str, str],
                       delete_at: int | None) -> Response:
    """PUT ?multipart-manifest=put: check every segment (it exists, and its Etag and size
    are the ones given), then store the assembled object; 400 listing the problems."""
    store = backend(request)
    segments = await _read_manifest(request)
    problems: list[str] = []
    found: list[dict[str, Any]] = []
    for index, segment in enumerate(segments):
        path = segment["path"]
        segment_container, segment_name = _segment_path(path)  # type: ignore[misc]
        record = store.container_record(account, segment_container)
        access.authorize_container(request, account, record, write=False)
        row = store.get_object(account, segment_container, segment_name) if record else None
        if row is None:
            problems.append(f"{path}, 404 Not Found")
            continue
        expected_etag = segment.get("etag")
        if expected_etag and expected_etag.strip('"') != row["etag"]:
            problems.append(f"{path}, Etag Mismatch")
        expected_size = segment.get("size_bytes")
        if expected_size is not None and expected_size != row["bytes"]:
            problems.append(f"{path}, Size Mismatch")
        if row["bytes"] < info.SLO_MIN_SEGMENT_SIZE and index < len(segments) - 1:
            problems.append(f"{path}, Too small; each segment must be at least "
                            f"{info.SLO_MIN_SEGMENT_SIZE} byte.")
        found.append(row)
    if problems:
        raise BadRequest("Errors:\n" + "\n".join(problems))
    slo_etag = hashlib.md5("".join(r["etag"] for r in found).encode(),
                           usedforsecurity=False).hexdigest()
    expected = request.headers.get("etag")
    if expected is not None and expected.strip().strip('"') != slo_etag:
        raise ApiError("", status=422)
    file_id, tmp, size, _ = assemble(
        store, [(store.data_path(r["file"]), r["bytes"]) for r in found])
    manifest = [{"name": f"/{r['container']}/{r['name']}", "bytes": r["bytes"],
                 "hash": r["etag"], "content_type": r["content_type"],
                 "last_modified": timestamps.iso_micro(r["updated_at"])} for r in found]
    items = {**items, SLO: "True", MANIFEST: json.dumps(manifest)}
    try:
        row = store.put_object(account, container, name, file_id, tmp, size, slo_etag,
                               content_type, items, delete_at)
    except BaseException:
        store.discard_upload(tmp)
        raise
    return Response(b"", 201, headers={
        "Etag": quoted(row["etag"]), "Last-Modified": metadata.http_date(row["updated_at"]),
        "Content-Type": "text/html; charset=UTF-8", "Content-Length": "0"})


def manifest_response(row: dict[str, Any], headers: dict[str, str], head: bool) -> Response:
    """GET ?multipart-manifest=get on an SLO: the stored manifest as JSON."""
    body = row["metadata"][MANIFEST].encode()
    headers = dict(headers, **{"Content-Type": "application/json; charset=utf-8",
                               "Content-Length": str(len(body))})
    return Response(b"" if head else body, 200, headers=headers)


def delete_manifest(request: Request, account: str, row: dict[str, Any]) -> Response:
    """DELETE ?multipart-manifest=delete on an SLO: its segments, then itself; a bulk
    delete's report (plain text, or JSON when asked for)."""
    store = backend(request)
    deleted = not_found = 0
    errors: list[list[str]] = []
    for segment in json.loads(row["metadata"][MANIFEST]):
        container, name = _segment_path(segment["name"])  # type: ignore[misc]
        record = store.container_record(account, container)
        try:
            access.authorize_container(request, account, record, write=True)
        except ApiError as err:
            errors.append([segment["name"], f"{err.status} Forbidden"])
            continue
        if record is not None and store.delete_object(account, container, name):
            deleted += 1
        else:
            not_found += 1
    if store.delete_object(account, row["container"], row["name"]):
        deleted += 1
    else:
        not_found += 1
    status = "400 Bad Request" if errors else "200 OK"
    report: dict[str, Any] = {"Number Deleted": deleted, "Number Not Found": not_found,
                              "Response Body": "", "Response Status": status}
    if listings.best_match(request.headers.get("accept") or "*/*") == "application/json":
        report["Errors"] = errors
        return Response(json.dumps(report).encode(), 200, media_type="application/json")
    lines = [f"{key}: {report[key]}\n" for key in sorted(report)]
    lines.append("Errors:\n")
    lines.extend(f"{name}, {status}\n" for name, status in errors)
    return Response("".join(lines).encode(), 200, media_type="text/plain")


def dlo_pieces(request: Request, account: str,
               row: dict[str, Any]) -> tuple[list[Piece], str, int]:
    """A DLO's segments (the objects named `container/prefix...`, by name), its Etag
    (quoted) and total size; the caller must be able to list that container."""
    store = backend(request)
    container, _, prefix = unquote(row["metadata"][DLO]).lstrip("/").partition("/")
    record = store.container_record(account, container)
    pieces: list[Piece] = []
    etags = []
    if record is not None:
        access.authorize_container(request, account, record, listing=True, write=False)
        for segment in store.list_objects(account, container, prefix=prefix,
                                          limit=info.CONTAINER_LISTING_LIMIT):
            pieces.append((store.data_path(segment["file"]), segment["bytes"]))
            etags.append(segment["etag"])
    etag = hashlib.md5("".join(etags).encode(), usedforsecurity=False).hexdigest()
    return pieces, quoted(etag), sum(size for _, size in pieces)


def visible(items: dict[str, str]) -> dict[str, str]:
    """Metadata without what Swift never shows (sysmeta)."""
    return {k: v for k, v in items.items() if not k.startswith(HIDDEN_PREFIX)}


def kept_on_post(items: dict[str, str]) -> dict[str, str]:
    """What a metadata POST does not replace: the SLO marker and its manifest."""
    return {k: v for k, v in items.items() if k == SLO or k.startswith(HIDDEN_PREFIX)}
