"""Paging of listings, one implementation for every service: `marker` + `limit` over an
ordered list, and the link to the next page; and Swift's mode (`by_name`), where the marker
is a name to start after (it need not exist) and the rows come from the caller's query.

Each service keeps its own words (Nova's `marker [x] not found` 400, Glance's 400, Neutron's
404, Cinder's `<collection>_links`, Glance's `next`), so the error and the link's place are the
caller's; the slicing and the next-page URL are here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar
from urllib.parse import urlencode

from starlette.requests import Request

from .errors import ApiError, BadRequest

Row = TypeVar("Row")


def int_query(request: Request, name: str, malformed: Callable[[str], ApiError],
              too_small: Callable[[str], ApiError], minimum: int = 0) -> int | None:
    """An integer query parameter (`limit`, `offset`), None when absent; the service's own
    error for a value that is no integer (`malformed(value)`) or is below `minimum`."""
    value = request.query_params.get(name)
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError:
        raise malformed(value) from None
    if number < minimum:
        raise too_small(value)
    return number


def marker_not_found(marker: str) -> ApiError:
    """Nova's and Cinder's answer to an unknown marker."""
    return BadRequest(f"marker [{marker}] not found")


def after(items: Sequence[Row], marker: str | None, key: Callable[[Row], Any],
          missing: Callable[[str], ApiError] = marker_not_found) -> Sequence[Row]:
    """The items after the one whose key is `marker` (all without a marker)."""
    if marker is None:
        return items
    for index, item in enumerate(items):
        if str(key(item)) == marker:
            return items[index + 1:]
    raise missing(marker)


def page(items: Sequence[Row], marker: str | None, limit: int | None, max_limit: int,
         key: Callable[[Row], Any] = lambda item: item["id"],  # type: ignore[index]
         missing: Callable[[str], ApiError] = marker_not_found,
         ) -> tuple[list[Row], str | None]:
    """One page: the items after `marker`, at most `limit` (capped at `max_limit`); and the
    marker of the next page when the page is full (a next page may follow), else None."""
    rest = after(items, marker, key, missing)
    size = max_limit if limit is None else min(limit, max_limit)
    found = list(rest[:size])
    full = size > 0 and len(found) == size
    return found, (str(key(found[-1])) if full and found else None)


def next_href(url: str, request: Request, marker: str) -> str:
    """`url` with the request's query, its marker replaced by `marker`."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "marker"]
    params.append(("marker", marker))
    return f"{url}?{urlencode(params)}"


def by_name(fetch: Callable[[str, bool, int], Sequence[dict[str, Any]]], marker: str,
            limit: int, reverse: bool = False, prefix: str = "",
            delimiter: str = "") -> list[dict[str, Any]]:
    """Swift's listing walk: the rows named after `marker` (before it when `reverse`), at
    most `limit` entries, the names that continue past `delimiter` (after `prefix`) rolled
    into one `{"subdir": ...}` entry each. `fetch(cursor, inclusive, count)` answers at most
    `count` rows in the listing's order from `cursor` on ("" for the start; at or past it
    when `inclusive`, else past it): the caller keeps its `prefix`, `end_marker` and
    store."""
    out: list[dict[str, Any]] = []
    cursor, inclusive = marker, False
    while len(out) < limit:
        batch = limit - len(out)
        rows = fetch(cursor, inclusive, batch)
        if not rows:
            break
        rolled = False
        for row in rows:
            name = row["name"]
            if delimiter:
                end = name.find(delimiter, len(prefix))
                if end >= 0:
                    subdir = name[:end + len(delimiter)]
                    if subdir != marker:
                        out.append({"subdir": subdir})
                    # skip every other name under this subdir
                    if reverse:
                        cursor, inclusive = subdir, False
                    else:
                        cursor, inclusive = name[:end] + chr(ord(delimiter) + 1), True
                    rolled = True
                    break
            out.append(row)
            cursor, inclusive = name, False
        if not rolled and len(rows) < batch:
            break
    return out[:limit]
