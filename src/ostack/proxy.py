"""One generic proxy: a service client's methods are made from its resources' declarations.

Every operation is written once, as a *flow*: a generator that yields what it needs done
(`Call` a request, `Sleep`, hand out a page of `Items`) and receives the answers. A sync driver
(`ServiceProxy`) and an async driver (`AsyncServiceProxy`, made by `async_twin`) run the same
flows, so the two APIs never diverge.

A service declares `resources`; for each, `<plural>()`, `get_`, `find_`, `create_`, `update_`,
`delete_` and `wait_for_<singular>` are made (the names openstacksdk uses). Capability flags gate
them with `MethodNotSupported`. Hand-written operations (server actions, uploads) are flows
marked `@operation` or `@listing`; a method the service defines itself wins over a made one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Mapping
from urllib.parse import quote

from ostack import exceptions
from ostack.resource import Resource
from ostack.transport.flows import Sleep

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing stays off the CLI's import path
    from typing import Any, ClassVar, TypeVar

    R = TypeVar("R", bound=Resource)


class Call:
    """A request to the proxy's service: method, path (or absolute URL) and request options."""

    __slots__ = ("method", "path", "options")

    def __init__(self, method: str, path: str, **options: Any) -> None:
        self.method = method
        self.path = path
        self.options = options


class Items:
    """A page of a listing, handed to the caller as it is consumed."""

    __slots__ = ("items",)

    def __init__(self, items: list[Any]) -> None:
        self.items = items


if TYPE_CHECKING:
    Flow = Generator[Any, Any, Any]
else:
    Flow = Generator


def operation(fn: Callable[..., Flow]) -> Callable[..., Any]:
    """Mark a flow as an operation that returns one result."""
    fn._kind = "call"  # type: ignore[attr-defined]
    return fn


def listing(fn: Callable[..., Flow]) -> Callable[..., Any]:
    """Mark a flow as a listing that yields `Items` pages (a lazy iterator for the caller)."""
    fn._kind = "list"  # type: ignore[attr-defined]
    return fn


def resource_id(value: Any) -> str:
    """The ID of a resource or of an ID given as is; a clear error for None or ''."""
    found = value.id if isinstance(value, Resource) else value
    if found is None or found == "":
        raise exceptions.OstackError("a resource or its ID is needed, got an empty value")
    return str(found)


