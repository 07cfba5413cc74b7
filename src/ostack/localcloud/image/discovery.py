"""`/v2/info/import` (the import methods this cloud enables), `/v2/info/stores` (the stores of
this multi-store Glance) and `/v2/info/stores/detail` (with their types and properties, for
administrators and the service role)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..routing import GET, RouteTable
from ..service import authenticate, json_response
from .http import IMPORT_METHODS, backend, not_authorized


async def import_info(request: Request) -> Response:
    """GET /v2/info/import."""
    authenticate(request)
    return json_response({"import-methods": {"description": "Import methods available.",
                                             "type": "array", "value": list(IMPORT_METHODS)}})


async def stores_info(request: Request) -> Response:
    """GET /v2/info/stores: each store's id and description; the default one says so."""
    authenticate(request)
    return json_response({"stores": backend(request).stores.stores_info()})


async def stores_detail(request: Request) -> Response:
    """GET /v2/info/stores/detail: also each store's type, weight and properties
    (`stores_info_detail`: admin or service)."""
    ctx = authenticate(request)
    if not (ctx.is_admin or ctx.has_role("service")):
        raise not_authorized("stores_info_detail")
    return json_response({"stores": backend(request).stores.stores_info(detail=True)})


ROUTES: RouteTable = (
    ("/v2/info/import", import_info, GET),
    ("/v2/info/stores", stores_info, GET),
    ("/v2/info/stores/detail", stores_detail, GET),
)
