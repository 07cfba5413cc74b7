"""What Nova's proxy APIs to the network service share (`os-security-groups`,
`os-floating-ips`, `os-networks`, `os-interface` ...): the network service through
`interfaces.Networking`, called as the caller (Nova passes the user's token on to Neutron, so
Neutron's visibility and ownership rules apply),
and their microversion gate (Nova answers 404 from 2.36 on, its MAX_PROXY_API_SUPPORT_VERSION
being 2.35)."""

from __future__ import annotations

import ipaddress
from typing import Any

from starlette.requests import Request

from ..errors import NotFound
from ..interfaces import Caller, Networking
from ..policy import Context, can_write
from ..service import peers_of
from .versions import Microversion, microversion

Record = dict[str, Any]

#: The last microversion serving the proxy APIs (Nova's MAX_PROXY_API_SUPPORT_VERSION).
MAX_PROXY: Microversion = (2, 35)


def require_proxy(request: Request, last: Microversion = MAX_PROXY) -> None:
    """404 above the last microversion of a proxy API."""
    if microversion(request) > last:
        raise NotFound("The resource could not be found.")


def neutron(request: Request) -> Networking:
    """The network service; without one these APIs do not exist (404)."""
    found = peers_of(request).get(Networking)
    if found is None:
        raise NotFound("The resource could not be found.")
    return found


def as_user(ctx: Context) -> Caller:
    """The caller as Neutron sees the token Nova passes on."""
    return Caller(ctx.project_id, ctx.is_admin, can_write(ctx, ctx.project_id))


def is_ipv4(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).version == 4
    except ValueError:
        return False


def networks_by_id(api: Networking, caller: Caller, ids: list[str]) -> dict[str, Record]:
    """The networks of `ids` the caller may see, by id."""
    if not ids:
        return {}
    unique = sorted(set(ids))
    marks = ",".join("?" * len(unique))
    return {net["id"]: net for net in api.records("network", caller, f"id IN ({marks})",
                                                   tuple(unique))}
