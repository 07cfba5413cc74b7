"""HTTP pieces shared by the block storage handlers: credentials and the project in the URL,
links, Cinder's query parameters (limit, marker, offset, sort, booleans) and its input checks."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import paging, timestamps
from ..errors import BadRequest, Forbidden, NotFound
from ..policy import Context, can_read, can_write, is_system_reader, require_project
from ..service import authenticate, backend_of, base_url, json_response, read_json
from .backend import BlockStorageBackend
from .versions import Microversion, microversion

MAX_LIMIT = 1000  # Cinder's osapi_max_limit
TRUE_STRINGS = ("1", "t", "true", "on", "y", "yes")
FALSE_STRINGS = ("0", "f", "false", "off", "n", "no")
METADATA_KEY = re.compile(r"^[a-zA-Z0-9-_:. /]{1,255}$")
SPEC_KEY = re.compile(r"^[a-zA-Z0-9-_:. /]{1,255}$")


def backend(request: Request) -> BlockStorageBackend:
    """This service's backend, its due transitions applied (the handlers read after them)."""
    found: BlockStorageBackend = backend_of(request)
    found.advance()
    return found


def mv(request: Request) -> Microversion:
    return microversion(request)


def caller(request: Request) -> Context:
    """The caller's credentials. The project in the URL, when there is one, must be the
    token's (Cinder answers 400 "Malformed request url" otherwise). Cinder's policies are
    scoped to projects: a system- or domain-scoped token gets 403."""
    ctx = authenticate(request)
    url_project = request.path_params.get("project_id")
    if url_project is not None and url_project != ctx.project_id:
        raise BadRequest("Malformed request url")
    require_project(ctx, f"{request.method} {request.url.path}")
    return ctx


def project_of(ctx: Context) -> str:
    """The token's project (`caller` refused tokens without one)."""
    return require_project(ctx, "volume:get_all")


def check_read(ctx: Context, project_id: str, action: str) -> None:
    if not can_read(ctx, project_id):
        raise Forbidden(f"Policy doesn't allow {action} to be performed.")


def check_write(ctx: Context, project_id: str, action: str) -> None:
    if not can_write(ctx, project_id):
        raise Forbidden(f"Policy doesn't allow {action} to be performed.")


def readable(record: dict[str, Any] | None, ctx: Context, missing: str) -> dict[str, Any]:
    """A record of a project the caller may read; 404 with `missing` otherwise (as for one
    that does not exist)."""
    if record is None or not can_read(ctx, record["project_id"]):
        raise NotFound(missing)
    return record


def writable(record: dict[str, Any], ctx: Context, action: str) -> dict[str, Any]:
    """A readable record the caller may also change (a reader of the project gets 403)."""
    check_write(ctx, record["project_id"], action)
    return record


def check_admin(ctx: Context, action: str) -> None:
    if not ctx.is_admin:
        raise Forbidden(f"Policy doesn't allow {action} to be performed.")


def timestamp(value: float | None) -> str | None:
    """A time as Cinder shows it (ISO 8601 with microseconds), or null."""
    return timestamps.iso_micro(value) if value is not None else None


# ------------------------------------------------------------------- links
def api_root(request: Request) -> str:
    """`http://127.0.0.1:<port>/volume`."""
    return f"{base_url(request)}/volume"


def links(request: Request, ctx: Context, collection: str, ident: str) -> list[dict[str, str]]:
    """Cinder's self and bookmark links (with the caller's project, as Cinder builds them)."""
    project = ctx.project_id or ""
    return [
        {"rel": "self", "href": f"{api_root(request)}/v3/{project}/{collection}/{ident}"},
        {"rel": "bookmark", "href": f"{api_root(request)}/{project}/{collection}/{ident}"},
    ]


def next_links(request: Request, ctx: Context, collection: str, page: list[dict[str, Any]],
               limit: int | None) -> list[dict[str, str]]:
    """`<collection>_links` with the next page when the page is full (Cinder's rule)."""
    size = MAX_LIMIT if limit is None else min(limit, MAX_LIMIT)
    if not page or len(page) < size:
        return []
    url = f"{api_root(request)}/v3/{ctx.project_id or ''}/{collection}"
    return [{"rel": "next", "href": paging.next_href(url, request, str(page[-1]["id"]))}]


