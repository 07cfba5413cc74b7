"""Swift's state: the object store backend, the one object the Swift handlers hold
(`backend_of`). It composes the state of each resource, each in its own module: `accounts`
(`account_state.py`), `containers` (`container_state.py`), `objects` (`object_state.py`) and
the data `files` (`object_files.py`); what they share is in `records.py`. Metadata is kept as
a dict of lower-case header names (`x-object-meta-color`, `x-container-read`,
`content-disposition` ...) to values. The public methods below delegate to the parts, so
callers keep one object.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..store import Store
from .account_state import AccountState
from .container_state import ContainerState
from .object_files import ObjectFiles
from .object_state import ObjectState
from .records import LISTING_LIMIT

__all__ = ["LISTING_LIMIT", "ObjectStoreBackend"]

Row = dict[str, Any]


class ObjectStoreBackend:
    """Accounts (`AUTH_<project id>`), their containers and objects."""

    def __init__(self, store: Store, folder: Path,
                 wake: Callable[[], None] | None = None) -> None:
        self.store = store
        self.folder = Path(folder)
        self.wake = wake or (lambda: None)
        self.files = ObjectFiles(self.folder)
        self.objects = ObjectState(store, self.files, self.wake)
        self.containers = ContainerState(store)
        self.accounts = AccountState(store, self.containers)

    def bootstrap(self) -> None:
        """A fresh store: object files left from an earlier state are orphans; remove them."""
        self.files.clear()

    def advance(self, now: float | None = None) -> float | None:
        """The object expirer: delete what expired; return when the next object expires."""
        return self.objects.advance(now)

    def put_container(self, account: str, name: str,
                      changes: dict[str, str | None]) -> bool:
        """Create the container (and its account on first use), or update its metadata;
        True when it was created."""
        self.accounts.ensure_account(account)
        return self.containers.put_container(account, name, changes)

    def delete_container(self, account: str, name: str) -> bool:
        """Delete an empty container (409 when it holds unexpired objects); False when
        absent."""
        self.objects.purge_expired()
        return self.containers.delete_container(account, name)

    # ----------------------------------------------------------------- delegates
    def new_upload(self) -> tuple[str, Path]:
        return self.files.new_upload()

    def data_path(self, file_id: str) -> Path:
        return self.files.data_path(file_id)

    def discard_upload(self, tmp: Path) -> None:
        self.files.discard_upload(tmp)

    def link_copy(self, source: Row) -> str:
        return self.files.link_copy(source)

    def get_account(self, account: str) -> Row | None:
        return self.accounts.get_account(account)

    def ensure_account(self, account: str) -> Row:
        return self.accounts.ensure_account(account)

    def update_account(self, account: str, changes: dict[str, str | None]) -> None:
        self.accounts.update_account(account, changes)

    def account_stats(self, account: str) -> dict[str, int]:
        return self.accounts.account_stats(account)

    def list_containers(self, account: str, prefix: str = "", delimiter: str = "",
                        marker: str = "", end_marker: str = "", limit: int = LISTING_LIMIT,
                        reverse: bool = False) -> list[Row]:
        return self.accounts.list_containers(account, prefix, delimiter, marker, end_marker,
                                             limit, reverse)

    def container_record(self, account: str, name: str) -> Row | None:
        return self.containers.container_record(account, name)

    def get_container(self, account: str, name: str) -> Row | None:
        return self.containers.get_container(account, name)

    def update_container(self, account: str, name: str,
                         changes: dict[str, str | None]) -> bool:
        return self.containers.update_container(account, name, changes)

    def list_objects(self, account: str, container: str, prefix: str = "",
                     delimiter: str = "", marker: str = "", end_marker: str = "",
                     limit: int = LISTING_LIMIT, reverse: bool = False) -> list[Row]:
        return self.containers.list_objects(account, container, prefix, delimiter, marker,
                                            end_marker, limit, reverse)

    def get_object(self, account: str, container: str, name: str) -> Row | None:
        return self.objects.get_object(account, container, name)

    def put_object(self, account: str, container: str, name: str, file_id: str,
                   tmp: Path | None, size: int, etag: str, content_type: str,
                   metadata: dict[str, str], delete_at: int | None) -> Row:
        return self.objects.put_object(account, container, name, file_id, tmp, size, etag,
                                       content_type, metadata, delete_at)

    def update_object(self, account: str, container: str, name: str, content_type: str,
                      metadata: dict[str, str], delete_at: int | None) -> bool:
        return self.objects.update_object(account, container, name, content_type, metadata,
                                          delete_at)

    def delete_object(self, account: str, container: str, name: str) -> bool:
        return self.objects.delete_object(account, container, name)

    def purge_expired(self, now: float | None = None) -> int:
        return self.objects.purge_expired(now)
