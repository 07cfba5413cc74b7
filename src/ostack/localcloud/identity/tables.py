"""SQL helpers shared by identity's state classes: ids, inserts and updates with Keystone's
409 wording, extra properties kept as JSON, and the filtered `SELECT` of a list call."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from ..errors import Conflict
from ..store import Store, dumps, loads

Row = dict[str, Any]


def new_id() -> str:
    """A Keystone id: 32 hex characters."""
    return uuid.uuid4().hex


def _duplicate(exc: Exception) -> bool:
    return isinstance(exc, sqlite3.IntegrityError) and "UNIQUE" in str(exc)


def find_by_ref(ref: Any, get: Callable[[str], Row | None],
                by_name: Callable[[str, dict[str, Any]], Row | None]) -> Row | None:
    """A record from a Keystone reference: `{"id": ...}`, or `{"name": ...}` (with what else
    the name needs, e.g. its `domain`), looked up by `by_name(name, ref)`."""
    if not isinstance(ref, dict):
        return None
    if isinstance(ref.get("id"), str):
        return get(ref["id"])
    if isinstance(ref.get("name"), str):
        return by_name(ref["name"], ref)
    return None


def decode_extra(row: Row | None) -> Row | None:
    """The row with its `extra` column (the properties Keystone does not know) decoded."""
    if row is not None and "extra" in row:
        row["extra"] = loads(row["extra"], {}) or {}
    return row


def merge_extra(row: Row, changes: dict[str, Any]) -> dict[str, Any]:
    """Changes with `extra` merged into the stored extra properties (None removes one)."""
    if "extra" not in changes:
        return changes
    extra = dict(row.get("extra") or {})
    for key, value in changes["extra"].items():
        extra[key] = value
    return dict(changes, extra=extra)


def insert(store: Store, table: str, values: dict[str, Any], what: str, conflict: str) -> None:
    """Insert a row; 409 in Keystone's words when it breaks a unique constraint."""
    columns = ", ".join(values)
    marks = ", ".join("?" * len(values))
    try:
        store.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})",
                      tuple(values.values()))
    except sqlite3.IntegrityError as exc:
        if _duplicate(exc):
            raise Conflict(f"Conflict occurred attempting to store {what} - {conflict}.") \
                from None
        raise


def update(store: Store, table: str, row_id: str, changes: dict[str, Any],
           allowed: tuple[str, ...], what: str) -> None:
    """Write the `allowed` columns of `changes` (booleans as 0/1, lists and dicts as JSON)."""
    columns = [key for key in changes if key in allowed]
    if not columns:
        return
    values = []
    for column in columns:
        value = changes[column]
        if isinstance(value, bool):
            value = int(value)
        elif isinstance(value, (dict, list)):
            value = dumps(value)
        values.append(value)
    assignments = ", ".join(f"{c} = ?" for c in columns)
    try:
        store.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", (*values, row_id))
    except sqlite3.IntegrityError as exc:
        if _duplicate(exc):
            raise Conflict(f"Conflict occurred attempting to update {what} - Duplicate "
                           f"entry.") from None
        raise


def select(table: str, filters: dict[str, Any] | None, columns: tuple[str, ...],
           ids: Iterable[str] | None = None) -> tuple[str, list[Any]] | None:
    """`SELECT * FROM table` with an equality test per filter among `columns` (booleans as
    0/1) and, when `ids` is given, only those rows; None when `ids` is empty (no rows)."""
    sql, params = f"SELECT * FROM {table} WHERE 1=1", []
    for key in columns:
        if key in (filters or {}):
            value = filters[key]  # type: ignore[index]
            sql += f" AND {key} = ?"
            params.append(int(value) if isinstance(value, bool) else value)
    if ids is not None:
        ids = list(ids)
        if not ids:
            return None
        sql += f" AND id IN ({','.join('?' * len(ids))})"
        params.extend(ids)
    return sql, params


def select_rows(store: Store, table: str, filters: dict[str, Any] | None,
                columns: tuple[str, ...], ids: Iterable[str] | None = None,
                order: str = "name") -> list[Row]:
    """The rows `select` finds, ordered, with their extra properties decoded."""
    query = select(table, filters, columns, ids)
    if query is None:
        return []
    sql, params = query
    return [decode_extra(row) for row in  # type: ignore[misc]
            store.query(f"{sql} ORDER BY {order}", params)]
