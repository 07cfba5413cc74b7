"""`/v3/services`, `/v3/endpoints`, `/v3/regions`: the catalog's records, full CRUD.

Policy (Keystone's defaults): administrators and system readers read services and endpoints,
every authenticated user reads regions; only administrators change them.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest
from ..policy import keystone_admin, keystone_reader
from ..routing import DELETE, GET, PATCH, POST, PUT, RouteTable
from ..service import authenticate, empty_response, json_response
from .catalog_state import INTERFACES
from .http import (
    NAME_MAX,
    backend,
    changes_of,
    collection,
    description_of,
    enabled_of,
    entity,
    existing,
    field,
    invalid,
    name_field,
    query_bool,
    self_link,
)

URL = re.compile(r"^[a-zA-Z0-9+.-]+:.+")


def service_view(request: Request, service: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": service["id"],
        "type": service["type"],
        "name": service["name"],
        "description": service["description"],
        "enabled": bool(service["enabled"]),
        "links": self_link(request, f"services/{service['id']}"),
    }


def endpoint_view(request: Request, endpoint: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": endpoint["id"],
        "interface": endpoint["interface"],
        "region": endpoint["region_id"],
        "region_id": endpoint["region_id"],
        "service_id": endpoint["service_id"],
        "url": endpoint["url"],
        "enabled": bool(endpoint["enabled"]),
        "links": self_link(request, f"endpoints/{endpoint['id']}"),
    }


def region_view(request: Request, region: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": region["id"],
        "description": region["description"],
        "parent_region_id": region["parent_region_id"],
        "links": self_link(request, f"regions/{region['id']}"),
    }


# ------------------------------------------------------------------- services
def _service(request: Request) -> dict[str, Any]:
    service_id = request.path_params["service_id"]
    return existing(backend(request).service_catalog.get_service(service_id), "service", service_id)


def _service_fields(data: dict[str, Any], creating: bool) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if creating or "type" in data:
        changes["type"] = name_field(data, "type")
    return changes | changes_of(data, {
        "name": lambda data: field(data, "name", str, nullable=True, max_length=NAME_MAX),
        "description": description_of, "enabled": enabled_of})


async def list_services(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_reader(ctx, "identity:list_services")
    rows = backend(request).service_catalog.list_services(
        type_=request.query_params.get("type"), name=request.query_params.get("name"))
    return json_response(collection(request, "services",
                                    [service_view(request, s) for s in rows]))


async def show_service(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_reader(ctx, "identity:get_service")
    return json_response({"service": service_view(request, _service(request))})


async def create_service(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:create_service")
    values = _service_fields(await entity(request, "service"), creating=True)
    service = backend(request).service_catalog.create_service(
        values["type"], name=values.get("name"), description=values.get("description"),
        enabled=values.get("enabled", True))
    return json_response({"service": service_view(request, service)}, status=201)


async def update_service(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:update_service")
    service = _service(request)
    changes = _service_fields(await entity(request, "service"), creating=False)
    service = backend(request).service_catalog.update_service(service["id"], changes)
    return json_response({"service": service_view(request, service)})


async def delete_service(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:delete_service")
    backend(request).service_catalog.delete_service(_service(request)["id"])
    return empty_response(204)


# ------------------------------------------------------------------- endpoints
def _endpoint(request: Request) -> dict[str, Any]:
    endpoint_id = request.path_params["endpoint_id"]
    return existing(backend(request).service_catalog.get_endpoint(endpoint_id), "endpoint",
                    endpoint_id)


def _endpoint_fields(data: dict[str, Any], creating: bool) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if creating or "interface" in data:
        interface = field(data, "interface", str, required=True)
        if interface not in INTERFACES:
            raise invalid("interface", f"{interface!r} is not one of {list(INTERFACES)}")
        changes["interface"] = interface
    if creating or "service_id" in data:
        changes["service_id"] = field(data, "service_id", str, required=True)
    if creating or "url" in data:
        url = field(data, "url", str, required=True, max_length=225)
        if not URL.match(url):
            raise invalid("url", f"{url!r} is not a URL")
        changes["url"] = url
    for name in ("region_id", "region"):
        if name in data:
            changes["region_id"] = field(data, name, str, nullable=True, max_length=NAME_MAX)
    if data.get("region_id") is None and data.get("region") is not None:
        # the v2-style `region`: Keystone creates a region of that id if there is none
        changes["legacy_region"] = True
    if "enabled" in data:
        changes["enabled"] = field(data, "enabled", bool)
    return changes


def _ensure_legacy_region(request: Request, values: dict[str, Any]) -> None:
    if values.pop("legacy_region", False):
        identity = backend(request)
        if identity.regions.get(values["region_id"]) is None:
            identity.regions.create(values["region_id"])


async def list_endpoints(request: Request) -> Response:
    """GET /v3/endpoints, filtered by interface, service_id and region_id."""
    ctx = authenticate(request)
    keystone_reader(ctx, "identity:list_endpoints")
    filters = {k: request.query_params[k] for k in ("service_id", "interface", "region_id")
               if k in request.query_params}
    if "region" in request.query_params:
        filters["region_id"] = request.query_params["region"]
    rows = backend(request).service_catalog.list_endpoints(filters)
    enabled = query_bool(request, "enabled")
    if enabled is not None:
        rows = [e for e in rows if bool(e["enabled"]) == enabled]
    return json_response(collection(request, "endpoints",
                                    [endpoint_view(request, e) for e in rows]))


async def show_endpoint(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_reader(ctx, "identity:get_endpoint")
    return json_response({"endpoint": endpoint_view(request, _endpoint(request))})


async def create_endpoint(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:create_endpoint")
    values = _endpoint_fields(await entity(request, "endpoint"), creating=True)
    _ensure_legacy_region(request, values)
    endpoint = backend(request).service_catalog.create_endpoint(
        values["service_id"], values["interface"], values["url"],
        region_id=values.get("region_id"), enabled=values.get("enabled", True))
    return json_response({"endpoint": endpoint_view(request, endpoint)}, status=201)


async def update_endpoint(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:update_endpoint")
    endpoint = _endpoint(request)
    changes = _endpoint_fields(await entity(request, "endpoint"), creating=False)
    _ensure_legacy_region(request, changes)
    endpoint = backend(request).service_catalog.update_endpoint(endpoint["id"], changes)
    return json_response({"endpoint": endpoint_view(request, endpoint)})


async def delete_endpoint(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:delete_endpoint")
    backend(request).service_catalog.delete_endpoint(_endpoint(request)["id"])
    return empty_response(204)


# ------------------------------------------------------------------- regions
def _region(request: Request) -> dict[str, Any]:
    region_id = request.path_params["region_id"]
    return existing(backend(request).regions.get(region_id), "region", region_id)


async def list_regions(request: Request) -> Response:
    """GET /v3/regions (filter: parent_region_id); any authenticated user."""
    authenticate(request)
    rows = backend(request).regions.list(request.query_params.get("parent_region_id"))
    return json_response(collection(request, "regions", [region_view(request, r) for r in rows]))


async def show_region(request: Request) -> Response:
    authenticate(request)
    return json_response({"region": region_view(request, _region(request))})


async def _create_region(request: Request, region_id: str | None) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:create_region")
    data = await entity(request, "region")
    if region_id is None:
        region_id = field(data, "id", str, nullable=True, max_length=NAME_MAX)
    elif "id" in data and data["id"] != region_id:
        raise BadRequest("Conflicting region IDs specified: the URL's and the body's differ.")
    region = backend(request).regions.create(
        region_id, description=field(data, "description", str, nullable=True) or "",
        parent_region_id=field(data, "parent_region_id", str, nullable=True))
    return json_response({"region": region_view(request, region)}, status=201)


async def create_region(request: Request) -> Response:
    """POST /v3/regions (the id is generated unless given)."""
    return await _create_region(request, None)


async def create_region_with_id(request: Request) -> Response:
    """PUT /v3/regions/{region_id}."""
    return await _create_region(request, request.path_params["region_id"])


async def update_region(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:update_region")
    region = _region(request)
    data = await entity(request, "region")
    changes: dict[str, Any] = {}
    if "description" in data:
        changes["description"] = field(data, "description", str, nullable=True) or ""
    if "parent_region_id" in data:
        changes["parent_region_id"] = field(data, "parent_region_id", str, nullable=True)
    region = backend(request).regions.update(region["id"], changes)
    return json_response({"region": region_view(request, region)})


async def delete_region(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:delete_region")
    backend(request).regions.delete(_region(request)["id"])
    return empty_response(204)


ROUTES: RouteTable = (
    ("/v3/services", list_services, GET),
    ("/v3/services", create_service, POST),
    ("/v3/services/{service_id}", show_service, GET),
    ("/v3/services/{service_id}", update_service, PATCH),
    ("/v3/services/{service_id}", delete_service, DELETE),
    ("/v3/endpoints", list_endpoints, GET),
    ("/v3/endpoints", create_endpoint, POST),
    ("/v3/endpoints/{endpoint_id}", show_endpoint, GET),
    ("/v3/endpoints/{endpoint_id}", update_endpoint, PATCH),
    ("/v3/endpoints/{endpoint_id}", delete_endpoint, DELETE),
    ("/v3/regions", list_regions, GET),
    ("/v3/regions", create_region, POST),
    ("/v3/regions/{region_id}", show_region, GET),
    ("/v3/regions/{region_id}", create_region_with_id, PUT),
    ("/v3/regions/{region_id}", update_region, PATCH),
    ("/v3/regions/{region_id}", delete_region, DELETE),
)
