"""Keystone's state, composed of one state class per resource: domains, projects, users,
groups, roles (with implied roles), assignments, application credentials (with access rules),
regions, the service catalog, tokens, and the small documents of `records.py`. No HTTP here:
the handlers reach the parts through `http.backend(request)`; the other services see only
the `Tokens` Protocol (`validate_token`, `catalog`).

What spans several resources lives here: the upgrade of an older state folder, the bootstrap
of a fresh cloud, and deleting a domain with everything in it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..declare import Settings
from ..errors import Forbidden, NotFound
from ..policy import Context
from ..store import Store, dumps
from .application_credential_state import ApplicationCredentialState
from .assignment_state import AssignmentState
from .catalog_state import CatalogEntry, CatalogState
from .credential_keys import CredentialKeys
from .domain_state import DEFAULT_DOMAIN_ID, DomainState
from .federation_state import FederationState
from .group_state import GroupState
from .passwords import hash_secret
from .project_state import ProjectState
from .records import Records
from .region_state import REGION, RegionState
from .role_state import RoleState, seed_implied_roles
from .tables import new_id
from .token_state import TokenState
from .user_state import UserState

#: The roles `keystone-manage bootstrap` makes, immutable (`options: {"immutable": true}`).
SEEDED_ROLES = ("admin", "member", "reader")
IMMUTABLE_EXTRA = dumps({"options": {"immutable": True}})


class IdentityBackend:
    """Keystone: the state classes of its resources, composed."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        #: Credentials, policies, endpoint groups, OAuth consumers, domain configurations.
        self.records = Records(store, sealed={"credential": CredentialKeys(settings.state_dir)})
        self.domains = DomainState(store)
        #: Identity providers, protocols, mappings, service providers (OS-FEDERATION).
        self.federation = FederationState(self.records, self.domains)
        self.projects = ProjectState(store, self.domains)
        self.users = UserState(store, self.domains, self.records)
        self.groups = GroupState(store, self.domains, self.users)
        self.roles = RoleState(store)
        self.assignments = AssignmentState(store, self.roles, self.projects, self.domains)
        self.application_credentials = ApplicationCredentialState(store)
        self.regions = RegionState(store)
        self.service_catalog = CatalogState(store, self.regions)
        self.tokens = TokenState(store, settings, self.users, self.domains, self.projects,
                                 self.roles, self.assignments, self.application_credentials)
        #: Trusts (OS-TRUST), kept beside the tokens they scope.
        self.trusts = self.tokens.trusts
        self._upgrade()

    # ----------------------------------------------------------------- Tokens (interfaces.py)
    def validate_token(self, token: str, allow_expired: bool = False) -> Context | None:
        """The credentials of a token; None when it is invalid, expired or revoked."""
        return self.tokens.validate(token, allow_expired)

    def catalog(self) -> list[dict[str, Any]]:
        """The service catalog's records (URLs as stored)."""
        return self.service_catalog.catalog()

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
        if roles and "extra" not in roles:  # resource options: the seeded roles immutable
            self.store.execute("ALTER TABLE roles ADD COLUMN extra TEXT NOT NULL DEFAULT '{}'")
            self.store.execute(f"UPDATE roles SET extra = ? WHERE name IN "
                               f"({', '.join('?' * len(SEEDED_ROLES))}) AND domain_id IS NULL",
                               (IMMUTABLE_EXTRA, *SEEDED_ROLES))
        if self.store.get_meta("implied_roles") is None:
            names = {row["name"]: row["id"] for row in self.store.query(
                "SELECT id, name FROM roles")}
            if names:
                with self.store.transaction() as db:
                    seed_implied_roles(db, names)

    def bootstrap(self, admin_password: str, demo_password: str, base_url: str,
                  services: Sequence[CatalogEntry]) -> None:
        """Seed a fresh cloud: domain Default, projects admin/demo, users admin/demo, roles
        admin/member/reader (immutable, each implying the next), region RegionOne and the
        catalog."""
        with self.store.transaction() as db:
            db.execute(
                "INSERT INTO domains (id, name, description, enabled) VALUES (?, ?, ?, 1)",
                (DEFAULT_DOMAIN_ID, "Default", "The default domain"),
            )
            roles = {}
            for name in SEEDED_ROLES:
                roles[name] = new_id()
                db.execute("INSERT INTO roles (id, name, extra) VALUES (?, ?, ?)",
                           (roles[name], name, IMMUTABLE_EXTRA))
            seed_implied_roles(db, roles)
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
        self.roles.forget()
        self.service_catalog.add_missing_services(base_url, services)

    # ----------------------------------------------------------------- across resources
    def delete_domain(self, domain_id: str) -> None:
        """Delete a disabled domain with its projects, users, groups and configuration."""
        domain = self.domains.get(domain_id)
        if domain is None:
            raise NotFound(f"Could not find domain: {domain_id}.")
        if domain["enabled"]:
            raise Forbidden("Cannot delete a domain that is enabled, please disable it first.")
        projects = self.store.column("SELECT id FROM projects WHERE domain_id = ?", (domain_id,))
        users = self.store.column("SELECT id FROM users WHERE domain_id = ?", (domain_id,))
        groups = self.store.column("SELECT id FROM groups WHERE domain_id = ?", (domain_id,))
        for project_id in projects:
            self.projects.delete_records(project_id)
        for user_id in users:
            self.users.delete(user_id)
        for group_id in groups:
            self.groups.delete(group_id)
        self.domains.delete(domain_id)
        self.records.delete_owned("domain_config", domain_id)
