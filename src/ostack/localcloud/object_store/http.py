"""What every Swift handler shares: the object store backend of the request, Swift's 405, and
the wrapper that lets one handler take every method (COPY too) of a path."""

from __future__ import annotations

from starlette.requests import Request

from ..errors import ApiError
from ..service import backend_of
from .backend import ObjectStoreBackend


def backend(request: Request) -> ObjectStoreBackend:
    """The object store's state."""
    return backend_of(request)


def not_allowed(allowed: str) -> ApiError:
    """Swift's 405, naming the methods the path takes."""
    return ApiError("", status=405, headers={"Allow": allowed})
