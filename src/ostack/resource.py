"""Declarative resources: a class names its fields' wire names, paths and capabilities.

A resource wraps the JSON mapping the service returned; fields are read straight from it, so
building one costs a single object allocation (openstacksdk spends about 2.4 ms per server
converting every field up front). The generic proxy (`ostack.proxy`) reads the declarations:
capability flags gate its methods, `base_path` placeholders become parent arguments, fields
outside the negotiated microversion are not sent, and `find_policy` / `pagination` choose how a
name is looked up and how pages are followed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ostack.transport.microversions import at_least

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, ClassVar


_MISSING = object()


def bool_str(value: Any) -> Any:
    """A boolean sent as a string ("true", "False"), as openstacksdk's BoolStr reads it."""
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes", "on")
    return value


class Field:
    """A field of a resource, read from the wire name (`OS-EXT-AZ:availability_zone`).

    `alias`: the wire key read when `wire` is absent (an embedded flavor's `original_name`
    stands for its `name`). `type`: a Resource class, or "module:Class" imported on first
    use, that a mapping value is read as (`server.flavor.name`, as in openstacksdk), or a
    converter of the value (`bool_str`: Cinder's "true"; `int`); the body keeps what the
    service sent.
    """

    __slots__ = ("name", "wire", "min_microversion", "max_microversion", "doc", "default",
                 "alias", "type")

    def __init__(
        self,
        wire: str | None = None,
        *,
        min_microversion: str | None = None,
        max_microversion: str | None = None,
        default: Any = None,
        doc: str = "",
        alias: str | None = None,
        type: type[Resource] | Callable[[Any], Any] | str | None = None,  # noqa: A002
    ) -> None:
        self.name = ""
        self.wire = wire
        self.min_microversion = min_microversion
        self.max_microversion = max_microversion
        self.default = default
        self.doc = doc
        self.alias = alias
        self.type = type

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        if self.wire is None:
            self.wire = name

    def __get__(self, obj: Resource | None, owner: type | None = None) -> Any:
        if obj is None:
            return self
        value = obj._body.get(self.wire, _MISSING)  # `raw`, inlined: every field read
        if value is _MISSING:
            value = obj._body.get(self.alias, self.default) if self.alias else self.default
        if self.type is None or value is None:
            return value
        if isinstance(self.type, str):
            import importlib

            module, _, name = self.type.partition(":")
            self.type = getattr(importlib.import_module(module), name)
        if not (isinstance(self.type, type) and issubclass(self.type, Resource)):
            return self.type(value)  # a converter (`bool_str`)
        return self.type(value, obj._microversion) if isinstance(value, dict) else value

    def raw(self, body: Mapping[str, Any]) -> Any:
        """The field's value in `body` as sent (its alias when absent; no `type`)."""
        value = body.get(self.wire, _MISSING)
        if value is _MISSING:
            return body.get(self.alias, self.default) if self.alias else self.default
        return value

    def __set__(self, obj: Resource, value: Any) -> None:
        obj._body[self.wire] = value

    def in_microversion(self, microversion: str | None) -> bool:
        """Whether the field exists at `microversion` (None: the service's base version)."""
        if self.min_microversion and not at_least(microversion, self.min_microversion):
            return False
        beyond = bool(self.max_microversion and microversion and at_least(
            microversion, _next_minor(self.max_microversion)))
        return not beyond


