"""The one routing style of the local cloud: route tables of `(path, handler, methods)`.

Each resource module declares its table (`ROUTES`) next to its handlers; a service's
`routes()` joins its modules' tables under the version prefix with `build`. Generated routes
(Neutron's collections) produce the same rows.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any

from starlette.routing import Route, request_response

Handler = Callable[[Any], Awaitable[Any]]
RouteRow = tuple[str, Handler, Sequence[str]]
RouteTable = Sequence[RouteRow]

GET = ("GET",)
POST = ("POST",)
PUT = ("PUT",)
PATCH = ("PATCH",)
DELETE = ("DELETE",)
HEAD = ("HEAD",)
ANY: tuple[str, ...] = ()


class AnyMethod:
    """An endpoint that takes every method (Swift's COPY too): Starlette routes a plain
    function for GET and HEAD only when it is given no methods; the handler answers 405."""

    def __init__(self, handler: Handler) -> None:
        self.app = request_response(handler)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)


def build(*tables: RouteTable, prefix: str = "") -> list[Route]:
    """Starlette routes for the rows of `tables`, each path under `prefix`. A row with no
    methods (`ANY`) routes every method to its handler."""
    return [Route(prefix + path, handler, methods=list(methods)) if methods
            else Route(prefix + path, AnyMethod(handler))
            for table in tables for path, handler, methods in table]


def join(tables: Iterable[RouteTable]) -> list[RouteRow]:
    """One table of several (a service's resource modules)."""
    return [row for table in tables for row in table]
