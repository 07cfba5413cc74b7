"""Who is calling (the validated token) and what they may do.

The rules are the simple defaults of a devstack cloud: a user holding the `admin` role (on any
scope) is an administrator; project resources (servers, keypairs) need a project-scoped token;
a member of project A sees nothing of project B (Nova answers 404, as for a missing server).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import Forbidden

ADMIN_ROLE = "admin"


@dataclass
class Context:
    """The credentials of a request, resolved from its token (see identity/backend.py)."""

    token_hash: str
    user: dict[str, Any]          # id, name, domain_id, default_project_id ...
    user_domain: dict[str, Any]   # id, name
    scope_type: str               # unscoped | project | domain | system
    project: dict[str, Any] | None = None
    project_domain: dict[str, Any] | None = None
    domain: dict[str, Any] | None = None
    roles: list[dict[str, Any]] = field(default_factory=list)  # id, name
    methods: list[str] = field(default_factory=list)
    audit_ids: list[str] = field(default_factory=list)
    issued_at: float = 0.0
    expires_at: float = 0.0
    application_credential: dict[str, Any] | None = None

    @property
    def user_id(self) -> str:
        return self.user["id"]

    @property
    def project_id(self) -> str | None:
        return self.project["id"] if self.project else None

    @property
    def role_names(self) -> list[str]:
        return [role["name"] for role in self.roles]

    @property
    def is_admin(self) -> bool:
        return ADMIN_ROLE in self.role_names


def require_admin(ctx: Context, action: str) -> None:
    """403 unless the caller holds the admin role."""
    if not ctx.is_admin:
        raise Forbidden(f"Policy doesn't allow {action} to be performed.")


def require_project(ctx: Context, action: str) -> str:
    """The caller's project id; 403 for tokens not scoped to a project (Nova, Glance)."""
    if ctx.project is None:
        raise Forbidden(f"Policy doesn't allow {action} to be performed.")
    return ctx.project["id"]


def keystone_admin(ctx: Context, action: str) -> None:
    """Keystone's 403 wording for an admin-only identity call."""
    if not ctx.is_admin:
        raise Forbidden(f"You are not authorized to perform the requested action: {action}.")


def keystone_admin_or_self(ctx: Context, user_id: str, action: str) -> None:
    """Admin, or the user acting on itself."""
    if not ctx.is_admin and ctx.user_id != user_id:
        raise Forbidden(f"You are not authorized to perform the requested action: {action}.")
