"""Nova's flavors with their extra specs and access lists (private flavors). Part of the
compute backend (`ComputeBackend.flavors`); the HTTP side is `flavors.py`."""

from __future__ import annotations

import uuid
from typing import Any

from .. import timestamps
from ..errors import Conflict, NotFound
from ..store import Store, dumps, loads

Row = dict[str, Any]

# (id, name, ram MiB, disk GiB, vcpus): the classic devstack flavors.
SEED_FLAVORS = (
    ("1", "m1.tiny", 512, 1, 1),
    ("2", "m1.small", 2048, 20, 1),
    ("3", "m1.medium", 4096, 40, 2),
    ("4", "m1.large", 8192, 80, 4),
    ("5", "m1.xlarge", 16384, 160, 8),
)


class FlavorState:
    """The flavors and flavor_access tables."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def seed(self) -> None:
        """The classic flavors m1.tiny (1) .. m1.xlarge (5)."""
        now = timestamps.now()
        with self.store.transaction() as db:
            for flavor_id, name, ram, disk, vcpus in SEED_FLAVORS:
                db.execute(
                    "INSERT INTO flavors (id, name, ram, vcpus, disk, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?)", (flavor_id, name, ram, vcpus, disk, now))

    def get(self, flavor_id: str) -> Row | None:
        row = self.store.query_one("SELECT * FROM flavors WHERE id = ?", (flavor_id,))
        if row is not None:
            row["extra_specs"] = loads(row["extra_specs"], {})
        return row

    def _existing(self, flavor_id: str) -> Row:
        flavor = self.get(flavor_id)
        if flavor is None:
            raise NotFound(f"Flavor {flavor_id} could not be found.")
        return flavor

    def visible(self, flavor: Row, project_id: str | None, is_admin: bool) -> bool:
        """Public flavors are seen by all; private ones by admins and projects with access."""
        if flavor["is_public"] or is_admin:
            return True
        return bool(self.store.scalar(
            "SELECT 1 FROM flavor_access WHERE flavor_id = ? AND project_id = ?",
            (flavor["id"], project_id)))

    def list(self, is_public: bool | None = True, min_ram: int | None = None,
             min_disk: int | None = None, sort_key: str = "id", sort_dir: str = "asc",
             project_id: str | None = None) -> list[Row]:
        """Flavors by `is_public` (None: all); with `project_id`, public ones plus the
        private ones the project has access to."""
        sql, params = "SELECT * FROM flavors WHERE disabled = 0", []
        if project_id is not None:
            sql += (" AND (is_public = 1 OR id IN (SELECT flavor_id FROM flavor_access WHERE"
                    " project_id = ?))")
            params.append(project_id)
        elif is_public is not None:
            sql += " AND is_public = ?"
            params.append(int(is_public))
        if min_ram is not None:
            sql += " AND ram >= ?"
            params.append(min_ram)
        if min_disk is not None:
            sql += " AND disk >= ?"
            params.append(min_disk)
        sql += f" ORDER BY {sort_key} {sort_dir.upper()}, id ASC"
        rows = self.store.query(sql, params)
        for row in rows:
            row["extra_specs"] = loads(row["extra_specs"], {})
        return rows

    def create(self, flavor: dict[str, Any]) -> Row:
        flavor_id = flavor.get("id") or str(uuid.uuid4())
        if self.get(flavor_id) is not None:
            raise Conflict(f"Flavor with ID {flavor_id} already exists.")
        if self.store.scalar("SELECT 1 FROM flavors WHERE name = ?", (flavor["name"],)):
            raise Conflict(f"Flavor with name {flavor['name']} already exists.")
        self.store.execute(
            "INSERT INTO flavors (id, name, ram, vcpus, disk, ephemeral, swap, rxtx_factor,"
            " is_public, description, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (flavor_id, flavor["name"], flavor["ram"], flavor["vcpus"], flavor["disk"],
             flavor.get("ephemeral", 0), flavor.get("swap", 0), flavor.get("rxtx_factor", 1.0),
             int(flavor.get("is_public", True)), flavor.get("description"),
             timestamps.now()))
        return self._existing(flavor_id)

    def update_description(self, flavor_id: str, description: str | None) -> Row:
        if self.store.execute("UPDATE flavors SET description = ? WHERE id = ?",
                              (description, flavor_id)) == 0:
            raise NotFound(f"Flavor {flavor_id} could not be found.")
        return self._existing(flavor_id)

    def delete(self, flavor_id: str) -> None:
        with self.store.transaction() as db:
            if db.execute("DELETE FROM flavors WHERE id = ?", (flavor_id,)).rowcount == 0:
                raise NotFound(f"Flavor {flavor_id} could not be found.")
            db.execute("DELETE FROM flavor_access WHERE flavor_id = ?", (flavor_id,))

    def set_extra_specs(self, flavor_id: str, specs: dict[str, str]) -> dict[str, str]:
        merged = dict(self._existing(flavor_id)["extra_specs"], **specs)
        self.store.execute("UPDATE flavors SET extra_specs = ? WHERE id = ?",
                           (dumps(merged), flavor_id))
        return merged

    def delete_extra_spec(self, flavor_id: str, key: str) -> None:
        specs = dict(self._existing(flavor_id)["extra_specs"])
        if key not in specs:
            raise NotFound(f"Flavor {flavor_id} has no extra specs with key {key}.")
        del specs[key]
        self.store.execute("UPDATE flavors SET extra_specs = ? WHERE id = ?",
                           (dumps(specs), flavor_id))

    def access(self, flavor_id: str) -> list[str]:
        """The projects a private flavor is shared with, in the order they were added."""
        return self.store.column(
            "SELECT project_id FROM flavor_access WHERE flavor_id = ? ORDER BY rowid",
            (flavor_id,))

    def add_access(self, flavor_id: str, project_id: str) -> None:
        try:
            self.store.execute("INSERT INTO flavor_access (flavor_id, project_id) VALUES (?, ?)",
                               (flavor_id, project_id))
        except Exception as exc:
            if "UNIQUE" not in str(exc):
                raise
            raise Conflict(f"Flavor access already exists for flavor {flavor_id} and project "
                           f"{project_id} combination.") from None

    def remove_access(self, flavor_id: str, project_id: str) -> None:
        if self.store.execute("DELETE FROM flavor_access WHERE flavor_id = ? AND"
                              " project_id = ?", (flavor_id, project_id)) == 0:
            raise NotFound(f"Flavor access not found for {flavor_id} / {project_id} "
                           f"combination.")
