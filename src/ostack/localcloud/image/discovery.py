"""`/v2/info/import` (the import methods this cloud enables) and `/v2/info/stores`, which a
single-store Glance (as this cloud is: one local folder) answers 404."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..errors import NotFound
from ..service import authenticate, json_response
from .images import IMPORT_METHODS


async def import_info(request: Request) -> Response:
    """GET /v2/info/import."""
    authenticate(request)
    return json_response({"import-methods": {"description": "Import methods available.",
                                             "type": "array", "value": list(IMPORT_METHODS)}})


async def stores_info(request: Request) -> Response:
    """GET /v2/info/stores: multiple stores are not enabled here."""
    authenticate(request)
    raise NotFound("Multi backend is not supported at this site.")
