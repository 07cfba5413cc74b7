"""`--extra-property type=<type>,name=<name>,value=<value>`: attributes the official client's
network create and set commands pass to Neutron as given (an extension's attribute the client
has no option for). Types: str (default), int, bool, list (`a;b`), dict (`k:v;k2:v2`).

    class CreateTrunk(ResourceCreate):
        options = (..., extra_properties.option())
        def attrs(self, args):
            return {**super().attrs(args), **extra_properties.values(args)}
"""

from __future__ import annotations

import argparse

from ostack import exceptions
from ostack.cli.declare import Option

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

KEYS = ("name", "value", "type")


def _property(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for part in text.split(","):
        key, sep, value = part.partition("=")
        if not sep:
            raise argparse.ArgumentTypeError(
                f"Expected key=value pairs separated by comma, but got: {text}")
        found[key] = value
    invalid = [k for k in found if k not in KEYS]
    if invalid:
        raise argparse.ArgumentTypeError(
            f"Invalid keys {', '.join(invalid)} specified.\nValid keys are: "
            f"{', '.join(KEYS)}")
    missing = [k for k in ("name", "value") if k not in found]
    if missing:
        raise argparse.ArgumentTypeError(
            f"Missing required keys {', '.join(missing)}.\nRequired keys are: name, value")
    return found


def option() -> Option:
    """The repeatable `--extra-property` option (dest `extra_properties`)."""
    return Option("--extra-property", dest="extra_properties", action="append",
                  type=_property,
                  metavar="type=<property_type>,name=<property_name>,value=<property_value>",
                  help="additional parameters can be passed using this property; the default "
                       "type of the extra property is string ('str'), but other types can be "
                       "used as well: 'dict', 'list', 'str', 'bool', 'int'; a 'list' value is "
                       "a semicolon-separated list of values, a 'dict' value a "
                       "semicolon-separated list of key:value pairs")


def _as_dict(text: str) -> dict[str, str]:
    pairs: list[str] = []
    for part in text.split(";") if text else []:
        if ":" in part:
            pairs.append(part)
        elif not pairs:
            raise exceptions.OstackError(f"missing value for key '{part}'")
        else:
            pairs[-1] = f"{pairs[-1]};{part}"
    return dict(pair.split(":", 1) for pair in pairs)  # type: ignore[misc]


CONVERTERS = {
    "str": str, "int": int, "bool": lambda text: text.lower() == "true",
    "list": lambda text: text.split(";") if text else [], "dict": _as_dict,
}


def values(args: argparse.Namespace, unset: bool = False) -> dict[str, Any]:
    """The extra properties given, converted by their type (all None for an unset)."""
    out: dict[str, Any] = {}
    for prop in getattr(args, "extra_properties", None) or []:
        if unset:
            out[prop["name"]] = None
            continue
        convert = CONVERTERS.get(prop.get("type", "str"))
        if convert is None:
            raise exceptions.OstackError(
                f"Type {prop['type']} of property {prop['name']} is not supported")
        try:
            out[prop["name"]] = convert(prop["value"])
        except ValueError as exc:
            raise exceptions.OstackError(str(exc)) from None
    return out
