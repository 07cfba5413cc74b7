"""HTTP pieces shared by the identity handlers: the backend, URLs, list envelopes, 404s,
request-body checks with Keystone's limits and wording, the changes of a PATCH, and the
domain-level policy of users, groups and projects."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from starlette.requests import Request

from ..errors import ApiError, BadRequest, NotFound
from ..policy import Context, is_domain_admin, is_domain_reader, is_system_reader, keystone_check
from ..service import authenticate, backend_of, base_url, read_json
from .backend import IdentityBackend

TRUE_VALUES = ("1", "true", "yes", "on", "")
FALSE_VALUES = ("0", "false", "no", "off")
# Keystone's length limits: names of projects and domains 64, of the others 255; ids 64.
PROJECT_NAME_MAX = 64
NAME_MAX = 255
ID_MAX = 64
TAG_MAX = 255
TAGS_MAX = 80
ID_PATTERN = re.compile(r"^[a-zA-Z0-9-]+$")


def backend(request: Request) -> IdentityBackend:
    """This service's backend (Keystone's state)."""
    return backend_of(request)


def v3_url(request: Request) -> str:
    """`http://127.0.0.1:<port>/identity/v3`."""
    return f"{base_url(request)}/identity/v3"


def self_link(request: Request, path: str) -> dict[str, str]:
    """`{"self": ".../v3/<path>"}`, Keystone's link object."""
    return {"self": f"{v3_url(request)}/{path}"}


