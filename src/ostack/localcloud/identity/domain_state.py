"""Keystone's domains. Part of the identity backend (`IdentityBackend.domains`); the HTTP side
is `domains.py`. Deleting a domain (with its projects, users and groups) is the backend's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import NotFound
from ..store import Store, dumps
from .revocation import revoke_tokens
from .tables import Row, decode_extra, find_by_ref, insert, merge_extra, new_id, select_rows, update

DEFAULT_DOMAIN_ID = "default"


class DomainState:
    """The domains table."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, domain_id: str) -> Row | None:
        return decode_extra(self.store.query_one("SELECT * FROM domains WHERE id = ?",
                                                 (domain_id,)))

    def find(self, ref: Any) -> Row | None:
        """A domain from `{"id": ...}` or `{"name": ...}`."""
        return find_by_ref(ref, self.get, lambda name, _: decode_extra(
            self.store.query_one("SELECT * FROM domains WHERE name = ?", (name,))))

    def in_domain(self, get: Callable[[str], Row | None], table: str, name: str,
                  ref: dict[str, Any]) -> Row | None:
        """The record of `table` named `name` in the domain `ref["domain"]` names."""
        domain = self.find(ref.get("domain"))
        if domain is None:
            return None
        found = self.store.scalar(f"SELECT id FROM {table} WHERE name = ? AND domain_id = ?",
                                  (name, domain["id"]))
        return get(found) if found is not None else None

    def list(self, name: str | None = None, enabled: bool | None = None,
             ids: list[str] | None = None) -> list[Row]:
        filters = {key: value for key, value in (("name", name), ("enabled", enabled))
                   if value is not None}
        return select_rows(self.store, "domains", filters, ("name", "enabled"), ids)

    def create(self, name: str, description: str | None = None, enabled: bool = True,
               extra: dict[str, Any] | None = None) -> Row:
        domain_id = new_id()
        insert(self.store, "domains", {"id": domain_id, "name": name,
                                       "description": description, "enabled": int(enabled),
                                       "extra": dumps(extra or {})},
               "domain", f"Duplicate entry found with name {name}")
        return self.get(domain_id)  # type: ignore[return-value]

    def update(self, domain_id: str, changes: dict[str, Any]) -> Row:
        domain = self.get(domain_id)
        if domain is None:
            raise NotFound(f"Could not find domain: {domain_id}.")
        changes = merge_extra(domain, changes)
        update(self.store, "domains", domain_id, changes,
               ("name", "description", "enabled", "extra"), "domain")
        if changes.get("enabled") is False and domain["enabled"]:
            # Keystone revokes every token of the domain: its scope, projects and users.
            revoke_tokens(
                self.store,
                "(scope_type = 'domain' AND scope_id = ?) OR (scope_type = 'project' AND "
                "scope_id IN (SELECT id FROM projects WHERE domain_id = ?)) OR "
                "user_id IN (SELECT id FROM users WHERE domain_id = ?)",
                (domain_id, domain_id, domain_id))
        return self.get(domain_id)  # type: ignore[return-value]

    def delete(self, domain_id: str) -> None:
        """Forget the domain and the grants on it (its records are the backend's to delete
        first)."""
        with self.store.transaction() as db:
            for table in ("assignments", "group_assignments"):
                db.execute(f"DELETE FROM {table} WHERE target_type = 'domain' AND "
                           f"target_id = ?", (domain_id,))
            db.execute("DELETE FROM domains WHERE id = ?", (domain_id,))
