"""The routes of Nova's proxy APIs to the network service (`/os-security-groups`,
`/os-security-group-rules`, `/os-floating-ips`, `/os-floating-ip-pools`, `/os-networks`,
`/os-tenant-networks`) and of a server's security groups. Importing this module also
registers the server actions `addFloatingIp`, `removeFloatingIp` and `injectNetworkInfo`."""

from __future__ import annotations

from starlette.routing import Route

from . import floating_ips, os_networks, removed, security_groups


def routes(v: str) -> list[Route]:
    """The routes under `v` (`/v2.1`)."""
    groups, rules = f"{v}/os-security-groups", f"{v}/os-security-group-rules"
    fips, nets, tenant = f"{v}/os-floating-ips", f"{v}/os-networks", f"{v}/os-tenant-networks"
    return [
        Route(groups, security_groups.list_security_groups, methods=["GET"]),
        Route(groups, security_groups.create_security_group, methods=["POST"]),
        Route(f"{groups}/{{group_id}}", security_groups.show_security_group, methods=["GET"]),
        Route(f"{groups}/{{group_id}}", security_groups.update_security_group,
              methods=["PUT"]),
        Route(f"{groups}/{{group_id}}", security_groups.delete_security_group,
              methods=["DELETE"]),
        Route(rules, security_groups.create_security_group_rule, methods=["POST"]),
        Route(f"{rules}/{{rule_id}}", security_groups.delete_security_group_rule,
              methods=["DELETE"]),
        Route(f"{v}/servers/{{server_id}}/os-security-groups",
              security_groups.list_server_security_groups, methods=["GET"]),
        Route(fips, floating_ips.list_floating_ips, methods=["GET"]),
        Route(fips, floating_ips.create_floating_ip, methods=["POST"]),
        Route(f"{fips}/{{fip_id}}", floating_ips.show_floating_ip, methods=["GET"]),
        Route(f"{fips}/{{fip_id}}", floating_ips.delete_floating_ip, methods=["DELETE"]),
        Route(f"{v}/os-floating-ip-pools", floating_ips.list_pools, methods=["GET"]),
        Route(nets, os_networks.list_networks, methods=["GET"]),
        Route(f"{nets}/{{net_id}}", os_networks.show_network, methods=["GET"]),
        Route(tenant, os_networks.list_tenant_networks, methods=["GET"]),
        Route(f"{tenant}/{{net_id}}", os_networks.show_tenant_network, methods=["GET"]),
        # nova-network's create, delete, add and disassociate: removed (410).
        Route(nets, removed.gone, methods=["POST"]),
        Route(f"{nets}/add", removed.gone, methods=["POST"]),
        Route(f"{nets}/{{net_id}}", removed.gone, methods=["DELETE"]),
        Route(f"{nets}/{{net_id}}/action", removed.gone, methods=["POST"]),
        Route(tenant, removed.gone, methods=["POST"]),
        Route(f"{tenant}/{{net_id}}", removed.gone, methods=["DELETE"]),
    ]
