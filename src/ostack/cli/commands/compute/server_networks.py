"""`server add|remove fixed ip|floating ip|network|port|security group`: a server's networking,
through Nova's interfaces and actions and Neutron's ports and floating IPs."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ostack import exceptions
from ostack.cli import lookups
from ostack.cli.columns import ListDictColumn
from ostack.cli.command import Command, ShowOne
from ostack.cli.declare import Arg, Option, add_options
from ostack.transport.microversions import at_least

TAG_NEEDS_249 = ("--os-compute-api-version 2.49 or greater is required to support the --tag "
                 "option")


class ServerNetworkCommand(Command):
    """A command about a server's networking: finds the server, networks and ports."""

    options: tuple[Option, ...] = ()

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, self.options)

    @property
    def compute(self) -> Any:
        return self.conn.compute

    def server(self, args: argparse.Namespace) -> Any:
        return lookups.find(self.conn, "compute.server", args.server)

    def network_id(self, name_or_id: str) -> str:
        """A network's ID by name or ID (as given when the cloud has no Networking
        service, as the official client does)."""
        return self._neutron_id("network.network", name_or_id)

    def port_id(self, name_or_id: str) -> str:
        return self._neutron_id("network.port", name_or_id)

    def _neutron_id(self, what: str, name_or_id: str) -> str:
        try:
            return lookups.find_id(self.conn, what, name_or_id)
        except exceptions.EndpointNotFound:
            return name_or_id

    def check_tag(self, args: argparse.Namespace) -> None:
        if getattr(args, "tag", None) and not at_least(self.compute.microversion, "2.49"):
            raise exceptions.OstackError(TAG_NEEDS_249)

    def attach(self, args: argparse.Namespace, **attrs: Any) -> int:
        """Attach an interface (a port or a network) to the server, tagged if asked."""
        server = self.server(args)
        self.check_tag(args)
        if args.tag:
            attrs["tag"] = args.tag
        self.compute.create_server_interface(server, **attrs)
        return 0


TAG = Option("--tag", metavar="<tag>",
             help="tag for the attached interface (supported by --os-compute-api-version "
                  "2.49 or above)")


