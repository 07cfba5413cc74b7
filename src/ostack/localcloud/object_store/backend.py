"""Swift's state: accounts, containers and objects in the store, object data in files.

Object data lives under `<state folder>/objects/<xx>/<file id>`, one file per object version,
written in full to `objects/tmp/` and renamed into place, so a reader never sees half an object
and an open download keeps reading the version it started with after a replace or a delete.
Copies are hard links of the same file. Metadata is kept as a dict of lower-case header names
(`x-object-meta-color`, `x-container-read`, `content-disposition` ...) to values.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import timestamps
from ..errors import Conflict
from ..store import Store, dumps, loads

#: Swift's default listing limit (container_listing_limit, account_listing_limit).
LISTING_LIMIT = 10000


def _not_expired(now: float) -> tuple[str, tuple[Any, ...]]:
    return "(delete_at IS NULL OR delete_at > ?)", (now,)


class ObjectStoreBackend:
    """Accounts (`AUTH_<project id>`), their containers and objects."""

    def __init__(self, store: Store, folder: Path,
                 wake: Callable[[], None] | None = None) -> None:
        self.store = store
        self.folder = Path(folder)
        self.wake = wake or (lambda: None)

    # ----------------------------------------------------------------- files
    def bootstrap(self) -> None:
        """A fresh store: object files left from an earlier state are orphans; remove them."""
        if self.folder.exists():
            shutil.rmtree(self.folder, ignore_errors=True)

    def _ensure_folder(self) -> Path:
        tmp = self.folder / "tmp"
        if not tmp.is_dir():
            tmp.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(self.folder, 0o700)
        return tmp

    def new_upload(self) -> tuple[str, Path]:
        """A file id and the temporary path to write an upload to."""
        file_id = uuid.uuid4().hex
        return file_id, self._ensure_folder() / file_id

    def data_path(self, file_id: str) -> Path:
        return self.folder / file_id[:2] / file_id

    def _commit_file(self, file_id: str, tmp: Path) -> None:
        final = self.data_path(file_id)
        final.parent.mkdir(exist_ok=True, mode=0o700)
        os.replace(tmp, final)

    def _remove_file(self, file_id: str | None) -> None:
        if file_id:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.data_path(file_id))

    def discard_upload(self, tmp: Path) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)

    # ----------------------------------------------------------------- accounts
    def get_account(self, account: str) -> dict[str, Any] | None:
        row = self.store.query_one("SELECT * FROM swift_accounts WHERE name = ?", (account,))
        if row is not None:
            row["metadata"] = loads(row["metadata"], {})
        return row

    def ensure_account(self, account: str) -> dict[str, Any]:
        """The account, created on first use (Swift's account_autocreate)."""
        row = self.get_account(account)
        if row is None:
            now = timestamps.now()
            self.store.execute(
                "INSERT OR IGNORE INTO swift_accounts (name, metadata, created_at, put_at)"
                " VALUES (?, '{}', ?, ?)", (account, now, now))
            row = self.get_account(account)
        assert row is not None
        return row

    def update_account(self, account: str, changes: dict[str, str | None]) -> None:
        """Set metadata items; a None or empty value removes the item."""
        with self.store.transaction() as db:
            row = db.execute("SELECT metadata FROM swift_accounts WHERE name = ?",
                             (account,)).fetchone()
            metadata = _merged(loads(row[0], {}) if row else {}, changes)
            if row is None:
                now = timestamps.now()
                db.execute("INSERT INTO swift_accounts (name, metadata, created_at, put_at)"
                           " VALUES (?, ?, ?, ?)", (account, dumps(metadata), now, now))
            else:
                db.execute("UPDATE swift_accounts SET metadata = ? WHERE name = ?",
                           (dumps(metadata), account))

    def account_stats(self, account: str) -> dict[str, int]:
        """Containers, objects and bytes of an account."""
        condition, args = _not_expired(timestamps.now())
        containers = self.store.scalar(
            "SELECT COUNT(*) FROM swift_containers WHERE account = ?", (account,))
        objects, used = self.store.query_one(
            "SELECT COUNT(*) AS n, COALESCE(SUM(bytes), 0) AS b FROM swift_objects"
            f" WHERE account = ? AND {condition}", (account, *args)).values()
        return {"containers": containers, "objects": objects, "bytes": used}

    def list_containers(self, account: str, prefix: str = "", delimiter: str = "",
                        marker: str = "", end_marker: str = "", limit: int = LISTING_LIMIT,
                        reverse: bool = False) -> list[dict[str, Any]]:
        """Containers by name (UTF-8 byte order), with their counts; `subdir` entries for
        names that continue past `delimiter`."""
        page = _listing(self.store, "swift_containers", "account = ?", (account,), prefix,
                        delimiter, marker, end_marker, limit, reverse)
        names = [row["name"] for row in page if "name" in row]
        stats = self._container_stats(account, names)
        for row in page:
            if "name" in row:
                count, used = stats.get(row["name"], (0, 0))
                row.update(count=count, bytes=used)
        return page

    def _container_stats(self, account: str,
                         names: list[str]) -> dict[str, tuple[int, int]]:
        if not names:
            return {}
        condition, args = _not_expired(timestamps.now())
        marks = ",".join("?" * len(names))
        rows = self.store.query(
            "SELECT container, COUNT(*) AS n, COALESCE(SUM(bytes), 0) AS b FROM swift_objects"
            f" WHERE account = ? AND container IN ({marks}) AND {condition}"
            " GROUP BY container", (account, *names, *args))
        return {row["container"]: (row["n"], row["b"]) for row in rows}

    # ----------------------------------------------------------------- containers
    def container_record(self, account: str, name: str) -> dict[str, Any] | None:
        """The container's record and metadata (no counts); None if absent."""
        row = self.store.query_one(
            "SELECT * FROM swift_containers WHERE account = ? AND name = ?", (account, name))
        if row is not None:
            row["metadata"] = loads(row["metadata"], {})
        return row

    def get_container(self, account: str, name: str) -> dict[str, Any] | None:
        """The container with its metadata, object count and bytes used; None if absent."""
        row = self.container_record(account, name)
        if row is None:
            return None
        count, used = self._container_stats(account, [name]).get(name, (0, 0))
        row.update(count=count, bytes=used)
        return row

    def put_container(self, account: str, name: str,
                      changes: dict[str, str | None]) -> bool:
        """Create the container, or update its metadata; True when it was created."""
        now = timestamps.now()
        self.ensure_account(account)
        with self.store.transaction() as db:
            row = db.execute("SELECT metadata FROM swift_containers WHERE account = ? AND"
                             " name = ?", (account, name)).fetchone()
            if row is None:
                db.execute("INSERT INTO swift_containers (account, name, metadata, created_at,"
                           " put_at) VALUES (?, ?, ?, ?, ?)",
                           (account, name, dumps(_merged({}, changes)), now, now))
                return True
            db.execute("UPDATE swift_containers SET metadata = ?, put_at = ? WHERE account = ?"
                       " AND name = ?",
                       (dumps(_merged(loads(row[0], {}), changes)), now, account, name))
            return False

    def update_container(self, account: str, name: str,
                         changes: dict[str, str | None]) -> bool:
        """Set or remove container metadata; False when the container does not exist."""
        with self.store.transaction() as db:
            row = db.execute("SELECT metadata FROM swift_containers WHERE account = ? AND"
                             " name = ?", (account, name)).fetchone()
            if row is None:
                return False
            db.execute("UPDATE swift_containers SET metadata = ? WHERE account = ? AND name = ?",
                       (dumps(_merged(loads(row[0], {}), changes)), account, name))
            return True

    def delete_container(self, account: str, name: str) -> bool:
        """Delete an empty container (409 when it holds objects); False when absent."""
        self.purge_expired()
        with self.store.transaction() as db:
            if db.execute("SELECT 1 FROM swift_objects WHERE account = ? AND container = ?"
                          " LIMIT 1", (account, name)).fetchone():
                raise Conflict("")
            return db.execute("DELETE FROM swift_containers WHERE account = ? AND name = ?",
                              (account, name)).rowcount > 0

    def list_objects(self, account: str, container: str, prefix: str = "",
                     delimiter: str = "", marker: str = "", end_marker: str = "",
                     limit: int = LISTING_LIMIT, reverse: bool = False) -> list[dict[str, Any]]:
        """Objects by name with `hash`, `bytes`, `content_type`, `updated_at`; `subdir`
        entries for names that continue past `delimiter`."""
        condition, args = _not_expired(timestamps.now())
        return _listing(self.store, "swift_objects",
                        f"account = ? AND container = ? AND {condition}",
                        (account, container, *args), prefix, delimiter, marker, end_marker,
                        limit, reverse)

    # ----------------------------------------------------------------- objects
    def get_object(self, account: str, container: str, name: str) -> dict[str, Any] | None:
        """The object's record (None when absent or expired)."""
        row = self.store.query_one(
            "SELECT * FROM swift_objects WHERE account = ? AND container = ? AND name = ?",
            (account, container, name))
        if row is None:
            return None
        if row["delete_at"] is not None and row["delete_at"] <= timestamps.now():
            self.purge_expired()
            return None
        row["metadata"] = loads(row["metadata"], {})
        return row

    def put_object(self, account: str, container: str, name: str, file_id: str,
                   tmp: Path | None, size: int, etag: str, content_type: str,
                   metadata: dict[str, str], delete_at: int | None) -> dict[str, Any]:
        """Store an uploaded file (`tmp`, moved into place) or a linked copy (`tmp` None:
        `file_id` is already in place) as the object, replacing any earlier version."""
        if tmp is not None:
            self._commit_file(file_id, tmp)
        now = timestamps.now()
        with self.store.transaction() as db:
            old = db.execute("SELECT file FROM swift_objects WHERE account = ? AND container = ?"
                             " AND name = ?", (account, container, name)).fetchone()
            db.execute(
                "INSERT OR REPLACE INTO swift_objects (account, container, name, file, bytes,"
                " etag, content_type, metadata, created_at, updated_at, delete_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (account, container, name, file_id, size, etag, content_type, dumps(metadata),
                 now, now, delete_at))
        if old is not None and old[0] != file_id:
            self._remove_file(old[0])
        if delete_at is not None:
            self.wake()
        row = self.get_object(account, container, name)
        assert row is not None
        return row

    def link_copy(self, source: dict[str, Any]) -> str:
        """A new file id holding the same data as `source` (a hard link, else a copy)."""
        file_id = uuid.uuid4().hex
        target = self.data_path(file_id)
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            os.link(self.data_path(source["file"]), target)
        except OSError:
            shutil.copyfile(self.data_path(source["file"]), target)
        return file_id

    def update_object(self, account: str, container: str, name: str, content_type: str,
                      metadata: dict[str, str], delete_at: int | None) -> bool:
        """Replace the object's metadata (Swift's POST); False when it does not exist."""
        changed = self.store.execute(
            "UPDATE swift_objects SET content_type = ?, metadata = ?, delete_at = ?,"
            " updated_at = ? WHERE account = ? AND container = ? AND name = ?",
            (content_type, dumps(metadata), delete_at, timestamps.now(), account, container,
             name))
        if delete_at is not None:
            self.wake()
        return changed > 0

    def delete_object(self, account: str, container: str, name: str) -> bool:
        """Delete the object and its data; False when it does not exist."""
        with self.store.transaction() as db:
            row = db.execute("SELECT file, delete_at FROM swift_objects WHERE account = ? AND"
                             " container = ? AND name = ?", (account, container, name)).fetchone()
            if row is None:
                return False
            db.execute("DELETE FROM swift_objects WHERE account = ? AND container = ? AND"
                       " name = ?", (account, container, name))
        self._remove_file(row[0])
        return row[1] is None or row[1] > timestamps.now()

    # ----------------------------------------------------------------- expiry
    def purge_expired(self, now: float | None = None) -> int:
        """Delete the objects whose X-Delete-At has passed."""
        now = timestamps.now() if now is None else now
        if self.store.scalar("SELECT 1 FROM swift_objects WHERE delete_at IS NOT NULL AND"
                             " delete_at <= ? LIMIT 1", (now,)) is None:
            return 0
        with self.store.transaction() as db:
            rows = db.execute("SELECT account, container, name, file FROM swift_objects"
                              " WHERE delete_at IS NOT NULL AND delete_at <= ?",
                              (now,)).fetchall()
            for row in rows:
                db.execute("DELETE FROM swift_objects WHERE account = ? AND container = ? AND"
                           " name = ?", (row[0], row[1], row[2]))
        for row in rows:
            self._remove_file(row[3])
        return len(rows)

    def advance(self, now: float | None = None) -> float | None:
        """The object expirer: delete what expired; return when the next object expires."""
        now = timestamps.now() if now is None else now
        self.purge_expired(now)
        return self.store.scalar("SELECT MIN(delete_at) FROM swift_objects"
                                 " WHERE delete_at IS NOT NULL")


def _merged(metadata: dict[str, str], changes: dict[str, str | None]) -> dict[str, str]:
    out = dict(metadata)
    for key, value in changes.items():
        if value is None or value == "":
            out.pop(key, None)
        else:
            out[key] = value
    return out


def _listing(store: Store, table: str, where: str, args: tuple[Any, ...], prefix: str,
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
