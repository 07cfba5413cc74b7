"""The sync and async drivers of the generic proxy: the same flows, run with and without await.

`ServiceProxy` drives each flow of `ostack.proxy` with blocking requests; `async_twin(cls)` makes
the `AsyncServiceProxy` class of a sync service, whose operations are coroutines and whose
listings are async iterators (reading one page ahead). A service class lists its resources and
mixins; the methods are made when the class is created, or on first use for `lazy` ones.
"""

from __future__ import annotations

import _thread
import time
from collections.abc import Callable, Iterator
from functools import update_wrapper

from ostack.proxy import Call, Flow, Items, ProxyCore, _made_methods
from ostack.resource import Resource
from ostack.transport.flows import Sleep

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing stays off the CLI's import path
    from typing import Any, ClassVar, TypeVar

    R = TypeVar("R", bound=Resource)


class Together:
    """A message a flow yields to run other flows side by side: concurrently in the async
    driver (at most `limit` at once), one after another in the sync one. The flow is sent
    their results in order, or has the first failure thrown into it."""

    __slots__ = ("flows", "limit")

    def __init__(self, flows: list[Flow], limit: int = 4) -> None:
        self.flows = flows
        self.limit = limit


def _sync_method(flow: Callable[..., Flow]) -> Callable[..., Any]:
    if flow._kind == "list":  # type: ignore[attr-defined]
        def method(self: ServiceProxy, *args: Any, **kwargs: Any) -> Any:
            return self._iterate(flow(self, *args, **kwargs))
    else:
        def method(self: ServiceProxy, *args: Any, **kwargs: Any) -> Any:
            return self._run(flow(self, *args, **kwargs))
    update_wrapper(method, flow)
    method.flow = flow  # type: ignore[attr-defined]
    return method


def _async_method(flow: Callable[..., Flow]) -> Callable[..., Any]:
    if flow._kind == "list":  # type: ignore[attr-defined]
        def method(self: AsyncServiceProxy, *args: Any, **kwargs: Any) -> Any:
            return self._aiterate(flow(self, *args, **kwargs))
    else:
        async def method(self: AsyncServiceProxy, *args: Any, **kwargs: Any) -> Any:
            return await self._arun(flow(self, *args, **kwargs))
    update_wrapper(method, flow)
    method.flow = flow  # type: ignore[attr-defined]
    return method


def _wrap_namespace(namespace: dict[str, Any], wrap: Callable[..., Any]) -> dict[str, Any]:
    """Flows of a class body -> driven methods; everything else as it is."""
    out = {}
    for name, value in namespace.items():
        flow = getattr(value, "flow", value)
        if callable(flow) and getattr(flow, "_kind", None):
            out[name] = wrap(flow)
    return out


#: Held while lazy resources load (see `ServiceProxy._load_lazy`).
_LAZY_LOCK = _thread.RLock()


def _loaded(cls: type, name: str) -> bool:
    """Whether the class has `name` now as a method or plain value (another thread loaded it
    while this one looked); properties excluded, as one may raise AttributeError itself."""
    for klass in cls.__mro__:
        if name in klass.__dict__:
            kind = type(klass.__dict__[name])
            return not (hasattr(kind, "__set__") or hasattr(kind, "__delete__"))
    return False


class _ProxyType(type):
    """Loads a service's lazy resources when a name is not found on the class."""

    def __getattr__(cls, name: str) -> Any:
        if not name.startswith("__") and (
                cls._load_lazy() or _loaded(cls, name)):  # type: ignore[attr-defined]
            return getattr(cls, name)
        raise AttributeError(f"type object {cls.__name__!r} has no attribute {name!r}")


