"""`network qos rule create|delete|list|set|show`: the rules of a QoS policy, each type
(bandwidth-limit, dscp-marking, minimum-bandwidth, minimum-packet-rate) with its own
arguments, checked as the official client checks them."""

from __future__ import annotations

import argparse
from typing import Any

from ostack import exceptions
from ostack.cli import extra_properties
from ostack.cli.command import Command, Lister, ShowOne
from ostack.cli.declare import Arg, Option, add_options

REQUIRED = {
    "minimum-bandwidth": {"min_kbps", "direction"},
    "minimum-packet-rate": {"min_kpps", "direction"},
    "dscp-marking": {"dscp_mark"},
    "bandwidth-limit": {"max_kbps"},
}
OPTIONAL = {"minimum-bandwidth": set(), "minimum-packet-rate": set(), "dscp-marking": set(),
            "bandwidth-limit": {"direction", "max_burst_kbps"}}
POLICY = Arg("qos_policy", metavar="<qos-policy>",
             help="QoS policy that contains the rule (name or ID)")
RULE_OPTIONS = (
    Option("--max-kbps", dest="max_kbps", metavar="<max-kbps>", type=int,
           help="maximum bandwidth in kbps"),
    Option("--max-burst-kbits", dest="max_burst_kbits", metavar="<max-burst-kbits>", type=int,
           help="maximum burst in kilobits, 0 or not specified means automatic, which is 80%% "
                "of the bandwidth limit, which works for typical TCP traffic"),
    Option("--dscp-mark", dest="dscp_mark", metavar="<dscp-mark>", type=int,
           help="DSCP mark: value can be 0, even numbers from 8-56, excluding 42, 44, 50, 52, "
                "and 54"),
    Option("--min-kbps", dest="min_kbps", metavar="<min-kbps>", type=int,
           help="minimum guaranteed bandwidth in kbps"),
    Option("--min-kpps", dest="min_kpps", metavar="<min-kpps>", type=int,
           help="minimum guaranteed packet rate in kpps"),
    Option("--ingress", action="store_true", group="direction",
           help="ingress traffic direction from the project point of view"),
    Option("--egress", action="store_true", group="direction",
           help="egress traffic direction from the project point of view"),
    Option("--any", action="store_true", group="direction",
           help="any traffic direction from the project point of view; can be used only "
                "with minimum packet rate rule"),
)
SHOW_HIDDEN = ("location", "name", "tenant_id", "links")


def _policy(conn: Any, args: argparse.Namespace) -> Any:
    return conn.network.find_qos_policy(args.qos_policy, ignore_missing=False)


def _rule_type(policy: Any, rule_id: str) -> str | None:
    """The type of the policy's rule (`bandwidth-limit` ...), None when it has no such rule."""
    for rule in policy.rules or []:
        if rule.get("id") == rule_id:
            return str(rule["type"]).replace("_", "-")
    return None


def _attrs(args: argparse.Namespace, rule_type: str, create: bool) -> dict[str, Any]:
    attrs: dict[str, Any] = {}
    for option, name in (("max_kbps", "max_kbps"), ("max_burst_kbits", "max_burst_kbps"),
                         ("dscp_mark", "dscp_mark"), ("min_kbps", "min_kbps"),
                         ("min_kpps", "min_kpps")):
        if getattr(args, option) is not None:
            attrs[name] = getattr(args, option)
    if args.ingress:
        attrs["direction"] = "ingress"
    if args.egress:
        attrs["direction"] = "egress"
    if args.any:
        if rule_type != "minimum-packet-rate":
            raise exceptions.OstackError(
                'Direction "any" can only be used with minimum-packet-rate rule type')
        attrs["direction"] = "any"
    required, optional = REQUIRED[rule_type], OPTIONAL[rule_type]
    allowed = required | optional
    others = set().union(*(v for k, v in REQUIRED.items() if k != rule_type)) - allowed
    if create and any(attrs.get(name) is None for name in required):
        raise exceptions.OstackError(
            f'"Create" rule command for type "{rule_type}" requires arguments: '
            f'{", ".join(sorted(required))}')
    if set(attrs) & others:
        raise exceptions.OstackError(
            f'Rule type "{rule_type}" only requires arguments: {", ".join(sorted(allowed))}')
    return attrs


