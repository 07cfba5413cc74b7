"""`floating ip port forwarding create|delete|list|set|show`, as the official client prints
them (ports or port ranges: `--external-protocol-port 8080` or `8080:8090`)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ostack import exceptions
from ostack.cli import extra_properties, lookups
from ostack.cli.declare import Arg, Column, Option, marker_pagination
from ostack.cli.generic import (
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceSet,
    ResourceShow,
    ShowFields,
)

RESOURCE = "network.floating_ip_port_forwarding"
FLOATING_IP = Arg("floating_ip", metavar="<floating-ip>",
                  help="floating IP that the port forwarding belongs to (IP address or ID)")


def _floating_ip_id(conn: Any, name_or_id: str) -> str:
    return lookups.find_id(conn, "network.ip", name_or_id)


def _ports(text: str | None) -> list[int]:
    if not text:
        return []
    try:
        return [int(part) for part in str(text).split(":")]
    except ValueError as exc:
        raise exceptions.OstackError(str(exc)) from None


def _span(ports: list[int]) -> int:
    if not ports:
        return 0
    if ports[-1] - ports[0] < 0:
        raise exceptions.OstackError(
            "The last number in port range must be greater or equal to the first")
    return ports[-1] - ports[0]


def port_attrs(args: argparse.Namespace) -> dict[str, Any]:
    """`--internal-protocol-port` and `--external-protocol-port` (each a port or a range),
    checked as the official client checks them (1:N or N:N, ports 1-65535)."""
    internal, external = _ports(args.internal_protocol_port), _ports(
        args.external_protocol_port)
    inner, outer = _span(internal), _span(external)
    if inner != 0 and inner != outer:
        raise exceptions.OstackError("The relation between internal and external ports does "
                                     "not match the pattern 1:N and N:N")
    for port in external + internal:
        if port <= 0 or port > 65535:
            raise exceptions.OstackError("The port number range is <1-65535>")
    attrs: dict[str, Any] = {}
    for side, text in (("internal", args.internal_protocol_port),
                       ("external", args.external_protocol_port)):
        if text:
            if ":" in text:
                attrs[f"{side}_port_range"] = text
            else:
                attrs[f"{side}_port"] = int(text)
    return attrs


class ForwardingFields(ShowFields):
    show_source = "dict"
    show_hidden = ("location", "tenant_id", "links", "floatingip_id")


class CreateFloatingIPPortForwarding(ForwardingFields, ResourceCreate):
    """Create floating IP port forwarding."""

    name = "floating ip port forwarding create"
    resource = RESOURCE
    options = (
        Option("--internal-ip-address", required=True, metavar="<internal-ip-address>",
               help="the fixed IPv4 address of the network port associated to the floating "
                    "IP port forwarding"),
        Option("--port", metavar="<port>", required=True,
               help="the name or ID of the network port associated to the floating IP port "
                    "forwarding"),
        Option("--internal-protocol-port", metavar="<port-number>", required=True,
               help="the protocol port number of the network port fixed IPv4 address "
                    "associated to the floating IP port forwarding"),
        Option("--external-protocol-port", metavar="<port-number>", required=True,
               help="the protocol port number of the port forwarding's floating IP address"),
        Option("--protocol", metavar="<protocol>", required=True,
               help="the protocol used in the floating IP port forwarding, for instance: "
                    "TCP, UDP"),
        Option("--description", metavar="<description>",
               help="text to describe/contextualize the use of the port forwarding "
                    "configuration"),
        FLOATING_IP,
        extra_properties.option(),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        attrs: dict[str, Any] = {"floatingip": _floating_ip_id(self.conn, args.floating_ip)}
        attrs.update(port_attrs(args))
        attrs["internal_port_id"] = lookups.find_id(self.conn, "network.port", args.port)
        attrs["internal_ip_address"] = args.internal_ip_address
        attrs["protocol"] = args.protocol
        if args.description is not None:
            attrs["description"] = args.description
        attrs.update(extra_properties.values(args))
        return attrs

    def create(self, args: argparse.Namespace, attrs: dict[str, Any]) -> Any:
        floating_ip = attrs.pop("floatingip")
        return self.service.create_floating_ip_port_forwarding(floating_ip, **attrs)


class DeleteFloatingIPPortForwarding(ResourceDelete):
    """Delete floating IP port forwarding."""

    name = "floating ip port forwarding delete"
    resource = RESOURCE
    options = (FLOATING_IP, Arg("port_forwarding_id", nargs="+",
                                metavar="<port-forwarding-id>",
                                help="the ID of the floating IP port forwarding(s) to delete"))

    def take_action(self, args: argparse.Namespace) -> int:
        fip = _floating_ip_id(self.conn, args.floating_ip)
        failed = 0
        for ident in args.port_forwarding_id:
            try:
                self.service.delete_floating_ip_port_forwarding(fip, ident,
                                                                ignore_missing=False)
            except exceptions.OstackError as exc:
                failed += 1
                sys.stderr.write(f"Failed to delete floating IP port forwarding '{ident}': "
                                 f"{exc}\n")
        if failed:
            raise exceptions.OstackError(
                f"{failed} of {len(args.port_forwarding_id)} Port forwarding failed to "
                f"delete.")
        return 0


class ListFloatingIPPortForwarding(ResourceList):
    """List floating IP port forwarding."""

    name = "floating ip port forwarding list"
    resource = RESOURCE
    limit_is_page_size = True
    columns = (
        Column("ID", "id"), Column("Internal Port ID", "internal_port_id"),
        Column("Internal IP Address", "internal_ip_address"),
        Column("Internal Port", "internal_port"),
        Column("Internal Port Range", "internal_port_range"),
        Column("External Port", "external_port"),
        Column("External Port Range", "external_port_range"),
        Column("Protocol", "protocol"), Column("Description", "description"),
    )
    options = (
        FLOATING_IP,
        Option("--port", metavar="<port>", query="internal_port_id", lookup="network.port",
               help="list only floating IP port forwardings with the specified internal "
                    "network port (name or ID)"),
        Option("--external-protocol-port", metavar="<port-number>",
               dest="external_protocol_port",
               help="list only floating IP port forwardings with the specified external "
                    "protocol port number"),
        Option("--protocol", metavar="<protocol>", query="protocol",
               help="list only floating IP port forwardings with the specified protocol "
                    "number"),
        *marker_pagination(),
    )

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        query = super().query(args)
        port = args.external_protocol_port
        if port:
            if ":" in port:
                query["external_port_range"] = port
            else:
                query["external_port"] = int(port)
        return query

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        floating_ip = _floating_ip_id(self.conn, args.floating_ip)
        return self.service.floating_ip_port_forwardings(floating_ip, **query)


class SetFloatingIPPortForwarding(ResourceSet):
    """Set floating IP Port Forwarding Properties."""

    name = "floating ip port forwarding set"
    resource = RESOURCE
    options = (
        FLOATING_IP,
        Arg("port_forwarding_id", metavar="<port-forwarding-id>",
            help="the ID of the floating IP port forwarding"),
        Option("--port", metavar="<port>",
               help="the ID of the network port associated to the floating IP port "
                    "forwarding"),
        Option("--internal-ip-address", metavar="<internal-ip-address>",
               help="the fixed IPv4 address of the network port associated to the floating "
                    "IP port forwarding"),
        Option("--internal-protocol-port", metavar="<port-number>",
               help="the TCP/UDP/other protocol port number of the network port fixed IPv4 "
                    "address associated to the floating IP port forwarding"),
        Option("--external-protocol-port", metavar="<port-number>",
               help="the TCP/UDP/other protocol port number of the port forwarding's "
                    "floating IP address"),
        Option("--protocol", metavar="<protocol>", choices=["tcp", "udp"],
               help="the IP protocol used in the floating IP port forwarding"),
        Option("--description", metavar="<description>",
               help="text to describe/contextualize the use of the port forwarding "
                    "configuration"),
        extra_properties.option(),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        fip = _floating_ip_id(self.conn, args.floating_ip)
        attrs: dict[str, Any] = {}
        if args.port:
            attrs["internal_port_id"] = lookups.find_id(self.conn, "network.port", args.port)
        if args.internal_ip_address:
            attrs["internal_ip_address"] = args.internal_ip_address
        attrs.update(port_attrs(args))
        if args.protocol:
            attrs["protocol"] = args.protocol
        if args.description is not None:
            attrs["description"] = args.description
        attrs.update(extra_properties.values(args))
        self.service.update_floating_ip_port_forwarding(fip, args.port_forwarding_id,
                                                         **attrs)
        return 0


class ShowFloatingIPPortForwarding(ForwardingFields, ResourceShow):
    """Display floating IP Port Forwarding details."""

    name = "floating ip port forwarding show"
    resource = RESOURCE
    options = (FLOATING_IP, Arg("port_forwarding_id", metavar="<port-forwarding-id>",
                                help="the ID of the floating IP port forwarding"))

    def fetch(self, args: argparse.Namespace) -> Any:
        fip = _floating_ip_id(self.conn, args.floating_ip)
        return self.service.find_floating_ip_port_forwarding(fip, args.port_forwarding_id,
                                                              ignore_missing=False)
