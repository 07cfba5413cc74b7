"""HTTP pieces shared by the identity handlers: URLs, list envelopes, request-body checks with
Keystone's limits and wording."""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request

from ..errors import ApiError, BadRequest, NotFound
from ..service import base_url, cloud_of, read_json
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
    return cloud_of(request).identity


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
