"""Keystone's roles (global or of a domain) and implied roles (a prior role implies others).
Kept in memory once read: every token validation expands roles. Part of the identity backend
(`IdentityBackend.roles`); the HTTP side is `roles.py`."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from ..errors import BadRequest, Forbidden
from ..store import Store, dumps
from .tables import Row, decode_extra, find_by_ref, insert, merge_extra, new_id, update

# Keystone's default implied roles (`keystone-manage bootstrap`): admin implies member,
# member implies reader.
IMPLIED_ROLES = {"admin": ("member",), "member": ("reader",)}
# Roles that may not be implied (Keystone's [assignment] prohibited_implied_role).
PROHIBITED_IMPLIED_ROLES = ("admin",)


def seed_implied_roles(db: sqlite3.Connection, roles: dict[str, str]) -> None:
    """Keystone's default inference rules among `roles` (name -> id)."""
    for prior, implied_names in IMPLIED_ROLES.items():
        for implied in implied_names:
            if prior in roles and implied in roles:
                db.execute("INSERT OR IGNORE INTO implied_roles VALUES (?, ?)",
                           (roles[prior], roles[implied]))
    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('implied_roles', '1')")


class RoleState:
    """The roles and implied_roles tables."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._roles: dict[str, Row] | None = None
        self._implications: dict[str, list[str]] | None = None

    def forget(self) -> None:
        """Drop the in-memory copies (after the tables changed underneath)."""
        self._roles = None
        self._implications = None

    def _index(self) -> dict[str, Row]:
        if self._roles is None:
            self._roles = {row["id"]: decode_extra(row) for row in self.store.query(
                "SELECT * FROM roles ORDER BY name")}  # type: ignore[misc]
        return self._roles

    def get(self, role_id: str) -> Row | None:
        role = self._index().get(role_id)
        return dict(role) if role is not None else None

    def find(self, ref: Any) -> Row | None:
        """A global role from `{"id": ...}` or `{"name": ...}`."""
        return find_by_ref(ref, self.get, lambda name, _: next(
            (dict(role) for role in self._index().values()
             if role["name"] == name and role.get("domain_id") is None), None))

    def list(self, name: str | None = None, domain_id: str | None = None) -> list[Row]:
        """Global roles, or the roles of one domain (`domain_id`)."""
        return [dict(role) for role in self._index().values()
                if (name is None or role["name"] == name)
                and role.get("domain_id") == domain_id]

    def create(self, name: str, description: str | None = None,
               domain_id: str | None = None, extra: dict[str, Any] | None = None) -> Row:
        role_id = new_id()
        insert(self.store, "roles", {"id": role_id, "name": name, "description": description,
                                     "domain_id": domain_id, "extra": dumps(extra or {})},
               "role", f"Duplicate entry found with name {name}")
        self._roles = None
        return self.get(role_id)  # type: ignore[return-value]

    def update(self, role_id: str, changes: dict[str, Any]) -> Row:
        role = self.get(role_id)
        if role is not None:
            changes = merge_extra(role, changes)
        update(self.store, "roles", role_id, changes, ("name", "description", "extra"), "role")
        self._roles = None
        return self.get(role_id)  # type: ignore[return-value]

    def delete(self, role_id: str) -> None:
        """Forget the role, its assignments and the inference rules naming it."""
        with self.store.transaction() as db:
            db.execute("DELETE FROM assignments WHERE role_id = ?", (role_id,))
            db.execute("DELETE FROM group_assignments WHERE role_id = ?", (role_id,))
            db.execute("DELETE FROM implied_roles WHERE prior_role_id = ? OR "
                       "implied_role_id = ?", (role_id, role_id))
            db.execute("DELETE FROM roles WHERE id = ?", (role_id,))
        self.forget()

    # ----------------------------------------------------------------- implied roles
    def implications(self) -> dict[str, list[str]]:
        """Prior role id -> the role ids it implies directly."""
        if self._implications is None:
            result: dict[str, list[str]] = {}
            for row in self.store.query("SELECT * FROM implied_roles"):
                result.setdefault(row["prior_role_id"], []).append(row["implied_role_id"])
            self._implications = result
        return self._implications

    def implied_closure(self, role_id: str) -> list[str]:
        """Every role id `role_id` implies, directly or through other roles."""
        found: list[str] = []
        pending = list(self.implications().get(role_id, ()))
        while pending:
            implied = pending.pop(0)
            if implied in found or implied == role_id:
                continue
            found.append(implied)
            pending.extend(self.implications().get(implied, ()))
        return found

    def add_implied(self, prior_id: str, implied_id: str) -> None:
        """A new inference rule, with Keystone's checks (no admin, no cycle, no global role
        implying a domain's)."""
        implied = self.get(implied_id)
        if implied is not None and implied["name"] in PROHIBITED_IMPLIED_ROLES:
            raise Forbidden(f"{implied['name']} role cannot be an implied role.")
        prior = self.get(prior_id)
        if implied is not None and implied.get("domain_id") and prior is not None \
                and not prior.get("domain_id"):
            raise Forbidden("A global role cannot imply a domain-specific role.")
        if prior_id == implied_id or prior_id in self.implied_closure(implied_id):
            raise BadRequest(f"Cannot create the role inference {prior_id} implies "
                             f"{implied_id}: it would make a cycle.")
        self.store.execute("INSERT OR IGNORE INTO implied_roles VALUES (?, ?)",
                           (prior_id, implied_id))
        self._implications = None

    def remove_implied(self, prior_id: str, implied_id: str) -> bool:
        removed = self.store.execute(
            "DELETE FROM implied_roles WHERE prior_role_id = ? AND implied_role_id = ?",
            (prior_id, implied_id)) > 0
        self._implications = None
        return removed

    def expand(self, role_ids: Iterable[str]) -> list[Row]:
        """Roles (id, name) with every role they imply; the direct ones first, by name."""
        index = self._index()
        direct = sorted((index[r] for r in set(role_ids) if r in index),
                        key=lambda r: r["name"])
        result: list[Row] = []
        # a domain-specific role is never effective itself, only the roles it implies
        seen: set[str] = {role["id"] for role in index.values() if role.get("domain_id")}
        for role in direct:
            if role["id"] not in seen:
                seen.add(role["id"])
                result.append({"id": role["id"], "name": role["name"]})
        for role in direct:
            for implied_id in self.implied_closure(role["id"]):
                if implied_id not in seen and implied_id in index:
                    seen.add(implied_id)
                    result.append({"id": implied_id, "name": index[implied_id]["name"]})
        return result