class ProxyCore:
    """State and flows shared by the sync and async proxies of one service."""

    service_type: ClassVar[str] = ""
    #: The microversion range this client understands (None for services without them).
    min_microversion: ClassVar[str | None] = None
    max_microversion: ClassVar[str | None] = None
    #: The resources whose generic methods this proxy offers.
    resources: ClassVar[tuple[type[Resource], ...]] = ()

    def __init__(self, session: Any, microversion: str | None = None) -> None:
        self.session = session
        self._wanted = microversion
        self._microversion: str | None = None
        self._negotiated = not (self.min_microversion and self.max_microversion)

    # -- helpers for flows --------------------------------------------------------------------
    def sub(self, name: str, *args: Any, **kwargs: Any) -> Flow:
        """The flow of another operation, to `yield from` inside a flow."""
        return getattr(type(self), name).flow(self, *args, **kwargs)

    @staticmethod
    def collect(flow: Flow) -> Flow:
        """Run a listing flow inside another flow; its items, as a list."""
        out: list[Any] = []
        try:
            message = next(flow)
            while True:
                if isinstance(message, Items):
                    out.extend(message.items)
                    message = flow.send(None)
                    continue
                try:
                    reply = yield message
                except BaseException as exc:  # noqa: BLE001 - handed to the inner flow
                    message = flow.throw(exc)
                else:
                    message = flow.send(reply)
        except StopIteration:
            return out

    def path_of(self, cls: type[Resource], parents: Mapping[str, Any]) -> str:
        """`base_path` with its placeholders filled from `parents` (`server=` or `server_id=`)."""
        names = cls.path_params()
        if not names:
            return cls.base_path
        values = {}
        for name in names:
            short = name[:-3] if name.endswith("_id") else name
            value = parents.get(name, parents.get(short))
            if value is None:
                raise exceptions.OstackError(
                    f"a {cls.label()} belongs to a {short.replace('_', ' ')}: give {short}="
                )
            values[name] = quote(resource_id(value), safe="")
        return cls.base_path.format(**values)

    @staticmethod
    def split_parents(cls: type[Resource], kwargs: dict[str, Any]) -> dict[str, Any]:
        """Take the parent arguments of `cls` out of `kwargs`."""
        parents = {}
        for name in cls.path_params():
            short = name[:-3] if name.endswith("_id") else name
            for key in (name, short):
                if key in kwargs:
                    parents[name] = kwargs.pop(key)
        return parents

    def one(self, cls: type[R], resp: Any, fallback: Mapping[str, Any] | None = None,
            parents: Mapping[str, Any] | None = None) -> R:
        """The resource a response carries (its `resource_key` unwrapped)."""
        body = resp.json() if resp is not None and resp.content else None
        if not isinstance(body, dict):
            return self.made(cls, dict(fallback or {}), parents)
        if cls.resource_key and isinstance(body.get(cls.resource_key), dict):
            body = body[cls.resource_key]
        return self.made(cls, body, parents)

    def made(self, cls: type[R], body: dict[str, Any],
             parents: Mapping[str, Any] | None = None) -> R:
        """A resource from its body; a field named like a `base_path` placeholder
        (`namespace_name`, openstacksdk's URI attributes) is filled from the parent argument
        when the service's body lacks it."""
        if parents:
            fields = cls.fields()
            for name in cls.path_params():
                field = fields.get(name)
                short = name[:-3] if name.endswith("_id") else name
                value = parents.get(name, parents.get(short))
                if field is not None and value is not None and field.wire not in body:
                    body = {**body, field.wire: resource_id(value)}
        return cls(body, self._microversion)

    # -- generic flows ------------------------------------------------------------------------
    def list_flow(
        self, cls: type[R], parents: Mapping[str, Any] | None = None, *,
        details: bool = True, max_items: int | None = None, path: str | None = None,
        **query: Any,
    ) -> Flow:
        """Check the query now, then page lazily in the resource's paging style."""
        if not cls.allow_list:
            raise exceptions.MethodNotSupported(f"{cls.label()} cannot be listed")
        params = cls.query.transpose(query, cls.__name__)
        base = self.path_of(cls, parents or {})
        if path is None:
            path = cls.detail_path if details and cls.detail_path else base
            if cls.detail_path and "{" in path:
                path = path.format(**{k: quote(resource_id(v), safe="") for k, v in
                                      (parents or {}).items()})
        return self._pages(cls, path, params, max_items, parents)

    def _pages(self, cls: type[R], path: str, params: dict[str, Any],
               max_items: int | None, parents: Mapping[str, Any] | None = None) -> Flow:
        key = cls.resources_key
        item_key = cls.list_item_key
        page_size = params.get("limit")
        url: str | None = path
        seen: set[str] = set()
        left = max_items
        while url:
            resp = yield Call("GET", url, params=params or None)
            body = resp.json() if resp.content else None
            if isinstance(body, list):
                items = body
            elif isinstance(body, dict):
                items = body.get(key, []) if key else []
            else:
                items = []
            if item_key:
                items = [i.get(item_key, i) if isinstance(i, dict) else i for i in items]
            if left is not None:
                items = items[:left]
                left -= len(items)
            yield Items([self.made(cls, item, parents) for item in items])
            if not items or left == 0:
                return
            if cls.pagination == "links":
                url = _next_link(body, key) if isinstance(body, dict) else None
                params = {}
                if url in seen:
                    return
                if url:
                    seen.add(url)
            elif cls.pagination == "marker" and page_size and len(items) >= int(page_size):
                last = items[-1]
                params = {**params, "marker": last.get(cls.marker_attribute)}
            else:
                return

    def get_flow(self, cls: type[R], value: Any, parents: Mapping[str, Any] | None = None,
                 **params: Any) -> Flow:
        if not cls.allow_fetch:
            raise exceptions.MethodNotSupported(f"{cls.label()} cannot be fetched by ID")
        url = f"{self.path_of(cls, parents or {})}/{quote(resource_id(value), safe='')}"
        # a resource of another service (the image a server was snapshotted into) at its own
        # (a field may take the name: a network flavor's `service_type`)
        own = cls.service_type if isinstance(cls.service_type, str) else self.service_type
        resp = yield Call("GET", url, params=params or None,
                          **({"service_type": own} if own and own != self.service_type else {}))
        return self.one(cls, resp, parents=parents)

    def find_flow(
        self, cls: type[R], name_or_id: str, *, ignore_missing: bool = True,
        parents: Mapping[str, Any] | None = None, **query: Any,
    ) -> Flow:
        """By ID first, then by exact name; NoUniqueMatch when a name is ambiguous."""
        if name_or_id is None or name_or_id == "":
            raise exceptions.OstackError(f"a {cls.label()} name or ID is needed")
        name_or_id = str(name_or_id)
        if cls.allow_fetch:
            try:
                return (yield from self.get_flow(cls, name_or_id, parents))
            except (exceptions.NotFound, exceptions.BadRequest):
                pass
        if cls.find_policy != "id" and cls.allow_list:
            query = {**cls.find_query, **query}
            if cls.find_policy == "name" and "name" in cls.query.mapping:
                query = {"name": name_or_id, **query}
            found = yield from self.collect(self.list_flow(cls, parents, **query))
            matches = [r for r in found if r.name == name_or_id or str(r.id) == name_or_id]
            if len(matches) > 1:
                raise exceptions.NoUniqueMatch(
                    f"more than one {cls.label()} is named '{name_or_id}'; use its ID instead: "
                    + ", ".join(str(m.id) for m in matches)
                )
            if matches:
                return matches[0]
        if ignore_missing:
            return None
        raise exceptions.NotFound(
            f"no {cls.label()} with a name or ID of '{name_or_id}' exists", status_code=404
        )

    def create_flow(
        self, cls: type[R], attrs: Mapping[str, Any], parents: Mapping[str, Any] | None = None,
        *, beside: Mapping[str, Any] | None = None, path: str | None = None,
        **options: Any,
    ) -> Flow:
        """POST a new resource; `beside` holds top-level keys next to the resource's own."""
        if not cls.allow_create:
            raise exceptions.MethodNotSupported(f"{cls.label()} cannot be created")
        body = cls.wire_body(attrs, self._microversion, check_microversion=True)
        payload = {cls.resource_key: body} if cls.resource_key else body
        if beside:
            payload.update(beside)
        call = Call(cls.create_method, path or self.path_of(cls, parents or {}),
                    json=payload, **options)
        if cls.create_method != "POST":
            resp = yield call
        else:  # a lost answer is looked up by client token (ostack.recovery)
            from ostack.recovery import send_create

            resp = yield from send_create(self, cls, call, body, parents)
            if isinstance(resp, Resource):
                return resp
        return self.one(cls, resp, body, parents)

    def update_flow(self, cls: type[R], value: Any, attrs: Mapping[str, Any],
                    parents: Mapping[str, Any] | None = None) -> Flow:
        if not cls.allow_commit:
            raise exceptions.MethodNotSupported(f"{cls.label()} cannot be updated")
        body = cls.wire_body(attrs, self._microversion, check_microversion=True)
        payload = {cls.resource_key: body} if cls.resource_key else body
        url = f"{self.path_of(cls, parents or {})}/{quote(resource_id(value), safe='')}"
        call = Call(cls.commit_method, url, json=payload)
        if cls.commit_idempotent and cls.commit_method not in ("PUT", "DELETE"):
            from ostack.recovery import send_again

            resp = yield from send_again(call)
        else:
            resp = yield call
        return self.one(cls, resp, body, parents)

    def delete_flow(self, cls: type[R], value: Any, *, ignore_missing: bool = True,
                    parents: Mapping[str, Any] | None = None) -> Flow:
        if not cls.allow_delete:
            raise exceptions.MethodNotSupported(f"{cls.label()} cannot be deleted")
        url = f"{self.path_of(cls, parents or {})}/{quote(resource_id(value), safe='')}"
        try:
            yield Call("DELETE", url)
        except exceptions.NotFound as exc:
            # A 404 to a DELETE sent again after a lost answer: the first one did the work.
            if not ignore_missing and not exc.resent:
                raise
        return None

    def wait_flow(
        self, cls: type[R], value: Any, *, status: str | tuple[str, ...] | None,
        failures: tuple[str, ...] | None = None, interval: float = 2.0, wait: float = 120.0,
        callback: Callable[[R], None] | None = None, attribute: str | None = None,
        parents: Mapping[str, Any] | None = None,
    ) -> Flow:
        """Poll until the attribute reaches `status` (or one of several), or until the
        resource is gone (None).

        Transient failures (5xx, 429, connection errors) are ridden out until the deadline.
        """
        attribute = attribute or cls.status_attribute or "status"
        wanted = {status.upper()} if isinstance(status, str) else {
            s.upper() for s in status or ()}
        if not isinstance(status, str) and status is not None:
            status = " or ".join(status)
        failing = {f.upper() for f in (cls.failure_statuses if failures is None else failures)}
        ident = resource_id(value)
        label = f"{cls.label()} {ident}"
        deadline = time.monotonic() + wait
        delay = min(interval, 0.25)
        value_now: Any = None
        while True:
            try:
                current = yield from self.get_flow(cls, ident, parents)
            except exceptions.NotFound:
                if status is None:
                    return None
                raise exceptions.ResourceFailure(
                    f"{label} disappeared while waiting for {status}") from None
            except (exceptions.ServerError, exceptions.TooManyRequests,
                    exceptions.TransportError):
                if time.monotonic() >= deadline:
                    raise
                yield Sleep(delay)
                delay = min(delay * 2, interval)
                continue
            value_now = getattr(current, attribute, None)
            if callback is not None:
                callback(current)
            if status is not None and str(value_now).upper() in wanted:
                return current
            if str(value_now).upper() in failing:
                fault = current.get("fault")
                reason = f": {fault.get('message')}" if isinstance(fault, dict) and fault.get(
                    "message") else ""
                raise exceptions.ResourceFailure(
                    f"{label} went to {attribute} {value_now} while waiting for "
                    f"{status or 'deletion'}{reason}"
                )
            if time.monotonic() >= deadline:
                raise exceptions.ResourceTimeout(
                    f"{label} is still {value_now} after {wait:g} s of waiting for "
                    f"{status or 'deletion'}"
                )
            yield Sleep(delay)
            delay = min(delay * 2, interval)

    # -- operations every proxy has -----------------------------------------------------------
    @operation
    def wait_for_status(self, resource: Resource, status: str | tuple[str, ...],
                        failures: tuple[str, ...] | None = None, interval: float = 2.0,
                        wait: float = 120.0, callback: Callable[[Any], None] | None = None,
                        attribute: str | None = None, **parents: Any) -> Flow:
        """Wait for any resource of this service to reach `status`."""
        return (yield from self.wait_flow(
            type(resource), resource, status=status, failures=failures, interval=interval,
            wait=wait, callback=callback, attribute=attribute, parents=parents))

    @operation
    def wait_for_delete(self, resource: Resource, interval: float = 2.0, wait: float = 120.0,
                        callback: Callable[[Any], None] | None = None, **parents: Any) -> Flow:
        """Wait until a resource of this service is gone; the resource given (as
        openstacksdk returns it)."""
        yield from self.wait_flow(type(resource), resource, status=None, interval=interval,
                                  wait=wait, callback=callback, parents=parents)
        return resource

    @operation
    def request(self, method: str, path: str, **options: Any) -> Flow:
        """A raw request to this service (endpoint, token and microversion handled)."""
        return (yield Call(method, path, **options))

    @operation
    def get(self, path: str, **options: Any) -> Flow:
        return (yield Call("GET", path, **options))

    @operation
    def head(self, path: str, **options: Any) -> Flow:
        return (yield Call("HEAD", path, **options))

    @operation
    def post(self, path: str, **options: Any) -> Flow:
        return (yield Call("POST", path, **options))

    @operation
    def put(self, path: str, **options: Any) -> Flow:
        return (yield Call("PUT", path, **options))

    @operation
    def patch(self, path: str, **options: Any) -> Flow:
        return (yield Call("PATCH", path, **options))

    @operation
    def delete(self, path: str, **options: Any) -> Flow:
        return (yield Call("DELETE", path, **options))

    def _call_options(self, call: Call) -> dict[str, Any]:
        options = dict(call.options)
        if options.setdefault("service_type", self.service_type) == self.service_type:
            options.setdefault("microversion", self._microversion)
        return options


