"""`router create|delete|list|set|show|unset` and `router add|remove port|subnet|route|
gateway`, as the official client prints them (external gateways with `--fixed-ip`, SNAT,
extra routes as `destination=...,gateway=...`)."""

from __future__ import annotations

import argparse
from typing import Any

from ostack import exceptions
from ostack.cli import extra_properties, lookups, tags
from ostack.cli.columns import AdminStateColumn, ListColumn
from ostack.cli.declare import Arg, Column, Option, marker_pagination, on_off, project_options
from ostack.cli.generic import (
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceSet,
    ResourceShow,
)
from ostack.cli.router_fields import (
    GATEWAY_FIXED_IP,
    RouterFields,
    RouterInfoColumn,
    RoutesColumn,
    fixed_ip_option,
    gateway_attrs,
    multihoming,
    route_option,
    routes_body,
)

RESOURCE = "network.router"


def _attrs(command: Any, args: argparse.Namespace) -> dict[str, Any]:
    attrs: dict[str, Any] = {}
    if args.name is not None:
        attrs["name"] = args.name
    if args.enable:
        attrs["admin_state_up"] = True
    if args.disable:
        attrs["admin_state_up"] = False
    if args.centralized:
        attrs["distributed"] = False
    if args.distributed:
        attrs["distributed"] = True
    if getattr(args, "availability_zone_hints", None) is not None:
        attrs["availability_zone_hints"] = args.availability_zone_hints
    if args.description is not None:
        attrs["description"] = args.description
    if getattr(args, "project", None) is not None:
        attrs["project_id"] = lookups.project_id(command.conn, args.project,
                                                 args.project_domain)
    attrs.update(gateway_attrs(command, args))
    flavor = getattr(args, "flavor_id", None) or getattr(args, "flavor", None)
    if flavor is not None:
        attrs["flavor_id"] = lookups.find_id(command.conn, "network.flavor", flavor)
    for name in ("enable_default_route_bfd", "enable_default_route_ecmp", "evpn_vni"):
        if getattr(args, name, None) is not None:
            attrs[name] = getattr(args, name)
    return attrs


def _check_bfd_ecmp(command: Any, attrs: dict[str, Any]) -> None:
    if ("enable_default_route_bfd" in attrs or "enable_default_route_ecmp" in attrs) and (
            not multihoming(command.service)):
        raise exceptions.OstackError(
            "The external-gateway-multihoming extension is not enabled at the Neutron side, "
            "cannot use --enable-default-route-bfd or --enable-default-route-ecmp arguments.")


def _evpn_vni(text: str) -> int:
    try:
        vni = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a valid VNI (use a positive integer)") from None
    if vni <= 0:
        raise argparse.ArgumentTypeError("VNI must be a positive integer")
    return vni


def _gateway_options() -> tuple[Option, ...]:
    return (
        Option("--external-gateway", metavar="<network>", action="append",
               dest="external_gateways",
               help="external network used as router's gateway (name or ID) (repeat option "
                    "to set multiple gateways per router if the L3 service plugin in use "
                    "supports it)"),
        fixed_ip_option(GATEWAY_FIXED_IP),
        *on_off("--enable-snat", "--disable-snat", "snat",
                "enable Source NAT on external gateway", "disable Source NAT on external gateway"),
        Option("--enable-ndp-proxy", dest="enable_ndp_proxy", default=None,
               action="store_true", group="ndp",
               help="enable IPv6 NDP proxy on external gateway"),
        Option("--disable-ndp-proxy", dest="enable_ndp_proxy", default=None,
               action="store_false", group="ndp",
               help="disable IPv6 NDP proxy on external gateway"),
    )


BFD_ECMP = (
    Option("--enable-default-route-bfd", dest="enable_default_route_bfd", default=None,
           action="store_true",
           help="enable BFD sessions for default routes inferred from the external gateway "
                "port subnets for this router"),
    Option("--disable-default-route-bfd", dest="enable_default_route_bfd", default=None,
           action="store_false",
           help="disable BFD sessions for default routes inferred from the external gateway "
                "port subnets for this router"),
    Option("--enable-default-route-ecmp", dest="enable_default_route_ecmp", default=None,
           action="store_true",
           help="add ECMP default routes if multiple are available via different gateway "
                "ports"),
    Option("--disable-default-route-ecmp", dest="enable_default_route_ecmp", default=None,
           action="store_false", help="add default route only for first gateway port"),
)


