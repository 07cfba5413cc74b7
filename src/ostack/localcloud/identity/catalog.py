"""`/v3/services`, `/v3/endpoints`, `/v3/regions`: the catalog's records (admin to change)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest
from ..policy import keystone_admin
from ..service import authenticate, empty_response, json_response
from .backend import INTERFACES
from .http import backend, collection, entity, field, not_found, self_link


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


async def list_services(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:list_services")
    rows = backend(request).list_services(type_=request.query_params.get("type"),
                                          name=request.query_params.get("name"))
    return json_response(collection(request, "services",
                                    [service_view(request, s) for s in rows]))


async def show_service(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:get_service")
    service = backend(request).get_service(request.path_params["service_id"])
    if service is None:
        raise not_found("service", request.path_params["service_id"])
    return json_response({"service": service_view(request, service)})


async def create_service(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:create_service")
    data = await entity(request, "service")
    service = backend(request).create_service(
        field(data, "type", str, required=True), name=field(data, "name", str, nullable=True),
        description=field(data, "description", str, nullable=True),
        enabled=field(data, "enabled", bool, default=True))
    return json_response({"service": service_view(request, service)}, status=201)


async def delete_service(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:delete_service")
    service_id = request.path_params["service_id"]
    if backend(request).get_service(service_id) is None:
        raise not_found("service", service_id)
    backend(request).delete_service(service_id)
    return empty_response(204)


async def list_endpoints(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:list_endpoints")
    filters = {k: request.query_params[k] for k in ("service_id", "interface", "region_id")
               if k in request.query_params}
    if "region" in request.query_params:
        filters["region_id"] = request.query_params["region"]
    rows = backend(request).list_endpoints(filters)
    return json_response(collection(request, "endpoints",
                                    [endpoint_view(request, e) for e in rows]))


async def show_endpoint(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:get_endpoint")
    endpoint = backend(request).get_endpoint(request.path_params["endpoint_id"])
    if endpoint is None:
        raise not_found("endpoint", request.path_params["endpoint_id"])
    return json_response({"endpoint": endpoint_view(request, endpoint)})


async def create_endpoint(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:create_endpoint")
    data = await entity(request, "endpoint")
    interface = field(data, "interface", str, required=True)
    if interface not in INTERFACES:
        raise BadRequest(f"Invalid input for field 'interface': {interface!r} is not one of "
                         f"{list(INTERFACES)}.")
    region_id = field(data, "region_id", str, nullable=True) or field(
        data, "region", str, nullable=True)
    endpoint = backend(request).create_endpoint(
        field(data, "service_id", str, required=True), interface,
        field(data, "url", str, required=True), region_id=region_id,
        enabled=field(data, "enabled", bool, default=True))
    return json_response({"endpoint": endpoint_view(request, endpoint)}, status=201)


async def delete_endpoint(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:delete_endpoint")
    endpoint_id = request.path_params["endpoint_id"]
    if backend(request).get_endpoint(endpoint_id) is None:
        raise not_found("endpoint", endpoint_id)
    backend(request).delete_endpoint(endpoint_id)
    return empty_response(204)


async def list_regions(request: Request) -> Response:
    authenticate(request)
    rows = backend(request).list_regions()
    return json_response(collection(request, "regions", [region_view(request, r) for r in rows]))


async def show_region(request: Request) -> Response:
    authenticate(request)
    region = backend(request).get_region(request.path_params["region_id"])
    if region is None:
        raise not_found("region", request.path_params["region_id"])
    return json_response({"region": region_view(request, region)})


async def create_region(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:create_region")
    data = await entity(request, "region")
    region = backend(request).create_region(
        field(data, "id", str, nullable=True), description=field(data, "description", str,
                                                                 default="") or "",
        parent_region_id=field(data, "parent_region_id", str, nullable=True))
    return json_response({"region": region_view(request, region)}, status=201)


async def delete_region(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:delete_region")
    region_id = request.path_params["region_id"]
    if backend(request).get_region(region_id) is None:
        raise not_found("region", region_id)
    backend(request).delete_region(region_id)
    return empty_response(204)