# ------------------------------------------------------------------- query parameters
def bool_value(value: Any, name: str) -> bool:
    """Cinder's strict boolean (`true`, `1`, `yes` ... and JSON booleans)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in TRUE_STRINGS:
            return True
        if lowered in FALSE_STRINGS:
            return False
    raise BadRequest(f"Invalid value '{value}' for {name}: Unrecognized value '{value}', "
                     f"acceptable values are: '0', '1', 'f', 'false', 'n', 'no', 'off', 'on', "
                     f"'t', 'true', 'y', 'yes'")


def bool_param(request: Request, name: str, default: bool = False) -> bool:
    value = request.query_params.get(name)
    return default if value is None else bool_value(value, name)


def int_param(request: Request, name: str) -> int | None:
    """limit / offset: a non-negative integer, or None when absent."""
    return paging.int_query(request, name,
                            lambda value: BadRequest(f"{name} param must be an integer"),
                            lambda value: BadRequest(f"{name} param must be positive"))


def sort_param(request: Request, columns: dict[str, str]) -> list[tuple[str, str]]:
    """`sort=key[:dir],...` or the older `sort_key`/`sort_dir` as SQL (column, direction)
    pairs; Cinder's default is newest first."""
    query = request.query_params
    sort = query.get("sort")
    if sort is not None and ("sort_key" in query or "sort_dir" in query):
        raise BadRequest("The 'sort_key' and 'sort_dir' parameters are deprecated and cannot "
                         "be used with the 'sort' parameter.")
    pairs: list[tuple[str, str]] = []
    if sort is not None:
        for item in sort.split(","):
            key, _, direction = item.strip().partition(":")
            pairs.append((key.strip(), direction.strip().lower() or "desc"))
    elif "sort_key" in query or "sort_dir" in query:
        pairs.append((query.get("sort_key", "created_at"),
                      query.get("sort_dir", "desc").lower()))
    else:
        pairs = [("created_at", "desc")]
    order = []
    for key, direction in pairs:
        if direction not in ("asc", "desc"):
            raise BadRequest("Unknown sort direction, must be 'desc' or 'asc'")
        if key not in columns:
            raise BadRequest(f"Invalid input received: Invalid sort key {key}")
        order.append((columns[key], direction))
    return order


def paginate(request: Request, items: list[dict[str, Any]],
             ) -> tuple[list[dict[str, Any]], int | None]:
    """Apply `marker`, `offset` and `limit`; return the page and the limit asked for."""
    limit = int_param(request, "limit")
    offset = int_param(request, "offset") or 0
    rest = paging.after(items, request.query_params.get("marker"), lambda item: item["id"],
                        lambda marker: NotFound(f"Marker {marker} could not be found."))
    size = MAX_LIMIT if limit is None else min(limit, MAX_LIMIT)
    return list(rest[offset:offset + size]), limit


def listing(request: Request, ctx: Context, key: str, path: str, items: list[dict[str, Any]],
            render: Callable[[dict[str, Any]], dict[str, Any]], links_key: str | None = None,
            counted: bool = True) -> Response:
    """A Cinder listing: one page of `items` (`marker`, `offset`, `limit`), each rendered,
    under `key`; `<key>_links` (or `links_key`) when a next page of `path` may follow; and,
    from 3.45 when asked with `with_count`, the `count` of all the items (if `counted`)."""
    page, limit = paginate(request, items)
    body: dict[str, Any] = {key: [render(item) for item in page]}
    more = next_links(request, ctx, path, page, limit)
    if more:
        body[links_key or f"{key}_links"] = more
    if counted and mv(request) >= (3, 45) and bool_param(request, "with_count"):
        body["count"] = len(items)
    return json_response(body)