class AddFixedIP(ServerNetworkCommand, ShowOne):
    """Add fixed IP address to server."""

    name = "server add fixed ip"
    options = (
        Arg("server", metavar="<server>",
            help="server to receive the fixed IP address (name or ID)"),
        Arg("network", metavar="<network>",
            help="network to allocate the fixed IP address from (name or ID)"),
        Option("--fixed-ip-address", metavar="<ip-address>", help="requested fixed IP address"),
        TAG,
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        server = self.server(args)
        self.check_tag(args)
        attrs: dict[str, Any] = {"net_id": self.network_id(args.network)}
        if args.fixed_ip_address:
            attrs["fixed_ips"] = [{"ip_address": args.fixed_ip_address}]
        if args.tag:
            attrs["tag"] = args.tag
        interface = self.compute.create_server_interface(server.id, **attrs)
        shown = {
            "Port ID": interface.port_id, "Server ID": interface.server_id,
            "Network ID": interface.net_id, "MAC Address": interface.mac_addr,
            "Port State": interface.port_state,
            "Fixed IPs": ListDictColumn(interface.fixed_ips),
        }
        if args.tag:
            shown["Tag"] = interface.tag
        return shown


class RemoveFixedIP(ServerNetworkCommand):
    """Remove fixed IP address from server."""

    name = "server remove fixed ip"
    options = (
        Arg("server", metavar="<server>",
            help="server to remove the fixed IP address from (name or ID)"),
        Arg("ip_address", metavar="<ip-address>",
            help="fixed IP address to remove from the server (IP only)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        self.compute.remove_fixed_ip_from_server(self.server(args), args.ip_address)
        return 0


class AddFloatingIP(ServerNetworkCommand):
    """Add floating IP address to server."""

    name = "server add floating ip"
    options = (
        Arg("server", metavar="<server>",
            help="server to receive the floating IP address (name or ID)"),
        Arg("ip_address", metavar="<ip-address>",
            help="floating IP address to assign to the first available server port (IP only)"),
        Option("--fixed-ip-address", metavar="<ip-address>",
               help="fixed IP address to associate with this floating IP address; the first "
                    "server port containing the fixed IP address will be used"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        network = self.conn.network
        floating_ip = network.find_ip(args.ip_address, ignore_missing=False)
        server = self.server(args)
        ports = list(network.ports(device_id=server.id))
        if not ports:
            raise exceptions.OstackError(
                "No attached ports found to associate floating IP with")
        if args.fixed_ip_address:
            address = args.fixed_ip_address
            port = next((p for p in ports for ip in p.fixed_ips or []
                         if ip.get("ip_address") == address), None)
            if port is None:
                raise exceptions.OstackError(f"No port found for fixed IP address {address}")
            network.update_ip(floating_ip, port_id=port.id, fixed_ip_address=address)
            return 0
        # A port on a network without a router to the floating IP's network fails with 404:
        # try the next one, and report the last failure if none would do.
        error: Exception | None = None
        for port in ports:
            try:
                network.update_ip(floating_ip, port_id=port.id)
            except exceptions.NotFound as exc:
                error = exc
                continue
            return 0
        if error is not None:
            raise error
        return 0


class RemoveFloatingIP(ServerNetworkCommand):
    """Remove floating IP address from server."""

    name = "server remove floating ip"
    options = (
        Arg("server", metavar="<server>",
            help="server to remove the floating IP address from (name or ID)"),
        Arg("ip_address", metavar="<ip-address>",
            help="floating IP address to remove from server (IP only)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        network = self.conn.network
        floating_ip = network.find_ip(args.ip_address, ignore_missing=False)
        network.update_ip(floating_ip, port_id=None)
        return 0


class AddPort(ServerNetworkCommand):
    """Add port to server."""

    name = "server add port"
    options = (
        Arg("server", metavar="<server>", help="server to add the port to (name or ID)"),
        Arg("port", metavar="<port>", help="port to add to the server (name or ID)"),
        TAG,
    )

    def take_action(self, args: argparse.Namespace) -> int:
        return self.attach(args, port_id=self.port_id(args.port))


class RemovePort(ServerNetworkCommand):
    """Remove port from server."""

    name = "server remove port"
    options = (
        Arg("server", metavar="<server>", help="server to remove the port from (name or ID)"),
        Arg("port", metavar="<port>", help="port to remove from the server (name or ID)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        server = self.server(args)
        self.compute.delete_server_interface(self.port_id(args.port), server=server,
                                             ignore_missing=False)
        return 0


class AddNetwork(ServerNetworkCommand):
    """Add network to server."""

    name = "server add network"
    options = (
        Arg("server", metavar="<server>", help="server to add the network to (name or ID)"),
        Arg("network", metavar="<network>", help="network to add to the server (name or ID)"),
        TAG,
    )

    def take_action(self, args: argparse.Namespace) -> int:
        return self.attach(args, net_id=self.network_id(args.network))


class RemoveNetwork(ServerNetworkCommand):
    """Remove all ports of a network from server."""

    name = "server remove network"
    options = (
        Arg("server", metavar="<server>", help="server to remove the port from (name or ID)"),
        Arg("network", metavar="<network>",
            help="network to remove from the server (name or ID)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        server = self.server(args)
        net_id = self.network_id(args.network)
        for interface in list(self.compute.server_interfaces(server)):
            if interface.net_id == net_id:
                self.compute.delete_server_interface(interface.port_id, server=server)
        return 0


class ServerSecurityGroupCommand(ServerNetworkCommand):
    """Add or remove security groups one by one; each failure is reported, then counted."""

    verb = ""
    failure = ""

    def change(self, server: Any, group: str) -> None:
        raise NotImplementedError

    def take_action(self, args: argparse.Namespace) -> int:
        server = self.server(args)
        errors = 0
        for group in args.security_groups:
            try:
                # Nova takes a Neutron security group's name or ID alike.
                self.change(server, group)
            except exceptions.HttpError as exc:
                errors += 1
                sys.stderr.write(self.failure.format(group=group, server=server.id, error=exc)
                                 + "\n")
        if errors:
            raise exceptions.OstackError(
                f"{errors} of {len(args.security_groups)} security groups were not "
                f"{self.verb}.")
        return 0


class AddServerSecurityGroup(ServerSecurityGroupCommand):
    """Add security group(s) to server."""

    name = "server add security group"
    verb = "added"
    failure = ("Failed to add security group with name or ID '{group}' to server "
               "'{server}': {error}")
    options = (
        Arg("server", metavar="<server>", help="server (name or ID)"),
        Arg("security_groups", metavar="<security-group>", nargs="+",
            help="security group(s) to add to the server (name or ID)"),
    )

    def change(self, server: Any, group: str) -> None:
        self.compute.add_security_group_to_server(server, {"name": group})


class RemoveServerSecurityGroup(ServerSecurityGroupCommand):
    """Remove security group from server."""

    name = "server remove security group"
    verb = "removed"
    failure = ("Failed to remove security group with name or ID '{group}' from server "
               "'{server}': {error}")
    options = (
        Arg("server", metavar="<server>", help="server (name or ID)"),
        Arg("security_groups", metavar="<security-group>", nargs="+",
            help="security group(s) to remove from server (name or ID)"),
    )

    def change(self, server: Any, group: str) -> None:
        self.compute.remove_security_group_from_server(server, {"name": group})
