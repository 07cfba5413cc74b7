"""Account and container listings: the query (`prefix`, `delimiter`, `marker`, `end_marker`,
`limit`, `reverse`), the format (`format=` or `Accept`: plain text, JSON or XML, as Swift's
listing_formats middleware negotiates it) and the body in that format."""

from __future__ import annotations

import json
import re
from typing import Any

from starlette.requests import Request

from .. import timestamps
from ..errors import ApiError
from . import info

FORMATS = {"plain": "text/plain", "json": "application/json", "xml": "application/xml"}
OFFERS = ("text/plain", "application/json", "application/xml", "text/xml")
TRUE = frozenset({"true", "1", "yes", "on", "t", "y"})


def content_type(request: Request) -> str:
    """The listing's media type: `format=` wins over `Accept`; 406 when nothing fits."""
    wanted = request.query_params.get("format")
    accept = FORMATS.get(wanted.lower(), "text/plain") if wanted else request.headers.get(
        "accept")
    best = best_match(accept or "*/*")
    if best is None:
        raise ApiError("", status=406)
    return best


def best_match(accept: str) -> str | None:
    """swob's Accept.best_match: the patterns by quality (wildcards a little lower), then
    the first offer each pattern matches."""
    patterns: list[tuple[float, int, re.Pattern[str]]] = []
    for index, part in enumerate(accept.split(",")):
        media, _, params = part.strip().partition(";")
        media = media.strip()
        if not media:
            continue
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    return None
        if media.startswith("*/") or media.endswith("/*"):
            quality -= 0.01
        elif "*" in media:
            return None
        pattern = re.compile("[a-zA-Z0-9-.+]+".join(re.escape(x) for x in media.split("*"))
                             + "$", re.IGNORECASE)
        patterns.append((quality, index, pattern))
    patterns.sort(key=lambda p: (-p[0], p[1]))
    for quality, _, pattern in patterns:
        if quality <= 0:
            continue
        for offer in OFFERS:
            if pattern.match(offer):
                return offer
    return None


def query(request: Request, limit_max: int) -> dict[str, Any]:
    """The listing parameters; 412 as Swift answers for a limit over the maximum or a bad
    delimiter (a limit that is not a number is ignored, as Swift does)."""
    params = request.query_params
    limit = limit_max
    given = params.get("limit")
    if given and given.isdigit():
        limit = int(given)
        if limit > limit_max:
            raise ApiError(f"Maximum limit is {limit_max}", status=412)
    delimiter = params.get("delimiter", "")
    if delimiter and (len(delimiter) > 1 or ord(delimiter) > 254):
        raise ApiError("Bad delimiter", status=412)
    values = {name: params.get(name, "") for name in ("prefix", "marker", "end_marker")}
    values["delimiter"] = delimiter
    for value in values.values():
        if "\x00" in value:
            raise ApiError("Invalid UTF8 or contains NULL", status=412)
    return {**values, "limit": limit,
            "reverse": params.get("reverse", "").lower() in TRUE}


def container_entry(row: dict[str, Any]) -> dict[str, Any]:
    """An account listing's container (or subdir)."""
    if "subdir" in row:
        return {"subdir": row["subdir"]}
    return {"name": row["name"], "count": row["count"], "bytes": row["bytes"],
            "last_modified": timestamps.iso_micro(row["put_at"])}


def object_entry(row: dict[str, Any]) -> dict[str, Any]:
    """A container listing's object (or subdir)."""
    if "subdir" in row:
        return {"subdir": row["subdir"]}
    return {"name": row["name"], "hash": row["etag"], "bytes": row["bytes"],
            "content_type": row["content_type"],
            "last_modified": timestamps.iso_micro(row["updated_at"])}


def render(entries: list[dict[str, Any]], media_type: str, kind: str,
           name: str) -> bytes:
    """The listing body: one name a line, JSON, or Swift's XML (`kind` account/container)."""
    if media_type == "application/json":
        return json.dumps(entries, separators=(", ", ": ")).encode()
    if media_type.endswith("/xml"):
        return _xml(entries, kind, name)
    return b"".join((entry.get("name") or entry["subdir"]).encode("utf-8", "surrogateescape")
                    + b"\n" for entry in entries)


def _xml(entries: list[dict[str, Any]], kind: str, name: str) -> bytes:
    from xml.etree.ElementTree import Element, SubElement, tostring

    doc = Element(kind, name=name)
    doc.text = "\n"
    item = "container" if kind == "account" else "object"
    fields = (("name", "count", "bytes", "last_modified") if kind == "account"
              else ("name", "hash", "bytes", "content_type", "last_modified"))
    for entry in entries:
        if "subdir" in entry:
            sub = SubElement(doc, "subdir", name=entry["subdir"])
            if kind == "container":
                SubElement(sub, "name").text = entry["subdir"]
        else:
            sub = SubElement(doc, item)
            for field in fields:
                SubElement(sub, field).text = str(entry[field])
        sub.tail = "\n"
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(doc, encoding="unicode").encode()


LIMITS = {"account": info.ACCOUNT_LISTING_LIMIT, "container": info.CONTAINER_LISTING_LIMIT}
