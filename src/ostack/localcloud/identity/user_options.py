"""Keystone's resource options: a user's `options`, and the `immutable` option of roles,
projects and domains. Kept with the record's extra properties, checked and merged as Keystone
does (an unknown option or a wrong type is a 400; `null` removes an option). The multi-factor
options decide which auth methods a token needs (`mfa.py`); an immutable record refuses every
update but the one that sets `immutable` false (403), and its deletion."""

from __future__ import annotations

from typing import Any

from ..errors import BadRequest, Forbidden


def invalid(name: str, reason: str) -> BadRequest:
    """Keystone's 400 for a request body that fails its schema (as `http.invalid`, which
    this module cannot import: the token state imports it)."""
    return BadRequest(f"Invalid input for field '{name}': {reason}")

#: Keystone's user options and the type of each value.
OPTIONS: dict[str, type] = {
    "ignore_change_password_upon_first_use": bool, "ignore_password_expiry": bool,
    "ignore_lockout_failure_attempts": bool, "lock_password": bool,
    "ignore_user_inactivity": bool, "multi_factor_auth_enabled": bool,
    "multi_factor_auth_rules": list,
}
#: The options of roles, projects and domains.
IMMUTABLE_OPTIONS: dict[str, type] = {"immutable": bool}


def options_of(user: dict[str, Any]) -> dict[str, Any]:
    """The options stored with a user."""
    return dict((user.get("extra") or {}).get("options") or {})


def read(data: dict[str, Any], current: dict[str, Any],
         known: dict[str, type] | None = None) -> dict[str, Any] | None:
    """The record's options after this request body (None when it names none): a user's
    (`OPTIONS`, the default) or those `known` names (`IMMUTABLE_OPTIONS`, where `null` for
    the whole object is a 400, as Keystone)."""
    given = data.get("options")
    if given is None and (known is None or "options" not in data):
        return None
    if not isinstance(given, dict):
        raise invalid("options", f"{given!r} is not of type 'object'")
    merged = dict(current)
    for name, value in given.items():
        kind = (OPTIONS if known is None else known).get(name)
        if kind is None:
            raise invalid("options", f"Additional properties are not allowed ({name!r} was "
                                     f"unexpected)")
        if value is None:
            merged.pop(name, None)
            continue
        if not isinstance(value, kind):
            raise invalid(f"options.{name}", f"{value!r} is not of type "
                                             f"'{'boolean' if kind is bool else 'array'}'")
        if name == "multi_factor_auth_rules" and not all(
                isinstance(rule, list) and rule and all(isinstance(m, str) for m in rule)
                for rule in value):
            raise invalid(f"options.{name}", f"{value!r} must be a list of lists of method "
                                             f"names")
        merged[name] = value
    return merged


def _refusal(action: str, kind: str, record_id: str) -> Forbidden:
    return Forbidden(f"Unable to {action} immutable {kind} resource: `{record_id}. Set "
                     f"resource option \"immutable\" to false first.")


def is_immutable(record: dict[str, Any]) -> bool:
    return options_of(record).get("immutable") is True


def check_update(record: dict[str, Any], data: dict[str, Any], kind: str) -> None:
    """Keystone's 403 for an update of an immutable role, project or domain, unless the body
    only sets `immutable` false (or null)."""
    if not is_immutable(record):
        return
    given = data.get("options")
    if set(data) == {"options"} and isinstance(given, dict) and "immutable" in given \
            and given["immutable"] in (False, None):
        return
    raise _refusal("update", kind, record["id"])


def check_delete(record: dict[str, Any], kind: str) -> None:
    """Keystone's 403 for deleting an immutable role, project or domain."""
    if is_immutable(record):
        raise _refusal("delete", kind, record["id"])
