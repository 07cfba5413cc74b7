"""The launch wizard's form as a boot request: `create_server` arguments (block device mapping
v2, networks with v4/v6 fixed IPs, hints ...), and the same request written as an
`ostack server create ...` command and as an SDK call, shown before submitting."""

from __future__ import annotations

import ipaddress
import json
import shlex
from dataclasses import dataclass, field
from typing import Any

SOURCES = ("image", "instance_snapshot", "volume", "volume_snapshot")


class FormError(ValueError):
    """A launch form that cannot make a boot request (the message says which field)."""


def values(form: Any, key: str) -> list[str]:
    """Every non-empty value of a field (a multi-select, checkboxes, repeated inputs)."""
    if hasattr(form, "getlist"):
        raw = form.getlist(key)
    else:
        raw = form.get(key, [])
        raw = raw if isinstance(raw, list) else [raw]
    return [str(v).strip() for v in raw if isinstance(v, str) and str(v).strip()]


def value(form: Any, key: str, default: str = "") -> str:
    found = values(form, key)
    return found[0] if found else default


def _pairs(text: str, what: str) -> dict[str, str]:
    """`key=value` lines (or comma-separated) as a dict."""
    out: dict[str, str] = {}
    for item in text.replace(",", "\n").splitlines():
        item = item.strip()
        if not item:
            continue
        if "=" not in item:
            raise FormError(f"{what}: '{item}' is not key=value")
        key, _, val = item.partition("=")
        out[key.strip()] = val.strip()
    return out


def _int(text: str, what: str, default: int | None = None, low: int = 1) -> int | None:
    if not text:
        return default
    try:
        number = int(text)
    except ValueError:
        raise FormError(f"{what} must be a whole number") from None
    if number < low:
        raise FormError(f"{what} must be at least {low}")
    return number


@dataclass
class LaunchRequest:
    """A parsed launch form: the SDK's arguments, plus what the command line needs."""

    name: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    cli: list[str] = field(default_factory=list)

    def command(self) -> str:
        return " \\\n  ".join(_chunks(["ostack", "server", "create", *self.cli, self.name]))

    def sdk_call(self) -> str:
        lines = ["server = await conn.compute.create_server("]
        lines.append(f"    name={self.name!r},")
        for key, val in self.kwargs.items():
            if key == "name":
                continue
            shown = val
            if key == "user_data" and isinstance(val, str) and len(val) > 60:
                shown = val[:57] + "..."
            lines.append(f"    {key}={_py(shown)},")
        lines.append(")")
        return "\n".join(lines)


def _py(val: Any) -> str:
    if isinstance(val, dict | list):
        return json.dumps(val).replace("true", "True").replace("false", "False").replace(
            "null", "None")
    return repr(val)


def _chunks(words: list[str]) -> list[str]:
    """Words grouped as `--option value` per line, quoted for a POSIX shell."""
    out: list[str] = []
    i = 0
    quoted = [shlex.quote(w) for w in words]
    head = " ".join(quoted[:3])
    out.append(head)
    i = 3
    while i < len(quoted):
        if quoted[i].startswith("--") and i + 1 < len(quoted) - 1 and \
                not quoted[i + 1].startswith("--"):
            out.append(f"{quoted[i]} {quoted[i + 1]}")
            i += 2
        else:
            out.append(quoted[i])
            i += 1
    return out