class ServiceProxy(ProxyCore, metaclass=_ProxyType):
    """The sync client of one service, sharing the connection's Session."""

    #: Resources and mixins imported only when something they provide is first used
    #: ("module:Class"), so that a command loads the resource modules it needs and no more.
    lazy: ClassVar[tuple[str, ...]] = ()

    def __getattr__(self, name: str) -> Any:
        if not name.startswith("__") and (
                type(self)._load_lazy() or _loaded(type(self), name)):
            return getattr(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    @classmethod
    def _load_lazy(cls) -> bool:
        """Import the lazy resources and mixins of this class and its bases, and make their
        methods; False when there was nothing left to load. Under a lock: threads may use a
        service for the first time together (the CLI's `--os-cloud a,b`)."""
        _LAZY_LOCK.acquire()
        try:
            loaded = False
            for klass in reversed(cls.__mro__):
                pending = klass.__dict__.get("lazy") if issubclass(klass, ServiceProxy) else None
                if not pending or klass.__dict__.get("_lazy_done"):
                    continue
                klass._lazy_done = True  # type: ignore[attr-defined]
                loaded = True
                import importlib

                made = klass.__dict__.get("_made_names", set())
                resources = list(klass.__dict__.get("resources", ()))
                targets = []
                for target in pending:
                    module, _, attr = target.partition(":")
                    targets.append(getattr(importlib.import_module(module), attr))
                for mixin in (t for t in targets if not issubclass(t, Resource)):
                    flows = _wrap_namespace(dict(vars(mixin)), _sync_method)
                    for name, value in vars(mixin).items():
                        if name.startswith("__"):
                            continue
                        if name not in klass.__dict__ or name in made:
                            setattr(klass, name, flows.get(name, value))
                            made.discard(name)
                for resource in (t for t in targets if issubclass(t, Resource)):
                    resources.append(resource)
                    for name, flow in _made_methods(resource).items():
                        if name not in klass.__dict__:
                            setattr(klass, name, _sync_method(flow))
                klass.resources = tuple(resources)
            return loaded
        finally:
            _LAZY_LOCK.release()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = dict(vars(cls))
        cls._made_names = set()
        # Flows of plain mixins (a resource module's irregular operations) are driven too;
        # a mixin's flow wins over the made method of the same name (`delete_keypair` with a
        # `user_id`), as the class's own methods do.
        mixed: set[str] = set()
        for klass in reversed(cls.__mro__[1:]):
            if not issubclass(klass, ProxyCore) and klass is not object:
                for name, method in _wrap_namespace(dict(vars(klass)), _sync_method).items():
                    mixed.add(name)
                    if name not in own:
                        setattr(cls, name, method)
        for resource in cls.__dict__.get("resources", ()):
            for name, flow in _made_methods(resource).items():
                if name not in own and name not in mixed:
                    setattr(cls, name, _sync_method(flow))
                    cls._made_names.add(name)
        for name, method in _wrap_namespace(own, _sync_method).items():
            setattr(cls, name, method)

    @property
    def microversion(self) -> str | None:
        """The microversion negotiated with the server (the best both sides speak, or asked)."""
        if not self._negotiated:
            self._microversion = self.session.negotiate_microversion(
                self.service_type, self.min_microversion, self.max_microversion, self._wanted
            )
            self._negotiated = True
        return self._microversion

    def _send(self, call: Call) -> Any:
        return self.session.request(call.method, call.path, **self._call_options(call))

    def _run(self, flow: Flow) -> Any:
        """Drive a flow to its result."""
        if not self._negotiated:
            self.microversion  # noqa: B018 - negotiates once
        try:
            message = next(flow)
            while True:
                if isinstance(message, Sleep):
                    time.sleep(message.seconds)
                    message = flow.send(None)
                    continue
                try:
                    reply = ([self._run(f) for f in message.flows]
                             if isinstance(message, Together) else self._send(message))
                except Exception as exc:  # noqa: BLE001 - the flow decides
                    message = flow.throw(exc)
                else:
                    message = flow.send(reply)
        except StopIteration as stop:
            return stop.value

    def _iterate(self, flow: Flow) -> Iterator[Any]:
        """Drive a listing flow lazily: a page is fetched when the previous one is used."""
        if not self._negotiated:
            self.microversion  # noqa: B018
        try:
            message = next(flow)
            while True:
                if isinstance(message, Items):
                    yield from message.items
                    message = flow.send(None)
                elif isinstance(message, Sleep):
                    time.sleep(message.seconds)
                    message = flow.send(None)
                else:
                    try:
                        reply = self._send(message)
                    except Exception as exc:  # noqa: BLE001
                        message = flow.throw(exc)
                    else:
                        message = flow.send(reply)
        except StopIteration:
            return

    # Compatibility with hand-written callers of the earlier proxy.
    def _list(self, cls: type[R], **kwargs: Any) -> Iterator[R]:
        return self._iterate(self.list_flow(cls, None, **kwargs))


# ProxyCore's own operations, driven synchronously.
for _name, _method in _wrap_namespace(dict(vars(ProxyCore)), _sync_method).items():
    setattr(ServiceProxy, _name, _method)


class _TwinType(type):
    """Completes an async twin with its service's lazy resources when a name is not found."""

    def __getattr__(cls, name: str) -> Any:
        if not name.startswith("__") and _complete_twin(cls):
            return getattr(cls, name)
        raise AttributeError(f"type object {cls.__name__!r} has no attribute {name!r}")


class AsyncServiceProxy(ProxyCore, metaclass=_TwinType):
    """The async client of one service: the same flows, driven with `await`."""

    def __getattr__(self, name: str) -> Any:
        if not name.startswith("__") and _complete_twin(type(self)):
            return getattr(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    async def _negotiate(self) -> None:
        if not self._negotiated:
            self._microversion = await self.session.negotiate_microversion(
                self.service_type, self.min_microversion, self.max_microversion, self._wanted
            )
            self._negotiated = True

    @property
    def microversion(self) -> str | None:
        """The negotiated microversion (None until the first call negotiated it)."""
        return self._microversion

    async def _arun(self, flow: Flow) -> Any:
        import asyncio

        await self._negotiate()
        try:
            message = next(flow)
            while True:
                if isinstance(message, Sleep):
                    await asyncio.sleep(message.seconds)
                    message = flow.send(None)
                    continue
                reply = (self._together(message) if isinstance(message, Together)
                         else self._asend(message))
                message = await self._settle(flow, reply)
        except StopIteration as stop:
            return stop.value
        except _Finished as finished:
            return finished.value

    async def _aiterate(self, flow: Flow) -> Any:
        """Drive a listing flow; the next page is requested while this one is handed out.

        Reading ahead one page overlaps the service's work on page n+1 with the caller's on
        page n; a caller that stops early cancels the request in flight.
        """
        import asyncio

        await self._negotiate()
        ahead: asyncio.Future[Any] | None = None
        try:
            message = next(flow)
            while True:
                if isinstance(message, Items):
                    try:
                        following = flow.send(None)
                    except StopIteration:
                        following = None
                    if isinstance(following, Call):
                        ahead = asyncio.ensure_future(self._asend(following))
                    for item in message.items:
                        yield item
                    if following is None:
                        return
                    message = following
                    if ahead is not None:
                        pending, ahead = ahead, None
                        message = await self._settle(flow, pending)
                elif isinstance(message, Sleep):
                    await asyncio.sleep(message.seconds)
                    message = flow.send(None)
                else:
                    message = await self._settle(flow, self._asend(message))
        except (StopIteration, _Finished):
            return
        finally:
            if ahead is not None:
                ahead.cancel()

    async def _together(self, message: Together) -> list[Any]:
        """Run flows side by side, at most `message.limit` at once; their results in order.
        The first failure cancels the others and is raised."""
        import asyncio

        gate = asyncio.Semaphore(max(1, message.limit))

        async def one(flow: Flow) -> Any:
            async with gate:
                return await self._arun(flow)

        tasks = [asyncio.ensure_future(one(flow)) for flow in message.flows]
        try:
            return await asyncio.gather(*tasks)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _asend(self, call: Call) -> Any:
        return await self.session.request(call.method, call.path, **self._call_options(call))

    @staticmethod
    async def _settle(flow: Flow, reply: Any) -> Any:
        """Await a reply and hand it (or its error) to the flow; the flow's next message.

        A flow that ends raises `_Finished` (StopIteration may not cross a coroutine)."""
        try:
            answer = await reply
        except Exception as exc:  # noqa: BLE001 - the flow decides
            try:
                return flow.throw(exc)
            except StopIteration as stop:
                raise _Finished(stop.value) from None
        try:
            return flow.send(answer)
        except StopIteration as stop:
            raise _Finished(stop.value) from None


for _name, _method in _wrap_namespace(dict(vars(ProxyCore)), _async_method).items():
    setattr(AsyncServiceProxy, _name, _method)


class _Finished(Exception):
    """A flow returned while an async driver awaited its reply."""

    def __init__(self, value: Any) -> None:
        super().__init__()
        self.value = value


_TWINS: dict[type, type] = {}


def async_twin(cls: type[ServiceProxy]) -> type[AsyncServiceProxy]:
    """The async class of a sync service proxy: every flow the same, driven with `await`.

    Like the sync class, the twin loads the service's `lazy` resources on first use of a name
    it lacks (`_complete_twin`), not when it is made: a listing of servers does not import the
    twenty other resource modules of the compute service.
    """
    twin = _TWINS.get(cls)
    if twin is not None:
        return twin
    namespace = _twin_namespace(cls)
    namespace["__module__"] = cls.__module__
    namespace["_sync_class"] = cls
    namespace["_twin_complete"] = False
    twin = type(f"Async{cls.__name__}", (AsyncServiceProxy,), namespace)
    _TWINS[cls] = twin
    return twin


def _complete_twin(twin: type) -> bool:
    """Load the lazy resources of a twin's sync class and add their async methods to the
    twin; False when there was nothing left to add."""
    sync_cls = twin.__dict__.get("_sync_class")
    if sync_cls is None or twin.__dict__.get("_twin_complete"):
        return False
    twin._twin_complete = True  # type: ignore[attr-defined]
    sync_cls._load_lazy()
    for name, value in _twin_namespace(sync_cls).items():
        setattr(twin, name, value)
    return True


def _twin_namespace(cls: type[ServiceProxy]) -> dict[str, Any]:
    """The async twin's attributes for what the sync class has now."""
    namespace: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        if klass in (ServiceProxy, ProxyCore, object):
            continue
        for name, value in vars(klass).items():
            if (name.startswith("__") and name != "__doc__") or name in (
                    "_lazy_done", "_made_names", "_load_lazy", "lazy"):
                continue
            flow = getattr(value, "flow", None)
            if flow is None and getattr(value, "_kind", None):
                flow = value
            namespace[name] = _async_method(flow) if flow is not None else value
    return namespace
