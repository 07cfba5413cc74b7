"""Name-or-ID resolution for commands, through the SDK's `find_<resource>` methods.

`what` names a resource as "service.resource" (`"compute.flavor"`, `"image.image"`): the
service attribute of the connection and the resource's singular name.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def service_of(conn: Any, what: str) -> tuple[Any, str]:
    service, _, singular = what.partition(".")
    return getattr(conn, service), singular


def find(conn: Any, what: str, name_or_id: str, **query: Any) -> Any:
    """The resource named or identified by `name_or_id`; NotFound / NoUniqueMatch otherwise."""
    service, singular = service_of(conn, what)
    return getattr(service, f"find_{singular}")(name_or_id, ignore_missing=False, **query)


def find_id(conn: Any, what: str, name_or_id: str, **query: Any) -> str:
    return find(conn, what, name_or_id, **query).id


def method(conn: Any, what: str, verb: str) -> Any:
    """The SDK method of a verb for a resource: `list` -> `servers`, `get` -> `get_server`."""
    service, singular = service_of(conn, what)
    name = _plural(service, singular) if verb == "list" else f"{verb}_{singular}"
    return getattr(service, name)


def _plural(service: Any, singular: str) -> str:
    resource = _resource_of(service, singular)
    return resource.plural_name() if resource is not None else singular + "s"


def resource_class(conn: Any, what: str) -> Any:
    """The SDK resource class of "service.resource" (None when its service declares none)."""
    return _resource_of(*service_of(conn, what))


def _resource_of(service: Any, singular: str) -> Any:
    cls = type(service)
    for attempt in (1, 2):
        for resource in cls.resources:
            if resource.singular_name() == singular:
                return resource
        if attempt == 1 and not hasattr(cls, "_load_lazy"):
            break
        if attempt == 1:  # once loaded, by this thread or by another one meanwhile: look again
            cls._load_lazy()
    return None


def name_cache(conn: Any) -> Any:
    """The connection's cache of names by ID (one per connection, in its own file)."""
    cache = getattr(conn, "_ostack_name_cache", None)
    if cache is None:
        from ostack.cli.name_cache import NameCache

        cache = NameCache.for_connection(conn)
        conn._ostack_name_cache = cache
    return cache


def names(conn: Any, what: str, ids: set[str], *, list_all: bool = False,
          **list_query: Any) -> dict[str, str]:
    """Names of resources by ID, from the name cache first, then from the cloud.

    With `list_all` one listing fetches every name (flavors); otherwise each missing ID is
    fetched once. An ID that no longer exists maps to "". Remembered for the next command.
    """
    from ostack import exceptions

    cache = name_cache(conn)
    known = cache.names(what)
    missing = {i for i in ids if i and i not in known}
    if not missing:
        return known
    found: dict[str, str] = {}
    try:
        if list_all:
            found = {r.id: r.name or "" for r in method(conn, what, "list")(**list_query)}
        else:
            get = method(conn, what, "get")
            for ident in sorted(missing):
                try:
                    found[ident] = get(ident).name or ""
                except exceptions.NotFound:
                    found[ident] = ""
    except (exceptions.EndpointNotFound, exceptions.HttpError):
        pass
    if found:
        cache.remember(what, found)
        known.update(found)
    return known


def remember_names(conn: Any, what: str, resources: Any) -> None:
    """Remember the names of resources just listed or created."""
    name_cache(conn).remember(what, {r.id: r.name or "" for r in resources})


def remember_listing(conn: Any, what: str, resources: Any, complete: bool) -> None:
    """Remember the names of a listing (see `NameCache.remember_listing`)."""
    name_cache(conn).remember_listing(
        what, {r.id: getattr(r, "name", None) or "" for r in resources if r.id}, complete)


def project_id(conn: Any, project: str, domain: str | None = None) -> str:
    """A project's ID from its name or ID (looked up in `domain` when given), as the official
    client finds it: a project the user may not look up (403) is taken as given."""
    from ostack import exceptions

    try:
        query = {"domain_id": find_id(conn, "identity.domain", domain)} if domain else {}
        return find_id(conn, "identity.project", project, **query)
    except exceptions.Forbidden:
        return project


def has_service(conn: Any, service_type: str) -> bool:
    """Whether the catalog lists the service (or one of its aliases) at all, as the official
    client's `is_<service>_endpoint_enabled` asks before calling it."""
    return bool(conn.session.catalog.endpoints(service_type))


def identity_service(conn: Any, name_type_or_id: str) -> Any:
    """A catalog service by ID, name or type, as the official client's service and endpoint
    commands find one (a type matching several services is an error)."""
    from ostack import exceptions

    identity = conn.identity
    found = identity.find_service(name_type_or_id)
    if found is not None:
        return found
    matches = list(identity.services(type=name_type_or_id))
    if not matches:
        raise exceptions.OstackError(
            f"No service with a type, name or ID of '{name_type_or_id}' exists.")
    if len(matches) > 1:
        raise exceptions.OstackError(
            f"Multiple service matches found for '{name_type_or_id}', use an ID to be more "
            "specific.")
    return matches[0]


def object_store_account(conn: Any) -> str:
    """The Swift account (`AUTH_<project>`): the last part of the object store's endpoint, as
    the official client shows it in `container`, `object` and `object store account` output."""
    return conn.session.get_endpoint("object-store").rstrip("/").rpartition("/")[2]


def project_of(conn: Any, args: Any) -> str | None:
    """The ID of a command's `--project` (looked up in its `--project-domain`, if any), None
    when the option is not given (`declare.project_options` declares both)."""
    project = getattr(args, "project", None)
    if not project:
        return None
    return project_id(conn, project, getattr(args, "project_domain", None))
