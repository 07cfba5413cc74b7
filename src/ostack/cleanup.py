"""Project cleanup: find, and unless it is a dry run delete, every resource of a project.

Each service offers a listing flow `service_cleanup(project_id=..., dry_run=..., filters=...,
identified=..., skip_resources=...)` (its mixin lives beside its resources, e.g.
`ostack.compute.cleanup`) that yields each resource it picks, in the order it removes them.
`project_cleanup` runs the services in dependency order: compute first (servers hold ports
and volumes), then block storage, network and image, and shares what was picked so that the
network keeps a network whose ports belong to servers that are not going away.

Filters (`created_at`, `updated_at`: ISO 8601 times) keep only resources created (updated) at
or before that time; a resource without the attribute is kept out of the cleanup. Resources to
skip are named `<service>.<resource>` (`compute.server`, `network.floating_ip`,
`block_storage.volume`), as openstacksdk names them.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from ostack import exceptions
from ostack.proxy import Flow, Items

LOG = logging.getLogger("ostack.cleanup")

#: Connection attribute -> catalog service type, in the order the cleanup runs.
SERVICES = (("compute", "compute"), ("block_storage", "block-storage"),
            ("network", "network"), ("image", "image"))


def skipped(service_type: str, resource: str, skip_resources: Sequence[str] | None) -> bool:
    """Whether `<service>.<resource>` is among the resources to skip."""
    return bool(skip_resources) and (
        f"{service_type.replace('-', '_')}.{resource}" in (skip_resources or ()))


def _moment(text: str) -> datetime:
    value = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def matches(resource: Any, filters: Mapping[str, Any] | None) -> bool:
    """Whether a resource passes the time filters (all of them)."""
    for key, limit in (filters or {}).items():
        if key not in ("created_at", "updated_at"):
            continue
        value = getattr(resource, key, None) if hasattr(type(resource), key) else None
        try:
            if not value or _moment(value) > _moment(limit):
                return False
        except ValueError:
            return False
    return True


def remove(proxy: Any, delete: str, resource: Any, *, dry_run: bool,
           filters: Mapping[str, Any] | None, identified: dict[str, Any] | None,
           evaluate: Callable[[Any], bool] | None = None) -> Flow:
    """Inside a cleanup listing flow: pick `resource` if it passes the filters (or
    `evaluate`), hand it to the caller, and delete it with the proxy's `delete` method unless
    this is a dry run. Returns whether it was picked; a failed delete is logged, not raised."""
    wanted = evaluate(resource) if evaluate is not None else matches(resource, filters)
    if not wanted:
        return False
    if identified is not None:
        identified[resource.id] = resource
    yield Items([resource])
    if not dry_run:
        try:
            yield from proxy.sub(delete, resource)
        except exceptions.OstackError as exc:
            LOG.warning("Cannot delete %s %s: %s", type(resource).__name__, resource.id, exc)
    return True


def _services(conn: Any, catalog: Any) -> list[Any]:
    found = []
    for attribute, service_type in SERVICES:
        if not catalog.endpoints(service_type):
            continue
        service = getattr(conn, attribute, None)
        if service is not None and hasattr(service, "service_cleanup"):
            found.append(service)
    return found


def project_cleanup(conn: Any, *, dry_run: bool = True,
                    filters: Mapping[str, Any] | None = None,
                    skip_resources: Sequence[str] | None = None) -> Iterator[Any]:
    """Every resource of the connection's project that the cleanup picks, as it goes;
    deleted as well unless `dry_run`."""
    from ostack.transport.catalog import ServiceCatalog

    access = conn.session.get_access()
    identified: dict[str, Any] = {}
    for service in _services(conn, ServiceCatalog(access.catalog)):
        yield from service.service_cleanup(
            project_id=access.project_id, dry_run=dry_run, filters=filters,
            identified=identified, skip_resources=skip_resources)


async def aproject_cleanup(conn: Any, *, dry_run: bool = True,
                           filters: Mapping[str, Any] | None = None,
                           skip_resources: Sequence[str] | None = None) -> AsyncIterator[Any]:
    """`project_cleanup` for an `AsyncConnection`."""
    from ostack.transport.catalog import ServiceCatalog

    access = await conn.session.get_access()
    identified: dict[str, Any] = {}
    for service in _services(conn, ServiceCatalog(access.catalog)):
        async for found in service.service_cleanup(
                project_id=access.project_id, dry_run=dry_run, filters=filters,
                identified=identified, skip_resources=skip_resources):
            yield found


def connect_as_project(conn: Any, project: Any) -> Any:
    """A new connection like `conn` (same user and options), scoped to another project."""
    config = conn.config
    if config is None:
        raise exceptions.OstackError("a connection made from a session alone cannot change "
                                     "its project; connect with a cloud configuration")
    scoped = copy.copy(config)
    drop = {"project_name", "project_id", "project_domain_name", "project_domain_id",
            "domain_name", "domain_id", "system_scope", "tenant_name", "tenant_id"}
    scoped.auth = {k: v for k, v in config.auth.items() if k not in drop}
    scoped.auth["project_id"] = getattr(project, "id", project)
    cache = getattr(conn.session, "cache", None) is not None
    return type(conn)(config=scoped, cache=cache, microversions=conn._microversions)