# -- methods made from declarations -----------------------------------------------------------
def _made_methods(cls: type[Resource]) -> dict[str, Callable[..., Flow]]:
    """The generic operations of one resource, as flows, by method name."""
    one, many = cls.singular_name(), cls.plural_name()
    has_parents = bool(cls.path_params())

    def parents_of(args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
        parents = ProxyCore.split_parents(cls, kwargs)
        for name, value in zip(cls.path_params(), args, strict=False):
            parents.setdefault(name, value)
        return parents

    @listing
    def list_(self, *args: Any, details: bool = True, max_items: int | None = None,
              **query: Any) -> Flow:
        parents = parents_of(args, query)
        return self.list_flow(cls, parents, details=details, max_items=max_items, **query)

    @operation
    def get_(self, value: Any, *args: Any, **kwargs: Any) -> Flow:
        parents = parents_of(args, kwargs)
        return (yield from self.get_flow(cls, value, parents, **kwargs))

    @operation
    def find_(self, name_or_id: str, ignore_missing: bool = True, *args: Any,
              **query: Any) -> Flow:
        parents = parents_of(args, query)
        return (yield from self.find_flow(cls, name_or_id, ignore_missing=ignore_missing,
                                          parents=parents, **query))

    @operation
    def create_(self, *args: Any, **attrs: Any) -> Flow:
        parents = parents_of(args, attrs)
        return (yield from self.create_flow(cls, attrs, parents))

    @operation
    def update_(self, value: Any, *args: Any, **attrs: Any) -> Flow:
        parents = parents_of(args, attrs)
        return (yield from self.update_flow(cls, value, attrs, parents))

    @operation
    def delete_(self, value: Any, ignore_missing: bool = True, *args: Any,
                **kwargs: Any) -> Flow:
        parents = parents_of(args, kwargs)
        if kwargs:
            raise TypeError(f"delete_{one}() got an unexpected keyword argument "
                            f"{next(iter(kwargs))!r}")
        return (yield from self.delete_flow(cls, value, ignore_missing=ignore_missing,
                                            parents=parents))

    @operation
    def wait_for_(self, value: Any, status: str = "ACTIVE", failures: tuple[str, ...] | None
                  = None, interval: float = 2.0, wait: float = 120.0,
                  callback: Callable[[Any], None] | None = None, **kwargs: Any) -> Flow:
        parents = parents_of((), kwargs)
        if kwargs:
            raise TypeError(f"wait_for_{one}() got an unexpected keyword argument "
                            f"{next(iter(kwargs))!r}")
        return (yield from self.wait_flow(cls, value, status=status, failures=failures,
                                          interval=interval, wait=wait, callback=callback,
                                          parents=parents))

    made = {
        many: list_, f"get_{one}": get_, f"find_{one}": find_, f"create_{one}": create_,
        f"update_{one}": update_, f"delete_{one}": delete_,
    }
    if cls.status_attribute:
        made[f"wait_for_{one}"] = wait_for_
    where = f" of a {cls.path_params()[0][:-3]}" if has_parents else ""
    for name, fn in made.items():
        fn.__name__ = fn.__qualname__ = name
        fn.__doc__ = f"{name.replace('_', ' ')}: the generic {cls.label()} operation{where}."
    return made


def _next_link(body: Mapping[str, Any], key: str | None) -> str | None:
    """The next page's URL, wherever the service puts it (Nova, Neutron, Keystone, Glance)."""
    for links in (body.get(f"{key}_links") if key else None, body.get("links")):
        if isinstance(links, list):
            for link in links:
                if isinstance(link, dict) and link.get("rel") == "next":
                    return link.get("href")
        elif isinstance(links, dict) and links.get("next"):
            return links["next"]
    nxt = body.get("next")
    if isinstance(nxt, str) and nxt:
        return nxt
    return None


# The drivers (sync, async) build on the core above; re-exported here, where callers look.
from ostack.drivers import (  # noqa: E402
    AsyncServiceProxy,
    ServiceProxy,
    Together,
    async_twin,
)

__all__ = [
    "AsyncServiceProxy", "Call", "Flow", "Items", "ProxyCore", "ServiceProxy", "Sleep",
    "Together", "async_twin", "listing", "operation", "resource_id",
]
