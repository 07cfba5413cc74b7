"""What Swift's state classes share: merging metadata changes, the condition that leaves out
expired objects, and the listing walk of accounts and containers (names in UTF-8 byte order,
`marker`, `end_marker`, `prefix`, `delimiter`, `reverse`)."""

from __future__ import annotations

from typing import Any

from .. import paging
from ..store import Store, loads

#: Swift's default listing limit (container_listing_limit, account_listing_limit).
LISTING_LIMIT = 10000


def not_expired(now: float) -> tuple[str, tuple[Any, ...]]:
    """A WHERE clause (and its argument) for objects whose X-Delete-At has not passed."""
    return "(delete_at IS NULL OR delete_at > ?)", (now,)


def merged(metadata: dict[str, str], changes: dict[str, str | None]) -> dict[str, str]:
    """`metadata` with `changes` set; a None or empty value removes the item."""
    out = dict(metadata)
    for key, value in changes.items():
        if value is None or value == "":
            out.pop(key, None)
        else:
            out[key] = value
    return out


def listing(store: Store, table: str, where: str, args: tuple[Any, ...], prefix: str,
            delimiter: str, marker: str, end_marker: str, limit: int,
            reverse: bool) -> list[dict[str, Any]]:
    """Swift's listing of `table`'s rows matching `where`: names in UTF-8 byte order within
    `prefix` and `end_marker`, walked by `paging.by_name` (marker, limit, delimiter, reverse)."""
    order = "DESC" if reverse else "ASC"

    def fetch(cursor: str, inclusive: bool, count: int) -> list[dict[str, Any]]:
        clauses, params = [where], list(args)
        if cursor:
            clauses.append("name < ?" if reverse else ("name >= ?" if inclusive else "name > ?"))
            params.append(cursor)
        if end_marker:
            clauses.append("name > ?" if reverse else "name < ?")
            params.append(end_marker)
        if prefix:
            clauses.append("substr(name, 1, ?) = ?")
            params += [len(prefix), prefix]
        params.append(count)
        return store.query(f"SELECT * FROM {table} WHERE {' AND '.join(clauses)}"
                           f" ORDER BY name {order} LIMIT ?", params)

    out = paging.by_name(fetch, marker, limit, reverse, prefix, delimiter)
    for row in out:
        if "metadata" in row:
            row["metadata"] = loads(row["metadata"], {})
    return out
