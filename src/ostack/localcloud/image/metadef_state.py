"""Glance's metadata definitions catalog: namespaces and what they hold (property definitions,
objects, tags, resource type associations), and the resource types. State only; the handlers
of `metadef_*.py` decide who may do what.

A namespace's contents are keyed by its internal id, so renaming a namespace keeps them. Names
are unique within their namespace (tags ignoring case, as Glance's database does).
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .. import timestamps
from ..errors import Conflict, NotFound
from ..store import Store, dumps, loads

# The resource types a Glance deployment knows from the start (DevStack loads Glance's
# metadata definitions, which associate namespaces with these).
SEED_RESOURCE_TYPES = ("OS::Glance::Image", "OS::Cinder::Volume", "OS::Nova::Flavor",
                       "OS::Nova::Aggregate", "OS::Nova::Server")
NAMESPACE_COLUMNS = ("namespace", "display_name", "description", "visibility", "protected",
                     "owner")
SORT_KEYS = ("created_at", "updated_at", "namespace", "display_name", "visibility", "owner",
             "protected", "id")


def _no_namespace(name: str) -> NotFound:
    return NotFound(f"Metadata definition namespace={name} was not found.")


class MetadefState:
    """Namespaces, objects, property definitions, tags, resource types and associations."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.seed()

    def seed(self) -> None:
        """The standard resource types (kept when they exist already)."""
        now = timestamps.now()
        for name in SEED_RESOURCE_TYPES:
            self.store.execute(
                "INSERT OR IGNORE INTO metadef_resource_types (name, protected, created_at,"
                " updated_at) VALUES (?, 1, ?, ?)", (name, now, now))

    @contextmanager
    def _unique(self, error: Conflict) -> Iterator[sqlite3.Connection]:
        """A transaction whose uniqueness violations become `error`."""
        try:
            with self.store.transaction() as db:
                yield db
        except sqlite3.IntegrityError:
            raise error from None

    # ----------------------------------------------------------------- namespaces
    def get_namespace(self, name: str) -> dict[str, Any] | None:
        row = self.store.query_one("SELECT * FROM metadef_namespaces WHERE namespace = ?",
                                   (name,))
        if row is not None:
            row["protected"] = bool(row["protected"])
        return row

    @staticmethod
    def visible(namespace: dict[str, Any], project_id: str | None, is_admin: bool) -> bool:
        """Admins see every namespace; others public ones, unowned ones and their own."""
        return (is_admin or namespace["owner"] is None or namespace["visibility"] == "public"
                or (project_id is not None and namespace["owner"] == project_id))

    def list_namespaces(self, project_id: str | None, is_admin: bool,
                        visibility: str | None = None, resource_types: list[str] | None = None,
                        sort_key: str = "created_at",
                        sort_dir: str = "desc") -> list[dict[str, Any]]:
        """The namespaces the caller sees, filtered and sorted (the handler pages)."""
        sql, params = "SELECT * FROM metadef_namespaces n WHERE 1=1", []
        if not is_admin:
            sql += " AND (n.visibility = 'public' OR n.owner IS NULL OR n.owner = ?)"
            params.append(project_id)
        if visibility is not None:
            sql += " AND n.visibility = ?"
            params.append(visibility)
        if resource_types is not None:
            marks = ",".join("?" * len(resource_types))
            sql += (" AND EXISTS (SELECT 1 FROM metadef_associations a WHERE a.namespace_id ="
                    f" n.id AND a.resource_type IN ({marks}))")
            params += resource_types
        direction = "ASC" if sort_dir == "asc" else "DESC"
        column = "seq" if sort_key == "id" else sort_key
        sql += f" ORDER BY n.{column} {direction}, n.created_at {direction}, n.seq {direction}"
        rows = self.store.query(sql, params)
        for row in rows:
            row["protected"] = bool(row["protected"])
        return rows

    def create_namespace(self, values: dict[str, Any], properties: dict[str, Any],
                         objects: list[dict[str, Any]], tags: list[str],
                         associations: list[dict[str, Any]]) -> dict[str, Any]:
        """A namespace with its initial contents, all or nothing; 409 on a duplicate."""
        name = values["namespace"]
        now = timestamps.now()
        namespace_id = str(uuid.uuid4())
        with self._unique(Conflict(f"The metadata definition namespace={name} already "
                                   "exists.")) as db:
            db.execute(
                "INSERT INTO metadef_namespaces (id, namespace, display_name, description,"
                " visibility, protected, owner, created_at, updated_at) VALUES"
                " (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (namespace_id, name, values.get("display_name"), values.get("description"),
                 values.get("visibility") or "private", int(bool(values.get("protected"))),
                 values.get("owner"), now, now))
        try:
            for prop_name, schema in properties.items():
                self.create_property(namespace_id, name, prop_name, schema)
            for item in objects:
                self.create_object(namespace_id, name, item)
            for tag in tags:
                self.create_tag(namespace_id, name, tag)
            for association in associations:
                self.associate(namespace_id, name, association)
        except Exception:
            self.delete_namespace(namespace_id)
            raise
        return self.get_namespace(name)  # type: ignore[return-value]

    def update_namespace(self, namespace_id: str, values: dict[str, Any]) -> dict[str, Any]:
        """Replace the namespace's attributes (a rename keeps its contents); 409 when the
        new name is taken."""
        sets = ", ".join(f"{k} = ?" for k in NAMESPACE_COLUMNS) + ", updated_at = ?"
        params = [int(bool(values[k])) if k == "protected" else values.get(k)
                  for k in NAMESPACE_COLUMNS]
        with self._unique(Conflict(
                "Invalid update. It would result in a duplicate metadata definition namespace "
                f"with the same name of {values['namespace']}")) as db:
            db.execute(f"UPDATE metadef_namespaces SET {sets} WHERE id = ?",
                       [*params, timestamps.now(), namespace_id])
        return self.get_namespace(values["namespace"])  # type: ignore[return-value]

    def delete_namespace(self, namespace_id: str) -> None:
        """The namespace and everything in it."""
        with self.store.transaction() as db:
            for table in ("metadef_objects", "metadef_properties", "metadef_tags",
                          "metadef_associations"):
                db.execute(f"DELETE FROM {table} WHERE namespace_id = ?", (namespace_id,))
            db.execute("DELETE FROM metadef_namespaces WHERE id = ?", (namespace_id,))

    def delete_contents(self, namespace_id: str, kind: str) -> None:
        """Every object, property definition or tag (`kind`) of the namespace."""
        table = {"objects": "metadef_objects", "properties": "metadef_properties",
                 "tags": "metadef_tags"}[kind]
        self.store.execute(f"DELETE FROM {table} WHERE namespace_id = ?", (namespace_id,))

    # ----------------------------------------------------------------- property definitions
    def list_properties(self, namespace_id: str) -> dict[str, dict[str, Any]]:
        rows = self.store.query("SELECT name, schema FROM metadef_properties WHERE"
                                " namespace_id = ? ORDER BY seq", (namespace_id,))
        return {row["name"]: loads(row["schema"], {}) for row in rows}

    def get_property(self, namespace_id: str, namespace: str,
                     name: str) -> dict[str, Any]:
        row = self.store.query_one("SELECT schema FROM metadef_properties WHERE"
                                   " namespace_id = ? AND name = ?", (namespace_id, name))
        if row is None:
            raise NotFound(f"The metadata definition property with name={name} was not found"
                           f" in namespace={namespace}.")
        return loads(row["schema"], {})

    def create_property(self, namespace_id: str, namespace: str, name: str,
                        schema: dict[str, Any]) -> None:
        now = timestamps.now()
        with self._unique(Conflict(f"A metadata definition property with name={name} already "
                                   f"exists in namespace={namespace}.")) as db:
            db.execute("INSERT INTO metadef_properties (namespace_id, name, schema, created_at,"
                       " updated_at) VALUES (?, ?, ?, ?, ?)",
                       (namespace_id, name, dumps(schema), now, now))

    def update_property(self, namespace_id: str, namespace: str, name: str, new_name: str,
                        schema: dict[str, Any]) -> None:
        self.get_property(namespace_id, namespace, name)
        with self._unique(Conflict(
                "Invalid update. It would result in a duplicate metadata definition property "
                f"with the same name={new_name} in namespace={namespace}.")) as db:
            db.execute("UPDATE metadef_properties SET name = ?, schema = ?, updated_at = ?"
                       " WHERE namespace_id = ? AND name = ?",
                       (new_name, dumps(schema), timestamps.now(), namespace_id, name))

    def delete_property(self, namespace_id: str, name: str) -> None:
        self.store.execute("DELETE FROM metadef_properties WHERE namespace_id = ? AND name = ?",
                           (namespace_id, name))

    # ----------------------------------------------------------------- objects
    @staticmethod
    def _object(row: dict[str, Any]) -> dict[str, Any]:
        row["required"] = loads(row["required"], None) if row["required"] else None
        row["properties"] = loads(row["properties"], None) if row["properties"] else None
        return row

    def list_objects(self, namespace_id: str, sort_key: str = "created_at",
                     sort_dir: str = "desc") -> list[dict[str, Any]]:
        direction = "ASC" if sort_dir == "asc" else "DESC"
        column = sort_key if sort_key in ("name", "created_at", "updated_at") else "created_at"
        rows = self.store.query(
            f"SELECT * FROM metadef_objects WHERE namespace_id = ? ORDER BY {column}"
            f" {direction}, seq {direction}", (namespace_id,))
        return [self._object(row) for row in rows]

    def get_object(self, namespace_id: str, namespace: str, name: str) -> dict[str, Any]:
        row = self.store.query_one("SELECT * FROM metadef_objects WHERE namespace_id = ? AND"
                                   " name = ?", (namespace_id, name))
        if row is None:
            raise NotFound(f"The metadata definition object with name={name} was not found in"
                           f" namespace={namespace}.")
        return self._object(row)

    def create_object(self, namespace_id: str, namespace: str,
                      item: dict[str, Any]) -> dict[str, Any]:
        now, name = timestamps.now(), item["name"]
        with self._unique(Conflict(f"A metadata definition object with name={name} already "
                                   f"exists in namespace={namespace}.")) as db:
            db.execute(
                "INSERT INTO metadef_objects (namespace_id, name, description, required,"
                " properties, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (namespace_id, name, item.get("description"), _json(item.get("required")),
                 _json(item.get("properties")), now, now))
        return self.get_object(namespace_id, namespace, name)

    def update_object(self, namespace_id: str, namespace: str, name: str,
                      item: dict[str, Any]) -> dict[str, Any]:
        """Replace the object's name, description, required list and properties."""
        self.get_object(namespace_id, namespace, name)
        new_name = item["name"]
        with self._unique(Conflict(
                "Invalid update. It would result in a duplicate metadata definition object "
                f"with the same name={new_name} in namespace={namespace}.")) as db:
            db.execute(
                "UPDATE metadef_objects SET name = ?, description = ?, required = ?,"
                " properties = ?, updated_at = ? WHERE namespace_id = ? AND name = ?",
                (new_name, item.get("description"), _json(item.get("required")),
                 _json(item.get("properties")), timestamps.now(), namespace_id, name))
        return self.get_object(namespace_id, namespace, new_name)

    def delete_object(self, namespace_id: str, name: str) -> None:
        self.store.execute("DELETE FROM metadef_objects WHERE namespace_id = ? AND name = ?",
                           (namespace_id, name))

    # ----------------------------------------------------------------- tags
    def list_tags(self, namespace_id: str, sort_key: str = "created_at",
                  sort_dir: str = "desc") -> list[dict[str, Any]]:
        direction = "ASC" if sort_dir == "asc" else "DESC"
        column = sort_key if sort_key in ("name", "created_at", "updated_at") else "created_at"
        return self.store.query(
            f"SELECT * FROM metadef_tags WHERE namespace_id = ? ORDER BY {column} {direction},"
            f" seq {direction}", (namespace_id,))

    def get_tag(self, namespace_id: str, namespace: str, name: str) -> dict[str, Any]:
        row = self.store.query_one("SELECT * FROM metadef_tags WHERE namespace_id = ? AND"
                                   " name = ?", (namespace_id, name))
        if row is None:
            raise NotFound(f"The metadata definition tag with name={name} was not found in"
                           f" namespace={namespace}.")
        return row

    def _duplicate_tag(self, name: str, namespace: str) -> Conflict:
        return Conflict(f"A metadata tag with name={name} already exists in namespace="
                        f"{namespace}. (Please note that metadata tag names are case "
                        "insensitive).")

    def create_tag(self, namespace_id: str, namespace: str, name: str) -> dict[str, Any]:
        now = timestamps.now()
        with self._unique(self._duplicate_tag(name, namespace)) as db:
            db.execute("INSERT INTO metadef_tags (namespace_id, name, created_at, updated_at)"
                       " VALUES (?, ?, ?, ?)", (namespace_id, name, now, now))
        return self.get_tag(namespace_id, namespace, name)

    def create_tags(self, namespace_id: str, namespace: str, names: list[str],
                    append: bool) -> None:
        """Several tags at once, replacing the existing ones unless `append`; all or none."""
        now = timestamps.now()
        duplicate = next((n for i, n in enumerate(names)
                          if n.lower() in [m.lower() for m in names[:i]]), None)
        if duplicate is not None:
            raise self._duplicate_tag(duplicate, namespace)
        with self.store.transaction() as db:
            if not append:
                db.execute("DELETE FROM metadef_tags WHERE namespace_id = ?", (namespace_id,))
            for name in names:
                try:
                    db.execute("INSERT INTO metadef_tags (namespace_id, name, created_at,"
                               " updated_at) VALUES (?, ?, ?, ?)",
                               (namespace_id, name, now, now))
                except sqlite3.IntegrityError:
                    raise self._duplicate_tag(name, namespace) from None

    def update_tag(self, namespace_id: str, namespace: str, name: str,
                   new_name: str) -> dict[str, Any]:
        self.get_tag(namespace_id, namespace, name)
        with self._unique(self._duplicate_tag(new_name, namespace)) as db:
            db.execute("UPDATE metadef_tags SET name = ?, updated_at = ? WHERE namespace_id = ?"
                       " AND name = ?", (new_name, timestamps.now(), namespace_id, name))
        return self.get_tag(namespace_id, namespace, new_name)

    def delete_tag(self, namespace_id: str, name: str) -> None:
        self.store.execute("DELETE FROM metadef_tags WHERE namespace_id = ? AND name = ?",
                           (namespace_id, name))

    # ----------------------------------------------------------------- resource types
    def list_resource_types(self) -> list[dict[str, Any]]:
        return self.store.query("SELECT name, created_at, updated_at FROM"
                                " metadef_resource_types ORDER BY seq")

    def associations(self, namespace_id: str) -> list[dict[str, Any]]:
        return self.store.query(
            "SELECT resource_type AS name, prefix, properties_target, created_at, updated_at"
            " FROM metadef_associations WHERE namespace_id = ? ORDER BY seq", (namespace_id,))

    def associations_of(self, namespace_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        """The associations of several namespaces (one query, for listings)."""
        found: dict[str, list[dict[str, Any]]] = {i: [] for i in namespace_ids}
        if not namespace_ids:
            return found
        marks = ",".join("?" * len(namespace_ids))
        for row in self.store.query(
                "SELECT namespace_id, resource_type AS name, prefix, properties_target,"
                " created_at, updated_at FROM metadef_associations WHERE namespace_id IN"
                f" ({marks}) ORDER BY seq", namespace_ids):
            found[row.pop("namespace_id")].append(row)
        return found

    def associate(self, namespace_id: str, namespace: str,
                  association: dict[str, Any]) -> dict[str, Any]:
        """Associate a resource type (made when unknown) with the namespace; 409 when it
        already is."""
        name, now = association["name"], timestamps.now()
        with self._unique(Conflict(
                f"The metadata definition resource-type association of resource-type={name} "
                f"to namespace={namespace} already exists.")) as db:
            db.execute("INSERT OR IGNORE INTO metadef_resource_types (name, protected,"
                       " created_at, updated_at) VALUES (?, 0, ?, ?)", (name, now, now))
            db.execute(
                "INSERT INTO metadef_associations (namespace_id, resource_type, prefix,"
                " properties_target, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                (namespace_id, name, association.get("prefix"),
                 association.get("properties_target"), now, now))
        return next(a for a in self.associations(namespace_id) if a["name"] == name)

    def dissociate(self, namespace_id: str, name: str) -> bool:
        """Whether there was such an association."""
        return self.store.execute("DELETE FROM metadef_associations WHERE namespace_id = ? AND"
                                  " resource_type = ?", (namespace_id, name)) > 0


def _json(value: Any) -> str | None:
    return None if value is None else dumps(value)