def _method(conn: Any, verb: str, rule_type: str) -> Any:
    return getattr(conn.network, f"{verb}_qos_{rule_type.replace('-', '_')}_rule")


def _shown(rule: Any) -> dict[str, Any]:
    data = rule.to_dict()
    return {k: data[k] for k in sorted(data) if k not in SHOW_HIDDEN}


class CreateQosRule(ShowOne):
    """Create new Network QoS rule."""

    name = "network qos rule create"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            POLICY,
            Option("--type", metavar="<type>", required=True, choices=list(REQUIRED),
                   help=f"QoS rule type ({', '.join(REQUIRED)})"),
            *RULE_OPTIONS, extra_properties.option()))

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        try:
            policy = _policy(self.conn, args)
            attrs = {**_attrs(args, args.type, True), **extra_properties.values(args)}
            rule = _method(self.conn, "create", args.type)(policy.id, **attrs)
        except exceptions.OstackError as exc:
            raise exceptions.OstackError(f"Failed to create Network QoS rule: {exc}") from None
        return _shown(rule)


class DeleteQosRule(Command):
    """Delete Network QoS rule."""

    name = "network qos rule delete"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (POLICY, Arg("id", metavar="<rule-id>",
                                         help="network QoS rule to delete (ID)")))

    def take_action(self, args: argparse.Namespace) -> int:
        try:
            policy = _policy(self.conn, args)
            rule_type = _rule_type(policy, args.id)
            if not rule_type:
                raise exceptions.OstackError(f"Rule {args.id} not found")
            _method(self.conn, "delete", rule_type)(args.id, qos_policy=policy.id,
                                                    ignore_missing=False)
        except exceptions.OstackError as exc:
            raise exceptions.OstackError(
                f'Failed to delete Network QoS rule ID "{args.id}": {exc}') from None
        return 0


class ListQosRule(Lister):
    """List Network QoS rules."""

    name = "network qos rule list"
    COLUMNS = (("ID", "id"), ("QoS Policy ID", "qos_policy_id"), ("Type", "type"),
               ("Max Kbps", "max_kbps"), ("Max Burst Kbits", "max_burst_kbps"),
               ("Min Kbps", "min_kbps"), ("Min Kpps", "min_kpps"), ("DSCP mark", "dscp_mark"),
               ("Direction", "direction"))

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (POLICY,))

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        policy = _policy(self.conn, args)
        from ostack.cli.ndjson import keep_bodies

        rules = policy.rules or []
        return ([h for h, _ in self.COLUMNS],
                keep_bodies([[rule.get(k, "") for _, k in self.COLUMNS] for rule in rules],
                            rules))


class SetQosRule(Command):
    """Set Network QoS rule properties."""

    name = "network qos rule set"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (POLICY, Arg("id", metavar="<rule-id>",
                                         help="network QoS rule to set (ID)"),
                             *RULE_OPTIONS, extra_properties.option()))

    def take_action(self, args: argparse.Namespace) -> int:
        try:
            policy = _policy(self.conn, args)
            rule_type = _rule_type(policy, args.id)
            if not rule_type:
                raise exceptions.OstackError("Rule not found")
            attrs = {**_attrs(args, rule_type, False), **extra_properties.values(args)}
            rule = _method(self.conn, "get", rule_type)(args.id, policy.id)
            if attrs:
                _method(self.conn, "update", rule_type)(rule, policy.id, **attrs)
        except exceptions.OstackError as exc:
            raise exceptions.OstackError(
                f'Failed to set Network QoS rule ID "{args.id}": {exc}') from None
        return 0


class ShowQosRule(ShowOne):
    """Display Network QoS rule details."""

    name = "network qos rule show"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (POLICY, Arg("id", metavar="<rule-id>",
                                         help="network QoS rule to show (ID)")))

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        try:
            policy = _policy(self.conn, args)
            rule_type = _rule_type(policy, args.id)
            if not rule_type:
                raise exceptions.OstackError("Rule not found")
            rule = _method(self.conn, "get", rule_type)(args.id, policy.id)
        except exceptions.OstackError as exc:
            raise exceptions.OstackError(
                f'Failed to show Network QoS rule ID "{args.id}": {exc}') from None
        return _shown(rule)
