"""Keystone's users and their passwords (bcrypt hashes). Part of the identity backend
(`IdentityBackend.users`); the HTTP side is `users.py`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..errors import NotFound
from ..store import Store, dumps
from .domain_state import DomainState
from .passwords import check_secret, hash_secret
from .records import Records
from .revocation import revoke_tokens
from .tables import Row, decode_extra, find_by_ref, insert, merge_extra, new_id, select_rows, update


class UserState:
    """The users table."""

    def __init__(self, store: Store, domains: DomainState, records: Records) -> None:
        self.store = store
        self.domains = domains
        self.records = records

    def get(self, user_id: str) -> Row | None:
        return decode_extra(self.store.query_one("SELECT * FROM users WHERE id = ?",
                                                 (user_id,)))

    def find(self, ref: Any) -> Row | None:
        """A user from `{"id": ...}` or `{"name": ..., "domain": {"id"|"name": ...}}`."""
        return find_by_ref(ref, self.get, lambda name, ref: self.domains.in_domain(
            self.get, "users", name, ref))

    def list(self, filters: dict[str, Any] | None = None,
             ids: Iterable[str] | None = None) -> list[Row]:
        """Users matching `filters` (name, domain_id, enabled), optionally among `ids`."""
        return select_rows(self.store, "users", filters, ("name", "domain_id", "enabled"), ids)

    def create(self, name: str, domain_id: str, password: str | None = None,
               enabled: bool = True, default_project_id: str | None = None,
               description: str | None = None, email: str | None = None,
               extra: dict[str, Any] | None = None) -> Row:
        if self.domains.get(domain_id) is None:
            raise NotFound(f"Could not find domain: {domain_id}.")
        user_id = new_id()
        insert(self.store, "users", {
            "id": user_id, "name": name, "domain_id": domain_id,
            "password_hash": hash_secret(password) if password else None,
            "enabled": int(enabled), "default_project_id": default_project_id,
            "description": description, "email": email, "extra": dumps(extra or {}),
        }, "user", f"Duplicate entry found with name {name} at domain ID {domain_id}")
        return self.get(user_id)  # type: ignore[return-value]

    def update(self, user_id: str, changes: dict[str, Any]) -> Row:
        """A new password or disabling the user revokes its tokens."""
        user = self.get(user_id)
        if user is None:
            raise NotFound(f"Could not find user: {user_id}.")
        changes = merge_extra(user, changes)
        if "password" in changes:
            password = changes.pop("password")
            changes["password_hash"] = hash_secret(password) if password else None
        update(self.store, "users", user_id, changes,
               ("name", "enabled", "default_project_id", "description", "email",
                "password_hash", "extra"), "user")
        if "password_hash" in changes or (changes.get("enabled") is False and user["enabled"]):
            revoke_tokens(self.store, "user_id = ?", (user_id,))
        return self.get(user_id)  # type: ignore[return-value]

    def set_password(self, user_id: str, password: str) -> None:
        """A new password (the operator's, when clouds.yaml was lost); revokes the tokens."""
        self.store.execute("UPDATE users SET password_hash = ? WHERE id = ?",
                           (hash_secret(password), user_id))
        revoke_tokens(self.store, "user_id = ?", (user_id,))

    def change_password(self, user_id: str, original: str, password: str) -> bool:
        """A user's own password change; False when the original password is wrong. Revokes
        the user's tokens, as Keystone does."""
        user = self.get(user_id)
        if user is None or not user["enabled"] or not check_secret(original,
                                                                    user["password_hash"]):
            return False
        self.set_password(user_id, password)
        return True

    def delete(self, user_id: str) -> None:
        """Forget the user, its grants, memberships, application credentials, access rules,
        credentials and tokens."""
        revoke_tokens(self.store, "user_id = ?", (user_id,))
        with self.store.transaction() as db:
            db.execute("DELETE FROM assignments WHERE user_id = ?", (user_id,))
            db.execute("DELETE FROM group_members WHERE user_id = ?", (user_id,))
            db.execute("DELETE FROM application_credential_access_rules WHERE "
                       "application_credential_id IN (SELECT id FROM application_credentials "
                       "WHERE user_id = ?)", (user_id,))
            db.execute("DELETE FROM application_credentials WHERE user_id = ?", (user_id,))
            db.execute("DELETE FROM access_rules WHERE user_id = ?", (user_id,))
            db.execute("DELETE FROM users WHERE id = ?", (user_id,))
        self.records.delete_owned("credential", user_id)
