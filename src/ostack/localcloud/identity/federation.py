"""`/v3/OS-FEDERATION`: identity providers, their protocols, mappings and service providers
(created with PUT at the id the client chose), and the projects and domains a federated
token may scope to.

Policy (Keystone's defaults): administrators change them; administrators and system readers
read them; any token lists its own projects and domains.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request

from ..errors import BadRequest
from ..routing import GET, RouteTable
from . import federation_auth, mapping_rules, tokens
from .documents import Document
from .http import backend, field, invalid, query_bool, v3_url

FED = "OS-FEDERATION"


def _only(data: dict[str, Any], allowed: tuple[str, ...]) -> None:
    """Keystone's schemas allow no other properties."""
    extra = [k for k in data if k not in allowed]
    if extra:
        names = ", ".join(repr(k) for k in extra)
        raise BadRequest(f"Invalid input for field '{extra[0]}': Additional properties are "
                         f"not allowed ({names} {'was' if len(extra) == 1 else 'were'} "
                         f"unexpected)")


def _url(request: Request, path: str) -> str:
    return f"{v3_url(request)}/{FED}/{path}"


def _id(request: Request, name: str) -> str:
    value = request.path_params[name]
    if not value or len(value) > 255:
        raise invalid(name, f"{value!r} is not a valid id")
    return value


class Federated(Document):
    """An OS-FEDERATION document: created with PUT at the id the client chose and kept by
    `FederationState` (its conflicts, defaults and cascades), whose methods for a `noun`
    are `get_<noun>`, `list_<noun>s`, `create_<noun>`, `update_<noun>` and
    `delete_<noun>`, each taking the ids of the path (a protocol's provider first)."""

    chosen_id = True

    def __init__(self, key: str, path: str, noun: str, id_param: str,
                 fields: Callable[[dict[str, Any], bool], dict[str, Any]],
                 view: Callable[[Request, dict[str, Any]], dict[str, Any]], *,
                 own_id: Callable[[Request], str] | None = None,
                 filtered: bool = False) -> None:
        super().__init__(key, key, f"{FED}/{path}", key, fields)
        self.noun, self.id_param, self.view_of, self.filtered = noun, id_param, view, filtered
        self.own_id = own_id or (lambda request: _id(request, id_param))
        #: The path's other ids (a protocol's identity provider).
        self.parents = ("idp_id",) if "{idp_id}" in path else ()

    def view(self, request: Request, record: dict[str, Any],
             shown: tuple[str, ...] = ()) -> dict[str, Any]:
        return self.view_of(request, record)

    def _call(self, request: Request, verb: str, *args: Any) -> Any:
        noun = f"{self.noun}s" if verb == "list" else self.noun
        return getattr(backend(request).federation, f"{verb}_{noun}")(*args)

    def _ids(self, request: Request) -> tuple[str, ...]:
        return (*(_id(request, name) for name in self.parents), self.own_id(request))

    def rows(self, request: Request) -> list[dict[str, Any]]:
        parents = tuple(_id(request, name) for name in self.parents)
        filters = ((request.query_params.get("id"), query_bool(request, "enabled"))
                   if self.filtered else ())
        return self._call(request, "list", *parents, *filters)

    def find(self, request: Request) -> dict[str, Any]:
        return self._call(request, "get", *self._ids(request))

    def insert(self, request: Request, values: dict[str, Any]) -> dict[str, Any]:
        return self._call(request, "create", *self._ids(request), values)

    def change(self, request: Request, record: dict[str, Any],
               changes: dict[str, Any]) -> dict[str, Any]:
        return self._call(request, "update", *self._ids(request), changes)

    def remove(self, request: Request, record: dict[str, Any]) -> None:
        self._call(request, "delete", *self._ids(request))


# ------------------------------------------------------------------- identity providers
IDP_FIELDS = ("description", "enabled", "remote_ids", "domain_id", "authorization_ttl")


def idp_view(request: Request, idp: dict[str, Any]) -> dict[str, Any]:
    url = _url(request, f"identity_providers/{idp['id']}")
    return {"id": idp["id"], "description": idp.get("description"),
            "enabled": idp["enabled"], "remote_ids": idp.get("remote_ids", []),
            "domain_id": idp["domain_id"], "authorization_ttl": idp.get("authorization_ttl"),
            "links": {"self": url, "protocols": f"{url}/protocols"}}


def _idp_values(data: dict[str, Any], creating: bool) -> dict[str, Any]:
    _only(data, IDP_FIELDS if creating else tuple(f for f in IDP_FIELDS if f != "domain_id"))
    values: dict[str, Any] = {}
    if "description" in data:
        values["description"] = field(data, "description", str, nullable=True)
    if "enabled" in data:
        values["enabled"] = field(data, "enabled", bool)
    if "remote_ids" in data:
        remote_ids = field(data, "remote_ids", list, nullable=True) or []
        if not all(isinstance(r, str) and r for r in remote_ids):
            raise invalid("remote_ids", f"{remote_ids!r} must be a list of strings")
        values["remote_ids"] = remote_ids
    if "domain_id" in data:
        values["domain_id"] = field(data, "domain_id", str, nullable=True)
    if "authorization_ttl" in data:
        ttl = field(data, "authorization_ttl", int, nullable=True)
        if ttl is not None and ttl < 0:
            raise invalid("authorization_ttl", f"{ttl} is less than the minimum of 0")
        values["authorization_ttl"] = ttl
    return values


