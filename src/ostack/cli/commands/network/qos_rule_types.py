"""`network qos rule type list|show`: the QoS rule types the cloud's drivers support."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli.columns import ReprColumn
from ostack.cli.declare import Arg, Column, Option, marker_pagination
from ostack.cli.generic import ResourceList, ResourceShow

RESOURCE = "network.qos_rule_type"


class ListQosRuleType(ResourceList):
    """List QoS rule types."""

    name = "network qos rule type list"
    resource = RESOURCE
    limit_is_page_size = True
    columns = (Column("Type", "type"),)
    options = (
        Option("--all-supported", action="store_true", group="supported",
               help="list all the QoS rule types supported by any loaded mechanism drivers "
                    "(the union of all sets of supported rules)"),
        Option("--all-rules", action="store_true", group="supported",
               help="list all QoS rule types implemented in Neutron QoS driver"),
        *marker_pagination(),
    )

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        query = super().query(args)
        if args.all_supported:
            query["all_supported"] = True
        elif args.all_rules:
            query["all_rules"] = True
        return query


class ShowQosRuleType(ResourceShow):
    """Show details about supported QoS rule type."""

    name = "network qos rule type show"
    resource = RESOURCE
    show_source = "dict"
    show_rename = {"type": "rule_type_name"}
    show_hidden = ("id", "location", "name", "tenant_id", "links")
    show_formatters = {"drivers": ReprColumn}
    options = (Arg("rule_type", metavar="<qos-rule-type-name>", help="name of QoS rule type"),)

    def fetch(self, args: argparse.Namespace) -> Any:
        return self.service.get_qos_rule_type(args.rule_type)
