"""Keystone's state: domains, projects, users, roles, assignments, application credentials,
tokens and the service catalog. No HTTP here: the handlers in this package call these methods.

Tokens are opaque random strings; only their SHA-256 is stored. Like Keystone's fernet tokens,
a token's roles are computed when it is validated, so removing a role, disabling a user or
deleting a project invalidates the tokens that depended on it.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import uuid
from typing import Any

from .. import timestamps
from ..errors import BadRequest, Conflict, Forbidden, NotFound, Unauthorized
from ..policy import Context
from ..store import Store, dumps, loads
from .passwords import check_secret, hash_secret

DEFAULT_DOMAIN_ID = "default"
REGION = "RegionOne"
INTERFACES = ("public", "internal", "admin")
# Keystone's default implied roles: admin implies member, member implies reader.
IMPLIED_ROLES = {"admin": ("member",), "member": ("reader",)}

# (service type, name, description, path under the cloud's base URL)
SEED_SERVICES = (
    ("identity", "keystone", "Identity Service", "/identity"),
    ("compute", "nova", "Compute Service", "/compute/v2.1"),
    ("image", "glance", "Image Service", "/image"),
    ("block-storage", "cinderv3", "Block Storage Service", "/volume/v3/$(project_id)s"),
)


def new_id() -> str:
    """A Keystone id: 32 hex characters."""
    return uuid.uuid4().hex


def audit_id() -> str:
    """A Keystone audit id: 16 random bytes, URL-safe base64 without padding."""
    return base64.urlsafe_b64encode(secrets.token_bytes(16)).rstrip(b"=").decode()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()


def _bool(value: Any) -> bool:
    return bool(value)


class IdentityBackend:
    """All identity state operations."""

    def __init__(self, store: Store, token_expiration: int = 3600) -> None:
        self.store = store
        self.token_expiration = token_expiration
        self._catalog: list[dict[str, Any]] | None = None

    # ----------------------------------------------------------------- bootstrap
    def bootstrap(self, admin_password: str, demo_password: str, base_url: str) -> None:
        """Seed a fresh cloud: domain Default, projects admin/demo, users admin/demo, roles
        admin/member/reader, region RegionOne and the identity, compute and image endpoints."""
        with self.store.transaction() as db:
            db.execute(
                "INSERT INTO domains (id, name, description, enabled) VALUES (?, ?, ?, 1)",
                (DEFAULT_DOMAIN_ID, "Default", "The default domain"),
            )
            roles = {}
            for name in ("admin", "member", "reader"):
                roles[name] = new_id()
                db.execute("INSERT INTO roles (id, name) VALUES (?, ?)", (roles[name], name))
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
            for type_, name, description, path in SEED_SERVICES:
                service_id = new_id()
                db.execute(
                    "INSERT INTO services (id, type, name, description, enabled)"
                    " VALUES (?, ?, ?, ?, 1)",
                    (service_id, type_, name, description),
                )
                for interface in INTERFACES:
                    db.execute(
                        "INSERT INTO endpoints (id, service_id, interface, region_id, url,"
                        " enabled) VALUES (?, ?, ?, ?, ?, 1)",
                        (new_id(), service_id, interface, REGION, base_url + path),
                    )
        self._catalog = None

    def set_password(self, user_id: str, password: str) -> None:
        self.store.execute("UPDATE users SET password_hash = ? WHERE id = ?",
                           (hash_secret(password), user_id))

    def rebase_endpoints(self, old_base: str, new_base: str) -> None:
        """Point the endpoints that addressed this cloud at its new port."""
        if old_base and old_base != new_base:
            self.store.execute(
                "UPDATE endpoints SET url = ? || substr(url, ?) WHERE substr(url, 1, ?) = ?",
                (new_base, len(old_base) + 1, len(old_base), old_base),
            )
        self._catalog = None

    # ----------------------------------------------------------------- domains
    def get_domain(self, domain_id: str) -> dict[str, Any] | None:
        return self.store.query_one("SELECT * FROM domains WHERE id = ?", (domain_id,))

    def find_domain(self, ref: Any) -> dict[str, Any] | None:
        """A domain from `{"id": ...}` or `{"name": ...}`."""
        if not isinstance(ref, dict):
            return None
        if isinstance(ref.get("id"), str):
            return self.get_domain(ref["id"])
        if isinstance(ref.get("name"), str):
            return self.store.query_one("SELECT * FROM domains WHERE name = ?", (ref["name"],))
        return None

    def list_domains(self, name: str | None = None,
                     enabled: bool | None = None) -> list[dict[str, Any]]:
        sql, params = "SELECT * FROM domains WHERE 1=1", []
        if name is not None:
            sql += " AND name = ?"
            params.append(name)
        if enabled is not None:
            sql += " AND enabled = ?"
            params.append(int(enabled))
        return self.store.query(sql + " ORDER BY name", params)

    def create_domain(self, name: str, description: str | None = None,
                      enabled: bool = True) -> dict[str, Any]:
        domain_id = new_id()
        try:
            self.store.execute("INSERT INTO domains (id, name, description, enabled) VALUES (?, ?, ?, ?)",
                               (domain_id, name, description, int(enabled)))
        except Exception as exc:
            if "UNIQUE" in str(exc):
                raise Conflict(f"Conflict occurred attempting to store domain - Duplicate entry "
                               f"found with name {name}.") from None
            raise
        return self.get_domain(domain_id)  # type: ignore[return-value]

    def update_domain(self, domain_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        self._update("domains", domain_id, changes, ("name", "description", "enabled"))
        return self.get_domain(domain_id)  # type: ignore[return-value]

    def delete_domain(self, domain_id: str) -> None:
        domain = self.get_domain(domain_id)
        if domain is None:
            raise NotFound(f"Could not find domain: {domain_id}.")
        if domain["enabled"]:
            raise Forbidden("Cannot delete a domain that is enabled, please disable it first.")
        with self.store.transaction() as db:
            db.execute("DELETE FROM assignments WHERE target_type = 'domain' AND target_id = ?",
                       (domain_id,))
            for (project_id,) in db.execute("SELECT id FROM projects WHERE domain_id = ?",
                                            (domain_id,)).fetchall():
                db.execute("DELETE FROM assignments WHERE target_type = 'project' AND "
                           "target_id = ?", (project_id,))
            db.execute("DELETE FROM projects WHERE domain_id = ?", (domain_id,))
            db.execute("DELETE FROM users WHERE domain_id = ?", (domain_id,))
            db.execute("DELETE FROM domains WHERE id = ?", (domain_id,))

    # ----------------------------------------------------------------- projects
    def get_project(self, project_id: str) -> dict[str, Any] | None:
        row = self.store.query_one("SELECT * FROM projects WHERE id = ?", (project_id,))
        if row is not None:
            row["tags"] = loads(row["tags"], [])
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
                      ids: list[str] | None = None) -> list[dict[str, Any]]:
        sql, params = "SELECT * FROM projects WHERE 1=1", []
        for key, value in (filters or {}).items():
            if key in ("name", "domain_id", "parent_id"):
                sql += f" AND {key} = ?"
                params.append(value)
            elif key == "enabled":
                sql += " AND enabled = ?"
                params.append(int(value))
        if ids is not None:
            sql += f" AND id IN ({','.join('?' * len(ids))})"
            params.extend(ids)
        rows = self.store.query(sql + " ORDER BY name", params)
        for row in rows:
            row["tags"] = loads(row["tags"], [])
        return rows

    def create_project(self, name: str, domain_id: str, description: str | None = None,
                       enabled: bool = True, parent_id: str | None = None,
                       tags: list[str] | None = None) -> dict[str, Any]:
        if self.get_domain(domain_id) is None:
            raise BadRequest(f"Could not find domain: {domain_id}.")
        if parent_id is not None and parent_id != domain_id:
            parent = self.get_project(parent_id)
            if parent is None:
                raise BadRequest(f"Could not find project: {parent_id}.")
        project_id = new_id()
        try:
            self.store.execute(
                "INSERT INTO projects (id, name, domain_id, description, enabled, parent_id, tags)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (project_id, name, domain_id, description, int(enabled), parent_id or domain_id,
                 dumps(tags or [])),
            )
        except Exception as exc:
            if "UNIQUE" in str(exc):
                raise Conflict(f"Conflict occurred attempting to store project - Duplicate entry "
                               f"found with name {name} at domain ID {domain_id}.") from None
            raise
        return self.get_project(project_id)  # type: ignore[return-value]

    def update_project(self, project_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        if "tags" in changes:
            changes = dict(changes, tags=dumps(changes["tags"]))
        self._update("projects", project_id, changes, ("name", "description", "enabled", "tags"))
        return self.get_project(project_id)  # type: ignore[return-value]

    def delete_project(self, project_id: str) -> None:
        with self.store.transaction() as db:
            db.execute("DELETE FROM assignments WHERE target_type = 'project' AND target_id = ?",
                       (project_id,))
            db.execute("DELETE FROM application_credentials WHERE project_id = ?", (project_id,))
            db.execute("DELETE FROM projects WHERE id = ?", (project_id,))

    # ----------------------------------------------------------------- users
    def get_user(self, user_id: str) -> dict[str, Any] | None:
        return self.store.query_one("SELECT * FROM users WHERE id = ?", (user_id,))

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
            return self.store.query_one("SELECT * FROM users WHERE name = ? AND domain_id = ?",
                                        (ref["name"], domain["id"]))
        return None

    def list_users(self, filters: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        sql, params = "SELECT * FROM users WHERE 1=1", []
        for key, value in (filters or {}).items():
            if key in ("name", "domain_id"):
                sql += f" AND {key} = ?"
                params.append(value)
            elif key == "enabled":
                sql += " AND enabled = ?"
                params.append(int(value))
        return self.store.query(sql + " ORDER BY name", params)

    def create_user(self, name: str, domain_id: str, password: str | None = None,
                    enabled: bool = True, default_project_id: str | None = None,
                    description: str | None = None, email: str | None = None) -> dict[str, Any]:
        if self.get_domain(domain_id) is None:
            raise BadRequest(f"Could not find domain: {domain_id}.")
        user_id = new_id()
        try:
            self.store.execute(
                "INSERT INTO users (id, name, domain_id, password_hash, enabled,"
                " default_project_id, description, email) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (user_id, name, domain_id, hash_secret(password) if password else None,
                 int(enabled), default_project_id, description, email),
            )
        except Exception as exc:
            if "UNIQUE" in str(exc):
                raise Conflict(f"Conflict occurred attempting to store user - Duplicate entry "
                               f"found with name {name} at domain ID {domain_id}.") from None
            raise
        return self.get_user(user_id)  # type: ignore[return-value]

    def update_user(self, user_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        changes = dict(changes)
        if "password" in changes:
            password = changes.pop("password")
            changes["password_hash"] = hash_secret(password) if password else None
        self._update("users", user_id, changes, ("name", "enabled", "default_project_id",
                                                 "description", "email", "password_hash"))
        return self.get_user(user_id)  # type: ignore[return-value]

    def delete_user(self, user_id: str) -> None:
        with self.store.transaction() as db:
            db.execute("DELETE FROM assignments WHERE user_id = ?", (user_id,))
            db.execute("DELETE FROM application_credentials WHERE user_id = ?", (user_id,))
            db.execute("UPDATE tokens SET revoked = 1 WHERE user_id = ?", (user_id,))
            db.execute("DELETE FROM users WHERE id = ?", (user_id,))

    # ----------------------------------------------------------------- roles
    def get_role(self, role_id: str) -> dict[str, Any] | None:
        return self.store.query_one("SELECT * FROM roles WHERE id = ?", (role_id,))

    def find_role(self, ref: Any) -> dict[str, Any] | None:
        if not isinstance(ref, dict):
            return None
        if isinstance(ref.get("id"), str):
            return self.get_role(ref["id"])
        if isinstance(ref.get("name"), str):
            return self.store.query_one("SELECT * FROM roles WHERE name = ?", (ref["name"],))
        return None

    def list_roles(self, name: str | None = None) -> list[dict[str, Any]]:
        if name is not None:
            return self.store.query("SELECT * FROM roles WHERE name = ?", (name,))
        return self.store.query("SELECT * FROM roles ORDER BY name")

    def create_role(self, name: str, description: str | None = None) -> dict[str, Any]:
        role_id = new_id()
        try:
            self.store.execute("INSERT INTO roles VALUES (?, ?, ?)", (role_id, name, description))
        except Exception as exc:
            if "UNIQUE" in str(exc):
                raise Conflict(f"Conflict occurred attempting to store role - Duplicate entry "
                               f"found with name {name}.") from None
            raise
        return self.get_role(role_id)  # type: ignore[return-value]

    def update_role(self, role_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        self._update("roles", role_id, changes, ("name", "description"))
        return self.get_role(role_id)  # type: ignore[return-value]

    def delete_role(self, role_id: str) -> None:
        with self.store.transaction() as db:
            db.execute("DELETE FROM assignments WHERE role_id = ?", (role_id,))
            db.execute("DELETE FROM roles WHERE id = ?", (role_id,))

    # ----------------------------------------------------------------- assignments
    def grant(self, role_id: str, user_id: str, target_type: str, target_id: str) -> None:
        self.store.execute("INSERT OR IGNORE INTO assignments VALUES (?, ?, ?, ?)",
                           (role_id, user_id, target_type, target_id))

    def revoke(self, role_id: str, user_id: str, target_type: str, target_id: str) -> bool:
        return self.store.execute(
            "DELETE FROM assignments WHERE role_id = ? AND user_id = ? AND target_type = ? AND "
            "target_id = ?", (role_id, user_id, target_type, target_id)) > 0

    def has_grant(self, role_id: str, user_id: str, target_type: str, target_id: str) -> bool:
        return self.store.scalar(
            "SELECT 1 FROM assignments WHERE role_id = ? AND user_id = ? AND target_type = ? AND "
            "target_id = ?", (role_id, user_id, target_type, target_id)) is not None

    def list_assignments(self, user_id: str | None = None, role_id: str | None = None,
                         target_type: str | None = None,
                         target_id: str | None = None) -> list[dict[str, Any]]:
        sql, params = "SELECT * FROM assignments WHERE 1=1", []
        for column, value in (("user_id", user_id), ("role_id", role_id),
                              ("target_type", target_type), ("target_id", target_id)):
            if value is not None:
                sql += f" AND {column} = ?"
                params.append(value)
        return self.store.query(sql + " ORDER BY target_type, target_id, user_id", params)

    def roles_on(self, user_id: str, target_type: str, target_id: str) -> list[dict[str, Any]]:
        """The user's roles on a target, implied roles included (admin > member > reader)."""
        direct = self.store.query(
            "SELECT r.id, r.name FROM assignments a JOIN roles r ON r.id = a.role_id "
            "WHERE a.user_id = ? AND a.target_type = ? AND a.target_id = ? ORDER BY r.name",
            (user_id, target_type, target_id),
        )
        return self._with_implied(direct)

    def _with_implied(self, roles: list[dict[str, Any]]) -> list[dict[str, Any]]:
        names = {role["name"] for role in roles}
        result = list(roles)
        pending = [role["name"] for role in roles]
        while pending:
            for implied in IMPLIED_ROLES.get(pending.pop(), ()):
                if implied not in names:
                    row = self.store.query_one("SELECT id, name FROM roles WHERE name = ?",
                                               (implied,))
                    if row is not None:
                        names.add(implied)
                        result.append(row)
                        pending.append(implied)
        return result

    def projects_of(self, user_id: str) -> list[dict[str, Any]]:
        """Enabled projects where the user holds a role."""
        ids = [row["target_id"] for row in self.store.query(
            "SELECT DISTINCT target_id FROM assignments WHERE user_id = ? AND "
            "target_type = 'project'", (user_id,))]
        return [p for p in self.list_projects(ids=ids) if p["enabled"]] if ids else []

    def domains_of(self, user_id: str) -> list[dict[str, Any]]:
        ids = [row["target_id"] for row in self.store.query(
            "SELECT DISTINCT target_id FROM assignments WHERE user_id = ? AND "
            "target_type = 'domain'", (user_id,))]
        return [d for d in (self.get_domain(i) for i in ids) if d and d["enabled"]]

    # ----------------------------------------------------------------- application credentials
    def create_application_credential(
        self, user_id: str, project_id: str, name: str, roles: list[dict[str, Any]],
        secret: str | None = None, description: str | None = None,
        expires_at: float | None = None, unrestricted: bool = False,
    ) -> tuple[dict[str, Any], str]:
        """Store a new application credential; returns it and its secret (shown only once)."""
        if secret is None:
            secret = base64.urlsafe_b64encode(secrets.token_bytes(64)).rstrip(b"=").decode()
        cred_id = new_id()
        try:
            self.store.execute(
                "INSERT INTO application_credentials (id, user_id, project_id, name, description,"
                " secret_hash, expires_at, unrestricted, roles, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (cred_id, user_id, project_id, name, description, hash_secret(secret), expires_at,
                 int(unrestricted), dumps(roles), timestamps.now()),
            )
        except Exception as exc:
            if "UNIQUE" in str(exc):
                raise Conflict(f"Conflict occurred attempting to store application_credential - "
                               f"Duplicate entry found with name {name}.") from None
            raise
        return self.get_application_credential(cred_id), secret  # type: ignore[return-value]

    def get_application_credential(self, cred_id: str) -> dict[str, Any] | None:
        row = self.store.query_one("SELECT * FROM application_credentials WHERE id = ?",
                                   (cred_id,))
        if row is not None:
            row["roles"] = loads(row["roles"], [])
        return row

    def list_application_credentials(self, user_id: str,
                                     name: str | None = None) -> list[dict[str, Any]]:
        sql, params = "SELECT * FROM application_credentials WHERE user_id = ?", [user_id]
        if name is not None:
            sql += " AND name = ?"
            params.append(name)
        rows = self.store.query(sql + " ORDER BY created_at", params)
        for row in rows:
            row["roles"] = loads(row["roles"], [])
        return rows

    def delete_application_credential(self, cred_id: str) -> None:
        self.store.execute("DELETE FROM application_credentials WHERE id = ?", (cred_id,))

    # ----------------------------------------------------------------- catalog
    def catalog(self) -> list[dict[str, Any]]:
        """The service catalog of a token: enabled services with their enabled endpoints."""
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
        self.store.execute("INSERT INTO services VALUES (?, ?, ?, ?, ?)",
                           (service_id, type_, name, description, int(enabled)))
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

    def create_endpoint(self, service_id: str, interface: str, url: str,
                        region_id: str | None = None, enabled: bool = True) -> dict[str, Any]:
        if self.get_service(service_id) is None:
            raise BadRequest(f"Could not find service: {service_id}.")
        if region_id is not None and self.get_region(region_id) is None:
            raise BadRequest(f"Could not find region: {region_id}.")
        endpoint_id = new_id()
        self.store.execute("INSERT INTO endpoints VALUES (?, ?, ?, ?, ?, ?)",
                           (endpoint_id, service_id, interface, region_id, url, int(enabled)))
        self._catalog = None
        return self.get_endpoint(endpoint_id)  # type: ignore[return-value]

    def delete_endpoint(self, endpoint_id: str) -> None:
        self.store.execute("DELETE FROM endpoints WHERE id = ?", (endpoint_id,))
        self._catalog = None

    def list_regions(self) -> list[dict[str, Any]]:
        return self.store.query("SELECT * FROM regions ORDER BY id")

    def get_region(self, region_id: str) -> dict[str, Any] | None:
        return self.store.query_one("SELECT * FROM regions WHERE id = ?", (region_id,))

    def create_region(self, region_id: str | None, description: str = "",
                      parent_region_id: str | None = None) -> dict[str, Any]:
        region_id = region_id or new_id()
        if self.get_region(region_id) is not None:
            raise Conflict(f"Conflict occurred attempting to store region - Duplicate ID, "
                           f"{region_id}.")
        self.store.execute("INSERT INTO regions VALUES (?, ?, ?)",
                           (region_id, description, parent_region_id))
        return self.get_region(region_id)  # type: ignore[return-value]

    def delete_region(self, region_id: str) -> None:
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
                if project and project["enabled"]:
                    return "project", default
            return "unscoped", None
        if scope == "unscoped":
            return "unscoped", None
        if not isinstance(scope, dict):
            raise BadRequest("Invalid scope in auth request.")
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

    def validate_token(self, token: str) -> Context | None:
        """The token's context, or None when it is unknown, revoked, expired or no longer
        backed by an enabled user with roles on its scope."""
        row = self.store.query_one("SELECT * FROM tokens WHERE hash = ?", (token_hash(token),))
        if row is None or row["revoked"] or row["expires_at"] <= timestamps.now():
            return None
        return self._context(row)

    def revoke_token(self, token: str) -> bool:
        return self.store.execute("UPDATE tokens SET revoked = 1 WHERE hash = ? AND revoked = 0",
                                  (token_hash(token),)) > 0

    def purge_expired_tokens(self) -> int:
        return self.store.execute("DELETE FROM tokens WHERE expires_at < ?",
                                  (timestamps.now() - 3600,))

    def _context(self, row: dict[str, Any]) -> Context | None:
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
                if cred is None or (cred["expires_at"] is not None
                                    and cred["expires_at"] <= timestamps.now()):
                    return None
                allowed = {role["id"] for role in cred["roles"]}
                roles = [role for role in roles if role["id"] in allowed]
                ctx.application_credential = {
                    "id": cred["id"], "name": cred["name"],
                    "restricted": not cred["unrestricted"],
                }
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

    # ----------------------------------------------------------------- helpers
    def _update(self, table: str, row_id: str, changes: dict[str, Any],
                allowed: tuple[str, ...]) -> None:
        columns = [key for key in changes if key in allowed]
        if not columns:
            return
        values = [int(changes[c]) if isinstance(changes[c], bool) else changes[c]
                  for c in columns]
        assignments = ", ".join(f"{c} = ?" for c in columns)
        try:
            self.store.execute(f"UPDATE {table} SET {assignments} WHERE id = ?",
                               (*values, row_id))
        except Exception as exc:
            if "UNIQUE" in str(exc):
                raise Conflict(f"Conflict occurred attempting to update {table[:-1]} - "
                               f"Duplicate entry.") from None
            raise
        if table in ("services", "endpoints"):
            self._catalog = None


def _ref_text(ref: Any) -> str:
    if isinstance(ref, dict):
        return str(ref.get("id") or ref.get("name") or ref)
    return str(ref)
