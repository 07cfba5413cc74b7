"""Microversions: parsing, comparing and negotiating between the client's and server's ranges."""

from __future__ import annotations

from ostack import exceptions

LATEST = "latest"


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def parse(version: str) -> tuple[int, int]:
    """'2.79' -> (2, 79); raises MicroversionError for anything else."""
    text = str(version).strip()
    major, sep, minor = text.partition(".")
    if not sep or not _digits(major) or not _digits(minor):
        raise exceptions.MicroversionError(
            f"invalid microversion {version!r}: use MAJOR.MINOR such as 2.79, or 'latest'"
        )
    return int(major), int(minor)


def render(version: tuple[int, int]) -> str:
    return f"{version[0]}.{version[1]}"


def negotiate(
    wanted: str | None,
    client_min: str,
    client_max: str,
    server_min: str | None,
    server_max: str | None,
    service: str = "",
) -> str | None:
    """The microversion to send: `wanted` checked against both ranges, or the highest common one.

    `wanted` None or 'latest' means the highest version both sides speak. A server that does not
    announce microversions gets none (None), unless one is explicitly asked for.
    """
    cmin, cmax = parse(client_min), parse(client_max)
    if server_max is None:
        if wanted in (None, LATEST):
            return None
        return render(parse(wanted))
    smin = parse(server_min) if server_min else (parse(server_max)[0], 0)
    smax = parse(server_max)
    low, high = max(cmin, smin), min(cmax, smax)
    label = f"{service} " if service else ""
    if wanted in (None, LATEST):
        if low > high:
            raise exceptions.MicroversionError(
                f"no {label}microversion in common: the client speaks {client_min}-{client_max}, "
                f"the server {render(smin)}-{server_max}"
            )
        return render(high)
    asked = parse(wanted)
    if not smin <= asked <= smax:
        raise exceptions.MicroversionError(
            f"{label}microversion {wanted} is not supported by the server "
            f"(it supports {render(smin)} to {server_max}); ask for a version in that range"
        )
    return render(asked)


def at_least(version: str | None, minimum: str) -> bool:
    """True when a negotiated version is set and not older than `minimum`."""
    return version is not None and parse(version) >= parse(minimum)
