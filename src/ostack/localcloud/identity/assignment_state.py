"""Keystone's role assignments: a role granted to a user or a group on a project, a domain or
the system (OS-INHERIT's inherited grants too, see `inheritance.py`), and what a user holds
through them. Part of the identity backend (`IdentityBackend.assignments`); the HTTP side is
`grants.py` and `role_assignments.py`."""

from __future__ import annotations

from ..store import Store
from . import inheritance
from .domain_state import DomainState
from .project_state import ProjectState
from .revocation import revoke_tokens
from .role_state import RoleState
from .tables import Row

ACTOR_TABLES = {"user": ("assignments", "user_id"), "group": ("group_assignments", "group_id")}


class AssignmentState:
    """The assignments and group_assignments tables."""

    def __init__(self, store: Store, roles: RoleState, projects: ProjectState,
                 domains: DomainState) -> None:
        self.store = store
        self.roles = roles
        self.projects = projects
        self.domains = domains

    def grant(self, role_id: str, actor_type: str, actor_id: str, target_type: str,
              target_id: str) -> None:
        """Assign a role to a user or a group on a project, a domain or the system."""
        table, _ = ACTOR_TABLES[actor_type]
        self.store.execute(f"INSERT OR IGNORE INTO {table} VALUES (?, ?, ?, ?)",
                           (role_id, actor_id, target_type, target_id))

    def revoke(self, role_id: str, actor_type: str, actor_id: str, target_type: str,
               target_id: str) -> bool:
        """Remove a role assignment; a user's tokens on that target are revoked."""
        table, column = ACTOR_TABLES[actor_type]
        removed = self.store.execute(
            f"DELETE FROM {table} WHERE role_id = ? AND {column} = ? AND target_type = ? AND "
            f"target_id = ?", (role_id, actor_id, target_type, target_id)) > 0
        if removed and actor_type == "user":
            revoke_tokens(self.store, "user_id = ? AND scope_type = ? AND scope_id = ?",
                          (actor_id, target_type, target_id))
        return removed

    def has_grant(self, role_id: str, actor_type: str, actor_id: str, target_type: str,
                  target_id: str) -> bool:
        table, column = ACTOR_TABLES[actor_type]
        return self.store.scalar(
            f"SELECT 1 FROM {table} WHERE role_id = ? AND {column} = ? AND target_type = ? AND "
            f"target_id = ?", (role_id, actor_id, target_type, target_id)) is not None

    def list(self, user_id: str | None = None, group_id: str | None = None,
             role_id: str | None = None, target_type: str | None = None,
             target_id: str | None = None, target_ids: list[str] | None = None,
             users: bool = True, groups: bool = True) -> list[Row]:
        """Direct assignments as `{role_id, user_id | group_id, target_type, target_id}`."""
        result = []
        for actor, wanted, other in (("user", users and group_id is None, user_id),
                                     ("group", groups and user_id is None, group_id)):
            if not wanted:
                continue
            table, column = ACTOR_TABLES[actor]
            sql, params = f"SELECT * FROM {table} WHERE 1=1", []
            for name, value in ((column, other), ("role_id", role_id),
                                ("target_type", target_type), ("target_id", target_id)):
                if value is not None:
                    sql += f" AND {name} = ?"
                    params.append(value)
            if target_ids is not None:
                sql += f" AND target_id IN ({','.join('?' * len(target_ids))})"
                params.extend(target_ids)
            result.extend(self.store.query(
                sql + f" ORDER BY target_type, target_id, {column}", params))
        return result

    def _direct_role_ids(self, user_id: str, target_type: str, target_id: str) -> list[str]:
        """Roles assigned to the user or its groups on the target; on a project, also those
        it inherits (OS-INHERIT) from its domain and ancestors."""
        role_ids = self.store.column(
            "SELECT role_id FROM assignments WHERE user_id = ? AND target_type = ? AND "
            "target_id = ? UNION SELECT ga.role_id FROM group_assignments ga JOIN "
            "group_members gm ON gm.group_id = ga.group_id WHERE gm.user_id = ? AND "
            "ga.target_type = ? AND ga.target_id = ?",
            (user_id, target_type, target_id, user_id, target_type, target_id))
        if target_type == "project" and self.store.scalar(
                "SELECT 1 FROM assignments WHERE target_type LIKE '%_inherited' UNION "
                "SELECT 1 FROM group_assignments WHERE target_type LIKE '%_inherited'"):
            for source_type, source_id in inheritance.sources(self.projects, target_id):
                role_ids += [r for r in self._direct_role_ids(user_id, source_type, source_id)
                             if r not in role_ids]
        return role_ids

    def roles_on(self, user_id: str, target_type: str, target_id: str) -> list[Row]:
        """The user's effective roles on a target: its own and its groups' assignments, with
        the roles they imply."""
        return self.roles.expand(self._direct_role_ids(user_id, target_type, target_id))

    def _targets_of(self, user_id: str, target_type: str) -> list[str]:
        return self.store.column(
            "SELECT target_id FROM assignments WHERE user_id = ? AND target_type = ? UNION "
            "SELECT ga.target_id FROM group_assignments ga JOIN group_members gm ON "
            "gm.group_id = ga.group_id WHERE gm.user_id = ? AND ga.target_type = ?",
            (user_id, target_type, user_id, target_type))

    def projects_of(self, user_id: str, enabled_only: bool = True) -> list[Row]:
        """Projects where the user holds a role (directly or through a group)."""
        rows = self.projects.list(ids=self._targets_of(user_id, "project"))
        if not enabled_only:
            return rows
        domains = {d["id"]: d["enabled"] for d in self.domains.list()}
        return [p for p in rows if p["enabled"] and domains.get(p["domain_id"])]

    def domains_of(self, user_id: str) -> list[Row]:
        """Enabled domains where the user holds a role (directly or through a group)."""
        return self.domains.list(enabled=True, ids=self._targets_of(user_id, "domain"))

    def has_system_role(self, user_id: str) -> bool:
        return bool(self._targets_of(user_id, "system"))

    def inherited_rows(self, project_ids: list[str] | None,
                       user_id: str | None = None) -> list[Row]:
        """OS-INHERIT's grants as assignments of each project in `project_ids` (every
        project when None), see `inheritance.effective_rows`."""
        return inheritance.effective_rows(self, self.projects, project_ids, user_id=user_id)
