"""What is left of nova-network's APIs since its removal: `/v2.1/os-networks` and
`/os-tenant-networks` list and show the networks the caller sees in the network service (up
to 2.35; their other methods answer 410), and the admin action `injectNetworkInfo`, which
Nova accepts and passes to the hypervisor (nothing to do here)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import ApiError, NotFound
from ..policy import Context, require_admin
from ..routing import DELETE, GET, POST, RouteTable
from ..service import empty_response, json_response
from . import removed
from .http import caller
from .neutron_proxy import Record, as_user, neutron, require_proxy
from .server_actions import EXTRA_ACTIONS

#: The fields of a nova-network network; Nova fills `id` and `label` alone since Neutron.
FIELDS = ("id", "cidr", "netmask", "gateway", "broadcast", "dns1", "dns2", "cidr_v6",
          "gateway_v6", "label", "netmask_v6")
ADMIN_FIELDS = ("created_at", "updated_at", "deleted_at", "deleted", "injected", "bridge",
                "vlan", "vpn_public_address", "vpn_public_port", "vpn_private_address",
                "dhcp_start", "project_id", "host", "bridge_interface", "multi_host",
                "priority", "rxtx_base", "mtu", "dhcp_server", "enable_dhcp", "share_address")


def network_view(ctx: Context, net: Record) -> Record:
    """os-networks' view: the id, the name as `label`, every other field null (admins see
    more of them)."""
    fields = FIELDS + (ADMIN_FIELDS if ctx.is_admin else ())
    view: Record = dict.fromkeys(fields)
    view.update(id=net["id"], label=net["name"])
    return view


def tenant_network_view(net: Record) -> Record:
    """os-tenant-networks' view; `cidr` is the text "None", as Nova has always answered
    with Neutron."""
    return {"id": net["id"], "cidr": "None", "label": net["name"]}


def _visible(request: Request, rule: str) -> tuple[Context, list[Record]]:
    ctx = caller(request, rule)
    require_proxy(request)
    return ctx, neutron(request).records("network", as_user(ctx))


def _one(request: Request, rule: str) -> tuple[Context, Record]:
    ctx = caller(request, rule)
    require_proxy(request)
    try:
        net = neutron(request).record("network", as_user(ctx), request.path_params["net_id"])
    except ApiError as err:
        if err.status == 404:
            raise NotFound("Network not found") from None
        raise
    return ctx, net


async def list_networks(request: Request) -> Response:
    ctx, nets = _visible(request, "os_compute_api:os-networks:list")
    return json_response({"networks": [network_view(ctx, net) for net in nets]})


async def show_network(request: Request) -> Response:
    ctx, net = _one(request, "os_compute_api:os-networks:view")
    return json_response({"network": network_view(ctx, net)})


async def list_tenant_networks(request: Request) -> Response:
    _, nets = _visible(request, "os_compute_api:os-tenant-networks:list")
    return json_response({"networks": [tenant_network_view(net) for net in nets]})


async def show_tenant_network(request: Request) -> Response:
    _, net = _one(request, "os_compute_api:os-tenant-networks:show")
    return json_response({"network": tenant_network_view(net)})


async def _inject_network_info(request: Request, ctx: Context, row: dict[str, Any],
                               args: Any) -> Response:
    """injectNetworkInfo (admins): accepted, 202."""
    require_admin(ctx, "os_compute_api:os-admin-actions:inject_network_info")
    return empty_response(202)


EXTRA_ACTIONS["injectNetworkInfo"] = _inject_network_info


ROUTES: RouteTable = (
    ("/os-networks", list_networks, GET),
    ("/os-networks/{net_id}", show_network, GET),
    ("/os-tenant-networks", list_tenant_networks, GET),
    ("/os-tenant-networks/{net_id}", show_tenant_network, GET),
    # nova-network's create, delete, add and disassociate: removed (410).
    ("/os-networks", removed.gone, POST),
    ("/os-networks/add", removed.gone, POST),
    ("/os-networks/{net_id}", removed.gone, DELETE),
    ("/os-networks/{net_id}/action", removed.gone, POST),
    ("/os-tenant-networks", removed.gone, POST),
    ("/os-tenant-networks/{net_id}", removed.gone, DELETE),
)