class QueryParameters:
    """Query parameters a list call accepts, with aliases (`all_projects` -> `all_tenants`)."""

    def __init__(self, *names: str, **aliases: str) -> None:
        self.mapping = {name: name for name in names}
        self.mapping.update(aliases)
        self.mapping.setdefault("limit", "limit")
        self.mapping.setdefault("marker", "marker")

    def transpose(self, query: Mapping[str, Any], resource: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in query.items():
            if value is None:
                continue
            wire = self.mapping.get(key)
            if wire is None:
                if key in self.mapping.values():
                    wire = key
                else:
                    raise TypeError(
                        f"{resource} listing does not accept {key!r}; it accepts: "
                        f"{', '.join(sorted(self.mapping))}"
                    )
            out[wire] = value
        return out


class Resource:
    """Base of every resource. Subclasses declare fields and where the resource lives.

    `base_path` may name parents as placeholders (`/servers/{server_id}/os-interface`); the
    generic proxy fills them from its arguments (`server=` or `server_id=`).
    """

    resource_key: ClassVar[str | None] = None
    resources_key: ClassVar[str | None] = None
    #: Key wrapping each item of a listing (`{"keypairs": [{"keypair": {...}}]}`).
    list_item_key: ClassVar[str | None] = None
    base_path: ClassVar[str] = ""
    service_type: ClassVar[str] = ""
    #: Stems of the generated proxy methods: `<plural>()`, `get_<singular>` ... (default: the
    #: resource and resources keys).
    singular: ClassVar[str | None] = None
    plural: ClassVar[str | None] = None
    allow_list: ClassVar[bool] = True
    allow_fetch: ClassVar[bool] = True
    allow_create: ClassVar[bool] = False
    allow_commit: ClassVar[bool] = False
    allow_delete: ClassVar[bool] = False
    commit_method: ClassVar[str] = "PUT"
    create_method: ClassVar[str] = "POST"
    #: Path of the detailed listing, when the service has one (`/servers/detail`).
    detail_path: ClassVar[str | None] = None
    query: ClassVar[QueryParameters] = QueryParameters()
    #: How `find_<resource>` looks a name up: "name" (GET by ID, then list filtered by the
    #: `name` query parameter on the server), "list" (GET by ID, then list all and match) or
    #: "id" (the name is the ID, as for keypairs).
    find_policy: ClassVar[str] = "name"
    #: Filters the listing of a find always sends (flavors: `is_public=None`, all of them).
    find_query: ClassVar[Mapping[str, Any]] = {}
    #: How a listing is paged: "links" (Nova `*_links`, Neutron/Glance `next`), "marker" (the
    #: last item's `marker_attribute` while pages are full, as Swift), "none" (Keystone).
    pagination: ClassVar[str] = "links"
    marker_attribute: ClassVar[str] = "id"
    #: The attribute a wait watches, None when the resource has no status.
    status_attribute: ClassVar[str | None] = "status"
    #: Statuses that end a wait with a failure.
    failure_statuses: ClassVar[tuple[str, ...]] = ("ERROR",)
    #: Where a create carries the client token that finds it again after a lost answer, as
    #: `ostack.recovery.ClientToken`'s arguments (`{"where": "metadata"}`); None: an
    #: ambiguous failure raises `MaybeApplied`.
    client_token: ClassVar[Mapping[str, Any] | None] = None
    #: Whether an update (a PATCH setting the given attributes, as Keystone's) may be sent
    #: again after an ambiguous failure: the second time leaves the same state.
    commit_idempotent: ClassVar[bool] = False

    id = Field()
    name = Field()

    __slots__ = ("_body", "_microversion")

    _FIELDS: ClassVar[dict[type, dict[str, Field]]] = {}

    def __init__(self, body: Mapping[str, Any] | None = None, microversion: str | None = None):
        self._body = dict(body or {})
        self._microversion = microversion

    @classmethod
    def fields(cls) -> dict[str, Field]:
        """Every declared field, by attribute name."""
        found = Resource._FIELDS.get(cls)
        if found is None:
            found = {}
            for klass in reversed(cls.__mro__):
                for name, value in vars(klass).items():
                    if isinstance(value, Field):
                        found[name] = value
            Resource._FIELDS[cls] = found
        return found

    @classmethod
    def singular_name(cls) -> str:
        return cls.singular or cls.resource_key or cls.__name__.lower()

    @classmethod
    def plural_name(cls) -> str:
        if cls.plural:
            return cls.plural
        if cls.singular:  # a chosen stem wins over the wire key ("server_migrations")
            return cls.singular + "s"
        return cls.resources_key or cls.singular_name() + "s"

    @classmethod
    def label(cls) -> str:
        """The resource's name in messages ("server group")."""
        return cls.singular_name().replace("_", " ")

    @classmethod
    def path_params(cls) -> tuple[str, ...]:
        """The placeholders of `base_path`, in order (`("server_id",)`)."""
        return tuple(part.split("}", 1)[0] for part in cls.base_path.split("{")[1:])

    @classmethod
    def wire_body(
        cls, attrs: Mapping[str, Any], microversion: str | None = None, *,
        check_microversion: bool = False,
    ) -> dict[str, Any]:
        """Attribute names -> wire names, for create and update bodies.

        With `check_microversion`, a declared field outside the microversion is left out: the
        service would refuse it (or ignore it) at that version.
        """
        fields = cls.fields()
        body: dict[str, Any] = {}
        for key, value in attrs.items():
            field = fields.get(key)
            if field is None:
                body[key] = value
                continue
            if check_microversion and not field.in_microversion(microversion):
                continue
            body[field.wire] = value
        return body

    def to_dict(self) -> dict[str, Any]:
        """Fields by attribute name, plus any wire keys not declared."""
        fields = self.fields()
        out = {name: f.raw(self._body) for name, f in fields.items()}
        declared = {f.wire for f in fields.values()}
        for key, value in self._body.items():
            if key not in declared:
                out[key] = value
        return out

    @property
    def raw(self) -> dict[str, Any]:
        """The body exactly as the service sent it."""
        return self._body

    @property
    def microversion(self) -> str | None:
        """The microversion the body was read at."""
        return self._microversion

    def __getitem__(self, key: str) -> Any:
        if key in self.fields():
            return getattr(self, key)
        return self._body[key]

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def __iter__(self) -> Iterator[str]:
        return iter(self.to_dict())

    # the rest of the mapping protocol, as openstacksdk's resources (dicts) have it:
    # `dict(server)`, `server.items()`, `"name" in server`
    def keys(self) -> Any:
        return self.to_dict().keys()

    def items(self) -> Any:
        return self.to_dict().items()

    def values(self) -> Any:
        return self.to_dict().values()

    def __len__(self) -> int:
        return len(self.to_dict())

    def __contains__(self, key: object) -> bool:
        return key in self.fields() or key in self._body

    def __bool__(self) -> bool:  # a resource is there even when its body is empty
        return True

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Resource) and type(self) is type(other) and (
            self._body == other._body
        )

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.id))

    def __repr__(self) -> str:
        label = f" name={self.name!r}" if self.name else ""
        return f"<{type(self).__name__} id={self.id!r}{label}>"


def _next_minor(version: str) -> str:
    major, _, minor = version.partition(".")
    return f"{major}.{int(minor) + 1}"
