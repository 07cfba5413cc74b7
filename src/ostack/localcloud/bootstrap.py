"""Prepare the cloud at each start: seed a fresh state folder with every declared service's
bootstrap records (identity first: the others' records belong to its projects), or upgrade an
existing one (new port, services or seeds added since it was made); keep the passwords."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import registry, state
from .declare import Seeding

if TYPE_CHECKING:
    from .app import Cloud


def seed(cloud: Cloud, base_url: str, passwords: dict[str, str]) -> None:
    """Fill an empty store with the bootstrap records of every service."""
    seeding = Seeding(base_url, passwords, registry.catalog())
    for spec in cloud.specs:
        if spec.seed is not None:
            spec.seed(cloud.backends[spec.name], seeding)
    cloud.store.set_meta("base_url", base_url)
    cloud.store.set_meta("bootstrapped", "1")


def upgrade(cloud: Cloud, base_url: str, passwords: dict[str, str], new_passwords: bool) -> None:
    """Bring an existing store up to this cloud: each service's `upgrade` step."""
    seeding = Seeding(base_url, passwords, registry.catalog(),
                      previous_base_url=cloud.store.get_meta("base_url") or "",
                      new_passwords=new_passwords)
    for spec in cloud.specs:
        if spec.upgrade is not None:
            spec.upgrade(cloud.backends[spec.name], seeding)
    cloud.store.set_meta("base_url", base_url)


def prepare(cloud: Cloud, base_url: str) -> dict[str, str]:
    """Seed or upgrade the store, write clouds.yaml; return the admin and demo passwords."""
    folder = cloud.settings.state_dir
    passwords = state.read_passwords(folder)
    lost = not passwords
    if lost:
        passwords = {"admin": state.new_password(), "demo": state.new_password()}
    if cloud.store.get_meta("bootstrapped") is None:
        seed(cloud, base_url, passwords)
    else:
        # clouds.yaml was lost: the bootstrap users get new passwords.
        upgrade(cloud, base_url, passwords, new_passwords=lost)
    state.write_private(folder / state.CLOUDS_FILE, state.clouds_yaml(base_url, passwords))
    return passwords
