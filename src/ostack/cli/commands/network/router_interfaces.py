"""`router add|remove port|subnet|route|gateway`: a router's interfaces, extra routes and
external gateways, as the official client runs them."""

from __future__ import annotations

import argparse
from typing import Any

from ostack import exceptions
from ostack.cli.command import ShowOne
from ostack.cli.declare import Arg, Option
from ostack.cli.generic import ResourceCommand
from ostack.cli.router_fields import (
    GATEWAY_FIXED_IP,
    RouterFields,
    fixed_ip_option,
    gateway_attrs,
    multihoming,
    route_option,
    routes_body,
)

RESOURCE = "network.router"


class _Interface(ResourceCommand):
    """Attach or detach a port or a subnet."""

    resource = RESOURCE
    what = "port"
    verb = "add"

    def take_action(self, args: argparse.Namespace) -> int:
        service = self.service
        target = getattr(service, f"find_{self.what}")(getattr(args, self.what),
                                                        ignore_missing=False)
        router = service.find_router(args.router, ignore_missing=False)
        if self.verb == "add":
            extra = {"advertise_host": True} if getattr(args, "advertise_host", False) else {}
            service.add_interface_to_router(router, **{self.what: target.id}, **extra)
        else:
            service.remove_interface_from_router(router, **{self.what: target.id})
        return 0


class AddPortToRouter(_Interface):
    """Add a port to a router."""

    name = "router add port"
    options = (
        Arg("router", metavar="<router>", help="router to which port will be added (name or ID)"),
        Arg("port", metavar="<port>", help="port to be added (name or ID)"),
    )


class AddSubnetToRouter(_Interface):
    """Add a subnet to a router."""

    name = "router add subnet"
    what = "subnet"
    options = (
        Arg("router", metavar="<router>",
            help="router to which subnet will be added (name or ID)"),
        Arg("subnet", metavar="<subnet>", help="subnet to be added (name or ID)"),
        Option("--advertise-host", action="store_true", dest="advertise_host",
               help="mark the subnet's prefixes to be advertised as host routes within the "
                    "router's EVPN VNI (only valid for EVPN routers)"),
    )


class RemovePortFromRouter(_Interface):
    """Remove a port from a router."""

    name = "router remove port"
    verb = "remove"
    options = (
        Arg("router", metavar="<router>",
            help="router from which port will be removed (name or ID)"),
        Arg("port", metavar="<port>", help="port to be removed and deleted (name or ID)"),
    )


class RemoveSubnetFromRouter(_Interface):
    """Remove a subnet from a router."""

    name = "router remove subnet"
    what = "subnet"
    verb = "remove"
    options = (
        Arg("router", metavar="<router>",
            help="router from which the subnet will be removed (name or ID)"),
        Arg("subnet", metavar="<subnet>", help="subnet to be removed (name or ID)"),
    )


class _RouterShowOne(RouterFields, ResourceCommand, ShowOne):
    resource = RESOURCE


class AddExtraRoutesToRouter(_RouterShowOne):
    """Add extra static routes to a router's routing table."""

    name = "router add route"
    options = (
        Arg("router", metavar="<router>",
            help="router to which extra static routes will be added (name or ID)"),
        route_option("add extra static route to the router: destination subnet (in CIDR "
                     "notation), gateway (nexthop IP address) (repeatable; adding a route "
                     "that is already present is allowed)", default=[]),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        service = self.service
        router = service.add_extra_routes_to_router(
            service.find_router(args.router, ignore_missing=False),
            {"router": {"routes": routes_body(args.routes)}})
        return self.show(router)


class RemoveExtraRoutesFromRouter(_RouterShowOne):
    """Remove extra static routes from a router's routing table."""

    name = "router remove route"
    options = (
        Arg("router", metavar="<router>",
            help="router from which extra static routes will be removed (name or ID)"),
        route_option("remove extra static route from the router: destination subnet (in CIDR "
                     "notation), gateway (nexthop IP address) (repeatable; removing a route "
                     "that is already missing is allowed)", default=[]),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        service = self.service
        router = service.remove_extra_routes_from_router(
            service.find_router(args.router, ignore_missing=False),
            {"router": {"routes": routes_body(args.routes)}})
        return self.show(router)


class _Gateway(_RouterShowOne):
    verb = "add"

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        service = self.service
        if not multihoming(service):
            raise exceptions.OstackError(
                "The external-gateway-multihoming extension is not enabled at the Neutron "
                "side.")
        router = service.find_router(args.router, ignore_missing=False)
        attrs = gateway_attrs(self, args)
        if attrs:
            method = (service.add_external_gateways if self.verb == "add"
                      else service.remove_external_gateways)
            router = method(router, {"router": {
                "external_gateways": attrs.pop("external_gateways")}})
        return self.show(router)


class AddGatewayToRouter(_Gateway):
    """Add router gateway."""

    name = "router add gateway"
    options = (
        Arg("router", metavar="<router>", help="router to modify (name or ID)"),
        Arg("external_gateways", metavar="<network>", nargs=1,
            help="external network to attach a router gateway to (name or ID)"),
        fixed_ip_option(GATEWAY_FIXED_IP),
    )


class RemoveGatewayFromRouter(_Gateway):
    """Remove router gateway."""

    name = "router remove gateway"
    verb = "remove"
    options = (
        Arg("router", metavar="<router>", help="router to modify (name or ID)"),
        Arg("external_gateways", metavar="<network>", nargs=1,
            help="external network to remove a router gateway from (name or ID)"),
        fixed_ip_option("IP and/or subnet (name or ID) on the external gateway which is used "
                        "to identify a particular gateway if multiple are attached to the same "
                        "network: subnet=<subnet>,ip-address=<ip-address>"),
    )


