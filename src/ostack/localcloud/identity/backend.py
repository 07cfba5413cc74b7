"""Keystone's state: domains, projects, users, groups, roles, implied roles, assignments,
application credentials and their access rules, tokens and the service catalog. No HTTP here:
the handlers in this package call these methods.

Tokens are opaque random strings; only their SHA-256 is stored. Like Keystone's fernet tokens,
a token's roles are computed when it is validated (direct and group assignments, then implied
roles), so removing a role or a membership changes what a token may do at once. Keystone's
revocation events are a `revoked` flag here: a password change, disabling or deleting a user,
disabling a project or a domain, or removing a user's role assignment revokes the tokens they
concern.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import sqlite3
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from .. import timestamps
from ..errors import BadRequest, Conflict, Forbidden, NotFound, Unauthorized
from ..policy import Context
from ..store import Store, dumps, loads
from . import inheritance
from .passwords import check_secret, hash_secret
from .records import Records

DEFAULT_DOMAIN_ID = "default"
REGION = "RegionOne"
INTERFACES = ("public", "internal", "admin")
# Keystone's default implied roles (`keystone-manage bootstrap`): admin implies member,
# member implies reader.
IMPLIED_ROLES = {"admin": ("member",), "member": ("reader",)}
# Roles that may not be implied (Keystone's [assignment] prohibited_implied_role).
PROHIBITED_IMPLIED_ROLES = ("admin",)
# Keystone's [resource] max_project_tree_depth.
MAX_PROJECT_DEPTH = 5
# Keystone's [token] allow_expired_window: how long after expiry `allow_expired` still works.
ALLOW_EXPIRED_WINDOW = 2 * 24 * 3600

# (service type, name, description, path under the cloud's base URL). Paths may hold
# `$(project_id)s`, which the catalog of a project-scoped token fills in.
#: A catalog entry to seed: (type, name, description, endpoint path under the base URL).
CatalogEntry = tuple[str, str, str, str]

# `$(project_id)s` or `%(project_id)s` in an endpoint URL, as Keystone substitutes them.
URL_TEMPLATE = re.compile(r"[$%]\(([A-Za-z_]+)\)s")
ACTOR_TABLES = {"user": ("assignments", "user_id"), "group": ("group_assignments", "group_id")}


def new_id() -> str:
    """A Keystone id: 32 hex characters."""
    return uuid.uuid4().hex


def audit_id() -> str:
    """A Keystone audit id: 16 random bytes, URL-safe base64 without padding."""
    return base64.urlsafe_b64encode(secrets.token_bytes(16)).rstrip(b"=").decode()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()


def render_url(url: str, values: dict[str, str | None]) -> str | None:
    """An endpoint URL with `$(name)s` filled in; None when a value is missing (Keystone leaves
    such endpoints out of the catalog, e.g. `$(project_id)s` for a domain-scoped token)."""
    missing = False

    def fill(match: re.Match[str]) -> str:
        nonlocal missing
        value = values.get(match.group(1))
        if value is None:
            missing = True
            return ""
        return value

    rendered = URL_TEMPLATE.sub(fill, url)
    return None if missing else rendered


def _duplicate(exc: Exception) -> bool:
    return isinstance(exc, sqlite3.IntegrityError) and "UNIQUE" in str(exc)


class IdentityBackend:
    """All identity state operations."""

    def __init__(self, store: Store, token_expiration: int = 3600) -> None:
        self.store = store
        self.token_expiration = token_expiration
        #: Credentials, policies, endpoint groups, OAuth consumers, domain configurations.
        self.records = Records(store)
        self._catalog: list[dict[str, Any]] | None = None
        self._roles: dict[str, dict[str, Any]] | None = None
        self._implications: dict[str, list[str]] | None = None
        self._upgrade()

    # ----------------------------------------------------------------- bootstrap
    def _upgrade(self) -> None:
        """Bring a state folder written by an older version up to date (columns, implied
        roles): the cloud keeps its records across versions."""
        for table in ("domains", "projects", "users"):
            columns = {row["name"] for row in self.store.query(f"PRAGMA table_info({table})")}
            if columns and "extra" not in columns:
                self.store.execute(
                    f"ALTER TABLE {table} ADD COLUMN extra TEXT NOT NULL DEFAULT '{{}}'")
        roles = {row["name"] for row in self.store.query("PRAGMA table_info(roles)")}
        if roles and "domain_id" not in roles:  # domain-specific roles
            self.store.execute("ALTER TABLE roles ADD COLUMN domain_id TEXT")
        if self.store.get_meta("implied_roles") is None:
            names = {row["name"]: row["id"] for row in self.store.query(
                "SELECT id, name FROM roles")}
            if names:
                with self.store.transaction() as db:
                    self._seed_implied_roles(db, names)

    @staticmethod
    def _seed_implied_roles(db: sqlite3.Connection, roles: dict[str, str]) -> None:
        for prior, implied_names in IMPLIED_ROLES.items():
            for implied in implied_names:
                if prior in roles and implied in roles:
                    db.execute("INSERT OR IGNORE INTO implied_roles VALUES (?, ?)",
                               (roles[prior], roles[implied]))
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('implied_roles', '1')")

    def bootstrap(self, admin_password: str, demo_password: str, base_url: str,
                  services: Sequence[CatalogEntry]) -> None:
        """Seed a fresh cloud: domain Default, projects admin/demo, users admin/demo, roles
        admin/member/reader (each implying the next), region RegionOne and the catalog."""
        with self.store.transaction() as db:
            db.execute(
                "INSERT INTO domains (id, name, description, enabled) VALUES (?, ?, ?, 1)",
                (DEFAULT_DOMAIN_ID, "Default", "The default domain"),
            )
            roles = {}
            for name in ("admin", "member", "reader"):
                roles[name] = new_id()
                db.execute("INSERT INTO roles (id, name) VALUES (?, ?)", (roles[name], name))
            self._seed_implied_roles(db, roles)
            projects = {}
            for name, description in (("admin", "Bootstrap project for initializing the cloud."),
                                      ("demo", "The demo project")):
                projects[name] = new_id()
                db.execute(
                    "INSERT INTO projects (id, name, domain_id, description, enabled, parent_id)"
                    " VALUES (?, ?, ?, ?, 1, ?)",
                    (projects[name], name, DEFAULT_DOMAIN_ID, description, DEFAULT_DOMAIN_ID),
                )
            for name, password, role in (("admin", admin_password, "admin"),
                                         ("demo", demo_password, "member")):
                user_id = new_id()
                db.execute(
                    "INSERT INTO users (id, name, domain_id, password_hash, enabled)"
                    " VALUES (?, ?, ?, ?, 1)",
                    (user_id, name, DEFAULT_DOMAIN_ID, hash_secret(password)),
                )
                db.execute(
                    "INSERT INTO assignments VALUES (?, ?, 'project', ?)",
                    (roles[role], user_id, projects[name]),
                )
                if name == "admin":  # as `keystone-manage bootstrap`: also on the system
                    db.execute("INSERT INTO assignments VALUES (?, ?, 'system', 'all')",
                               (roles["admin"], user_id))
            db.execute("INSERT INTO regions (id, description) VALUES (?, '')", (REGION,))
        self._forget()
        self.add_missing_services(base_url, services)

    def add_missing_services(self, base_url: str,
                             services: Sequence[CatalogEntry]) -> list[str]:
        """Add the catalog entries of `services` (every declared service) this state folder
        has never had (a service added to the local cloud after the folder was made); a seeded
        service the operator deleted stays deleted. Returns the types added."""
        seeded = set(loads(self.store.get_meta("seeded_services"), []))
        present = {row["type"] for row in self.store.query("SELECT type FROM services")}
        added = []
        with self.store.transaction() as db:
            for type_, name, description, path in services:
                if type_ in seeded:
                    continue
                seeded.add(type_)
                if type_ in present:
                    continue
                service_id = new_id()
                db.execute("INSERT INTO services (id, type, name, description, enabled)"
                           " VALUES (?, ?, ?, ?, 1)", (service_id, type_, name, description))
                for interface in INTERFACES:
                    db.execute("INSERT INTO endpoints (id, service_id, interface, region_id, url,"
                               " enabled) VALUES (?, ?, ?, ?, ?, 1)",
                               (new_id(), service_id, interface, REGION, base_url + path))
                added.append(type_)
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('seeded_services', ?)",
                       (dumps(sorted(seeded)),))
        self._catalog = None
        return added

    def set_password(self, user_id: str, password: str) -> None:
        """A new password (the operator's, when clouds.yaml was lost); revokes the tokens."""
        self.store.execute("UPDATE users SET password_hash = ? WHERE id = ?",
                           (hash_secret(password), user_id))
        self.revoke_tokens("user_id = ?", (user_id,))

    def rebase_endpoints(self, old_base: str, new_base: str) -> None:
        """Point the endpoints that addressed this cloud at its new port."""
        if old_base and old_base != new_base:
            self.store.execute(
                "UPDATE endpoints SET url = ? || substr(url, ?) WHERE substr(url, 1, ?) = ?",
                (new_base, len(old_base) + 1, len(old_base), old_base),
            )
        self._catalog = None

    def _forget(self) -> None:
        """Drop the in-memory copies of the catalog, roles and implications."""
        self._catalog = None
        self._roles = None
        self._implications = None

    # ----------------------------------------------------------------- helpers
    @staticmethod
    def _with_extra(row: dict[str, Any] | None) -> dict[str, Any] | None:
        if row is not None and "extra" in row:
            row["extra"] = loads(row["extra"], {}) or {}
        return row

    def _insert(self, table: str, values: dict[str, Any], what: str, conflict: str) -> None:
        columns = ", ".join(values)
        marks = ", ".join("?" * len(values))
        try:
            self.store.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})",
                               tuple(values.values()))
        except sqlite3.IntegrityError as exc:
            if _duplicate(exc):
                raise Conflict(f"Conflict occurred attempting to store {what} - {conflict}.") \
                    from None
            raise

    def _update(self, table: str, row_id: str, changes: dict[str, Any],
                allowed: tuple[str, ...], what: str) -> None:
        columns = [key for key in changes if key in allowed]
        if not columns:
            return
        values = []
        for column in columns:
            value = changes[column]
            if isinstance(value, bool):
                value = int(value)
            elif isinstance(value, (dict, list)):
                value = dumps(value)
            values.append(value)
        assignments = ", ".join(f"{c} = ?" for c in columns)
        try:
            self.store.execute(f"UPDATE {table} SET {assignments} WHERE id = ?",
                               (*values, row_id))
        except sqlite3.IntegrityError as exc:
            if _duplicate(exc):
                raise Conflict(f"Conflict occurred attempting to update {what} - Duplicate "
                               f"entry.") from None
            raise

    @staticmethod
    def _merge_extra(row: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
        """Changes with `extra` merged into the stored extra properties (None removes one)."""
        if "extra" not in changes:
            return changes
        extra = dict(row.get("extra") or {})
        for key, value in changes["extra"].items():
            extra[key] = value
        return dict(changes, extra=extra)

    # ----------------------------------------------------------------- domains
    def get_domain(self, domain_id: str) -> dict[str, Any] | None:
        return self._with_extra(self.store.query_one("SELECT * FROM domains WHERE id = ?",
                                                     (domain_id,)))

    def find_domain(self, ref: Any) -> dict[str, Any] | None:
        """A domain from `{"id": ...}` or `{"name": ...}`."""
        if not isinstance(ref, dict):
            return None
        if isinstance(ref.get("id"), str):
            return self.get_domain(ref["id"])
        if isinstance(ref.get("name"), str):
            return self._with_extra(self.store.query_one("SELECT * FROM domains WHERE name = ?",
                                                         (ref["name"],)))
        return None

    def list_domains(self, name: str | None = None, enabled: bool | None = None,
                     ids: list[str] | None = None) -> list[dict[str, Any]]:
        sql, params = "SELECT * FROM domains WHERE 1=1", []
        if name is not None:
            sql += " AND name = ?"
            params.append(name)
        if enabled is not None:
            sql += " AND enabled = ?"
            params.append(int(enabled))
        if ids is not None:
            sql += f" AND id IN ({','.join('?' * len(ids))})"
            params.extend(ids)
        return [self._with_extra(row) for row in  # type: ignore[misc]
                self.store.query(sql + " ORDER BY name", params)]

    def create_domain(self, name: str, description: str | None = None, enabled: bool = True,
                      extra: dict[str, Any] | None = None) -> dict[str, Any]:
        domain_id = new_id()
        self._insert("domains", {"id": domain_id, "name": name, "description": description,
                                 "enabled": int(enabled), "extra": dumps(extra or {})},
                     "domain", f"Duplicate entry found with name {name}")
        return self.get_domain(domain_id)  # type: ignore[return-value]

    def update_domain(self, domain_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        domain = self.get_domain(domain_id)
        if domain is None:
            raise NotFound(f"Could not find domain: {domain_id}.")
        changes = self._merge_extra(domain, changes)
        self._update("domains", domain_id, changes, ("name", "description", "enabled", "extra"),
                     "domain")
        if changes.get("enabled") is False and domain["enabled"]:
            # Keystone revokes every token of the domain: its scope, projects and users.
            self.revoke_tokens(
                "(scope_type = 'domain' AND scope_id = ?) OR (scope_type = 'project' AND "
                "scope_id IN (SELECT id FROM projects WHERE domain_id = ?)) OR "
                "user_id IN (SELECT id FROM users WHERE domain_id = ?)",
                (domain_id, domain_id, domain_id))
        return self.get_domain(domain_id)  # type: ignore[return-value]

    def delete_domain(self, domain_id: str) -> None:
        domain = self.get_domain(domain_id)
        if domain is None:
            raise NotFound(f"Could not find domain: {domain_id}.")
        if domain["enabled"]:
            raise Forbidden("Cannot delete a domain that is enabled, please disable it first.")
        projects = self.store.column("SELECT id FROM projects WHERE domain_id = ?", (domain_id,))
        users = self.store.column("SELECT id FROM users WHERE domain_id = ?", (domain_id,))
        groups = self.store.column("SELECT id FROM groups WHERE domain_id = ?", (domain_id,))
        for project_id in projects:
            self._delete_project_records(project_id)
        for user_id in users:
            self.delete_user(user_id)
        for group_id in groups:
            self.delete_group(group_id)
        with self.store.transaction() as db:
            for table in ("assignments", "group_assignments"):
                db.execute(f"DELETE FROM {table} WHERE target_type = 'domain' AND "
                           f"target_id = ?", (domain_id,))
            db.execute("DELETE FROM domains WHERE id = ?", (domain_id,))
        self.records.delete_owned("domain_config", domain_id)

    # ----------------------------------------------------------------- projects
    def get_project(self, project_id: str) -> dict[str, Any] | None:
        row = self.store.query_one("SELECT * FROM projects WHERE id = ?", (project_id,))
        if row is not None:
            row["tags"] = loads(row["tags"], [])
            self._with_extra(row)
        return row

    def find_project(self, ref: Any) -> dict[str, Any] | None:
        """A project from `{"id": ...}` or `{"name": ..., "domain": {"id"|"name": ...}}`."""
        if not isinstance(ref, dict):
            return None
        if isinstance(ref.get("id"), str):
            return self.get_project(ref["id"])
        if isinstance(ref.get("name"), str):
            domain = self.find_domain(ref.get("domain"))
            if domain is None:
                return None
            row = self.store.query_one("SELECT id FROM projects WHERE name = ? AND domain_id = ?",
                                       (ref["name"], domain["id"]))
            return self.get_project(row["id"]) if row else None
        return None

    def list_projects(self, filters: dict[str, Any] | None = None,
                      ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """Projects matching `filters` (name, domain_id, parent_id, enabled, tags, tags-any,
        not-tags, not-tags-any), optionally among `ids`."""
        sql, params = "SELECT * FROM projects WHERE 1=1", []
        filters = filters or {}
        for key in ("name", "domain_id", "parent_id"):
            if key in filters:
                sql += f" AND {key} = ?"
                params.append(filters[key])
        if "enabled" in filters:
            sql += " AND enabled = ?"
            params.append(int(filters["enabled"]))
        if ids is not None:
            ids = list(ids)
            if not ids:
                return []
            sql += f" AND id IN ({','.join('?' * len(ids))})"
            params.extend(ids)
        rows = self.store.query(sql + " ORDER BY name", params)
        result = []
        for row in rows:
            row["tags"] = loads(row["tags"], [])
            self._with_extra(row)
            tags = set(row["tags"])
            if "tags" in filters and not set(filters["tags"]) <= tags:
                continue
            if "tags-any" in filters and not set(filters["tags-any"]) & tags:
                continue
            if "not-tags" in filters and set(filters["not-tags"]) <= tags:
                continue
            if "not-tags-any" in filters and set(filters["not-tags-any"]) & tags:
                continue
            result.append(row)
        return result

    def project_parents(self, project_id: str) -> list[dict[str, Any]]:
        """The project's ancestors, nearest first (the domain at the top is not a project)."""
        parents: list[dict[str, Any]] = []
        seen = {project_id}
        project = self.get_project(project_id)
        while project is not None and project["parent_id"] not in (None, project["domain_id"]):
            parent_id = project["parent_id"]
            if parent_id in seen:
                break
            seen.add(parent_id)
            project = self.get_project(parent_id)
            if project is not None:
                parents.append(project)
        return parents

    def project_subtree(self, project_id: str) -> list[dict[str, Any]]:
        """The project's descendants, breadth first."""
        result: list[dict[str, Any]] = []
        level = [project_id]
        seen = {project_id}
        while level:
            children = [p for p in self._children_of(level) if p["id"] not in seen]
            seen.update(p["id"] for p in children)
            result.extend(children)
            level = [p["id"] for p in children]
        return result

    def _children_of(self, parent_ids: list[str]) -> list[dict[str, Any]]:
        marks = ",".join("?" * len(parent_ids))
        rows = self.store.query(f"SELECT id FROM projects WHERE parent_id IN ({marks}) "
                                f"ORDER BY name", parent_ids)
        return self.list_projects(ids=[row["id"] for row in rows])

    def create_project(self, name: str, domain_id: str | None, description: str | None = None,
                       enabled: bool = True, parent_id: str | None = None,
                       tags: list[str] | None = None,
                       extra: dict[str, Any] | None = None) -> dict[str, Any]:
        """A project in `domain_id` (or its parent's domain), under `parent_id` (a project or
        the domain itself), with Keystone's hierarchy rules."""
        parent = None
        if parent_id is not None and self.get_domain(parent_id) is None:
            parent = self.get_project(parent_id)
            if parent is None:
                raise NotFound(f"Could not find project: {parent_id}.")
            if domain_id is None:
                domain_id = parent["domain_id"]
            if parent["domain_id"] != domain_id:
                raise BadRequest("Cannot create project, the parent "
                                 f"({parent_id}) is in a different domain "
                                 f"({parent['domain_id']}).")
            if enabled and not parent["enabled"]:
                raise Forbidden(f"Cannot create project, since it specifies its owner as "
                                f"domain {domain_id} but specifies a parent in a disabled "
                                f"state ({parent_id}).")
            if len(self.project_parents(parent_id)) + 2 > MAX_PROJECT_DEPTH:
                raise Forbidden(f"Max hierarchy depth reached for {parent_id} branch.")
        elif parent_id is not None:
            if domain_id is None:
                domain_id = parent_id
            if parent_id != domain_id:
                raise BadRequest(f"Cannot create project, the parent ({parent_id}) is in a "
                                 f"different domain ({domain_id}).")
        domain_id = domain_id or DEFAULT_DOMAIN_ID
        if self.get_domain(domain_id) is None:
            raise NotFound(f"Could not find domain: {domain_id}.")
        project_id = new_id()
        self._insert("projects", {
            "id": project_id, "name": name, "domain_id": domain_id, "description": description,
            "enabled": int(enabled), "parent_id": parent["id"] if parent else domain_id,
            "tags": dumps(tags or []), "extra": dumps(extra or {}),
        }, "project", f"Duplicate entry found with name {name} at domain ID {domain_id}")
        return self.get_project(project_id)  # type: ignore[return-value]

    def update_project(self, project_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        project = self.get_project(project_id)
        if project is None:
            raise NotFound(f"Could not find project: {project_id}.")
        changes = self._merge_extra(project, changes)
        disabling = changes.get("enabled") is False and project["enabled"]
        if disabling and any(child["enabled"] for child in self.project_subtree(project_id)):
            raise Forbidden(f"Cannot disable project {project_id} since its subtree contains "
                            f"enabled projects.")
        if changes.get("enabled") is True and not project["enabled"]:
            parent = self.get_project(project["parent_id"] or "")
            if parent is not None and not parent["enabled"]:
                raise Forbidden(f"Cannot enable project {project_id} since it has disabled "
                                f"parents.")
        self._update("projects", project_id, changes,
                     ("name", "description", "enabled", "tags", "extra"), "project")
        if changes.get("enabled") is False and project["enabled"]:
            self.revoke_tokens("scope_type = 'project' AND scope_id = ?", (project_id,))
        return self.get_project(project_id)  # type: ignore[return-value]

    def delete_project(self, project_id: str) -> None:
        if self.store.scalar("SELECT 1 FROM projects WHERE parent_id = ?", (project_id,)):
            raise Forbidden(f"Cannot delete the project {project_id} since it is not a leaf in "
                            f"the hierarchy. Use the cascade option if you want to delete a "
                            f"whole subtree.")
        self._delete_project_records(project_id)

    def _delete_project_records(self, project_id: str) -> None:
        self.revoke_tokens("scope_type = 'project' AND scope_id = ?", (project_id,))
        with self.store.transaction() as db:
            for table in ("assignments", "group_assignments"):
                db.execute(f"DELETE FROM {table} WHERE target_type = 'project' AND "
                           f"target_id = ?", (project_id,))
            db.execute("DELETE FROM application_credential_access_rules WHERE "
                       "application_credential_id IN (SELECT id FROM application_credentials "
                       "WHERE project_id = ?)", (project_id,))
            db.execute("DELETE FROM application_credentials WHERE project_id = ?", (project_id,))
            db.execute("DELETE FROM projects WHERE id = ?", (project_id,))

    # ----------------------------------------------------------------- users
    def get_user(self, user_id: str) -> dict[str, Any] | None:
        return self._with_extra(self.store.query_one("SELECT * FROM users WHERE id = ?",
                                                     (user_id,)))

    def find_user(self, ref: Any) -> dict[str, Any] | None:
        """A user from `{"id": ...}` or `{"name": ..., "domain": {"id"|"name": ...}}`."""
        if not isinstance(ref, dict):
            return None
        if isinstance(ref.get("id"), str):
            return self.get_user(ref["id"])
        if isinstance(ref.get("name"), str):
            domain = self.find_domain(ref.get("domain"))
            if domain is None:
                return None
            return self._with_extra(self.store.query_one(
                "SELECT * FROM users WHERE name = ? AND domain_id = ?",
                (ref["name"], domain["id"])))
        return None

    def list_users(self, filters: dict[str, Any] | None = None,
                   ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
        sql, params = "SELECT * FROM users WHERE 1=1", []
        for key, value in (filters or {}).items():
            if key in ("name", "domain_id"):
                sql += f" AND {key} = ?"
                params.append(value)
            elif key == "enabled":
                sql += " AND enabled = ?"
                params.append(int(value))
        if ids is not None:
            ids = list(ids)
            if not ids:
                return []
            sql += f" AND id IN ({','.join('?' * len(ids))})"
            params.extend(ids)
        return [self._with_extra(row) for row in  # type: ignore[misc]
                self.store.query(sql + " ORDER BY name", params)]

    def create_user(self, name: str, domain_id: str, password: str | None = None,
                    enabled: bool = True, default_project_id: str | None = None,
                    description: str | None = None, email: str | None = None,
                    extra: dict[str, Any] | None = None) -> dict[str, Any]:
        if self.get_domain(domain_id) is None:
            raise NotFound(f"Could not find domain: {domain_id}.")
        user_id = new_id()
        self._insert("users", {
            "id": user_id, "name": name, "domain_id": domain_id,
            "password_hash": hash_secret(password) if password else None,
            "enabled": int(enabled), "default_project_id": default_project_id,
            "description": description, "email": email, "extra": dumps(extra or {}),
        }, "user", f"Duplicate entry found with name {name} at domain ID {domain_id}")
        return self.get_user(user_id)  # type: ignore[return-value]

    def update_user(self, user_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        user = self.get_user(user_id)
        if user is None:
            raise NotFound(f"Could not find user: {user_id}.")
        changes = self._merge_extra(user, changes)
        if "password" in changes:
            password = changes.pop("password")
            changes["password_hash"] = hash_secret(password) if password else None
        self._update("users", user_id, changes, ("name", "enabled", "default_project_id",
                                                 "description", "email", "password_hash",
                                                 "extra"), "user")
        if "password_hash" in changes or (changes.get("enabled") is False and user["enabled"]):
            self.revoke_tokens("user_id = ?", (user_id,))
        return self.get_user(user_id)  # type: ignore[return-value]

    def change_password(self, user_id: str, original: str, password: str) -> bool:
        """A user's own password change; False when the original password is wrong. Revokes
        the user's tokens, as Keystone does."""
        user = self.get_user(user_id)
        if user is None or not user["enabled"] or not check_secret(original,
                                                                    user["password_hash"]):
            return False
        self.set_password(user_id, password)
        return True

    def delete_user(self, user_id: str) -> None:
        self.revoke_tokens("user_id = ?", (user_id,))
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

    # ----------------------------------------------------------------- groups
    def get_group(self, group_id: str) -> dict[str, Any] | None:
        return self._with_extra(self.store.query_one("SELECT * FROM groups WHERE id = ?",
                                                     (group_id,)))

    def list_groups(self, filters: dict[str, Any] | None = None,
                    ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
        sql, params = "SELECT * FROM groups WHERE 1=1", []
        for key, value in (filters or {}).items():
            if key in ("name", "domain_id"):
                sql += f" AND {key} = ?"
                params.append(value)
        if ids is not None:
            ids = list(ids)
            if not ids:
                return []
            sql += f" AND id IN ({','.join('?' * len(ids))})"
            params.extend(ids)
        return [self._with_extra(row) for row in  # type: ignore[misc]
                self.store.query(sql + " ORDER BY name", params)]

    def create_group(self, name: str, domain_id: str, description: str | None = None,
                     extra: dict[str, Any] | None = None) -> dict[str, Any]:
        if self.get_domain(domain_id) is None:
            raise NotFound(f"Could not find domain: {domain_id}.")
        group_id = new_id()
        self._insert("groups", {"id": group_id, "name": name, "domain_id": domain_id,
                                "description": description, "extra": dumps(extra or {})},
                     "group", f"Duplicate entry found with name {name} at domain ID "
                              f"{domain_id}")
        return self.get_group(group_id)  # type: ignore[return-value]

    def update_group(self, group_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        group = self.get_group(group_id)
        if group is None:
            raise NotFound(f"Could not find group: {group_id}.")
        changes = self._merge_extra(group, changes)
        self._update("groups", group_id, changes, ("name", "description", "extra"), "group")
        return self.get_group(group_id)  # type: ignore[return-value]

    def delete_group(self, group_id: str) -> None:
        with self.store.transaction() as db:
            db.execute("DELETE FROM group_assignments WHERE group_id = ?", (group_id,))
            db.execute("DELETE FROM group_members WHERE group_id = ?", (group_id,))
            db.execute("DELETE FROM groups WHERE id = ?", (group_id,))

    def add_member(self, group_id: str, user_id: str) -> None:
        self.store.execute("INSERT OR IGNORE INTO group_members VALUES (?, ?)",
                           (group_id, user_id))

    def remove_member(self, group_id: str, user_id: str) -> bool:
        """Remove the user from the group; revokes the user's tokens, as Keystone does."""
        removed = self.store.execute(
            "DELETE FROM group_members WHERE group_id = ? AND user_id = ?",
            (group_id, user_id)) > 0
        if removed:
            self.revoke_tokens("user_id = ?", (user_id,))
        return removed

    def is_member(self, group_id: str, user_id: str) -> bool:
        return self.store.scalar("SELECT 1 FROM group_members WHERE group_id = ? AND "
                                 "user_id = ?", (group_id, user_id)) is not None

    def group_users(self, group_id: str, filters: dict[str, Any] | None = None
                    ) -> list[dict[str, Any]]:
        ids = self.store.column("SELECT user_id FROM group_members WHERE group_id = ?",
                                (group_id,))
        return self.list_users(filters, ids=ids)

    def user_groups(self, user_id: str, filters: dict[str, Any] | None = None
                    ) -> list[dict[str, Any]]:
        return self.list_groups(filters, ids=self._group_ids(user_id))

    def _group_ids(self, user_id: str) -> list[str]:
        return self.store.column("SELECT group_id FROM group_members WHERE user_id = ?",
                                 (user_id,))

    # ----------------------------------------------------------------- roles
    def _role_index(self) -> dict[str, dict[str, Any]]:
        if self._roles is None:
            self._roles = {row["id"]: row for row in self.store.query(
                "SELECT * FROM roles ORDER BY name")}
        return self._roles

    def get_role(self, role_id: str) -> dict[str, Any] | None:
        role = self._role_index().get(role_id)
        return dict(role) if role is not None else None

    def find_role(self, ref: Any) -> dict[str, Any] | None:
        if not isinstance(ref, dict):
            return None
        if isinstance(ref.get("id"), str):
            return self.get_role(ref["id"])
        if isinstance(ref.get("name"), str):
            for role in self._role_index().values():
                if role["name"] == ref["name"] and role.get("domain_id") is None:
                    return dict(role)
        return None

    def list_roles(self, name: str | None = None,
                   domain_id: str | None = None) -> list[dict[str, Any]]:
        """Global roles, or the roles of one domain (`domain_id`)."""
        return [dict(role) for role in self._role_index().values()
                if (name is None or role["name"] == name)
                and role.get("domain_id") == domain_id]

    def create_role(self, name: str, description: str | None = None,
                    domain_id: str | None = None) -> dict[str, Any]:
        role_id = new_id()
        self._insert("roles", {"id": role_id, "name": name, "description": description,
                               "domain_id": domain_id},
                     "role", f"Duplicate entry found with name {name}")
        self._roles = None
        return self.get_role(role_id)  # type: ignore[return-value]

    def update_role(self, role_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        self._update("roles", role_id, changes, ("name", "description"), "role")
        self._roles = None
        return self.get_role(role_id)  # type: ignore[return-value]

    def delete_role(self, role_id: str) -> None:
        with self.store.transaction() as db:
            db.execute("DELETE FROM assignments WHERE role_id = ?", (role_id,))
            db.execute("DELETE FROM group_assignments WHERE role_id = ?", (role_id,))
            db.execute("DELETE FROM implied_roles WHERE prior_role_id = ? OR "
                       "implied_role_id = ?", (role_id, role_id))
            db.execute("DELETE FROM roles WHERE id = ?", (role_id,))
        self._roles = None
        self._implications = None

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

    def add_implied_role(self, prior_id: str, implied_id: str) -> None:
        implied = self.get_role(implied_id)
        if implied is not None and implied["name"] in PROHIBITED_IMPLIED_ROLES:
            raise Forbidden(f"{implied['name']} role cannot be an implied role.")
        prior = self.get_role(prior_id)
        if implied is not None and implied.get("domain_id") and prior is not None \
                and not prior.get("domain_id"):
            raise Forbidden("A global role cannot imply a domain-specific role.")
        if prior_id == implied_id or prior_id in self.implied_closure(implied_id):
            raise BadRequest(f"Cannot create the role inference {prior_id} implies "
                             f"{implied_id}: it would make a cycle.")
        self.store.execute("INSERT OR IGNORE INTO implied_roles VALUES (?, ?)",
                           (prior_id, implied_id))
        self._implications = None

    def remove_implied_role(self, prior_id: str, implied_id: str) -> bool:
        removed = self.store.execute(
            "DELETE FROM implied_roles WHERE prior_role_id = ? AND implied_role_id = ?",
            (prior_id, implied_id)) > 0
        self._implications = None
        return removed

    def expand_roles(self, role_ids: Iterable[str]) -> list[dict[str, Any]]:
        """Roles (id, name) with every role they imply; the direct ones first, by name."""
        index = self._role_index()
        direct = sorted((index[r] for r in set(role_ids) if r in index),
                        key=lambda r: r["name"])
        result: list[dict[str, Any]] = []
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

    # ----------------------------------------------------------------- assignments
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
            self.revoke_tokens("user_id = ? AND scope_type = ? AND scope_id = ?",
                               (actor_id, target_type, target_id))
        return removed

    def has_grant(self, role_id: str, actor_type: str, actor_id: str, target_type: str,
                  target_id: str) -> bool:
        table, column = ACTOR_TABLES[actor_type]
        return self.store.scalar(
            f"SELECT 1 FROM {table} WHERE role_id = ? AND {column} = ? AND target_type = ? AND "
            f"target_id = ?", (role_id, actor_id, target_type, target_id)) is not None

    def list_assignments(self, user_id: str | None = None, group_id: str | None = None,
                         role_id: str | None = None, target_type: str | None = None,
                         target_id: str | None = None,
                         target_ids: list[str] | None = None,
                         users: bool = True, groups: bool = True) -> list[dict[str, Any]]:
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
            for source_type, source_id in inheritance.sources(self, target_id):
                role_ids += [r for r in self._direct_role_ids(user_id, source_type, source_id)
                             if r not in role_ids]
        return role_ids

    def roles_on(self, user_id: str, target_type: str, target_id: str) -> list[dict[str, Any]]:
        """The user's effective roles on a target: its own and its groups' assignments, with
        the roles they imply."""
        return self.expand_roles(self._direct_role_ids(user_id, target_type, target_id))

    def _targets_of(self, user_id: str, target_type: str) -> list[str]:
        return self.store.column(
            "SELECT target_id FROM assignments WHERE user_id = ? AND target_type = ? UNION "
            "SELECT ga.target_id FROM group_assignments ga JOIN group_members gm ON "
            "gm.group_id = ga.group_id WHERE gm.user_id = ? AND ga.target_type = ?",
            (user_id, target_type, user_id, target_type))

    def projects_of(self, user_id: str, enabled_only: bool = True) -> list[dict[str, Any]]:
        """Projects where the user holds a role (directly or through a group)."""
        rows = self.list_projects(ids=self._targets_of(user_id, "project"))
        if not enabled_only:
            return rows
        domains = {d["id"]: d["enabled"] for d in self.list_domains()}
        return [p for p in rows if p["enabled"] and domains.get(p["domain_id"])]

    def domains_of(self, user_id: str) -> list[dict[str, Any]]:
        """Enabled domains where the user holds a role (directly or through a group)."""
        return self.list_domains(enabled=True, ids=self._targets_of(user_id, "domain"))

    def has_system_role(self, user_id: str) -> bool:
        return bool(self._targets_of(user_id, "system"))

    # ----------------------------------------------------------------- application credentials
    def create_application_credential(
        self, user_id: str, project_id: str, name: str, roles: list[dict[str, Any]],
        secret: str | None = None, description: str | None = None,
        expires_at: float | None = None, unrestricted: bool = False,
        access_rules: list[dict[str, Any]] | None = None,
    ) -> tuple[dict[str, Any], str]:
        """Store a new application credential; returns it and its secret (shown only once).

        An access rule is given by `id` (one of the user's existing rules) or by `service`,
        `path` and `method` (reusing the user's identical rule when there is one)."""
        if secret is None:
            secret = base64.urlsafe_b64encode(secrets.token_bytes(64)).rstrip(b"=").decode()
        rule_ids = []
        for rule in access_rules or []:
            if "id" in rule and not {"service", "path", "method"} & set(rule):
                found = self.get_access_rule(rule["id"])
                if found is None or found["user_id"] != user_id:
                    raise NotFound(f"Could not find access rule: {rule['id']}.")
                rule_ids.append(found["id"])
                continue
            existing = self.store.scalar(
                "SELECT id FROM access_rules WHERE user_id = ? AND service = ? AND path = ? AND "
                "method = ?", (user_id, rule["service"], rule["path"], rule["method"]))
            if existing is None:
                existing = rule.get("id") or new_id()
                self._insert("access_rules", {
                    "id": existing, "user_id": user_id, "service": rule["service"],
                    "path": rule["path"], "method": rule["method"]},
                    "access_rule", f"Duplicate ID, {existing}")
            if existing not in rule_ids:
                rule_ids.append(existing)
        cred_id = new_id()
        self._insert("application_credentials", {
            "id": cred_id, "user_id": user_id, "project_id": project_id, "name": name,
            "description": description, "secret_hash": hash_secret(secret),
            "expires_at": expires_at, "unrestricted": int(unrestricted), "roles": dumps(roles),
            "created_at": timestamps.now()},
            "application_credential", f"Duplicate entry found with name {name}")
        with self.store.transaction() as db:
            for rule_id in rule_ids:
                db.execute("INSERT OR IGNORE INTO application_credential_access_rules "
                           "VALUES (?, ?)", (cred_id, rule_id))
        return self.get_application_credential(cred_id), secret  # type: ignore[return-value]

    def _credential_rules(self, cred_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        if not cred_ids:
            return {}
        marks = ",".join("?" * len(cred_ids))
        rows = self.store.query(
            f"SELECT l.application_credential_id AS cred, r.* FROM "
            f"application_credential_access_rules l JOIN access_rules r ON "
            f"r.id = l.access_rule_id WHERE l.application_credential_id IN ({marks}) "
            f"ORDER BY r.service, r.path, r.method", cred_ids)
        result: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            result.setdefault(row.pop("cred"), []).append(row)
        return result

    def _credential_rows(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        rules = self._credential_rules([row["id"] for row in rows])
        for row in rows:
            row["roles"] = loads(row["roles"], [])
            row["access_rules"] = rules.get(row["id"], [])
        return rows

    def get_application_credential(self, cred_id: str) -> dict[str, Any] | None:
        row = self.store.query_one("SELECT * FROM application_credentials WHERE id = ?",
                                   (cred_id,))
        return self._credential_rows([row])[0] if row is not None else None

    def list_application_credentials(self, user_id: str,
                                     name: str | None = None) -> list[dict[str, Any]]:
        sql, params = "SELECT * FROM application_credentials WHERE user_id = ?", [user_id]
        if name is not None:
            sql += " AND name = ?"
            params.append(name)
        return self._credential_rows(self.store.query(sql + " ORDER BY created_at", params))

    def delete_application_credential(self, cred_id: str) -> None:
        self.revoke_tokens("application_credential_id = ?", (cred_id,))
        with self.store.transaction() as db:
            db.execute("DELETE FROM application_credential_access_rules WHERE "
                       "application_credential_id = ?", (cred_id,))
            db.execute("DELETE FROM application_credentials WHERE id = ?", (cred_id,))

    def list_access_rules(self, user_id: str) -> list[dict[str, Any]]:
        return self.store.query("SELECT * FROM access_rules WHERE user_id = ? ORDER BY "
                                "service, path, method", (user_id,))

    def get_access_rule(self, rule_id: str) -> dict[str, Any] | None:
        return self.store.query_one("SELECT * FROM access_rules WHERE id = ?", (rule_id,))

    def delete_access_rule(self, rule_id: str) -> None:
        """Delete a rule no application credential uses (403 otherwise, as Keystone)."""
        if self.store.scalar("SELECT 1 FROM application_credential_access_rules WHERE "
                             "access_rule_id = ?", (rule_id,)):
            raise Forbidden("May not delete access rule in use")
        self.store.execute("DELETE FROM access_rules WHERE id = ?", (rule_id,))

    # ----------------------------------------------------------------- catalog
    def catalog(self) -> list[dict[str, Any]]:
        """The catalog's records: enabled services with their enabled endpoints, URLs as
        stored (with `$(project_id)s` templates). `catalog_for` renders a token's catalog."""
        if self._catalog is None:
            services = self.store.query("SELECT * FROM services WHERE enabled = 1 ORDER BY type")
            endpoints = self.store.query(
                "SELECT * FROM endpoints WHERE enabled = 1 ORDER BY interface")
            catalog = []
            for service in services:
                catalog.append({
                    "endpoints": [
                        {"id": e["id"], "interface": e["interface"], "region_id": e["region_id"],
                         "url": e["url"], "region": e["region_id"]}
                        for e in endpoints if e["service_id"] == service["id"]
                    ],
                    "id": service["id"],
                    "type": service["type"],
                    "name": service["name"] or "",
                })
            self._catalog = catalog
        return self._catalog

    def catalog_for(self, ctx: Context) -> list[dict[str, Any]]:
        """The catalog of a token: `$(project_id)s`, `$(tenant_id)s` (or `%(...)s`) and
        `$(user_id)s` filled in; endpoints needing a project are left out of the catalog of a
        token without one (domain or system scope), as Keystone does."""
        values = {"project_id": ctx.project_id, "tenant_id": ctx.project_id,
                  "user_id": ctx.user_id}
        result = []
        for service in self.catalog():
            endpoints = []
            for endpoint in service["endpoints"]:
                url = endpoint["url"]
                if "(" in url:
                    rendered = render_url(url, values)
                    if rendered is None:
                        continue
                    endpoint = dict(endpoint, url=rendered)
                endpoints.append(endpoint)
            result.append(dict(service, endpoints=endpoints))
        return result

    def list_services(self, type_: str | None = None,
                      name: str | None = None) -> list[dict[str, Any]]:
        sql, params = "SELECT * FROM services WHERE 1=1", []
        if type_ is not None:
            sql += " AND type = ?"
            params.append(type_)
        if name is not None:
            sql += " AND name = ?"
            params.append(name)
        return self.store.query(sql + " ORDER BY type", params)

    def get_service(self, service_id: str) -> dict[str, Any] | None:
        return self.store.query_one("SELECT * FROM services WHERE id = ?", (service_id,))

    def create_service(self, type_: str, name: str | None = None,
                       description: str | None = None, enabled: bool = True) -> dict[str, Any]:
        service_id = new_id()
        self._insert("services", {"id": service_id, "type": type_, "name": name,
                                  "description": description, "enabled": int(enabled)},
                     "service", f"Duplicate ID, {service_id}")
        self._catalog = None
        return self.get_service(service_id)  # type: ignore[return-value]

    def update_service(self, service_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        self._update("services", service_id, changes, ("type", "name", "description",
                                                       "enabled"), "service")
        self._catalog = None
        return self.get_service(service_id)  # type: ignore[return-value]

    def delete_service(self, service_id: str) -> None:
        with self.store.transaction() as db:
            db.execute("DELETE FROM endpoints WHERE service_id = ?", (service_id,))
            db.execute("DELETE FROM services WHERE id = ?", (service_id,))
        self._catalog = None

    def list_endpoints(self, filters: dict[str, str] | None = None) -> list[dict[str, Any]]:
        sql, params = "SELECT * FROM endpoints WHERE 1=1", []
        for key, value in (filters or {}).items():
            if key in ("service_id", "interface", "region_id"):
                sql += f" AND {key} = ?"
                params.append(value)
        return self.store.query(sql + " ORDER BY service_id, interface", params)

    def get_endpoint(self, endpoint_id: str) -> dict[str, Any] | None:
        return self.store.query_one("SELECT * FROM endpoints WHERE id = ?", (endpoint_id,))

    def _check_endpoint_refs(self, service_id: str | None, region_id: str | None) -> None:
        if service_id is not None and self.get_service(service_id) is None:
            raise BadRequest(f"Could not find service: {service_id}.")
        if region_id is not None and self.get_region(region_id) is None:
            raise BadRequest(f"Could not find region: {region_id}.")

    def create_endpoint(self, service_id: str, interface: str, url: str,
                        region_id: str | None = None, enabled: bool = True) -> dict[str, Any]:
        self._check_endpoint_refs(service_id, region_id)
        endpoint_id = new_id()
        self._insert("endpoints", {"id": endpoint_id, "service_id": service_id,
                                   "interface": interface, "region_id": region_id, "url": url,
                                   "enabled": int(enabled)},
                     "endpoint", f"Duplicate ID, {endpoint_id}")
        self._catalog = None
        return self.get_endpoint(endpoint_id)  # type: ignore[return-value]

    def update_endpoint(self, endpoint_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        self._check_endpoint_refs(changes.get("service_id"), changes.get("region_id"))
        self._update("endpoints", endpoint_id, changes, ("service_id", "interface",
                                                         "region_id", "url", "enabled"),
                     "endpoint")
        self._catalog = None
        return self.get_endpoint(endpoint_id)  # type: ignore[return-value]

    def delete_endpoint(self, endpoint_id: str) -> None:
        self.store.execute("DELETE FROM endpoints WHERE id = ?", (endpoint_id,))
        self._catalog = None

    def list_regions(self, parent_region_id: str | None = None) -> list[dict[str, Any]]:
        if parent_region_id is not None:
            return self.store.query("SELECT * FROM regions WHERE parent_region_id = ? ORDER BY "
                                    "id", (parent_region_id,))
        return self.store.query("SELECT * FROM regions ORDER BY id")

    def get_region(self, region_id: str) -> dict[str, Any] | None:
        return self.store.query_one("SELECT * FROM regions WHERE id = ?", (region_id,))

    def _check_region_parent(self, region_id: str, parent_region_id: str | None) -> None:
        if parent_region_id is None:
            return
        if self.get_region(parent_region_id) is None:
            raise NotFound(f"Could not find region: {parent_region_id}.")
        seen = {region_id}
        current: str | None = parent_region_id
        while current is not None:
            if current in seen:
                raise BadRequest(f"Circular reference or a repeated entry found in region "
                                 f"tree - {current}.")
            seen.add(current)
            parent = self.get_region(current)
            current = parent["parent_region_id"] if parent else None

    def create_region(self, region_id: str | None, description: str = "",
                      parent_region_id: str | None = None) -> dict[str, Any]:
        region_id = region_id or new_id()
        if self.get_region(region_id) is not None:
            raise Conflict(f"Conflict occurred attempting to store region - Duplicate ID, "
                           f"{region_id}.")
        self._check_region_parent(region_id, parent_region_id)
        self._insert("regions", {"id": region_id, "description": description,
                                 "parent_region_id": parent_region_id},
                     "region", f"Duplicate ID, {region_id}")
        return self.get_region(region_id)  # type: ignore[return-value]

    def update_region(self, region_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        if "parent_region_id" in changes:
            self._check_region_parent(region_id, changes["parent_region_id"])
        self._update("regions", region_id, changes, ("description", "parent_region_id"),
                     "region")
        return self.get_region(region_id)  # type: ignore[return-value]

    def delete_region(self, region_id: str) -> None:
        if self.store.scalar("SELECT 1 FROM regions WHERE parent_region_id = ?", (region_id,)):
            raise Forbidden(f"Unable to delete region {region_id} because it or its child "
                            f"regions have associated endpoints.")
        if self.store.scalar("SELECT 1 FROM endpoints WHERE region_id = ?", (region_id,)):
            raise Forbidden(f"Unable to delete region {region_id} because it or its child "
                            f"regions have associated endpoints.")
        self.store.execute("DELETE FROM regions WHERE id = ?", (region_id,))

    # ----------------------------------------------------------------- authentication
    def authenticate(self, identity: Any, scope: Any) -> tuple[str, Context]:
        """Authenticate `auth.identity`, scope the result by `auth.scope`, issue a token.

        Returns the token (to send once, in X-Subject-Token) and its resolved context.
        """
        if not isinstance(identity, dict):
            raise BadRequest("Expecting to find identity in auth. The server could not comply "
                             "with the request since it is either malformed or otherwise "
                             "incorrect. The client is assumed to be in error.")
        methods = identity.get("methods")
        if (not isinstance(methods, list) or not methods
                or not all(isinstance(m, str) for m in methods)):
            raise BadRequest("Expecting to find methods in identity. The server could not comply "
                             "with the request since it is either malformed or otherwise "
                             "incorrect. The client is assumed to be in error.")
        user: dict[str, Any] | None = None
        parent: Context | None = None
        app_cred: dict[str, Any] | None = None
        for method in methods:
            data = identity.get(method)
            if method == "password":
                found = self._password_user(data)
            elif method == "token":
                parent = self._token_method(data)
                found = parent.user
            elif method == "application_credential":
                app_cred = self._application_credential(data)
                found = self.get_user(app_cred["user_id"])
            else:
                raise Unauthorized(f"Unsupported authentication method: {method}")
            if found is None or (user is not None and found["id"] != user["id"]):
                raise Unauthorized()
            user = found
        assert user is not None
        if not user["enabled"]:
            raise Unauthorized()
        all_methods = list(dict.fromkeys(methods + (parent.methods if parent else [])))
        if app_cred is not None:
            if scope is not None and scope != "unscoped":
                raise Unauthorized("Application credentials cannot request a scope.")
            scope_type, scope_id = "project", app_cred["project_id"]
        else:
            scope_type, scope_id = self._resolve_scope(user, scope)
        return self._issue(user, scope_type, scope_id, all_methods, app_cred, parent)

    def _password_user(self, data: Any) -> dict[str, Any] | None:
        user_ref = data.get("user") if isinstance(data, dict) else None
        if not isinstance(user_ref, dict):
            raise BadRequest("Expecting to find user in password. The server could not comply "
                             "with the request since it is either malformed or otherwise "
                             "incorrect. The client is assumed to be in error.")
        password = user_ref.get("password")
        if not isinstance(password, str):
            raise BadRequest("Expecting to find password in user. The server could not comply "
                             "with the request since it is either malformed or otherwise "
                             "incorrect. The client is assumed to be in error.")
        if "id" not in user_ref and "domain" not in user_ref:
            raise BadRequest("Expecting to find domain in user. The server could not comply "
                             "with the request since it is either malformed or otherwise "
                             "incorrect. The client is assumed to be in error.")
        user = self.find_user(user_ref)
        if user is None or not check_secret(password, user["password_hash"]):
            raise Unauthorized()
        return user

    def _token_method(self, data: Any) -> Context:
        token = data.get("id") if isinstance(data, dict) else None
        if not isinstance(token, str):
            raise BadRequest("Expecting to find id in token. The server could not comply with "
                             "the request since it is either malformed or otherwise incorrect. "
                             "The client is assumed to be in error.")
        ctx = self.validate_token(token)
        if ctx is None:
            raise Unauthorized()
        if ctx.application_credential is not None:
            raise Forbidden("Application credential tokens cannot be rescoped.")
        return ctx

    def _application_credential(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict) or not isinstance(data.get("secret"), str):
            raise BadRequest("Expecting to find secret in application_credential.")
        cred: dict[str, Any] | None = None
        if isinstance(data.get("id"), str):
            cred = self.get_application_credential(data["id"])
        elif isinstance(data.get("name"), str):
            user = self.find_user(data.get("user"))
            if user is not None:
                found = self.list_application_credentials(user["id"], name=data["name"])
                cred = found[0] if found else None
        else:
            raise BadRequest("Expecting to find id or name in application_credential.")
        if cred is None or not check_secret(data["secret"], cred["secret_hash"]):
            raise Unauthorized()
        if cred["expires_at"] is not None and cred["expires_at"] <= timestamps.now():
            raise Unauthorized("Application credential has expired.")
        return cred

    def _resolve_scope(self, user: dict[str, Any], scope: Any) -> tuple[str, str | None]:
        if scope is None:
            default = user.get("default_project_id")
            if default and self.roles_on(user["id"], "project", default):
                project = self.get_project(default)
                domain = self.get_domain(project["domain_id"]) if project else None
                if project and project["enabled"] and domain and domain["enabled"]:
                    return "project", default
            return "unscoped", None
        if scope == "unscoped":
            return "unscoped", None
        if not isinstance(scope, dict) or len([k for k in ("project", "domain", "system",
                                                           "OS-TRUST:trust")
                                               if k in scope]) > 1:
            raise BadRequest("Invalid scope in auth request: specify one of project, domain "
                             "or system.")
        if "project" in scope:
            project = self.find_project(scope["project"])
            if project is None or not project["enabled"]:
                raise Unauthorized(f"Could not find project: {_ref_text(scope['project'])}.")
            domain = self.get_domain(project["domain_id"])
            if domain is None or not domain["enabled"]:
                raise Unauthorized()
            if not self.roles_on(user["id"], "project", project["id"]):
                raise Unauthorized(f"User {user['id']} has no access to project "
                                   f"{project['id']}.")
            return "project", project["id"]
        if "domain" in scope:
            domain = self.find_domain(scope["domain"])
            if domain is None or not domain["enabled"]:
                raise Unauthorized(f"Could not find domain: {_ref_text(scope['domain'])}.")
            if not self.roles_on(user["id"], "domain", domain["id"]):
                raise Unauthorized(f"User {user['id']} has no access to domain {domain['id']}.")
            return "domain", domain["id"]
        if "system" in scope:
            if scope["system"] != {"all": True}:
                raise BadRequest("Invalid system scope: only {\"all\": true} is supported.")
            if not self.roles_on(user["id"], "system", "all"):
                raise Unauthorized(f"User {user['id']} has no access to the system.")
            return "system", "all"
        if "OS-TRUST:trust" in scope:
            raise Unauthorized("Trusts are not supported by this cloud.")
        raise BadRequest("Invalid scope in auth request.")

    def _issue(self, user: dict[str, Any], scope_type: str, scope_id: str | None,
               methods: list[str], app_cred: dict[str, Any] | None,
               parent: Context | None) -> tuple[str, Context]:
        token = secrets.token_urlsafe(32)
        issued = timestamps.now()
        expires = parent.expires_at if parent else issued + self.token_expiration
        if app_cred is not None and app_cred["expires_at"] is not None:
            expires = min(expires, app_cred["expires_at"])
        audit_ids = [audit_id()] + (parent.audit_ids[:1] if parent else [])
        row = {
            "hash": token_hash(token), "user_id": user["id"], "scope_type": scope_type,
            "scope_id": scope_id, "methods": dumps(methods), "audit_ids": dumps(audit_ids),
            "application_credential_id": app_cred["id"] if app_cred else None,
            "issued_at": issued, "expires_at": expires, "revoked": 0,
        }
        ctx = self._context(row)
        if ctx is None:
            raise Unauthorized()
        self.store.execute(
            "INSERT INTO tokens (hash, user_id, scope_type, scope_id, methods, audit_ids,"
            " application_credential_id, issued_at, expires_at, revoked)"
            " VALUES (:hash, :user_id, :scope_type, :scope_id, :methods, :audit_ids,"
            " :application_credential_id, :issued_at, :expires_at, :revoked)", row)
        return token, ctx

    def validate_token(self, token: str, allow_expired: bool = False) -> Context | None:
        """The token's context, or None when it is unknown, revoked, expired (unless
        `allow_expired`, within Keystone's window) or no longer backed by an enabled user with
        roles on its scope."""
        row = self.store.query_one("SELECT * FROM tokens WHERE hash = ?", (token_hash(token),))
        if row is None or row["revoked"]:
            return None
        now = timestamps.now()
        if row["expires_at"] <= now and not (
                allow_expired and row["expires_at"] + ALLOW_EXPIRED_WINDOW > now):
            return None
        return self._context(row, allow_expired)

    def revoke_token(self, token: str) -> bool:
        return self.store.execute("UPDATE tokens SET revoked = 1 WHERE hash = ? AND revoked = 0",
                                  (token_hash(token),)) > 0

    def revoke_tokens(self, where: str, params: tuple[Any, ...]) -> int:
        """Revoke the live tokens matching an SQL condition (Keystone's revocation events)."""
        return self.store.execute(
            f"UPDATE tokens SET revoked = 1 WHERE revoked = 0 AND expires_at > ? AND ({where})",
            (timestamps.now() - ALLOW_EXPIRED_WINDOW, *params))

    def purge_expired_tokens(self) -> int:
        return self.store.execute("DELETE FROM tokens WHERE expires_at < ?",
                                  (timestamps.now() - ALLOW_EXPIRED_WINDOW,))

    def _context(self, row: dict[str, Any], allow_expired: bool = False) -> Context | None:
        user = self.get_user(row["user_id"])
        if user is None or not user["enabled"]:
            return None
        user_domain = self.get_domain(user["domain_id"])
        if user_domain is None or not user_domain["enabled"]:
            return None
        ctx = Context(
            token_hash=row["hash"], user=user,
            user_domain={"id": user_domain["id"], "name": user_domain["name"]},
            scope_type=row["scope_type"], methods=loads(row["methods"], []),
            audit_ids=loads(row["audit_ids"], []), issued_at=row["issued_at"],
            expires_at=row["expires_at"],
        )
        scope_type, scope_id = row["scope_type"], row["scope_id"]
        if scope_type == "project":
            project = self.get_project(scope_id)
            if project is None or not project["enabled"]:
                return None
            domain = self.get_domain(project["domain_id"])
            if domain is None or not domain["enabled"]:
                return None
            ctx.project = project
            ctx.project_domain = {"id": domain["id"], "name": domain["name"]}
            roles = self.roles_on(user["id"], "project", scope_id)
            if row["application_credential_id"]:
                cred = self.get_application_credential(row["application_credential_id"])
                if cred is None or (cred["expires_at"] is not None and not allow_expired
                                    and cred["expires_at"] <= timestamps.now()):
                    return None
                # The credential's roles, with the roles they imply, that the user still has.
                allowed = {role["id"] for role in self.expand_roles(
                    role["id"] for role in cred["roles"])}
                roles = [role for role in roles if role["id"] in allowed]
                ctx.application_credential = {
                    "id": cred["id"], "name": cred["name"],
                    "restricted": not cred["unrestricted"],
                }
                if cred["access_rules"]:
                    rules = [{"id": r["id"], "service": r["service"], "path": r["path"],
                              "method": r["method"]} for r in cred["access_rules"]]
                    ctx.application_credential["access_rules"] = rules
                    ctx.access_rules = rules
            ctx.roles = roles
        elif scope_type == "domain":
            domain = self.get_domain(scope_id)
            if domain is None or not domain["enabled"]:
                return None
            ctx.domain = {"id": domain["id"], "name": domain["name"]}
            ctx.roles = self.roles_on(user["id"], "domain", scope_id)
        elif scope_type == "system":
            ctx.roles = self.roles_on(user["id"], "system", "all")
        if scope_type != "unscoped" and not ctx.roles:
            return None
        return ctx


def _ref_text(ref: Any) -> str:
    if isinstance(ref, dict):
        return str(ref.get("id") or ref.get("name") or ref)
    return str(ref)
