"""Identity's part of preparing the cloud: DevStack's domain, projects, users, roles, region and
the catalog of every declared service on a fresh store; on an existing one, the new port, the
services added since, new passwords when clouds.yaml was lost, and expired tokens purged."""

from __future__ import annotations

from ..declare import Seeding
from .backend import IdentityBackend

DEFAULT = {"id": "default"}


def _remember_projects(identity: IdentityBackend, seeding: Seeding) -> None:
    for name in ("admin", "demo"):
        project = identity.projects.find({"name": name, "domain": DEFAULT})
        if project is not None:
            seeding.projects[name] = project["id"]


def seed(identity: IdentityBackend, seeding: Seeding) -> None:
    identity.bootstrap(seeding.passwords["admin"], seeding.passwords["demo"], seeding.base_url,
                       seeding.catalog)
    _remember_projects(identity, seeding)


def upgrade(identity: IdentityBackend, seeding: Seeding) -> None:
    if seeding.new_passwords:
        for name, password in seeding.passwords.items():
            user = identity.users.find({"name": name, "domain": DEFAULT})
            if user is not None:
                identity.users.set_password(user["id"], password)
    identity.service_catalog.rebase_endpoints(seeding.previous_base_url, seeding.base_url)
    identity.service_catalog.add_missing_services(seeding.base_url, seeding.catalog)
    identity.tokens.purge_expired()
    _remember_projects(identity, seeding)
