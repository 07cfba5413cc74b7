"""Prepare the cloud at each start: seed a fresh state folder (domain, projects, users, roles,
catalog, flavors, image), or point an existing catalog at the new port; keep the passwords."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import state

if TYPE_CHECKING:
    from .app import Cloud


def seed(cloud: Cloud, base_url: str, passwords: dict[str, str]) -> None:
    """Fill an empty store with the bootstrap records of every service."""
    cloud.identity.bootstrap(passwords["admin"], passwords["demo"], base_url)
    admin_project = cloud.identity.find_project({"name": "admin", "domain": {"id": "default"}})
    assert admin_project is not None
    cloud.compute.bootstrap()
    cloud.image.bootstrap(owner=admin_project["id"])
    seed_network(cloud)
    cloud.object_store.bootstrap()
    cloud.store.set_meta("base_url", base_url)
    cloud.store.set_meta("bootstrapped", "1")


def seed_network(cloud: Cloud) -> None:
    """DevStack's `public` and `private` networks, once per state folder."""
    admin_project = cloud.identity.find_project({"name": "admin", "domain": {"id": "default"}})
    demo_project = cloud.identity.find_project({"name": "demo", "domain": {"id": "default"}})
    if admin_project is not None:
        cloud.network.bootstrap(admin_project["id"], demo_project["id"] if demo_project else None)
    cloud.store.set_meta("seeded:network", "1")


def prepare(cloud: Cloud, base_url: str) -> dict[str, str]:
    """Seed or rebase the store, write clouds.yaml; return the admin and demo passwords."""
    folder = cloud.settings.state_dir
    passwords = state.read_passwords(folder)
    if cloud.store.get_meta("bootstrapped") is None:
        if not passwords:
            passwords = {"admin": state.new_password(), "demo": state.new_password()}
        seed(cloud, base_url, passwords)
    else:
        if not passwords:
            # clouds.yaml was lost: new passwords for the bootstrap users.
            passwords = {"admin": state.new_password(), "demo": state.new_password()}
            for name, password in passwords.items():
                user = cloud.identity.find_user({"name": name, "domain": {"id": "default"}})
                if user is not None:
                    cloud.identity.set_password(user["id"], password)
        cloud.identity.rebase_endpoints(cloud.store.get_meta("base_url") or "", base_url)
        cloud.identity.add_missing_services(base_url)  # services added since the folder was made
        if cloud.store.get_meta("seeded:network") is None and not cloud.store.scalar(
                "SELECT 1 FROM networks LIMIT 1"):
            seed_network(cloud)  # a folder made before the network service existed
        cloud.store.set_meta("base_url", base_url)
    cloud.identity.purge_expired_tokens()
    state.write_private(folder / state.CLOUDS_FILE, state.clouds_yaml(base_url, passwords))
    return passwords
