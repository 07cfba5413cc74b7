"""`network meter rule create|delete|list|show`: the rules of metering labels, as the official
client prints them (its listing's Excluded column is always empty: it asks the SDK for
`excluded`, an attribute the SDK names `is_excluded`)."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli import extra_properties, lookups
from ostack.cli.declare import Arg, Column, Option, marker_pagination, project_options
from ostack.cli.generic import ResourceCreate, ResourceDelete, ResourceList, ResourceShow

RESOURCE = "network.metering_label_rule"


class RuleFields:
    show_source = "dict"
    show_hidden = ("links", "location", "tenant_id")


class CreateMeterRule(RuleFields, ResourceCreate):
    """Create a new meter rule."""

    name = "network meter rule create"
    resource = RESOURCE
    options = (
        *project_options("owner's project (name or ID)"),
        Option("--exclude", action="store_true", group="exclude",
               help="exclude remote IP prefix from traffic count"),
        Option("--include", action="store_true", group="exclude",
               help="include remote IP prefix from traffic count (default)"),
        Option("--ingress", action="store_true", group="direction",
               help="apply rule to incoming network traffic (default)"),
        Option("--egress", action="store_true", group="direction",
               help="apply rule to outgoing network traffic"),
        Option("--remote-ip-prefix", metavar="<remote-ip-prefix>",
               help="the remote IP prefix to associate with this rule"),
        Option("--source-ip-prefix", metavar="<remote-ip-prefix>",
               help="the source IP prefix to associate with this rule"),
        Option("--destination-ip-prefix", metavar="<remote-ip-prefix>",
               help="the destination IP prefix to associate with this rule"),
        Arg("meter", metavar="<meter>",
            help="label to associate with this metering rule (name or ID)"),
        extra_properties.option(),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        meter = lookups.find_id(self.conn, "network.metering_label", args.meter)
        attrs: dict[str, Any] = {}
        if args.exclude:
            attrs["excluded"] = True
        if args.include:
            attrs["excluded"] = False
        attrs["direction"] = "egress" if args.egress else "ingress"
        for name in ("remote_ip_prefix", "source_ip_prefix", "destination_ip_prefix"):
            if getattr(args, name) is not None:
                attrs[name] = getattr(args, name)
        attrs["metering_label_id"] = meter
        if args.project is not None:
            attrs["project_id"] = lookups.project_id(self.conn, args.project,
                                                     args.project_domain)
        return {**attrs, **extra_properties.values(args)}


class DeleteMeterRule(ResourceDelete):
    """Delete meter rule(s)."""

    name = "network meter rule delete"
    resource = RESOURCE
    failure = "Failed to delete meter rule with ID '{name}': {error}"
    summary = "{failed} of {total} meter rules failed to delete."
    options = (Arg("meter_rule_id", metavar="<meter-rule-id>", nargs="+",
                   help="meter rule to delete (ID only)"),)


class ListMeterRule(ResourceList):
    """List meter rules."""

    name = "network meter rule list"
    resource = RESOURCE
    limit_is_page_size = True
    columns = (Column("ID", "id"), Column("Excluded", lambda rule: ""),
               Column("Direction", "direction"), Column("Remote IP Prefix", "remote_ip_prefix"),
               Column("Source IP Prefix", "source_ip_prefix"),
               Column("Destination IP Prefix", "destination_ip_prefix"))
    options = marker_pagination()


class ShowMeterRule(RuleFields, ResourceShow):
    """Display meter rules details."""

    name = "network meter rule show"
    resource = RESOURCE
    options = (Arg("meter_rule_id", metavar="<meter-rule-id>", help="meter rule (ID only)"),)