def fixed_ip(address: str, version: str, where: str) -> str:
    """The fixed IP asked for a network, checked against the v4/v6 choice."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        raise FormError(f"{where}: '{address}' is not an IP address") from None
    if version in ("4", "6") and str(parsed.version) != version:
        raise FormError(f"{where}: '{address}' is not an IPv{version} address")
    return str(parsed)


def parse(form: Any) -> LaunchRequest:
    """The boot request a launch form describes (FormError: what is missing or wrong)."""
    name = value(form, "name")
    if not name:
        raise FormError("Details: the instance needs a name")
    kwargs: dict[str, Any] = {}
    cli: list[str] = []
    if value(form, "description"):
        kwargs["description"] = value(form, "description")
        cli += ["--description", kwargs["description"]]
    if value(form, "availability_zone"):
        kwargs["availability_zone"] = value(form, "availability_zone")
        cli += ["--availability-zone", kwargs["availability_zone"]]
    low = _int(value(form, "min_count"), "Details: count (min)", 1)
    high = _int(value(form, "max_count"), "Details: count (max)", low)
    if low is not None and high is not None and high < low:
        raise FormError("Details: the maximum count is below the minimum")
    if (low, high) != (1, 1):
        kwargs["min_count"], kwargs["max_count"] = low, high
        cli += ["--min", str(low), "--max", str(high)]

    flavor = value(form, "flavor_id")
    if not flavor:
        raise FormError("Flavor: choose a flavor")
    kwargs["flavor"] = flavor
    cli += ["--flavor", flavor]
    _source(form, kwargs, cli)
    _networks(form, kwargs, cli)

    groups = values(form, "security_groups")
    if groups:
        kwargs["security_groups"] = [{"name": g} for g in groups]
        for group in groups:
            cli += ["--security-group", group]
    if value(form, "key_name"):
        kwargs["key_name"] = value(form, "key_name")
        cli += ["--key-name", kwargs["key_name"]]
    user_data = form.get("user_data") if hasattr(form, "get") else None
    if isinstance(user_data, str) and user_data.strip():
        kwargs["user_data"] = user_data.replace("\r\n", "\n")
        cli += ["--user-data", "user-data.txt"]
    if value(form, "config_drive") in ("on", "true", "1"):
        kwargs["config_drive"] = True
        cli += ["--config-drive", "True"]
    if value(form, "disk_config") in ("AUTO", "MANUAL"):
        kwargs["disk_config"] = value(form, "disk_config")
    hints = _pairs(value(form, "scheduler_hints"), "Scheduler hints")
    group = value(form, "server_group")
    if group:
        hints["group"] = group
        cli += ["--server-group", group]
    for key, val in hints.items():
        if key != "group" or not group:
            cli += ["--hint", f"{key}={val}"]
    if hints:
        kwargs["scheduler_hints"] = hints
    metadata = _pairs(value(form, "metadata"), "Metadata")
    if metadata:
        kwargs["metadata"] = metadata
        for key, val in metadata.items():
            cli += ["--property", f"{key}={val}"]
    tags = [t.strip() for t in value(form, "tags").split(",") if t.strip()]
    if tags:
        kwargs["tags"] = tags
        for tag in tags:
            cli += ["--tag", tag]
    return LaunchRequest(name=name, kwargs=kwargs, cli=cli)


def _source(form: Any, kwargs: dict[str, Any], cli: list[str]) -> None:
    """Source step: an image (or instance snapshot) booted as it is or onto a new volume; a
    volume; a volume snapshot onto a new volume. Block device mapping v2 for the volumes."""
    kind = value(form, "source_type", "image")
    if kind not in SOURCES:
        raise FormError(f"Source: unknown boot source {kind!r}")
    source = value(form, f"source_{kind}")
    if not source:
        raise FormError(f"Source: choose the {kind.replace('_', ' ')} to boot from")
    new_volume = value(form, "create_volume") in ("on", "true", "1")
    delete = value(form, "delete_on_termination") in ("on", "true", "1")
    size = _int(value(form, "volume_size"), "Source: volume size (GiB)")
    vtype = value(form, "volume_type")
    if kind in ("image", "instance_snapshot") and not new_volume:
        kwargs["image"] = source
        cli += ["--image", source]
        return
    mapping: dict[str, Any] = {"boot_index": 0, "uuid": source, "destination_type": "volume",
                               "delete_on_termination": delete}
    if kind in ("image", "instance_snapshot"):
        if size is None:
            raise FormError("Source: a new volume needs a size (GiB)")
        mapping["source_type"] = "image"
    elif kind == "volume":
        mapping["source_type"] = "volume"
        size = None
    else:
        mapping["source_type"] = "snapshot"
    if size is not None:
        mapping["volume_size"] = size
    if vtype and mapping["source_type"] != "volume":
        mapping["volume_type"] = vtype
    kwargs["block_device_mapping_v2"] = [mapping]
    spec = ",".join(f"{k}={str(v).lower() if isinstance(v, bool) else v}"
                    for k, v in mapping.items())
    cli += ["--block-device", spec]


def _networks(form: Any, kwargs: dict[str, Any], cli: list[str]) -> None:
    """Networks (in the order listed, each with an optional v4 or v6 fixed IP), then ports."""
    networks: list[dict[str, Any]] = []
    for net in values(form, "networks"):
        entry: dict[str, Any] = {"uuid": net}
        address = value(form, f"fixed_ip_{net}")
        version = value(form, f"ip_version_{net}", "any")
        nic = f"net-id={net}"
        if address:
            entry["fixed_ip"] = fixed_ip(address, version, "Networks")
            nic += f",v{ipaddress.ip_address(entry['fixed_ip']).version}-fixed-ip=" \
                   f"{entry['fixed_ip']}"
        networks.append(entry)
        cli += ["--nic", nic]
    for port in values(form, "ports"):
        networks.append({"port": port})
        cli += ["--nic", f"port-id={port}"]
    if networks:
        kwargs["networks"] = networks
    else:
        kwargs["networks"] = "auto"
        cli += ["--auto-network"]