def listing_scope(request: Request, ctx: Context, not_filters: Any,
                  filters_allowed: Any) -> tuple[list[str], list[Any], dict[str, str]]:
    """A listing's project condition (every project with `all_tenants` for admins and system
    readers) and its filters; from 3.33 non-admins get 400 for filters Cinder does not know."""
    version = mv(request)
    query = request.query_params
    where: list[str] = []
    params: list[Any] = []
    if (ctx.is_admin or is_system_reader(ctx)) and bool_param(request, "all_tenants"):
        if "project_id" in query:
            where.append("project_id = ?")
            params.append(query["project_id"])
    else:
        where.append("project_id = ?")
        params.append(project_of(ctx))
    filters = {k: v for k, v in query.items() if k not in not_filters}
    if version >= (3, 33) and not ctx.is_admin:
        bad = [k for k in filters if k.rstrip("~") not in filters_allowed
               or (k.endswith("~") and version < (3, 34))]
        if bad:
            raise BadRequest(f"Invalid filters {','.join(sorted(bad))} are found in query "
                             f"options.")
    return where, params, filters


def metadata_filter(value: str) -> dict[str, str]:
    """`metadata={'k': 'v'}` (a Python or JSON literal, as Cinder evaluates it)."""
    try:
        parsed = ast.literal_eval(value)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        parsed = None
    if not isinstance(parsed, dict):
        raise BadRequest(f"Invalid input received: Invalid metadata filter {value}")
    return {str(k): str(v) for k, v in parsed.items()}


# ------------------------------------------------------------------- input checks
def invalid(field: str, value: Any, reason: str) -> BadRequest:
    """Cinder's JSON-schema error message."""
    return BadRequest(f"Invalid input for field/attribute {field}. Value: {value}. {reason}")


async def body_of(request: Request, key: str | None = None) -> Any:
    """The JSON body (or its `key` member, which must be an object)."""
    body = await read_json(request)
    if key is None:
        return body
    inner = body.get(key)
    if not isinstance(inner, dict):
        if key not in body:
            raise BadRequest(f"Missing required element '{key}' in request body.")
        raise invalid(key, inner, f"{inner!r} is not of type 'object'")
    return inner


def string(value: Any, field: str, max_length: int = 255, nullable: bool = True,
           min_length: int = 0) -> str | None:
    """A string field of at most `max_length` characters (None when nullable)."""
    if value is None and nullable:
        return None
    if not isinstance(value, str):
        raise invalid(field, value, f"{value!r} is not of type 'string'")
    if len(value) > max_length:
        raise invalid(field, value, f"{value!r} is too long")
    if len(value) < min_length:
        raise invalid(field, value, f"{value!r} is too short")
    return value


def name_field(value: Any, field: str = "name") -> str | None:
    """A resource name: a string of at most 255 characters, or null."""
    return string(value, field)


def metadata(value: Any, field: str = "metadata", nullable: bool = True) -> dict[str, str]:
    """Cinder metadata: string keys (1-255 of `[a-zA-Z0-9-_:. /]`) and string values."""
    if value is None and nullable:
        return {}
    if not isinstance(value, dict):
        raise invalid(field, value, f"{value!r} is not of type 'object'")
    for key, item in value.items():
        if not METADATA_KEY.match(key):
            raise invalid(field, value, f"Additional properties are not allowed ({key!r} was "
                                        f"unexpected)")
        if not isinstance(item, str):
            raise invalid(f"{field}/{key}", item, f"{item!r} is not of type 'string'")
        if len(item) > 255:
            raise invalid(f"{field}/{key}", item, f"{item!r} is too long")
    return dict(value)


def size_field(value: Any, field: str = "size", nullable: bool = True) -> int | None:
    """A size in GiB: an integer (or digit string) of at least 1."""
    if value is None and nullable:
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise invalid(field, value, f"{value!r} is not valid under any of the given schemas")
    if isinstance(value, str):
        if not value.isdigit():
            raise invalid(field, value, f"{value!r} does not match '^[0-9]+$'")
        value = int(value)
    if value < 1:
        raise invalid(field, value, f"{value} is less than the minimum of 1")
    if value > 2147483647:
        raise invalid(field, value, f"{value} is greater than the maximum of 2147483647")
    return value


def no_extra(body: dict[str, Any], allowed: tuple[str, ...], field: str) -> None:
    """Reject unknown properties (Cinder's `additionalProperties: false`)."""
    extra = sorted(set(body) - set(allowed))
    if extra:
        names = ", ".join(repr(e) for e in extra)
        verb = "was" if len(extra) == 1 else "were"
        raise invalid(field, body, f"Additional properties are not allowed ({names} {verb} "
                                   f"unexpected)")

