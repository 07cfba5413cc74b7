"""Swift's headers: metadata in `X-{Account,Container,Object}-Meta-*` (checked against Swift's
limits), names checked for length, and the time formats Swift writes.

Header values stay as HTTP carries them (latin-1 text of the UTF-8 bytes clients send), so
they go back out byte for byte.
"""

from __future__ import annotations

import math
from email.utils import formatdate, parsedate_to_datetime

from starlette.requests import Request

from ..errors import ApiError, BadRequest
from . import info

#: Object headers kept with the object besides its `X-Object-Meta-*`.
OBJECT_HEADERS = ("content-disposition", "content-encoding", "x-object-manifest")
#: Container headers kept besides `X-Container-Meta-*`.
CONTAINER_HEADERS = ("x-container-read", "x-container-write")


def x_timestamp(ts: float) -> str:
    """`1440619048.12345`: Swift's normalized timestamp."""
    return f"{ts:016.5f}"


def http_date(ts: float) -> str:
    """`Thu, 16 Jun 2016 15:10:38 GMT`, rounded up to the second as Swift's Last-Modified."""
    return formatdate(math.ceil(ts), usegmt=True)


def last_modified_seconds(ts: float) -> int:
    return math.ceil(ts)


def parse_http_date(value: str | None) -> float | None:
    """An HTTP date in seconds, or None when absent or malformed (the header is ignored)."""
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def header_name(key: str) -> str:
    """`x-object-meta-color` -> `X-Object-Meta-Color`, as Swift spells stored headers."""
    return "-".join(part[:1].upper() + part[1:] for part in key.split("-"))


def check_name(kind: str, name: str, limit: int) -> None:
    """400 when a name is too long (in UTF-8 bytes); 412 on NUL or broken UTF-8."""
    if "\x00" in name or "\ufffd" in name:
        raise ApiError("Invalid UTF8 or contains NULL", status=412)
    length = len(name.encode("utf-8", "surrogateescape"))
    if length > limit:
        raise BadRequest(f"{kind} name length of {length} longer than {limit}")


def check_account(name: str) -> None:
    check_name("Account", name, info.MAX_ACCOUNT_NAME_LENGTH)


def check_container(name: str) -> None:
    if not name:
        raise BadRequest("")
    check_name("Container", name, info.MAX_CONTAINER_NAME_LENGTH)


def check_object(name: str) -> None:
    check_name("Object", name, info.MAX_OBJECT_NAME_LENGTH)


def changes(request: Request, kind: str, extra: tuple[str, ...] = ()) -> dict[str, str | None]:
    """Metadata set (`X-{kind}-Meta-Name: value`) or removed (an empty value, or
    `X-Remove-{kind}-Meta-Name`) by a request, plus the `extra` headers it sends; 400 when
    over Swift's limits. An object keeps an empty metadata value (only accounts and containers
    take it for a removal, as Swift does)."""
    prefix, remove = f"x-{kind}-meta-", f"x-remove-{kind}-meta-"
    out: dict[str, str | None] = {}
    for key, value in request.headers.items():
        if key.startswith(prefix):
            out[key] = value.strip() if kind == "object" else (value.strip() or None)
        elif key.startswith(remove):
            out[prefix + key[len(remove):]] = None
        elif key in extra:
            out[key] = value.strip() or None
        elif key.startswith(f"x-remove-{kind}-") and key[len(f"x-remove-{kind}-"):] in (
                "read", "write"):
            out[f"x-{kind}-{key[len(f'x-remove-{kind}-'):]}"] = None
    check(out, prefix)
    return out


def check(items: dict[str, str | None], prefix: str) -> None:
    """Swift's constraints.check_metadata on the metadata items of a request."""
    count = size = 0
    for key, value in items.items():
        if not key.startswith(prefix):
            continue
        name = key[len(prefix):]
        if not name:
            raise BadRequest("Metadata name cannot be empty")
        if len(name) > info.MAX_META_NAME_LENGTH:
            raise BadRequest(f"Metadata name too long: {key}")
        if value is not None and len(value) > info.MAX_META_VALUE_LENGTH:
            raise BadRequest(f"Metadata value longer than {info.MAX_META_VALUE_LENGTH}: {key}")
        count += 1
        size += len(name) + len(value or "")
    if count > info.MAX_META_COUNT:
        raise BadRequest(f"Too many metadata items; max {info.MAX_META_COUNT}")
    if size > info.MAX_META_OVERALL_SIZE:
        raise BadRequest(f"Total metadata too large; max {info.MAX_META_OVERALL_SIZE}")


def as_headers(metadata: dict[str, str]) -> dict[str, str]:
    """Stored metadata as response headers."""
    return {header_name(key): value for key, value in metadata.items()}
