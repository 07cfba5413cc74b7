"""Column values that print one way in tables and another in json/yaml, as osc-lib's do.

Each class wraps a raw value: `human_readable()` is what a table shows, `machine_readable()`
what json, yaml, value, csv and shell print (see `ostack.cli.output`). The texts follow the
official client's formats (`key='value', ...`, sorted lists joined by ", " ...).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def format_dict(data: dict[str, Any] | None, prefix: str = "") -> str:
    """`a='1', b.c='2', d=` with keys sorted (nested dicts flattened with dots)."""
    parts = []
    for key in sorted(data or {}):
        name = f"{prefix}.{key}" if prefix else str(key)
        item = data[key]  # type: ignore[index]
        if isinstance(item, dict):
            parts.append(format_dict(item, name))
        elif item is None:
            parts.append(f"{name}=")
        else:
            parts.append(f"{name}='{item}'")
    return ", ".join(parts)


def format_list(data: Any, separator: str = ", ") -> str:
    return separator.join(sorted(str(item) for item in data or []))


def format_size(size: float | None) -> str:
    """Bytes in K, M, G ... steps of 1000, one decimal without trailing zeros."""
    value = float(size or 0)
    index = 0
    while value >= 1000.0:
        index += 1
        value /= 1000.0
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text}{['', 'K', 'M', 'G', 'T', 'P', 'E', 'Z'][index]}"


class FormattableColumn:
    """A value with a table rendering and a machine rendering."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def human_readable(self) -> Any:
        return self.value

    def machine_readable(self) -> Any:
        return self.value

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.value == other.value  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(str(self.value))

    def __str__(self) -> str:
        return str(self.human_readable())


class DictColumn(FormattableColumn):
    """A mapping (properties, metadata, extra specs)."""

    def human_readable(self) -> str:
        return format_dict(self.value)

    def machine_readable(self) -> dict[str, Any]:
        return dict(self.value or {})


class ListColumn(FormattableColumn):
    """A list of words (tags, policies): sorted and comma-joined in a table."""

    def human_readable(self) -> str:
        return format_list(self.value)

    def machine_readable(self) -> list[Any]:
        return list(self.value or [])


class ListDictColumn(FormattableColumn):
    """A list of mappings, one `key='value'` line each."""

    def human_readable(self) -> str:
        return "\n".join(format_dict(item) for item in self.value or [])

    def machine_readable(self) -> list[dict[str, Any]]:
        return [dict(item) for item in self.value or []]


class DictListColumn(FormattableColumn):
    """A mapping of lists: `key=a, b; key2=c`."""

    def human_readable(self) -> str:
        return "; ".join(f"{k}={format_list(v)}" for k, v in sorted((self.value or {}).items())
                         if v is not None)

    def machine_readable(self) -> dict[str, Any]:
        return dict(self.value or {})


class SizeColumn(FormattableColumn):
    """A size in bytes, shown as 1.2K, 3.4G ... in a table."""

    def human_readable(self) -> str:
        return format_size(self.value)


class BoolColumn(FormattableColumn):
    """A boolean printed as the official client does in tables (True/False)."""

    def human_readable(self) -> str:
        return str(bool(self.value))


class PowerStateColumn(FormattableColumn):
    """A server's power state: its number in json, its name (Running, Shutdown ...) in a
    table, "N/A" when unknown."""

    NAMES = ("NOSTATE", "Running", "", "Paused", "Shutdown", "", "Crashed", "Suspended")

    def human_readable(self) -> str:
        try:
            return self.NAMES[self.value]
        except (IndexError, TypeError):
            return "N/A"


class AddressesColumn(FormattableColumn):
    """A server's addresses, `{network: [{"addr": ...}]}`: `net=10.0.0.3, fd00::3; net2=...`
    in a table ("N/A" when missing), `{network: [addr, ...]}` in json."""

    def machine_readable(self) -> dict[str, list[str]]:
        return {net: [a["addr"] for a in addrs if "addr" in a]
                for net, addrs in (self.value or {}).items()}

    def human_readable(self) -> str:
        if not isinstance(self.value, dict):
            return "N/A"
        return DictListColumn(self.machine_readable()).human_readable()


class HostColumn(FormattableColumn):
    """A host name that may be hidden by policy: '' in a table when None."""

    def human_readable(self) -> str:
        return "" if self.value is None else self.value


class ReprColumn(FormattableColumn):
    """A list or dict the official client prints without an osc-lib formatter: its Python
    text (`['a', 'b']`, `{'k': 'v'}`) in a table, as cliff leaves it; itself in json."""

    def human_readable(self) -> str:
        return str(self.value)


class AdminStateColumn(FormattableColumn):
    """A network resource's `admin_state_up`: UP or DOWN in a table, the boolean in json."""

    def human_readable(self) -> str:
        return "UP" if self.value else "DOWN"


class NullableDictColumn(DictColumn):
    """A mapping that may be absent: osc-lib prints `None` in a table (and `{}` in json) for
    a missing one, where `DictColumn` prints nothing."""

    def human_readable(self) -> str:
        return "None" if self.value is None else super().human_readable()
