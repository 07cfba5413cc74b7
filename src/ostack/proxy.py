"""The base of every service client: list (lazily, page by page), get, find, create, delete, wait.

A service client (`conn.compute`, `conn.identity` ...) is a ServiceProxy bound to the shared
Session; its methods are thin and declarative, the generic work is here.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any, ClassVar, TypeVar
from urllib.parse import quote

from ostack import exceptions
from ostack.resource import Resource
from ostack.transport.session import Session

R = TypeVar("R", bound=Resource)


class ServiceProxy:
    """A client for one service type, sharing the connection's Session."""

    service_type: ClassVar[str] = ""
    #: The microversion range this client understands (None for services without them).
    min_microversion: ClassVar[str | None] = None
    max_microversion: ClassVar[str | None] = None

    def __init__(self, session: Session, microversion: str | None = None) -> None:
        self.session = session
        self._wanted = microversion
        self._microversion: str | None = None
        self._negotiated = False

    # -- microversion -------------------------------------------------------------------------
    @property
    def microversion(self) -> str | None:
        """The microversion negotiated with the server (the best both sides speak, or asked)."""
        if not self._negotiated:
            if self.min_microversion and self.max_microversion:
                self._microversion = self.session.negotiate_microversion(
                    self.service_type, self.min_microversion, self.max_microversion, self._wanted
                )
            self._negotiated = True
        return self._microversion

    def request(self, method: str, path: str, **kwargs: Any):
        """A request to this service, with the negotiated microversion."""
        kwargs.setdefault("microversion", self.microversion)
        return self.session.request(method, path, service_type=self.service_type, **kwargs)

    # -- generic operations -------------------------------------------------------------------
    def _list(
        self, cls: type[R], *, path: str | None = None, details: bool = False,
        paginated: bool = True, **query: Any,
    ) -> Iterator[R]:
        """Iterate a listing lazily: the next page is fetched only when the previous is used."""
        params = cls.query.transpose(query, cls.__name__)
        url: str | None = path or (cls.detail_path if details and cls.detail_path else
                                   cls.base_path)
        key = cls.resources_key
        microversion = self.microversion
        seen_marker = None
        while url:
            resp = self.request("GET", url, params=params)
            body = resp.json() or {}
            items = body.get(key, []) if key else body
            for item in items:
                yield cls(item, microversion)
            if not paginated or not items:
                return
            url = _next_link(body, key)
            params = None
            if url == seen_marker:
                return
            seen_marker = url

    def _get(self, cls: type[R], resource_id: str, *, path: str | None = None) -> R:
        url = path or f"{cls.base_path}/{quote(str(resource_id), safe='')}"
        resp = self.request("GET", url)
        body = resp.json() or {}
        return cls(body.get(cls.resource_key, body) if cls.resource_key else body,
                   self.microversion)

    def _find(
        self, cls: type[R], name_or_id: str, *, ignore_missing: bool = True,
        list_query: Mapping[str, Any] | None = None, details: bool = True,
    ) -> R | None:
        """By ID first, then by exact name; NoUniqueMatch when a name is ambiguous."""
        try:
            return self._get(cls, name_or_id)
        except (exceptions.NotFound, exceptions.BadRequest):
            pass
        query = dict(list_query or {})
        matches = [
            r for r in self._list(cls, details=details, **query)
            if r.name == name_or_id or r.id == name_or_id
        ]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise exceptions.NoUniqueMatch(
                f"more than one {_label(cls)} is named '{name_or_id}'; use its ID instead: "
                + ", ".join(str(m.id) for m in matches)
            )
        if ignore_missing:
            return None
        raise exceptions.NotFound(
            f"no {_label(cls)} with a name or ID of '{name_or_id}' exists", status_code=404
        )

    def _create(self, cls: type[R], body: Mapping[str, Any], *, path: str | None = None,
                beside: Mapping[str, Any] | None = None, **kwargs: Any) -> R:
        """POST a new resource; `beside` holds top-level keys next to the resource's own."""
        payload = {cls.resource_key: dict(body)} if cls.resource_key else dict(body)
        if beside:
            payload.update(beside)
        resp = self.request("POST", path or cls.base_path, json=payload, **kwargs)
        data = resp.json() or {}
        return cls(data.get(cls.resource_key, data) if cls.resource_key else data,
                   self.microversion)

    def _update(self, cls: type[R], resource_id: str, body: Mapping[str, Any]) -> R:
        payload = {cls.resource_key: dict(body)} if cls.resource_key else dict(body)
        url = f"{cls.base_path}/{quote(str(resource_id), safe='')}"
        resp = self.request(cls.commit_method, url, json=payload)
        data = resp.json() or {}
        return cls(data.get(cls.resource_key, data) if cls.resource_key else data,
                   self.microversion)

    def _delete(self, cls: type[R], resource: str | Resource, *,
                ignore_missing: bool = True) -> None:
        resource_id = resource.id if isinstance(resource, Resource) else resource
        try:
            self.request("DELETE", f"{cls.base_path}/{quote(str(resource_id), safe='')}")
        except exceptions.NotFound:
            if not ignore_missing:
                raise

    def _wait_for(
        self,
        fetch: Callable[[], R | None],
        *,
        status: str | None,
        failures: tuple[str, ...] = ("ERROR",),
        interval: float = 2.0,
        wait: float = 120.0,
        attribute: str = "status",
        label: str = "resource",
        callback: Callable[[R], None] | None = None,
    ) -> R | None:
        """Poll until the attribute reaches `status`, or until the resource is gone (None)."""
        deadline = time.monotonic() + wait
        delay = min(interval, 0.25)
        while True:
            current = fetch()
            if current is None:
                if status is None:
                    return None
                raise exceptions.ResourceFailure(f"{label} disappeared while waiting for {status}")
            value = getattr(current, attribute, None)
            if callback is not None:
                callback(current)
            if status is not None and str(value).upper() == status.upper():
                return current
            if str(value).upper() in {f.upper() for f in failures}:
                fault = current.get("fault") if hasattr(current, "get") else None
                reason = f": {fault.get('message')}" if isinstance(fault, dict) else ""
                raise exceptions.ResourceFailure(
                    f"{label} went to {attribute} {value} while waiting for {status}{reason}"
                )
            if time.monotonic() >= deadline:
                target = status or "deletion"
                raise exceptions.ResourceTimeout(
                    f"{label} is still {value} after {wait:g} s of waiting for {target}"
                )
            time.sleep(delay)
            delay = min(delay * 2, interval)


def _label(cls: type[Resource]) -> str:
    return (cls.resource_key or cls.__name__).replace("_", " ")


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
