"""`/v3/OS-FEDERATION`: identity providers, their protocols, mappings and service providers
(created with PUT at the id the client chose), and the projects and domains a federated
token may scope to.

Policy (Keystone's defaults): administrators change them; administrators and system readers
read them; any token lists its own projects and domains.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest
from ..policy import keystone_admin, keystone_reader
from ..routing import DELETE, GET, PATCH, PUT, RouteTable
from ..service import authenticate, empty_response, json_response
from . import federation_auth, mapping_rules, tokens
from .http import backend, collection, entity, field, invalid, query_bool, v3_url

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


async def list_idps(request: Request) -> Response:
    keystone_reader(authenticate(request), "identity:list_identity_providers")
    rows = backend(request).federation.list_idps(request.query_params.get("id"),
                                                 query_bool(request, "enabled"))
    return json_response(collection(request, "identity_providers",
                                    [idp_view(request, i) for i in rows]))


async def show_idp(request: Request) -> Response:
    keystone_reader(authenticate(request), "identity:get_identity_provider")
    idp = backend(request).federation.get_idp(_id(request, "idp_id"))
    return json_response({"identity_provider": idp_view(request, idp)})


async def create_idp(request: Request) -> Response:
    keystone_admin(authenticate(request), "identity:create_identity_provider")
    values = _idp_values(await entity(request, "identity_provider"), True)
    idp = backend(request).federation.create_idp(_id(request, "idp_id"), values)
    return json_response({"identity_provider": idp_view(request, idp)}, status=201)


async def update_idp(request: Request) -> Response:
    keystone_admin(authenticate(request), "identity:update_identity_provider")
    values = _idp_values(await entity(request, "identity_provider"), False)
    idp = backend(request).federation.update_idp(_id(request, "idp_id"), values)
    return json_response({"identity_provider": idp_view(request, idp)})


async def delete_idp(request: Request) -> Response:
    keystone_admin(authenticate(request), "identity:delete_identity_provider")
    backend(request).federation.delete_idp(_id(request, "idp_id"))
    return empty_response(204)


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


async def list_protocols(request: Request) -> Response:
    keystone_reader(authenticate(request), "identity:list_protocols")
    rows = backend(request).federation.list_protocols(_id(request, "idp_id"))
    return json_response(collection(request, "protocols",
                                    [protocol_view(request, p) for p in rows]))


async def show_protocol(request: Request) -> Response:
    keystone_reader(authenticate(request), "identity:get_protocol")
    protocol = backend(request).federation.get_protocol(_id(request, "idp_id"),
                                                        _protocol_id(request))
    return json_response({"protocol": protocol_view(request, protocol)})


async def create_protocol(request: Request) -> Response:
    keystone_admin(authenticate(request), "identity:create_protocol")
    values = _protocol_values(await entity(request, "protocol"), True)
    protocol = backend(request).federation.create_protocol(
        _id(request, "idp_id"), _protocol_id(request), values)
    return json_response({"protocol": protocol_view(request, protocol)}, status=201)


async def update_protocol(request: Request) -> Response:
    keystone_admin(authenticate(request), "identity:update_protocol")
    values = _protocol_values(await entity(request, "protocol"), False)
    protocol = backend(request).federation.update_protocol(
        _id(request, "idp_id"), _protocol_id(request), values)
    return json_response({"protocol": protocol_view(request, protocol)})


async def delete_protocol(request: Request) -> Response:
    keystone_admin(authenticate(request), "identity:delete_protocol")
    backend(request).federation.delete_protocol(_id(request, "idp_id"),
                                                _protocol_id(request))
    return empty_response(204)


# ------------------------------------------------------------------- mappings
def mapping_view(request: Request, mapping: dict[str, Any]) -> dict[str, Any]:
    return {"id": mapping["id"], "rules": mapping["rules"],
            "schema_version": mapping.get("schema_version"),
            "links": {"self": _url(request, f"mappings/{mapping['id']}")}}


async def list_mappings(request: Request) -> Response:
    keystone_reader(authenticate(request), "identity:list_mappings")
    rows = backend(request).federation.list_mappings()
    return json_response(collection(request, "mappings",
                                    [mapping_view(request, m) for m in rows]))


async def show_mapping(request: Request) -> Response:
    keystone_reader(authenticate(request), "identity:get_mapping")
    mapping = backend(request).federation.get_mapping(_id(request, "mapping_id"))
    return json_response({"mapping": mapping_view(request, mapping)})


async def create_mapping(request: Request) -> Response:
    keystone_admin(authenticate(request), "identity:create_mapping")
    data = await entity(request, "mapping")
    mapping_rules.validate(data)
    mapping = backend(request).federation.create_mapping(
        _id(request, "mapping_id"), data["rules"], data.get("schema_version"))
    return json_response({"mapping": mapping_view(request, mapping)}, status=201)


async def update_mapping(request: Request) -> Response:
    keystone_admin(authenticate(request), "identity:update_mapping")
    data = await entity(request, "mapping")
    mapping_rules.validate(data)
    changes = {"rules": data["rules"]}
    if data.get("schema_version") is not None:
        changes["schema_version"] = data["schema_version"]
    mapping = backend(request).federation.update_mapping(_id(request, "mapping_id"), changes)
    return json_response({"mapping": mapping_view(request, mapping)})


async def delete_mapping(request: Request) -> Response:
    keystone_admin(authenticate(request), "identity:delete_mapping")
    backend(request).federation.delete_mapping(_id(request, "mapping_id"))
    return empty_response(204)


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


async def list_sps(request: Request) -> Response:
    keystone_reader(authenticate(request), "identity:list_service_providers")
    rows = backend(request).federation.list_sps(request.query_params.get("id"),
                                                query_bool(request, "enabled"))
    return json_response(collection(request, "service_providers",
                                    [sp_view(request, s) for s in rows]))


async def show_sp(request: Request) -> Response:
    keystone_reader(authenticate(request), "identity:get_service_provider")
    sp = backend(request).federation.get_sp(_id(request, "sp_id"))
    return json_response({"service_provider": sp_view(request, sp)})


async def create_sp(request: Request) -> Response:
    keystone_admin(authenticate(request), "identity:create_service_provider")
    values = _sp_values(await entity(request, "service_provider"), True)
    sp = backend(request).federation.create_sp(_id(request, "sp_id"), values)
    return json_response({"service_provider": sp_view(request, sp)}, status=201)


async def update_sp(request: Request) -> Response:
    keystone_admin(authenticate(request), "identity:update_service_provider")
    values = _sp_values(await entity(request, "service_provider"), False)
    sp = backend(request).federation.update_sp(_id(request, "sp_id"), values)
    return json_response({"service_provider": sp_view(request, sp)})


async def delete_sp(request: Request) -> Response:
    keystone_admin(authenticate(request), "identity:delete_service_provider")
    backend(request).federation.delete_sp(_id(request, "sp_id"))
    return empty_response(204)


_IDP = f"/v3/{FED}/identity_providers/{{idp_id}}"
_PROTOCOL = f"{_IDP}/protocols/{{protocol_id}}"
_MAPPING = f"/v3/{FED}/mappings/{{mapping_id}}"
_SP = f"/v3/{FED}/service_providers/{{sp_id}}"

ROUTES: RouteTable = (
    (f"/v3/{FED}/identity_providers", list_idps, GET),
    (_IDP, show_idp, GET), (_IDP, create_idp, PUT), (_IDP, update_idp, PATCH),
    (_IDP, delete_idp, DELETE),
    (f"{_IDP}/protocols", list_protocols, GET),
    (_PROTOCOL, show_protocol, GET), (_PROTOCOL, create_protocol, PUT),
    (_PROTOCOL, update_protocol, PATCH), (_PROTOCOL, delete_protocol, DELETE),
    (f"/v3/{FED}/mappings", list_mappings, GET),
    (_MAPPING, show_mapping, GET), (_MAPPING, create_mapping, PUT),
    (_MAPPING, update_mapping, PATCH), (_MAPPING, delete_mapping, DELETE),
    (f"/v3/{FED}/service_providers", list_sps, GET),
    (_SP, show_sp, GET), (_SP, create_sp, PUT), (_SP, update_sp, PATCH),
    (_SP, delete_sp, DELETE),
    # The deprecated spellings of /v3/auth/projects and /v3/auth/domains.
    (f"/v3/{FED}/projects", tokens.projects, GET),
    (f"/v3/{FED}/domains", tokens.domains, GET),
    # OpenID Connect: a bearer token for a federated token (federation_auth.py).
    *federation_auth.ROUTES,
)
