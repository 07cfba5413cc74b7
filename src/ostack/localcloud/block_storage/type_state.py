"""Volume types: Cinder's `volume_types` with their extra specs and the projects a private
type is shared with (`volume_type_access`). Part of the block storage backend
(`BlockStorageBackend.volume_types`); the HTTP side is `types.py`."""

from __future__ import annotations

from .. import timestamps
from ..errors import ApiError, BadRequest, NotFound
from ..store import Store, dumps
from .common import DEFAULT_TYPE, Row, decode_type, new_id

#: The seeded volume types: (id, name, description, extra specs).
SEED_TYPES = (
    ("b6d1e1c5-0b0a-4a39-9d53-3f2c1b7d7a01", DEFAULT_TYPE, "Default Volume Type", {}),
    ("3f0b1a7e-5c9d-4f61-8e2a-6d4c2b9a8e02", "lvmdriver-1", None,
     {"volume_backend_name": "lvmdriver-1"}),
)


class TypeState:
    """The volume_types and volume_type_access tables."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def bootstrap(self) -> None:
        """Seed the volume types `__DEFAULT__` and `lvmdriver-1`."""
        now = timestamps.now()
        with self.store.transaction() as db:
            for type_id, name, description, specs in SEED_TYPES:
                db.execute(
                    "INSERT OR IGNORE INTO volume_types (id, name, description, is_public,"
                    " extra_specs, created_at) VALUES (?, ?, ?, 1, ?, ?)",
                    (type_id, name, description, dumps(specs), now))

    def get_type(self, ident: str) -> Row | None:
        """A volume type by id, or by name."""
        row = self.store.query_one("SELECT * FROM volume_types WHERE id = ?", (ident,))
        if row is None:
            row = self.store.query_one("SELECT * FROM volume_types WHERE name = ?", (ident,))
        return decode_type(row) if row is not None else None

    def default_type(self) -> Row:
        found = self.get_type(DEFAULT_TYPE)
        assert found is not None
        return found

    def list_types(self, project_id: str | None, is_admin: bool,
                   is_public: bool | None = True) -> list[Row]:
        """The types a project may see: public ones and those shared with it. Admins may ask
        for the private ones only (`is_public=False`) or all (`None`)."""
        rows = [decode_type(r) for r in self.store.query(
            "SELECT * FROM volume_types ORDER BY created_at, name")]
        if is_admin and is_public is None:
            return rows
        if is_admin and is_public is False:
            return [r for r in rows if not r["is_public"]]
        access = self._type_access()
        return [r for r in rows if r["is_public"] or project_id in access.get(r["id"], ())]

    def type_visible(self, volume_type: Row, project_id: str | None,
                     is_admin: bool) -> bool:
        if is_admin or volume_type["is_public"]:
            return True
        return project_id in self._type_access().get(volume_type["id"], ())

    def _type_access(self) -> dict[str, set[str]]:
        access: dict[str, set[str]] = {}
        for row in self.store.query("SELECT type_id, project_id FROM volume_type_access"):
            access.setdefault(row["type_id"], set()).add(row["project_id"])
        return access

    def create_type(self, name: str, description: str | None, is_public: bool,
                    extra_specs: dict[str, str]) -> Row:
        if self.store.scalar("SELECT 1 FROM volume_types WHERE name = ?", (name,)):
            raise ApiError(f"Volume Type {name} already exists.", status=409)
        type_id = new_id()
        self.store.execute(
            "INSERT INTO volume_types (id, name, description, is_public, extra_specs,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (type_id, name, description, int(is_public), dumps(extra_specs),
             timestamps.now()))
        return self.get_type(type_id)  # type: ignore[return-value]

    def update_type(self, type_id: str, changes: Row) -> Row:
        if "name" in changes and self.store.scalar(
                "SELECT 1 FROM volume_types WHERE name = ? AND id != ?",
                (changes["name"], type_id)):
            raise ApiError(f"Volume Type {changes['name']} already exists.", status=409)
        for column in ("name", "description", "is_public"):
            if column in changes:
                value = changes[column]
                self.store.execute(
                    f"UPDATE volume_types SET {column} = ?, updated_at = ? WHERE id = ?",
                    (int(value) if column == "is_public" else value, timestamps.now(),
                     type_id))
        return self.get_type(type_id)  # type: ignore[return-value]

    def delete_type(self, type_id: str) -> None:
        volume_type = self.get_type(type_id)
        if volume_type is None:
            raise NotFound(f"Volume type {type_id} could not be found.")
        if volume_type["name"] == DEFAULT_TYPE:
            raise BadRequest("Target volume type is still in use. Default volume type can "
                             "not be deleted.")
        if self.store.scalar("SELECT 1 FROM volumes WHERE volume_type_id = ?", (type_id,)):
            raise BadRequest(f"Target volume type is still in use. Volume Type {type_id} "
                             f"deletion is not allowed with volumes present with the type.")
        with self.store.transaction() as db:
            db.execute("DELETE FROM volume_type_access WHERE type_id = ?", (type_id,))
            db.execute("DELETE FROM volume_types WHERE id = ?", (type_id,))

    def set_extra_specs(self, type_id: str, specs: dict[str, str],
                        replace: bool = False) -> dict[str, str]:
        volume_type = self.get_type(type_id)
        if volume_type is None:
            raise NotFound(f"Volume type {type_id} could not be found.")
        merged = dict(specs) if replace else dict(volume_type["extra_specs"], **specs)
        self.store.execute("UPDATE volume_types SET extra_specs = ?, updated_at = ?"
                           " WHERE id = ?", (dumps(merged), timestamps.now(), type_id))
        return merged

    def type_access(self, type_id: str) -> list[str]:
        return sorted(self._type_access().get(type_id, ()))

    def add_type_access(self, type_id: str, project_id: str) -> None:
        if self.store.scalar("SELECT 1 FROM volume_type_access WHERE type_id = ? AND"
                             " project_id = ?", (type_id, project_id)):
            raise ApiError(f"Volume type access for {type_id} / {project_id} combination "
                           f"already exists.", status=409)
        self.store.execute("INSERT INTO volume_type_access (type_id, project_id) VALUES"
                           " (?, ?)", (type_id, project_id))

    def remove_type_access(self, type_id: str, project_id: str) -> None:
        if self.store.execute("DELETE FROM volume_type_access WHERE type_id = ? AND"
                              " project_id = ?", (type_id, project_id)) == 0:
            raise NotFound(f"Volume type access not found for {type_id} / {project_id} "
                           f"combination.")

