"""`default security group rule create|delete|list|show`: the template of rules Neutron puts
into new security groups (admin only to change)."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli import extra_properties
from ostack.cli import security_group_rule_fields as rules
from ostack.cli.declare import Arg, Column, Option
from ostack.cli.generic import ResourceCreate, ResourceDelete, ResourceList, ResourceShow

RESOURCE = "network.default_security_group_rule"


class RuleFields:
    show_source = "dict"
    show_hidden = ("location", "name", "revision_number", "links")


class CreateDefaultSecurityGroupRule(RuleFields, ResourceCreate):
    """Add a new security group rule to the default security group template."""

    name = "default security group rule create"
    resource = RESOURCE
    options = (
        *rules.rule_options(default=True),
        Option("--for-default-sg", action="store_true", default=False,
               help="set this default security group rule to be used in all default "
                    "security groups created automatically for each project"),
        Option("--for-custom-sg", action="store_true", default=False,
               help="set this default security group rule to be used in all custom security "
                    "groups created manually by users"),
        extra_properties.option(),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        attrs = rules.rule_attrs(args)
        if args.remote_group is not None:
            attrs["remote_group_id"] = args.remote_group
        elif args.remote_address_group is not None:
            attrs["remote_address_group_id"] = args.remote_address_group
        elif args.remote_ip is not None:
            attrs["remote_ip_prefix"] = args.remote_ip
        else:
            rules.default_remote_ip(attrs)
        attrs["used_in_default_sg"] = args.for_default_sg
        attrs["used_in_non_default_sg"] = args.for_custom_sg
        attrs.update(extra_properties.values(args))
        return attrs


class DeleteDefaultSecurityGroupRule(ResourceDelete):
    """Remove security group rule(s) from the default security group template."""

    name = "default security group rule delete"
    resource = RESOURCE
    failure = "Failed to delete default SG rule with ID '{name}': {error}"
    summary = "{failed} of {total} default rules failed to delete."
    options = (Arg("rule", metavar="<rule>", nargs="+",
                   help="default security group rule(s) to delete (ID only)"),)


class ListDefaultSecurityGroupRule(ResourceList):
    """List security group rules used for new default security groups."""

    name = "default security group rule list"
    resource = RESOURCE
    columns = (
        Column("ID", "id"), Column("IP Protocol", "protocol"),
        Column("Ethertype", "ether_type"), Column("IP Range", rules.remote_ip_prefix),
        Column("Port Range", rules.format_port_range), Column("Direction", "direction"),
        Column("Remote Security Group", "remote_group_id"),
        Column("Remote Address Group", "remote_address_group_id"),
        Column("Used in default Security Group", "used_in_default_sg"),
        Column("Used in custom Security Group", "used_in_non_default_sg"),
    )
    options = (
        Option("--protocol", metavar="<protocol>", type=str.lower, query="protocol",
               help="list only default rules with the specified IP protocol (ah, dhcp, egp, "
                    "esp, gre, icmp, igmp, ipv6-encap, ipv6-frag, ipv6-icmp, ipv6-nonxt, "
                    "ipv6-opts, ipv6-route, ospf, pgm, rsvp, sctp, tcp, udp, udplite, vrrp "
                    "and integer representations [0-255] or any; default: any (all "
                    "protocols))"),
        # The official client accepts --ethertype here but does not filter on it.
        Option("--ethertype", metavar="<ethertype>", type=str.lower,
               help="list default rules by the Ethertype (IPv4 or IPv6)"),
        Option("--ingress", action="store_true", group="direction",
               help="list only default rules which will be applied to incoming network "
                    "traffic"),
        Option("--egress", action="store_true", group="direction",
               help="list only default rules which will be applied to outgoing network "
                    "traffic"),
    )

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        query = super().query(args)
        if args.ingress:
            query["direction"] = "ingress"
        if args.egress:
            query["direction"] = "egress"
        return query


class ShowDefaultSecurityGroupRule(RuleFields, ResourceShow):
    """Show a security group rule used for new default security groups."""

    name = "default security group rule show"
    resource = RESOURCE
    options = (Arg("rule", metavar="<rule>",
                   help="default security group rule to display (ID only)"),)

    def show(self, resource: Any) -> dict[str, Any]:
        data = super().show(resource)
        if not data.get("remote_ip_prefix"):  # as the official client (old rules have none)
            data["remote_ip_prefix"] = rules.remote_ip_prefix(resource)
        return data
