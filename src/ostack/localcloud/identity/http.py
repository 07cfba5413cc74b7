"""HTTP pieces shared by the identity handlers: URLs, list envelopes, request-body checks."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from ..errors import ApiError, BadRequest, NotFound
from ..service import base_url, cloud_of, read_json
from .backend import IdentityBackend

TRUE_VALUES = ("1", "true", "yes", "on", "")
FALSE_VALUES = ("0", "false", "no", "off")


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


async def entity(request: Request, key: str) -> dict[str, Any]:
    """The `{key: {...}}` object of a request body; 400 when missing or not an object."""
    body = await read_json(request)
    value = body.get(key)
    if not isinstance(value, dict):
        raise BadRequest(f"Expecting to find {key} in request body. The server could not "
                         f"comply with the request since it is either malformed or otherwise "
                         f"incorrect. The client is assumed to be in error.")
    return value


def field(data: dict[str, Any], name: str, kind: type | tuple[type, ...], *,
          required: bool = False, nullable: bool = False, default: Any = None) -> Any:
    """One field of a request entity, type-checked (Keystone answers 400 on a wrong type)."""
    if name not in data:
        if required:
            raise BadRequest(f"Invalid input for field '{name}': '{name}' is a required "
                             f"property.")
        return default
    value = data[name]
    if value is None and nullable:
        return None
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)
                                       and bool not in _as_tuple(kind)):
        raise BadRequest(f"Invalid input for field '{name}': {value!r} is not of the "
                         f"expected type.")
    if isinstance(value, str) and required and not value.strip():
        raise BadRequest(f"Invalid input for field '{name}': it must not be empty.")
    return value


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def not_found(kind: str, ident: str) -> ApiError:
    """Keystone's 404 wording."""
    return NotFound(f"Could not find {kind}: {ident}.")
