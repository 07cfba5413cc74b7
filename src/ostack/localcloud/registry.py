"""The services of the local cloud: every subpackage that declares a `SERVICE`.

Nothing else lists the services: the app, the store, the bootstrap and the catalog loop over
`declared()`, so a new service is a new folder (see docs/localcloud-internals.md).
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import pkgutil
from pathlib import Path

from .declare import ServiceSpec


@functools.cache
def declared() -> tuple[ServiceSpec, ...]:
    """The declared services, in seeding order (identity first), each named by its package."""
    found = []
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if not info.ispkg:
            continue
        module = importlib.import_module(f"{__package__}.{info.name}")
        spec = getattr(module, "SERVICE", None)
        if isinstance(spec, ServiceSpec):
            found.append(dataclasses.replace(spec, name=info.name))
    return tuple(sorted(found, key=lambda spec: (spec.order, spec.name)))


def schema() -> str:
    """Every declared service's tables, for the store."""
    return "\n".join(spec.schema for spec in declared())


def catalog() -> list[tuple[str, str, str, str]]:
    """Keystone's seed catalog: (type, name, description, endpoint path) per service."""
    return [(spec.service_type, spec.catalog_name, spec.catalog_description,
             spec.endpoint_path) for spec in declared()]
