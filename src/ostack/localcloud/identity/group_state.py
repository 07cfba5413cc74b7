"""Keystone's groups and their members. Part of the identity backend
(`IdentityBackend.groups`); the HTTP side is `groups.py`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..errors import NotFound
from ..store import Store, dumps
from .domain_state import DomainState
from .revocation import revoke_tokens
from .tables import Row, decode_extra, insert, merge_extra, new_id, select_rows, update
from .user_state import UserState


class GroupState:
    """The groups and group_members tables."""

    def __init__(self, store: Store, domains: DomainState, users: UserState) -> None:
        self.store = store
        self.domains = domains
        self.users = users

    def get(self, group_id: str) -> Row | None:
        return decode_extra(self.store.query_one("SELECT * FROM groups WHERE id = ?",
                                                 (group_id,)))

    def list(self, filters: dict[str, Any] | None = None,
             ids: Iterable[str] | None = None) -> list[Row]:
        """Groups matching `filters` (name, domain_id), optionally among `ids`."""
        return select_rows(self.store, "groups", filters, ("name", "domain_id"), ids)

    def create(self, name: str, domain_id: str, description: str | None = None,
               extra: dict[str, Any] | None = None) -> Row:
        if self.domains.get(domain_id) is None:
            raise NotFound(f"Could not find domain: {domain_id}.")
        group_id = new_id()
        insert(self.store, "groups", {"id": group_id, "name": name, "domain_id": domain_id,
                                      "description": description, "extra": dumps(extra or {})},
               "group", f"Duplicate entry found with name {name} at domain ID {domain_id}")
        return self.get(group_id)  # type: ignore[return-value]

    def update(self, group_id: str, changes: dict[str, Any]) -> Row:
        group = self.get(group_id)
        if group is None:
            raise NotFound(f"Could not find group: {group_id}.")
        changes = merge_extra(group, changes)
        update(self.store, "groups", group_id, changes, ("name", "description", "extra"),
               "group")
        return self.get(group_id)  # type: ignore[return-value]

    def delete(self, group_id: str) -> None:
        with self.store.transaction() as db:
            db.execute("DELETE FROM group_assignments WHERE group_id = ?", (group_id,))
            db.execute("DELETE FROM group_members WHERE group_id = ?", (group_id,))
            db.execute("DELETE FROM groups WHERE id = ?", (group_id,))

    # ----------------------------------------------------------------- membership
    def add_member(self, group_id: str, user_id: str) -> None:
        self.store.execute("INSERT OR IGNORE INTO group_members VALUES (?, ?)",
                           (group_id, user_id))

    def remove_member(self, group_id: str, user_id: str) -> bool:
        """Remove the user from the group; revokes the user's tokens, as Keystone does."""
        removed = self.store.execute(
            "DELETE FROM group_members WHERE group_id = ? AND user_id = ?",
            (group_id, user_id)) > 0
        if removed:
            revoke_tokens(self.store, "user_id = ?", (user_id,))
        return removed

    def is_member(self, group_id: str, user_id: str) -> bool:
        return self.store.scalar("SELECT 1 FROM group_members WHERE group_id = ? AND "
                                 "user_id = ?", (group_id, user_id)) is not None

    def members(self, group_id: str, filters: dict[str, Any] | None = None) -> list[Row]:
        """The group's users, matching `filters` as `UserState.list`."""
        ids = self.store.column("SELECT user_id FROM group_members WHERE group_id = ?",
                                (group_id,))
        return self.users.list(filters, ids=ids)

    def of_user(self, user_id: str, filters: dict[str, Any] | None = None) -> list[Row]:
        """The groups the user is a member of."""
        return self.list(filters, ids=self.ids_of_user(user_id))

    def ids_of_user(self, user_id: str) -> list[str]:
        return self.store.column("SELECT group_id FROM group_members WHERE user_id = ?",
                                 (user_id,))
