"""Who is calling (the validated token) and what they may do.

The rules follow the default ("secure RBAC") policies of the OpenStack services, where roles
decide: `reader` reads, `member` writes within its project, `admin` administers. An
administrator is a user holding `admin` on a project or on the system; a system `reader` reads
the identity records (Keystone); a domain-scoped token reads (reader) or manages (admin) the
identity records of its domain. Compute, network, image and block storage work in projects, as
their policies enforce scope: a token not scoped to a project gets 403 there. Admin implies
member implies reader through the implied roles, so a token carries all three names for an
admin.

Every service uses the same helpers: `is_admin`, `can_read(ctx, project_id)`,
`can_write(ctx, project_id)`, `is_system_reader`, and `request_allowed` (application
credential access rules, checked by `service.authenticate` for every request).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .errors import Forbidden

ADMIN_ROLE = "admin"
MEMBER_ROLE = "member"
READER_ROLE = "reader"
READ_ROLES = frozenset((ADMIN_ROLE, MEMBER_ROLE, READER_ROLE))
WRITE_ROLES = frozenset((ADMIN_ROLE, MEMBER_ROLE))


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
    roles: list[dict[str, Any]] = field(default_factory=list)  # id, name (implied included)
    methods: list[str] = field(default_factory=list)
    audit_ids: list[str] = field(default_factory=list)
    issued_at: float = 0.0
    expires_at: float = 0.0
    application_credential: dict[str, Any] | None = None
    #: The access rules of the application credential behind the token (None: no limits).
    access_rules: list[dict[str, Any]] | None = None
    #: The trust behind a trust-scoped token (`id`, `impersonation`, `trustee_user`,
    #: `trustor_user`), as Keystone shows it in `OS-TRUST:trust`.
    trust: dict[str, Any] | None = None

    @property
    def user_id(self) -> str:
        return self.user["id"]

    @property
    def project_id(self) -> str | None:
        return self.project["id"] if self.project else None

    @property
    def domain_id(self) -> str | None:
        """The domain of a domain-scoped token."""
        return self.domain["id"] if self.domain else None

    @property
    def role_names(self) -> list[str]:
        return [role["name"] for role in self.roles]

    def has_role(self, *names: str) -> bool:
        """Whether the token carries one of `names`."""
        return any(role["name"] in names for role in self.roles)

    @property
    def is_system(self) -> bool:
        return self.scope_type == "system"

    @property
    def is_admin(self) -> bool:
        """`admin` on a project or on the system (a domain admin administers its domain only)."""
        return self.scope_type in ("project", "system") and self.has_role(ADMIN_ROLE)


# ------------------------------------------------------------------- generic rules
def is_admin(ctx: Context) -> bool:
    """The cloud administrator: admin role on a project or on the system."""
    return ctx.is_admin


def is_system_reader(ctx: Context) -> bool:
    """A system-scoped token with a reading role: reads everything."""
    return ctx.is_system and ctx.has_role(*READ_ROLES)


def can_read(ctx: Context, project_id: str | None) -> bool:
    """Reading a project's resources: admin, system reader, or a role in that project."""
    if ctx.is_admin or is_system_reader(ctx):
        return True
    return project_id is not None and ctx.project_id == project_id and ctx.has_role(*READ_ROLES)


def can_write(ctx: Context, project_id: str | None) -> bool:
    """Changing a project's resources: admin, or member (not merely reader) of that project."""
    if ctx.is_admin:
        return True
    return (project_id is not None and ctx.project_id == project_id
            and ctx.has_role(*WRITE_ROLES))


def is_domain_reader(ctx: Context, domain_id: str | None) -> bool:
    """A token scoped to `domain_id` with a reading role."""
    return (domain_id is not None and ctx.domain_id == domain_id
            and ctx.has_role(*READ_ROLES))


def is_domain_admin(ctx: Context, domain_id: str | None) -> bool:
    """A token scoped to `domain_id` with the admin role."""
    return domain_id is not None and ctx.domain_id == domain_id and ctx.has_role(ADMIN_ROLE)


def deny(action: str) -> Forbidden:
    """The generic 403 of Nova, Glance, Neutron and Cinder."""
    return Forbidden(f"Policy doesn't allow {action} to be performed.")


def require_admin(ctx: Context, action: str) -> None:
    """403 unless the caller is an administrator."""
    if not ctx.is_admin:
        raise deny(action)


def require_project(ctx: Context, action: str) -> str:
    """The caller's project id; 403 for tokens not scoped to a project (Nova, Glance)."""
    if ctx.project is None:
        raise deny(action)
    return ctx.project["id"]


def require_read(ctx: Context, project_id: str | None, action: str) -> None:
    """403 unless `can_read`."""
    if not can_read(ctx, project_id):
        raise deny(action)


def require_write(ctx: Context, project_id: str | None, action: str) -> None:
    """403 unless `can_write` (a reader of the project is refused)."""
    if not can_write(ctx, project_id):
        raise deny(action)


# ------------------------------------------------------------------- Keystone's wording
def keystone_deny(action: str) -> Forbidden:
    """Keystone's 403 for a call the policy refuses."""
    return Forbidden(f"You are not authorized to perform the requested action: {action}.")


def keystone_check(allowed: bool, action: str) -> None:
    """Raise Keystone's 403 unless `allowed`."""
    if not allowed:
        raise keystone_deny(action)


def keystone_admin(ctx: Context, action: str) -> None:
    """Keystone's 403 for an admin-only identity call."""
    keystone_check(ctx.is_admin, action)


def keystone_reader(ctx: Context, action: str) -> None:
    """Admin or system reader (Keystone's ADMIN_OR_SYSTEM_READER)."""
    keystone_check(ctx.is_admin or is_system_reader(ctx), action)


def keystone_admin_or_self(ctx: Context, user_id: str, action: str) -> None:
    """Admin, or the user acting on itself."""
    keystone_check(ctx.is_admin or ctx.user_id == user_id, action)


# ------------------------------------------------------------------- access rules
@lru_cache(maxsize=512)
def _path_pattern(pattern: str) -> re.Pattern[str]:
    """A rule path as a regex: `*` and `{name}` match one segment, `**` anything."""
    parts = []
    for match in re.finditer(r"(\{[^}]*\})|(\*\*)|(\*)|([^{}*]+)", pattern):
        tag, any_depth, one, literal = match.groups()
        if any_depth:
            parts.append(".*")
        elif tag or one:
            parts.append(r"[^/]+")
        else:
            parts.append(re.escape(literal))
    return re.compile("^" + "".join(parts) + "$")


def rule_matches(rule: dict[str, Any], service_types: Collection[str], method: str,
                 path: str) -> bool:
    """Whether one access rule (`service`, `method`, `path`) covers the request to a service
    known by `service_types` (its catalog type and aliases, e.g. `volume`, `volumev3`)."""
    if rule.get("service") not in service_types or rule.get("method") != method:
        return False
    return _path_pattern(rule.get("path") or "").match(path) is not None


def request_allowed(ctx: Context, service_types: Collection[str], method: str,
                    paths: list[str]) -> bool:
    """Whether the token may make this request: always, unless it comes from an application
    credential with access rules, which must match the method and one of the request's
    paths (the path under the service's endpoint, e.g. `/v2.1/servers`, or the full path)."""
    if ctx.access_rules is None:
        return True
    return any(rule_matches(rule, service_types, method, path)
               for rule in ctx.access_rules for path in paths)
