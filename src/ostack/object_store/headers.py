"""What Swift's account, container and object resources share: they are described by response
headers, not bodies; user metadata travels as `X-<Kind>-Meta-<key>` headers; listings are JSON
arrays (`format=json`) paged by `marker`, the last name of a page.

A resource's body is built from the headers under its attributes' names (openstacksdk's), with
numbers and flags converted, and `metadata` holding the user metadata, keys lower-cased.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar
from urllib.parse import quote

from ostack.proxy import Call, Flow, Items, ProxyCore
from ostack.resource import Field, Resource

_TRUE = frozenset(("1", "t", "true", "on", "y", "yes"))


def as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def as_bool(value: Any) -> bool:
    return str(value).strip().lower() in _TRUE


class MetadataField(Field):
    """User metadata: a dict of the resource's own (never a shared default)."""

    def __get__(self, obj: Resource | None, owner: type | None = None) -> Any:
        if obj is None:
            return self
        return obj._body.setdefault(self.wire, {})


class SwiftResource(Resource):
    """A resource read from Swift's headers: `header_fields` maps a (lower-case) header to the
    attribute it fills and how its value is read."""

    #: "X-Container-Meta-": the prefix of user metadata headers.
    meta_prefix: ClassVar[str] = ""
    #: Attribute (or header) -> the header a `set_*_metadata` key is sent as, for the system
    #: metadata the resource takes (`read_ACL` -> `x-container-read`).
    system_metadata: ClassVar[dict[str, str]] = {}
    #: header -> (attribute, reader) for the headers a HEAD answers.
    header_fields: ClassVar[dict[str, tuple[str, Any]]] = {}
    status_attribute = None
    pagination = "marker"
    marker_attribute = "name"
    commit_method = "POST"
    create_method = "PUT"

    id = Field("name")
    name = Field()
    metadata = MetadataField()

    @classmethod
    def body_from_headers(cls, headers: Mapping[str, str],
                          base: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The resource's body from a response's headers (names lower-cased)."""
        body: dict[str, Any] = dict(base or {})
        prefix = cls.meta_prefix.lower()
        metadata: dict[str, str] = {}
        for raw_name, value in headers.items():
            name = raw_name.lower()
            if prefix and name.startswith(prefix):
                metadata[name[len(prefix):]] = value
            found = cls.header_fields.get(name)
            if found is not None:
                attribute, reader = found
                body[attribute] = reader(value) if reader else value
        body["metadata"] = metadata
        return body

    @classmethod
    def metadata_headers(cls, metadata: Mapping[str, Any]) -> dict[str, str]:
        """Headers that set `metadata`: system keys by their header, others as user metadata
        (a key already carrying the prefix is sent as it is)."""
        headers: dict[str, str] = {}
        known = {header.lower() for header in cls.system_metadata.values()}
        for key, value in metadata.items():
            if key in cls.system_metadata:
                header = cls.system_metadata[key]
            elif key.lower() in known or key.lower().startswith(cls.meta_prefix.lower()):
                header = key
            else:
                header = cls.meta_prefix + key
            if isinstance(value, bool):
                value = "true" if value else "false"
            headers[header] = "" if value is None else str(value)
        return headers

    @classmethod
    def removal_headers(cls, keys: Iterable[str]) -> dict[str, str]:
        """Headers that remove metadata keys (Swift removes a key sent empty)."""
        return cls.metadata_headers({key: "" for key in keys})


def quote_container(name: str) -> str:
    return "/" + quote(name, safe="")


def quote_object(container: str, name: str) -> str:
    return f"/{quote(container, safe='')}/{quote(name, safe='/')}"


def name_of(value: Any) -> str:
    """The name of a container or object given as a resource or as its name."""
    found = value.name if isinstance(value, Resource) else value
    if found is None or found == "":
        raise ValueError("a container or object name is needed, got an empty value")
    return str(found)


def pages(proxy: ProxyCore, cls: type[SwiftResource], path: str, query: Mapping[str, Any],
          count_header: str, **base: Any) -> Flow:
    """A Swift listing in JSON, page after page by `marker`: while a page is full when a
    `limit` was asked, else until the count the header announces is reached (or a page
    comes back empty)."""
    params = cls.query.transpose(query, cls.__name__)
    params["format"] = "json"
    limit = as_int(params.get("limit"))
    seen = 0
    while True:
        resp = yield Call("GET", path, params=params)
        items = resp.json() if resp.content and resp.status_code != 204 else None
        items = items if isinstance(items, list) else []
        seen += len(items)
        yield Items([cls({**base, **item}) if "name" in item else cls({**base, **item,
                     "name": item.get("subdir")}) for item in items])
        if not items:
            return
        if limit is not None:
            if len(items) < limit:
                return
        else:
            total = as_int(resp.headers.get(count_header))
            if total is not None and seen >= total:
                return
        last = items[-1]
        params = {**params, "marker": last.get("name", last.get("subdir"))}