def collection(request: Request, key: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    """Keystone's list envelope: the items and `links` (self, previous, next)."""
    return {
        key: items,
        "links": {"self": str(request.url), "previous": None, "next": None},
    }


def query_bool(request: Request, name: str) -> bool | None:
    """A boolean query parameter (`enabled=false`), or None when absent."""
    value = request.query_params.get(name)
    if value is None:
        return None
    lowered = value.lower()
    if lowered in TRUE_VALUES:
        return True
    if lowered in FALSE_VALUES:
        return False
    raise BadRequest(f"Invalid value for {name}: {value!r} is not a boolean.")


def query_flag(request: Request, name: str) -> bool:
    """A flag query parameter: present (`?effective`, `?effective=true`) and not false."""
    return name in request.query_params and query_bool(request, name) is not False


async def entity(request: Request, key: str) -> dict[str, Any]:
    """The `{key: {...}}` object of a request body; 400 when missing or not an object."""
    body = await read_json(request)
    value = body.get(key)
    if not isinstance(value, dict):
        raise BadRequest(f"Expecting to find {key} in request body. The server could not "
                         f"comply with the request since it is either malformed or otherwise "
                         f"incorrect. The client is assumed to be in error.")
    return value


def invalid(name: str, reason: str) -> BadRequest:
    """Keystone's 400 for a request body that fails its schema."""
    return BadRequest(f"Invalid input for field '{name}': {reason}")


def field(data: dict[str, Any], name: str, kind: type | tuple[type, ...], *,
          required: bool = False, nullable: bool = False, default: Any = None,
          max_length: int | None = None) -> Any:
    """One field of a request entity, type-checked (Keystone answers 400 on a wrong type);
    strings are checked against `max_length`."""
    if name not in data:
        if required:
            raise invalid(name, f"'{name}' is a required property")
        return default
    value = data[name]
    if value is None and nullable:
        return None
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise invalid(name, f"{value!r} is not of the expected type")
    if isinstance(value, str):
        if required and not value.strip():
            raise invalid(name, "it must not be empty")
        if max_length is not None and len(value) > max_length:
            raise invalid(name, f"{value[:20]!r}... is too long (at most {max_length} "
                                f"characters)")
    return value


def name_field(data: dict[str, Any], name: str = "name", *, max_length: int = NAME_MAX,
               required: bool = True) -> Any:
    """A Keystone name: a string of 1 to `max_length` characters, not only blanks."""
    value = field(data, name, str, required=required, max_length=max_length)
    if value is not None and not value.strip():
        raise invalid(name, "it must not be empty")
    return value


def id_field(data: dict[str, Any], name: str, *, nullable: bool = True,
             required: bool = False) -> Any:
    """A Keystone id reference: 1 to 64 letters, digits or dashes."""
    value = field(data, name, str, nullable=nullable, required=required, max_length=ID_MAX)
    if value is not None and not ID_PATTERN.match(value):
        raise invalid(name, f"{value!r} does not match '^[a-zA-Z0-9-]+$'")
    return value


def tags_field(value: Any, name: str = "tags") -> list[str]:
    """Project tags: at most 80 unique strings of 1 to 255 characters without `,` or `/`."""
    if not isinstance(value, list):
        raise invalid(name, f"{value!r} is not of type 'array'")
    if len(value) > TAGS_MAX:
        raise invalid(name, f"at most {TAGS_MAX} tags are allowed")
    for tag in value:
        check_tag(tag, name)
    if len(set(value)) != len(value):
        raise invalid(name, f"{value!r} has non-unique elements")
    return list(value)


def check_tag(tag: Any, name: str = "tags") -> str:
    if not isinstance(tag, str) or not 1 <= len(tag) <= TAG_MAX or "," in tag or "/" in tag:
        raise invalid(name, f"{tag!r} is not a valid tag (1 to {TAG_MAX} characters, no "
                            f"',' or '/')")
    return tag


def extra_properties(data: dict[str, Any], known: tuple[str, ...]) -> dict[str, Any]:
    """The attributes Keystone does not know: it keeps them and answers them back."""
    return {key: value for key, value in data.items() if key not in known}


def with_extra(view: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
    """A view with the record's extra properties (never hiding a standard attribute)."""
    for key, value in (row.get("extra") or {}).items():
        if key not in view and value is not None:
            view[key] = value
    return view


def not_found(kind: str, ident: str) -> ApiError:
    """Keystone's 404 wording."""
    return NotFound(f"Could not find {kind}: {ident}.")


def existing(record: dict[str, Any] | None, kind: str, ident: str) -> dict[str, Any]:
    """The record; Keystone's 404 when there is none."""
    if record is None:
        raise not_found(kind, ident)
    return record


# ------------------------------------------------------------------- PATCH bodies
#: Reads one field of a request entity (checking it as `field` does).
Reader = Callable[[dict[str, Any]], Any]


def description_of(data: dict[str, Any]) -> Any:
    return field(data, "description", str, nullable=True)


def enabled_of(data: dict[str, Any]) -> Any:
    return field(data, "enabled", bool)


def name_of(data: dict[str, Any]) -> Any:
    return name_field(data)


def project_name_of(data: dict[str, Any]) -> Any:
    """A project's or a domain's name (at most 64 characters)."""
    return name_field(data, max_length=PROJECT_NAME_MAX)


def changes_of(data: dict[str, Any], readers: dict[str, Reader],
               known: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The changes a PATCH entity asks for: each field present, read (and checked) by its
    reader in order; with `known`, the other attributes as extra properties (`extra`)."""
    changes = {key: read(data) for key, read in readers.items() if key in data}
    extra = extra_properties(data, known) if known is not None else {}
    if extra:
        changes["extra"] = extra
    return changes


def same_domain(data: dict[str, Any], record: dict[str, Any]) -> None:
    """Keystone's 400 for a PATCH that would move a record to another domain."""
    if "domain_id" in data and data["domain_id"] != record.get("domain_id"):
        raise BadRequest("Update of `domain_id` is not allowed.")


# ------------------------------------------------------------------- policy
def can_manage_in(ctx: Context, domain_id: str | None) -> bool:
    """Administrators manage every domain's records; a domain admin those of its domain."""
    return ctx.is_admin or is_domain_admin(ctx, domain_id)


def may_create(ctx: Context, action: str) -> None:
    """Keystone enforces a create's policy before it validates the body: a caller who may
    create in no domain at all (neither an administrator nor a domain admin) gets the 403 of
    `action` whatever it sent; the domain the body names is checked once it is read."""
    keystone_check(can_manage_in(ctx, ctx.domain_id), action)


def managed(request: Request, get: Callable[[Request], dict[str, Any]],
            action: str) -> dict[str, Any]:
    """The record `get` finds (a user, group or project), when the caller may manage the
    records of its domain: 401, then 404, then 403, in Keystone's order."""
    ctx = authenticate(request)
    record = get(request)
    keystone_check(can_manage_in(ctx, record["domain_id"]), action)
    return record


# ------------------------------------------------------------------- listings
def scope_listing(ctx: Context, filters: dict[str, Any], action: str) -> bool:
    """Limit a listing of users, groups or projects to what the caller may see: everything
    for administrators and system readers, the records of its domain for a domain reader
    (403 for others). False when the filters ask for another domain (an empty list)."""
    if ctx.is_admin or is_system_reader(ctx):
        return True
    keystone_check(ctx.domain_id is not None and is_domain_reader(ctx, ctx.domain_id), action)
    return filters.setdefault("domain_id", ctx.domain_id) == ctx.domain_id
