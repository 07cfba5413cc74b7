"""What Swift's state classes share: merging metadata changes, the condition that leaves out
expired objects, and the listing walk of accounts and containers (names in UTF-8 byte order,
`marker`, `end_marker`, `prefix`, `delimiter`, `reverse`)."""

from __future__ import annotations

from typing import Any

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
    """Swift's listing walk: names after `marker` (before it when reversed), within `prefix`
    and `end_marker`, at most `limit` entries, rolling names that continue past `delimiter`
    into one `subdir` entry each."""
    out: list[dict[str, Any]] = []
    cursor, inclusive = marker, False
    order = "DESC" if reverse else "ASC"
    while len(out) < limit:
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
        batch = limit - len(out)
        params.append(batch)
        rows = store.query(f"SELECT * FROM {table} WHERE {' AND '.join(clauses)}"
                           f" ORDER BY name {order} LIMIT ?", params)
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
            if "metadata" in row:
                row["metadata"] = loads(row["metadata"], {})
            out.append(row)
            cursor, inclusive = name, False
        if not rolled and len(rows) < batch:
            break
    return out[:limit]
