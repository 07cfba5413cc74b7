"""A user's `options` (Keystone's resource options): kept with the user's extra properties,
checked and merged as Keystone does (an unknown option or a wrong type is a 400; `null`
removes an option). The multi-factor options decide which auth methods a token needs
(`mfa.py`)."""

from __future__ import annotations

from typing import Any

from ..errors import BadRequest


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


def options_of(user: dict[str, Any]) -> dict[str, Any]:
    """The options stored with a user."""
    return dict((user.get("extra") or {}).get("options") or {})


def read(data: dict[str, Any], current: dict[str, Any]) -> dict[str, Any] | None:
    """The user's options after this request body (None when it names none)."""
    given = data.get("options")
    if given is None:
        return None
    if not isinstance(given, dict):
        raise invalid("options", f"{given!r} is not of type 'object'")
    merged = dict(current)
    for name, value in given.items():
        kind = OPTIONS.get(name)
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
