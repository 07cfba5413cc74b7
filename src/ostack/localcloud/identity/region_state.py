"""Keystone's regions, in a tree (`parent_region_id`). Part of the identity backend
(`IdentityBackend.regions`); the HTTP side is `catalog.py`."""

from __future__ import annotations

from typing import Any

from ..errors import BadRequest, Conflict, Forbidden, NotFound
from ..store import Store
from .tables import Row, insert, new_id, update

#: The region DevStack makes.
REGION = "RegionOne"


class RegionState:
    """The regions table."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def list(self, parent_region_id: str | None = None) -> list[Row]:
        if parent_region_id is not None:
            return self.store.query("SELECT * FROM regions WHERE parent_region_id = ? ORDER BY "
                                    "id", (parent_region_id,))
        return self.store.query("SELECT * FROM regions ORDER BY id")

    def get(self, region_id: str) -> Row | None:
        return self.store.query_one("SELECT * FROM regions WHERE id = ?", (region_id,))

    def _check_parent(self, region_id: str, parent_region_id: str | None) -> None:
        if parent_region_id is None:
            return
        if self.get(parent_region_id) is None:
            raise NotFound(f"Could not find region: {parent_region_id}.")
        seen = {region_id}
        current: str | None = parent_region_id
        while current is not None:
            if current in seen:
                raise BadRequest(f"Circular reference or a repeated entry found in region "
                                 f"tree - {current}.")
            seen.add(current)
            parent = self.get(current)
            current = parent["parent_region_id"] if parent else None

    def create(self, region_id: str | None, description: str = "",
               parent_region_id: str | None = None) -> Row:
        region_id = region_id or new_id()
        if self.get(region_id) is not None:
            raise Conflict(f"Conflict occurred attempting to store region - Duplicate ID, "
                           f"{region_id}.")
        self._check_parent(region_id, parent_region_id)
        insert(self.store, "regions", {"id": region_id, "description": description,
                                       "parent_region_id": parent_region_id},
               "region", f"Duplicate ID, {region_id}")
        return self.get(region_id)  # type: ignore[return-value]

    def update(self, region_id: str, changes: dict[str, Any]) -> Row:
        if "parent_region_id" in changes:
            self._check_parent(region_id, changes["parent_region_id"])
        update(self.store, "regions", region_id, changes, ("description", "parent_region_id"),
               "region")
        return self.get(region_id)  # type: ignore[return-value]

    def delete(self, region_id: str) -> None:
        """Delete a region without children or endpoints (403 otherwise, as Keystone)."""
        if self.store.scalar("SELECT 1 FROM regions WHERE parent_region_id = ?", (region_id,)) \
                or self.store.scalar("SELECT 1 FROM endpoints WHERE region_id = ?",
                                     (region_id,)):
            raise Forbidden(f"Unable to delete region {region_id} because it or its child "
                            f"regions have associated endpoints.")
        self.store.execute("DELETE FROM regions WHERE id = ?", (region_id,))
