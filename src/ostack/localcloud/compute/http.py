"""HTTP pieces shared by the compute handlers: URLs, links, query parameters, credentials."""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from starlette.requests import Request

from .. import paging
from ..errors import ApiError, BadRequest
from ..policy import Context, can_write, deny, require_project
from ..service import authenticate, backend_of, base_url
from .backend import ComputeBackend

MAX_LIMIT = 1000  # Nova's [api] max_limit
MISSING = paging.marker_not_found  # Nova's `marker [x] not found` (400)

Row = TypeVar("Row")


def backend(request: Request) -> ComputeBackend:
    return backend_of(request)


def caller(request: Request, action: str) -> Context:
    """The caller's credentials; compute calls need a project-scoped token, and changes need
    more than the reader role (Nova's default policies: reader reads, member writes)."""
    ctx = authenticate(request)
    require_project(ctx, action)
    if request.method not in ("GET", "HEAD") and not can_write(ctx, ctx.project_id):
        raise deny(action)
    return ctx


def api_url(request: Request) -> str:
    """`http://127.0.0.1:<port>/compute/v2.1`."""
    return f"{base_url(request)}/compute/v2.1"


def links(request: Request, collection: str, ident: str) -> list[dict[str, str]]:
    """Nova's self and bookmark links of a resource."""
    return [
        {"rel": "self", "href": f"{api_url(request)}/{collection}/{ident}"},
        {"rel": "bookmark", "href": f"{base_url(request)}/compute/{collection}/{ident}"},
    ]


def bookmark(request: Request, collection: str, ident: str) -> list[dict[str, str]]:
    return [{"rel": "bookmark", "href": f"{base_url(request)}/compute/{collection}/{ident}"}]


def next_link(request: Request, path: str, marker: str) -> list[dict[str, str]]:
    """`<collection>_links` with the next page: the same query with the last id as marker."""
    return [{"rel": "next", "href": paging.next_href(f"{api_url(request)}/{path}", request,
                                                     marker)}]


def int_param(request: Request, name: str, minimum: int = 0) -> int | None:
    """A non-negative integer query parameter, or None when absent; 400 when malformed."""
    def invalid(value: str, why: str) -> ApiError:
        return BadRequest(f"Invalid input for query parameters {name}. Value: {value}. {why}")

    return paging.int_query(
        request, name, lambda v: invalid(v, f"'{v}' does not match '^[0-9]*$'"),
        lambda v: invalid(v, f"{v} is less than the minimum of {minimum}"), minimum)


def bool_param(value: str, name: str) -> bool:
    """Nova's lenient boolean for query parameters (`true`, `1`, `yes` ...)."""
    lowered = value.strip().lower()
    if lowered in ("1", "t", "true", "on", "y", "yes"):
        return True
    if lowered in ("0", "f", "false", "off", "n", "no", ""):
        return False
    raise BadRequest(f"Invalid value '{value}' for {name}: it is not a boolean.")


def paginate(request: Request, items: Sequence[Row], key: str | Callable[[Row], Any] = "id",
             *, when_more: bool = False, missing: Callable[[str], ApiError] = MISSING,
             ) -> tuple[list[Row], str | None]:
    """Apply `marker` and `limit` (at most 1000) to an ordered list; return the page and the
    marker of the next page: when the page is full, or (`when_more`, as Nova's hypervisors,
    usage, migrations and instance actions do) only when more items follow it."""
    get = key if callable(key) else operator.itemgetter(key)
    marker, limit = request.query_params.get("marker"), int_param(request, "limit")
    if not when_more:
        return paging.page(items, marker, limit, MAX_LIMIT, key=get, missing=missing)
    rest = paging.after(items, marker, get, missing)
    size = MAX_LIMIT if limit is None else min(limit, MAX_LIMIT)
    found = list(rest[:size])
    return found, (str(get(found[-1])) if found and len(rest) > size else None)


def marker_missing(marker: str) -> ApiError:
    """The 400 of os-migrations and os-instance-actions for an unknown marker."""
    return BadRequest(f"Marker {marker} could not be found.")
