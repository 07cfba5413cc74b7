"""Nova's floating IP proxy: `/v2.1/os-floating-ips` (+ `/{id}`), `/os-floating-ip-pools`
(up to 2.35) and the server actions `addFloatingIp` / `removeFloatingIp` (up to 2.43), over
the network service's floating IPs as Nova's neutron API uses them: a pool is an external
network (by name or id; `public`, DevStack's `default_floating_pool`, when none is named),
`instance_id` is the device of the associated port."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import ApiError, BadRequest, Conflict, NotFound
from ..interfaces import Caller, Networking
from ..policy import Context
from ..routing import DELETE, GET, POST, RouteTable
from ..service import empty_response, json_response, read_json
from . import validation
from .http import caller
from .neutron_proxy import (
    Record,
    as_user,
    is_ipv4,
    networks_by_id,
    neutron,
    require_proxy,
)
from .server_actions import EXTRA_ACTIONS
from .server_views import find_server
from .validation import is_uuid
from .versions import microversion

POLICY = "os_compute_api:os-floating-ips"
#: Nova's [neutron] default_floating_pool as DevStack sets it.
DEFAULT_POOL = "public"
IP_ADDRESS = {"type": "string", "anyOf": [{"format": "ipv4"}, {"format": "ipv6"}]}

Row = dict[str, Any]


def views(api: Networking, who: Caller, fips: list[Record]) -> list[Record]:
    """Floating IPs as Nova shows them: the pool's name, the server of the port."""
    nets = networks_by_id(api, who, [f["floating_network_id"] for f in fips])
    shown = []
    for fip in fips:
        net = nets.get(fip["floating_network_id"])
        details = fip.get("port_details")
        shown.append({
            "id": fip["id"], "ip": fip["floating_ip_address"],
            "pool": (net["name"] or net["id"]) if net else fip["floating_network_id"],
            "fixed_ip": fip["fixed_ip_address"],
            "instance_id": details["device_id"] if details else None})
    return shown


def _context(request: Request, rule: str) -> tuple[Networking, Caller, Context]:
    ctx = caller(request, f"{POLICY}:{rule}")
    require_proxy(request)
    return neutron(request), as_user(ctx), ctx


def _get(api: Networking, who: Caller, fip_id: str) -> Record:
    try:
        return api.record("floatingip", who, fip_id)
    except ApiError as err:
        if err.status == 404:
            raise NotFound(f"Floating IP not found for ID {fip_id}") from None
        raise


def by_address(api: Networking, who: Caller, address: str) -> Record | None:
    """The caller's floating IP with this address; 400 when several match."""
    found = api.records("floatingip", who, "json_extract(data, '$.floating_ip_address') = ?",
                        (address,))
    if len(found) > 1:
        raise BadRequest(f"Multiple floating IPs are found for address {address}.")
    return found[0] if found else None


def pool_id(api: Networking, who: Caller, pool: str) -> str:
    """The external network a pool names (its id when a UUID, else its name)."""
    column = "id" if is_uuid(pool) else "json_extract(data, '$.name')"
    nets = api.records("network", who, f"external = 1 AND {column} = ?", (pool,))
    if not nets:
        raise NotFound("Floating IP pool not found.")
    if len(nets) > 1:
        raise Conflict(f"Multiple floating IP pools matches found for name '{pool}'")
    return nets[0]["id"]


# ------------------------------------------------------------------- os-floating-ips
async def list_floating_ips(request: Request) -> Response:
    """GET /os-floating-ips: the project's floating IPs."""
    api, who, ctx = _context(request, "list")
    fips = api.records("floatingip", who, "project_id = ?", (ctx.project_id,))
    return json_response({"floating_ips": views(api, who, fips)})


async def show_floating_ip(request: Request) -> Response:
    api, who, _ = _context(request, "show")
    fip = _get(api, who, request.path_params["fip_id"])
    return json_response({"floating_ip": views(api, who, [fip])[0]})


async def create_floating_ip(request: Request) -> Response:
    """POST /os-floating-ips: allocate from `pool` (404 for an unknown pool or when it is
    exhausted, 403 over quota)."""
    api, who, _ = _context(request, "create")
    body = await read_json(request) if await request.body() else None
    validation.validate({"type": ["object", "null"], "properties": {
        "pool": {"type": ["string", "null"]}}}, body)
    pool = (body or {}).get("pool")
    network_id = pool_id(api, who, pool or DEFAULT_POOL)
    try:
        fip = api.create_floatingip(who, {"floating_network_id": network_id})
    except ApiError as err:
        kind = getattr(err, "type", "")
        if kind in ("ExternalIpAddressExhausted", "IpAddressGenerationFailure"):
            raise NotFound(f"No more floating IPs in pool {pool}." if pool
                           else "No more floating IPs available.") from None
        if kind == "OverQuota":
            raise ApiError(f"IP allocation over quota in pool {pool}." if pool
                           else "IP allocation over quota.", status=403) from None
        raise ApiError(err.message, status=err.status if 400 <= err.status < 500 else 400) \
            from None
    return json_response({"floating_ip": views(api, who, [fip])[0]})


