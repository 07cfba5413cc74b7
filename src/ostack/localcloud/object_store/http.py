"""What every Swift handler shares: the object store backend of the request, Swift's 405, and
the wrapper that lets one handler take every method (COPY too) of a path."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.routing import request_response

from ..errors import ApiError
from ..routing import Handler
from ..service import Scope, backend_of
from .backend import ObjectStoreBackend


def backend(request: Request) -> ObjectStoreBackend:
    """The object store's state."""
    return backend_of(request)


def not_allowed(allowed: str) -> ApiError:
    """Swift's 405, naming the methods the path takes."""
    return ApiError("", status=405, headers={"Allow": allowed})


class AnyMethod:
    """An endpoint that takes every method (COPY too), for a route row with `routing.ANY`:
    Starlette routes a plain function for GET and HEAD only, whatever its methods; the handler
    answers Swift's 405 itself."""

    def __init__(self, handler: Handler) -> None:
        self.app = request_response(handler)

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)