# ------------------------------------------------------------------- protocols
def protocol_view(request: Request, protocol: dict[str, Any]) -> dict[str, Any]:
    idp_url = _url(request, f"identity_providers/{protocol['idp_id']}")
    view = {"id": protocol["id"], "mapping_id": protocol["mapping_id"],
            "links": {"self": f"{idp_url}/protocols/{protocol['id']}",
                      "identity_provider": idp_url}}
    if protocol.get("remote_id_attribute") is not None:
        view["remote_id_attribute"] = protocol["remote_id_attribute"]
    return view


def _protocol_values(data: dict[str, Any], creating: bool) -> dict[str, Any]:
    _only(data, ("mapping_id", "remote_id_attribute"))
    values: dict[str, Any] = {}
    if creating or "mapping_id" in data:
        values["mapping_id"] = field(data, "mapping_id", str, required=True, max_length=64)
    if "remote_id_attribute" in data:
        values["remote_id_attribute"] = field(data, "remote_id_attribute", str,
                                              nullable=True, max_length=64)
    if not values:
        raise invalid("protocol", "{} does not have enough properties")
    return values


def _protocol_id(request: Request) -> str:
    value = _id(request, "protocol_id")
    if not all(c.isalnum() or c in "-_" for c in value):
        raise invalid("protocol_id", f"{value!r} does not match '^[a-zA-Z0-9_-]+$'")
    return value


# ------------------------------------------------------------------- mappings
def mapping_view(request: Request, mapping: dict[str, Any]) -> dict[str, Any]:
    return {"id": mapping["id"], "rules": mapping["rules"],
            "schema_version": mapping.get("schema_version"),
            "links": {"self": _url(request, f"mappings/{mapping['id']}")}}


def _mapping_values(data: dict[str, Any], creating: bool) -> dict[str, Any]:
    mapping_rules.validate(data)
    values = {"rules": data["rules"]}
    if creating or data.get("schema_version") is not None:
        values["schema_version"] = data.get("schema_version")
    return values


# ------------------------------------------------------------------- service providers
SP_FIELDS = ("auth_url", "sp_url", "description", "enabled", "relay_state_prefix")


def sp_view(request: Request, sp: dict[str, Any]) -> dict[str, Any]:
    return {"id": sp["id"], "auth_url": sp["auth_url"], "sp_url": sp["sp_url"],
            "description": sp.get("description"), "enabled": sp["enabled"],
            "relay_state_prefix": sp.get("relay_state_prefix"),
            "links": {"self": _url(request, f"service_providers/{sp['id']}")}}


def _url_field(data: dict[str, Any], name: str, required: bool) -> str:
    value = field(data, name, str, required=required)
    if not value.startswith(("http://", "https://")):
        raise invalid(name, f"{value!r} is not a 'uri'")
    return value


def _sp_values(data: dict[str, Any], creating: bool) -> dict[str, Any]:
    _only(data, SP_FIELDS)
    values: dict[str, Any] = {}
    for name in ("auth_url", "sp_url"):
        if creating or name in data:
            values[name] = _url_field(data, name, True)
    if "description" in data:
        values["description"] = field(data, "description", str, nullable=True)
    if "enabled" in data:
        values["enabled"] = field(data, "enabled", bool)
    if "relay_state_prefix" in data:
        values["relay_state_prefix"] = field(data, "relay_state_prefix", str)
    return values


IDENTITY_PROVIDERS = Federated("identity_provider", "identity_providers", "idp", "idp_id",
                               _idp_values, idp_view, filtered=True)
PROTOCOLS = Federated("protocol", "identity_providers/{idp_id}/protocols", "protocol",
                      "protocol_id", _protocol_values, protocol_view, own_id=_protocol_id)
MAPPINGS = Federated("mapping", "mappings", "mapping", "mapping_id", _mapping_values,
                     mapping_view)
SERVICE_PROVIDERS = Federated("service_provider", "service_providers", "sp", "sp_id",
                              _sp_values, sp_view, filtered=True)

ROUTES: RouteTable = (
    *(row for doc in (IDENTITY_PROVIDERS, PROTOCOLS, MAPPINGS, SERVICE_PROVIDERS)
      for row in doc.routes()),
    # The deprecated spellings of /v3/auth/projects and /v3/auth/domains.
    (f"/v3/{FED}/projects", tokens.projects, GET),
    (f"/v3/{FED}/domains", tokens.domains, GET),
    # OpenID Connect: a bearer token for a federated token (federation_auth.py).
    *federation_auth.ROUTES,
)