async def delete_floating_ip(request: Request) -> Response:
    """DELETE /os-floating-ips/{id}: disassociate and release."""
    api, who, _ = _context(request, "delete")
    fip = _get(api, who, request.path_params["fip_id"])
    try:
        api.delete_floatingip(who, fip["id"])
    except ApiError as err:
        raise ApiError(err.message, status=403 if err.status == 403 else 404) from None
    return empty_response(202)


async def list_pools(request: Request) -> Response:
    """GET /os-floating-ip-pools: the external networks."""
    ctx = caller(request, "os_compute_api:os-floating-ip-pools:list")
    require_proxy(request)
    api = neutron(request)
    nets = api.records("network", as_user(ctx), "external = 1")
    return json_response({"floating_ip_pools": [{"name": n["name"] or n["id"]} for n in nets]})


# ------------------------------------------------------------------- server actions
def _until_243(request: Request) -> None:
    if microversion(request) >= (2, 44):
        raise NotFound("The resource could not be found.")


async def _add_floating_ip(request: Request, ctx: Context, row: Row, args: Any) -> Response:
    """addFloatingIp: point a floating IP at one of the server's fixed IPs (the given one,
    else its first IPv4 address); a floating IP on another server moves."""
    _until_243(request)
    validation.validate({"type": "object", "properties": {
        "address": IP_ADDRESS, "fixed_address": IP_ADDRESS},
        "required": ["address"], "additionalProperties": False}, args, ["addFloatingIp"])
    address, api, who = args["address"], neutron(request), as_user(ctx)
    ports = api.interfaces(row["id"])
    if not ports:
        raise BadRequest("Instance network is not ready yet")
    fixed_ips = [(port["id"], ip["ip_address"]) for port in ports for ip in port["fixed_ips"]]
    if not fixed_ips:
        raise BadRequest("No fixed IPs associated to instance")
    fixed = args.get("fixed_address")
    if fixed is not None and fixed not in [ip for _, ip in fixed_ips]:
        raise BadRequest("Specified fixed address not assigned to instance")
    if not fixed:
        fixed = next((ip for _, ip in fixed_ips if is_ipv4(ip)), None)
        if fixed is None:
            raise BadRequest(f"Unable to associate floating IP {address} to any fixed IPs for "
                             f"instance {row['id']}. Instance has no fixed IPv4 addresses to "
                             f"associate.")
    port_id = next(port for port, ip in fixed_ips if ip == fixed)
    fip = by_address(api, who, address)
    if fip is None:
        raise NotFound("floating IP not found")
    try:
        api.update_floatingip(who, fip["id"], {"port_id": port_id, "fixed_ip_address": fixed})
    except ApiError as err:
        if err.status == 409:
            raise BadRequest(err.message) from None
        raise BadRequest(f"Unable to associate floating IP {address} to fixed IP {fixed} for "
                         f"instance {row['id']}. Error: {err.message}") from None
    return empty_response(202)


async def _remove_floating_ip(request: Request, ctx: Context, row: Row, args: Any) -> Response:
    """removeFloatingIp: 409 unless the floating IP is on this server."""
    _until_243(request)
    validation.validate({"type": "object", "properties": {"address": IP_ADDRESS},
                         "required": ["address"], "additionalProperties": False},
                        args, ["removeFloatingIp"])
    address, api, who = args["address"], neutron(request), as_user(ctx)
    fip = by_address(api, who, address)
    if fip is None:
        raise NotFound(f"Floating IP not found for address {address}.")
    details = fip.get("port_details")
    instance_id = details["device_id"] if details else None
    if instance_id:
        find_server(request, ctx, instance_id)
    if not (fip["port_id"] and instance_id == row["id"]):
        raise Conflict(f"Floating IP {address} is not associated with instance {row['id']}.")
    api.update_floatingip(who, fip["id"], {"port_id": None})
    return empty_response(202)


EXTRA_ACTIONS.update({"addFloatingIp": _add_floating_ip,
                      "removeFloatingIp": _remove_floating_ip})

ROUTES: RouteTable = (
    ("/os-floating-ips", list_floating_ips, GET),
    ("/os-floating-ips", create_floating_ip, POST),
    ("/os-floating-ips/{fip_id}", show_floating_ip, GET),
    ("/os-floating-ips/{fip_id}", delete_floating_ip, DELETE),
    ("/os-floating-ip-pools", list_pools, GET),
)
