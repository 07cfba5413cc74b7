"""Official service types, their historical aliases and their microversion headers."""

from __future__ import annotations

#: Official type -> aliases still found in catalogs (from the service-types authority).
ALIASES: dict[str, tuple[str, ...]] = {
    "block-storage": ("volumev3", "volumev2", "volume", "block-store"),
    "shared-file-system": ("sharev2", "share"),
    "load-balancer": ("octavia",),
    "container-infrastructure-management": ("container-infra", "container"),
    "key-manager": ("keystore",),
    "baremetal": ("bare-metal",),
    "object-store": (),
    "compute": (),
    "identity": (),
    "image": (),
    "network": (),
    "placement": (),
    "orchestration": (),
    "dns": (),
}
_TO_OFFICIAL = {alias: official for official, aliases in ALIASES.items() for alias in aliases}

#: Service type -> the name used in `OpenStack-API-Version: <name> X.Y`.
MICROVERSION_NAMES = {
    "compute": "compute",
    "block-storage": "volume",
    "placement": "placement",
    "baremetal": "baremetal",
    "shared-file-system": "sharev2",
    "container-infrastructure-management": "container-infra",
}
#: Legacy per-service headers still sent next to the standard one.
LEGACY_HEADERS = {
    "compute": "X-OpenStack-Nova-API-Version",
    "baremetal": "X-OpenStack-Ironic-API-Version",
    "shared-file-system": "X-OpenStack-Manila-API-Version",
}
#: The major API version each client speaks when the configuration does not say.
DEFAULT_MAJOR = {
    "identity": "3", "compute": "2.1", "image": "2", "network": "2", "block-storage": "3",
    "object-store": "1", "placement": "1",
}


def official(service_type: str) -> str:
    """`volumev3` -> `block-storage`; official names and unknown types pass unchanged."""
    service_type = service_type.replace("_", "-")
    return _TO_OFFICIAL.get(service_type, service_type)


def candidates(service_type: str) -> tuple[str, ...]:
    """Every catalog type that may stand for a service, the official one first."""
    name = official(service_type)
    return (name, *ALIASES.get(name, ()))


def microversion_headers(service_type: str, version: str) -> dict[str, str]:
    name = official(service_type)
    headers = {"OpenStack-API-Version": f"{MICROVERSION_NAMES.get(name, name)} {version}"}
    if name in LEGACY_HEADERS:
        headers[LEGACY_HEADERS[name]] = version
    return headers