class CreateRouter(RouterFields, ResourceCreate):
    """Create a new router."""

    name = "router create"
    resource = RESOURCE
    options = (
        extra_properties.option(),
        Arg("name", metavar="<name>", help="new router name"),
        *on_off("--enable", "--disable", "admin", "enable router (default)", "disable router",
                default=True),
        *on_off("--distributed", "--centralized", "distributed", "create a distributed router",
                "create a centralized router"),
        *on_off("--ha", "--no-ha", "ha", "create a highly available router",
                "create a legacy router"),
        Option("--description", metavar="<description>", help="set router description"),
        *project_options("owner's project (name or ID)"),
        Option("--availability-zone-hint", metavar="<availability-zone>", action="append",
               dest="availability_zone_hints",
               help="availability zone in which to create this router (router availability "
                    "zone extension required, repeatable)"),
        *tags.create_options("router"),
        *_gateway_options(),
        Option("--flavor", metavar="<flavor-id>",
               help="associate the router to a flavor (name or ID)"),
        Option("--flavor-id", metavar="<flavor-id>", help=argparse.SUPPRESS),
        *BFD_ECMP,
        Option("--qos-policy", metavar="<qos-policy>",
               help="attach QoS policy to router gateway IPs"),
        Option("--evpn-vni", metavar="<vni>", default=None, type=_evpn_vni, dest="evpn_vni",
               group="evpn", help="associate the router with an EVPN identified by a VNI"),
        Option("--auto-evpn-vni", action="store_const", dest="evpn_vni", const=0,
               group="evpn",
               help="associate the router with an EVPN using an auto-assigned VNI"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        service = self.service
        attrs = _attrs(self, args)
        if args.ha:
            attrs["ha"] = True
        if args.no_ha:
            attrs["ha"] = False
        attrs.update(extra_properties.values(args))
        if args.enable_ndp_proxy and not args.external_gateways:
            raise exceptions.OstackError(
                "You must specify '--external-gateway' in order to enable router's NDP proxy")
        if args.qos_policy and not args.external_gateways:
            raise exceptions.OstackError(
                "You must specify '--external-gateway' in order to define a QoS policy")
        if args.enable_ndp_proxy is not None:
            attrs["enable_ndp_proxy"] = args.enable_ndp_proxy
        _check_bfd_ecmp(self, attrs)
        gateways = attrs.pop("external_gateways", None)
        router = service.create_router(**attrs)
        router = tags.apply_set(service, router, args)
        if gateways:
            service.update_external_gateways(
                router, {"router": {"external_gateways": gateways}})
        if (args.disable_snat or args.enable_snat or args.fixed_ips) and (
                not args.external_gateways):
            raise exceptions.OstackError(
                "You must specify '--external-gateway' in order to specify SNAT or fixed-ip "
                "values")
        return self.show(router)


class DeleteRouter(ResourceDelete):
    """Delete router(s)."""

    name = "router delete"
    resource = RESOURCE
    options = (Arg("router", metavar="<router>", nargs="+",
                   help="router(s) to delete (name or ID)"),)


class ListRouter(ResourceList):
    """List routers."""

    name = "router list"
    resource = RESOURCE
    limit_is_page_size = True
    options = (
        Option("--name", metavar="<name>", query="name",
               help="list routers according to their name"),
        *on_off("--enable", "--disable", "admin", "list enabled routers",
                "list disabled routers"),
        Option("--long", action="store_true", help="list additional fields in output"),
        *project_options("list only routers with the specified project (name or ID)"),
        Option("--agent", metavar="<agent-id>",
               help="list only routers hosted by the specified agent (ID only)"),
        *tags.list_options("routers"),
        *marker_pagination(),
    )

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        query = super().query(args)
        if args.enable or args.disable:
            query["is_admin_state_up"] = bool(args.enable)
        query["project_id"] = lookups.project_of(self.conn, args)
        return query

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        if args.agent is None:
            return super().items(args, query)
        # The agent's routers cannot be filtered by the service: filtered here.
        agent = self.service.get_agent(args.agent)
        wanted = {k: v for k, v in query.items()
                  if k in ("name", "is_admin_state_up", "project_id") and v is not None}
        return [r for r in self.service.agent_hosted_routers(agent)
                if all(getattr(r, k) == v for k, v in wanted.items())]

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        routers = list(self.items(args, self.query(args)))
        columns = [Column("ID", "id"), Column("Name", "name"), Column("Status", "status"),
                   Column("State", "is_admin_state_up", AdminStateColumn),
                   Column("Project", "project_id")]
        if any(r.is_distributed is not None for r in routers):
            columns.append(Column("Distributed", "is_distributed"))
        if any(r.is_ha is not None for r in routers):
            columns.append(Column("HA", "is_ha"))
        if args.long:
            columns += [Column("Routes", "routes", RoutesColumn),
                        Column("External gateway info", "external_gateway_info",
                               RouterInfoColumn)]
            if self.service.find_extension("router_availability_zone") is not None:
                columns.append(Column("Availability zones", "availability_zones", ListColumn))
            columns.append(Column("Tags", "tags", ListColumn))
        return [c.header for c in columns], [[c.value(r) for c in columns] for r in routers]


class ShowRouter(RouterFields, ResourceShow):
    """Display router details."""

    name = "router show"
    resource = RESOURCE
    options = (Arg("router", metavar="<router>", help="router to display (name or ID)"),)

    def show(self, router: Any) -> dict[str, Any]:
        interfaces = [
            {"port_id": port.id, "ip_address": ip.get("ip_address"),
             "subnet_id": ip.get("subnet_id")}
            for port in self.service.ports(device_id=router.id)
            if port.device_owner != "network:router_gateway" for ip in port.fixed_ips or []]
        data = super().show(router)
        data["interfaces_info"] = RouterInfoColumn(interfaces)
        return {k: data[k] for k in sorted(data)}


class SetRouter(ResourceSet):
    """Set router properties."""

    name = "router set"
    resource = RESOURCE
    options = (
        extra_properties.option(),
        Arg("router", metavar="<router>", help="router to modify (name or ID)"),
        Option("--name", metavar="<name>", help="set router name"),
        Option("--description", metavar="<description>", help="set router description"),
        *on_off("--enable", "--disable", "admin", "enable router", "disable router"),
        *on_off("--distributed", "--centralized", "distributed",
                "set router to distributed mode (disabled router only)",
                "set router to centralized mode (disabled router only)"),
        route_option("add routes to the router: destination subnet (in CIDR notation) and "
                      "gateway (nexthop IP address) (repeatable; deprecated in favor of "
                      "'router add/remove route')"),
        Option("--no-route", action="store_true",
               help="clear routes associated with the router; specify both --route and "
                    "--no-route to overwrite current value of routes"),
        *on_off("--ha", "--no-ha", "ha",
                "set the router as highly available (disabled router only)",
                "clear high availability attribute of the router (disabled router only)"),
        *_gateway_options(),
        Option("--qos-policy", metavar="<qos-policy>", group="qos",
               help="attach QoS policy to router gateway IPs"),
        Option("--no-qos-policy", action="store_true", group="qos",
               help="remove QoS policy from router gateway IPs"),
        *tags.set_options("router"),
        *BFD_ECMP,
    )

    def take_action(self, args: argparse.Namespace) -> int:
        service = self.service
        router = self.find(args.router)
        attrs = _attrs(self, args)
        if args.ha:
            attrs["ha"] = True
        elif args.no_ha:
            attrs["ha"] = False
        if args.routes is not None:
            attrs["routes"] = routes_body(args.routes)
            if not args.no_route:
                attrs["routes"] += list(router.routes or [])
        elif args.no_route:
            attrs["routes"] = []
        if (args.disable_snat or args.enable_snat or args.fixed_ips) and (
                not args.external_gateways):
            raise exceptions.OstackError(
                "You must specify '--external-gateway' in order to update the SNAT or "
                "fixed-ip values")
        if (args.qos_policy or args.no_qos_policy) and not args.external_gateways:
            network_id = (router.external_gateway_info or {}).get("network_id")
            if not network_id:
                raise exceptions.OstackError(
                    "You must specify '--external-gateway' or the router must already have "
                    "an external network in order to set router gateway IP QoS")
            if not attrs.get("external_gateway_info") and not attrs.get("external_gateways"):
                attrs["external_gateway_info"] = {}
            attrs["external_gateway_info"]["network_id"] = network_id
        if args.qos_policy and not attrs.get("external_gateways"):
            attrs["external_gateway_info"]["qos_policy_id"] = lookups.find_id(
                self.conn, "network.qos_policy", args.qos_policy)
        if args.no_qos_policy and not attrs.get("external_gateways"):
            attrs["external_gateway_info"]["qos_policy_id"] = None
        attrs.update(extra_properties.values(args))
        if args.enable_ndp_proxy is not None:
            attrs["enable_ndp_proxy"] = args.enable_ndp_proxy
        _check_bfd_ecmp(self, attrs)
        if attrs:
            gateways = attrs.pop("external_gateways", None)
            service.update_router(router, **attrs)
            if gateways:
                service.update_external_gateways(
                    router, {"router": {"external_gateways": gateways}})
        tags.apply_set(service, router, args)
        return 0


class UnsetRouter(ResourceSet):
    """Unset router properties."""

    name = "router unset"
    resource = RESOURCE
    options = (
        extra_properties.option(),
        route_option("routes to be removed from the router: destination subnet (in CIDR "
                      "notation) and gateway (nexthop IP address) (repeatable)"),
        Option("--external-gateway", action="store_true", dest="external_gateways",
               help="remove external gateway information from the router"),
        Option("--qos-policy", action="store_true",
               help="remove QoS policy from router gateway IPs"),
        Arg("router", metavar="<router>", help="router to modify (name or ID)"),
        *tags.unset_options("router"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        service = self.service
        router = self.find(args.router)
        attrs: dict[str, Any] = {}
        if args.routes:
            left = [dict(r) for r in router.routes or []]
            for route in routes_body(args.routes):
                if route not in left:
                    raise exceptions.OstackError(f"Router does not contain route {route}")
                left.remove(route)
            attrs["routes"] = left
        if args.qos_policy:
            info = router.external_gateway_info or {}
            if not info.get("network_id") or not info.get("qos_policy_id"):
                raise exceptions.OstackError(
                    "Router does not have external network or QoS policy")
            attrs["external_gateway_info"] = {"network_id": info["network_id"],
                                              "qos_policy_id": None}
        if args.external_gateways:
            attrs["external_gateway_info"] = {}
        attrs.update(extra_properties.values(args, unset=True))
        if attrs:
            if multihoming(service):
                service.remove_external_gateways(
                    router, {"router": {"external_gateways": {}}})
            service.update_router(router, **attrs)
        tags.apply_unset(service, router, args)
        return 0
