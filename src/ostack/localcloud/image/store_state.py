"""Glance's multiple stores, as DevStack configures them (`enabled_backends = fast:file,
cheap:file`, `default_backend = fast`), and which stores hold each image's data.

The local cloud keeps one data file per image whatever its stores: a store here is the record
of where Glance would have put the data (an image's `stores`, `copy-image`, deleting the data
from one store). An image with data and no recorded location is in the default store (the
seeded CirrOS image, server snapshots, uploads without `X-Image-Meta-Store`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import timestamps
from ..errors import BadRequest, Conflict
from ..store import Store

DEFAULT_STORE = "fast"
# id -> (description, weight): Glance's `store_description` and `weight` of each store.
STORES: dict[str, tuple[str, int]] = {
    "fast": ("Fast access to image data on the local disk", 100),
    "cheap": ("Less expensive store for seldom-used images", 0),
}
CHUNK_SIZE = 65536
WITH_DATA = ("active", "deactivated")


def unknown_store(name: str) -> str:
    """glance_store's `UnknownScheme` wording."""
    return f"Unknown scheme '{name}' found in URI"


def check_store(name: Any, error: type[BadRequest] | type[Conflict] = BadRequest) -> str:
    """`name` when it is a configured store; else Glance's error (400 or 409)."""
    if not isinstance(name, str) or name not in STORES:
        raise error(unknown_store(str(name)))
    return name


class StoreState:
    """The configured stores and the image locations."""

    def __init__(self, store: Store, data_dir: Path | None = None) -> None:
        self.store = store
        self.data_dir = data_dir

    # ----------------------------------------------------------------- stores
    def stores_info(self, detail: bool = False) -> list[dict[str, Any]]:
        """`/v2/info/stores` entries (with `type`, `weight` and `properties` for `detail`)."""
        found = []
        for name, (description, weight) in STORES.items():
            entry: dict[str, Any] = {"id": name, "description": description}
            if name == DEFAULT_STORE:
                entry["default"] = "true"
            if detail:
                folder = (self.data_dir / name) if self.data_dir is not None else Path(name)
                entry.update(type="file", weight=weight, properties={
                    "data_dir": str(folder), "chunk_size": CHUNK_SIZE,
                    "thin_provisioning": False})
            found.append(entry)
        return found

    # ----------------------------------------------------------------- locations
    def _recorded(self, image_ids: list[str]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {i: [] for i in image_ids}
        if not image_ids:
            return found
        marks = ",".join("?" * len(image_ids))
        for row in self.store.query(f"SELECT image_id, store FROM image_locations WHERE"
                                    f" image_id IN ({marks}) ORDER BY store", image_ids):
            found[row["image_id"]].append(row["store"])
        return found

    def stores_of(self, image: dict[str, Any]) -> list[str]:
        """The stores holding the image's data, by name."""
        return self._stores(image, self._recorded([image["id"]])[image["id"]])

    @staticmethod
    def _stores(image: dict[str, Any], recorded: list[str]) -> list[str]:
        if recorded:
            return sorted(recorded)
        return [DEFAULT_STORE] if image["status"] in WITH_DATA else []

    def attach(self, images: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Set each image's `stores` (a list of names), one query for all."""
        recorded = self._recorded([i["id"] for i in images])
        for image in images:
            image["stores"] = self._stores(image, recorded[image["id"]])
        return images

    def place(self, image_id: str, stores: list[str], keep: bool = False) -> None:
        """The image's data is now in `stores` (and, with `keep`, still where it was)."""
        now = timestamps.now()
        with self.store.transaction() as db:
            current = [r[0] for r in db.execute(
                "SELECT store FROM image_locations WHERE image_id = ?", (image_id,))]
            if keep and not current:
                status = db.execute("SELECT status FROM images WHERE id = ?",
                                    (image_id,)).fetchone()
                if status is not None and status[0] in WITH_DATA:
                    current = [DEFAULT_STORE]
            wanted = list(dict.fromkeys((current if keep else []) + stores))
            db.execute("DELETE FROM image_locations WHERE image_id = ?", (image_id,))
            for name in wanted:
                db.execute("INSERT INTO image_locations (image_id, store, created_at)"
                           " VALUES (?, ?, ?)", (image_id, name, now))

    def remove(self, image: dict[str, Any], name: str) -> None:
        """The data is no longer in store `name` (the caller checked it was, and not only
        there)."""
        remaining = [s for s in self.stores_of(image) if s != name]
        self.place(image["id"], remaining)

    def forget(self, image_id: str) -> None:
        self.store.execute("DELETE FROM image_locations WHERE image_id = ?", (image_id,))
