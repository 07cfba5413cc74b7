"""`security group rule create|delete|list|show`, with the official client's rule grammar
(`--protocol tcp --dst-port 8000:8080`, `--icmp-type 8`, `--remote-group web` ...)."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli import extra_properties, lookups
from ostack.cli import security_group_rule_fields as rules
from ostack.cli.declare import Arg, Column, Option, marker_pagination, project_options
from ostack.cli.generic import ResourceCreate, ResourceDelete, ResourceList, ResourceShow

RESOURCE = "network.security_group_rule"


class RuleFields:
    show_source = "dict"
    show_hidden = ("location", "name", "tenant_id", "tags", "links")


class CreateSecurityGroupRule(RuleFields, ResourceCreate):
    """Create a new security group rule."""

    name = "security group rule create"
    resource = RESOURCE
    options = (
        Arg("group", metavar="<group>", help="create rule in this security group (name or ID)"),
        *rules.rule_options(),
        *project_options("owner's project (name or ID)"),
        extra_properties.option(),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        group_id = lookups.find_id(self.conn, "network.security_group", args.group)
        attrs = rules.rule_attrs(args)
        if args.remote_group is not None:
            attrs["remote_group_id"] = lookups.find_id(self.conn, "network.security_group",
                                                       args.remote_group)
        elif args.remote_address_group is not None:
            attrs["remote_address_group_id"] = lookups.find_id(
                self.conn, "network.address_group", args.remote_address_group)
        elif args.remote_ip is not None:
            attrs["remote_ip_prefix"] = args.remote_ip
        else:
            rules.default_remote_ip(attrs)
        attrs["security_group_id"] = group_id
        if args.project is not None:
            attrs["project_id"] = lookups.project_id(self.conn, args.project,
                                                     args.project_domain)
        attrs.update(extra_properties.values(args))
        return attrs


class DeleteSecurityGroupRule(ResourceDelete):
    """Delete security group rule(s)."""

    name = "security group rule delete"
    resource = RESOURCE
    summary = "{failed} of {total} rules failed to delete."
    options = (Arg("rule", metavar="<rule>", nargs="+",
                   help="security group rule(s) to delete (ID only)"),)


COLUMNS = (
    Column("ID", "id"), Column("IP Protocol", "protocol"),
    Column("Ethertype", "ether_type"), Column("IP Range", rules.remote_ip_prefix),
    Column("Port Range", rules.format_port_range), Column("Direction", "direction"),
    Column("Remote Security Group", "remote_group_id"),
    Column("Remote Address Group", "remote_address_group_id"),
)


class ListSecurityGroupRule(ResourceList):
    """List security group rules."""

    name = "security group rule list"
    resource = RESOURCE
    limit_is_page_size = True
    columns = COLUMNS
    options = (
        Arg("group", metavar="<group>", nargs="?",
            help="list all rules in this security group (name or ID)"),
        Option("--protocol", metavar="<protocol>", type=str.lower, query="protocol",
               help="list only rules with the specified IP protocol (ah, dhcp, egp, esp, gre, "
                    "icmp, igmp, ipv6-encap, ipv6-frag, ipv6-icmp, ipv6-nonxt, ipv6-opts, "
                    "ipv6-route, ospf, pgm, rsvp, sctp, tcp, udp, udplite, vrrp and integer "
                    "representations [0-255] or any; default: any (all protocols))"),
        # The official client accepts --ethertype here but does not filter on it.
        Option("--ethertype", metavar="<ethertype>", type=str.lower,
               help="list only rules with the specified Ethertype (IPv4 or IPv6)"),
        Option("--ingress", action="store_true", group="direction",
               help="list only rules applied to incoming network traffic"),
        Option("--egress", action="store_true", group="direction",
               help="list only rules applied to outgoing network traffic"),
        Option("--long", action="store_true",
               help="**Deprecated** This argument is no longer needed"),
        *project_options("list only rules with the specified project (name or ID)"),
        *marker_pagination(),
    )

    def columns_for(self, args: argparse.Namespace) -> tuple[Column, ...]:
        if args.group is None:
            return self.columns + (Column("Security Group", "security_group_id"),)
        return self.columns

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        if args.long:
            import sys

            sys.stderr.write("The --long option has been deprecated and is no longer needed\n")
        query = super().query(args)
        if args.group is not None:
            query["security_group_id"] = lookups.find_id(self.conn, "network.security_group",
                                                         args.group)
        if args.ingress:
            query["direction"] = "ingress"
        if args.egress:
            query["direction"] = "egress"
        if args.project is not None:
            query["project_id"] = lookups.project_id(self.conn, args.project,
                                                     args.project_domain)
        return query


class ShowSecurityGroupRule(RuleFields, ResourceShow):
    """Display security group rule details."""

    name = "security group rule show"
    resource = RESOURCE
    options = (Arg("rule", metavar="<rule>", help="security group rule to display (ID only)"),)

    def show(self, resource: Any) -> dict[str, Any]:
        data = super().show(resource)
        if not data.get("remote_ip_prefix"):  # as the official client (old rules have none)
            data["remote_ip_prefix"] = rules.remote_ip_prefix(resource)
        return data
