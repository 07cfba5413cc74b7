"""Keystone's trusts (OS-TRUST): a trustor delegates some of its roles on a project to a
trustee, who may then get a trust-scoped token carrying those roles (acting as the trustor
with impersonation). Trusts are identity records (`trust`); no HTTP here (`trusts.py`).

A trust-scoped token is stored with scope `trust` and the trust's ID; its context is the
trust's project with the delegated roles the trustor still holds, and it stops working when
the trust is deleted or expires.
"""

from __future__ import annotations

from typing import Any

from .. import timestamps
from ..errors import BadRequest, Forbidden, NotFound, Unauthorized
from ..policy import Context
from .assignment_state import AssignmentState
from .project_state import ProjectState
from .records import Records
from .role_state import RoleState
from .tables import Row
from .user_state import UserState

KIND = "trust"


class TrustState:
    """The trusts, and what a trust-scoped token may do."""

    def __init__(self, records: Records, users: UserState, projects: ProjectState,
                 roles: RoleState, assignments: AssignmentState) -> None:
        self.records = records
        self.users = users
        self.projects = projects
        self.roles = roles
        self.assignments = assignments

    # ----------------------------------------------------------------- records
    def get(self, trust_id: str) -> Row | None:
        """A live trust (an expired or used-up one is gone, as in Keystone)."""
        trust = self.records.get(KIND, trust_id)
        if trust is None or self._expired(trust) or trust.get("remaining_uses") == 0:
            return None
        return trust

    def list(self, trustor_user_id: str | None = None,
             trustee_user_id: str | None = None) -> list[Row]:
        rows = [t for t in self.records.list(KIND) if not self._expired(t)]
        if trustor_user_id is not None:
            rows = [t for t in rows if t["trustor_user_id"] == trustor_user_id]
        if trustee_user_id is not None:
            rows = [t for t in rows if t["trustee_user_id"] == trustee_user_id]
        return rows

    def create(self, values: dict[str, Any]) -> Row:
        """Store a trust whose references were checked (`check`)."""
        return self.records.create(KIND, values, owner_id=values["trustor_user_id"])

    def delete(self, trust_id: str) -> bool:
        return self.records.delete(KIND, trust_id)

    @staticmethod
    def _expired(trust: Row) -> bool:
        return trust.get("expires_at") is not None and trust["expires_at"] <= timestamps.now()

    # ----------------------------------------------------------------- checks
    def check(self, ctx: Context, values: dict[str, Any], role_refs: list[Any]) -> list[str]:
        """Keystone's checks of a new trust; the IDs of the roles it delegates.

        The caller must be the trustor; the trustee must exist; with a project, each role
        (by id or name) must be one the trustor holds on it."""
        if values["trustor_user_id"] != ctx.user_id:
            raise Forbidden("The authenticated user should match the trustor.")
        if self.users.get(values["trustee_user_id"]) is None:
            raise NotFound(f"Could not find user: {values['trustee_user_id']}.")
        project_id = values.get("project_id")
        if project_id is not None and self.projects.get(project_id) is None:
            raise NotFound(f"Could not find project: {project_id}.")
        # Without a project the trustor holds nothing to delegate: each role is "not found".
        held = {r["id"]: r for r in self.assignments.roles_on(ctx.user_id, "project",
                                                               project_id)} \
            if project_id else {}
        role_ids = []
        for ref in role_refs:
            if not isinstance(ref, dict) or not (ref.get("id") or ref.get("name")):
                raise BadRequest("Invalid input for field 'roles': each role is an object "
                                 "with an id or a name.")
            role = self.roles.get(ref["id"]) if ref.get("id") else self.roles.find(
                {"name": ref["name"]})
            if role is None:
                raise NotFound(f"Could not find role: {ref.get('id') or ref.get('name')}.")
            if role["id"] not in held:
                raise NotFound(f"Could not find role: {role['id']}.")
            role_ids.append(role["id"])
        return list(dict.fromkeys(role_ids))

    def delegated_roles(self, trust: Row) -> list[Row]:
        """The trust's roles (with those they imply) that the trustor still holds."""
        held = {r["id"] for r in self.assignments.roles_on(
            trust["trustor_user_id"], "project", trust["project_id"])}
        return [r for r in self.roles.expand(trust["roles"]) if r["id"] in held]

    # ----------------------------------------------------------------- tokens
    def scope(self, user: Row, ref: Any) -> tuple[Row, Row]:
        """Use a trust for a token requested by `user`: the trust and the user the token
        is for (the trustor with impersonation). A use is counted."""
        trust_id = ref.get("id") if isinstance(ref, dict) else None
        if not isinstance(trust_id, str):
            raise BadRequest("Expecting to find id in OS-TRUST:trust.")
        trust = self.get(trust_id)
        if trust is None:  # gone, expired or used up: Keystone answers 401 here, not 404
            raise Unauthorized()
        if trust["trustee_user_id"] != user["id"]:
            raise Forbidden("The user is not the trustee of this trust.")
        trustor = self.users.get(trust["trustor_user_id"])
        if trustor is None or not trustor["enabled"]:
            raise Forbidden("The trustor is disabled.")
        if trust["project_id"] and not self.delegated_roles(trust):
            raise Forbidden("The trustor no longer holds the delegated roles.")
        if trust.get("remaining_uses") is not None:
            self.records.update(KIND, trust["id"],
                                {"remaining_uses": trust["remaining_uses"] - 1})
        return trust, trustor if trust["impersonation"] else user

    def apply(self, ctx: Context, trust_id: str) -> Context | None:
        """Fill the context of a trust-scoped token (None when the trust is gone)."""
        trust = self.records.get(KIND, trust_id)
        if trust is None or self._expired(trust):
            return None
        ctx.scope_type = "project" if trust["project_id"] else "unscoped"
        ctx.trust = {"id": trust["id"], "impersonation": trust["impersonation"],
                     "trustee_user": {"id": trust["trustee_user_id"]},
                     "trustor_user": {"id": trust["trustor_user_id"]}}
        if trust["project_id"]:
            project = self.projects.get(trust["project_id"])
            if project is None or not project["enabled"]:
                return None
            ctx.project = project
            ctx.roles = self.delegated_roles(trust)
        return ctx
