"""`network qos policy create|delete|list|set|show`, as the official client prints them."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli import extra_properties, lookups
from ostack.cli.columns import FormattableColumn, ReprColumn
from ostack.cli.declare import Arg, Column, Option, marker_pagination, project_options
from ostack.cli.generic import (
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceSet,
    ResourceShow,
)

RESOURCE = "network.qos_policy"


class RulesColumn(FormattableColumn):
    """A policy's rules: one mapping a line in a table."""

    def human_readable(self) -> str:
        return "\n".join(str(rule) for rule in self.value or [])


class PolicyFields:
    show_source = "dict"
    show_rename = {"is_shared": "shared"}
    show_hidden = ("links", "location", "tenant_id")
    show_formatters: dict[str, Any] = {"rules": ReprColumn}


def _share_options(create: bool) -> tuple[Option, ...]:
    return (
        Option("--share", action="store_true", default=None if create else False,
               group="share", help="make the QoS policy accessible by other projects"),
        Option("--no-share", action="store_true", group="share",
               help="make the QoS policy not accessible by other projects"
                    + (" (default)" if create else "")),
    )


DEFAULT_OPTIONS = (
    Option("--default", action="store_true", group="default",
           help="set this as a default network QoS policy"),
    Option("--no-default", action="store_true", group="default",
           help="set this as a non-default network QoS policy"),
)


def _attrs(conn: Any, args: argparse.Namespace) -> dict[str, Any]:
    """What the official client sends for the options given (create, list, set)."""
    attrs: dict[str, Any] = {}
    for name in ("name", "description"):
        if getattr(args, name, None) is not None:
            attrs[name] = getattr(args, name)
    if args.share:
        attrs["shared"] = True
    if args.no_share:
        attrs["shared"] = False
    if getattr(args, "default", False):
        attrs["is_default"] = True
    if getattr(args, "no_default", False):
        attrs["is_default"] = False
    if getattr(args, "project", None) is not None:
        attrs["project_id"] = lookups.project_id(conn, args.project, args.project_domain)
    return attrs


class CreateQosPolicy(PolicyFields, ResourceCreate):
    """Create a QoS policy."""

    name = "network qos policy create"
    resource = RESOURCE
    options = (
        Arg("name", metavar="<name>", help="name of QoS policy to create"),
        Option("--description", metavar="<description>",
               help="description of the QoS policy"),
        *_share_options(create=True),
        *project_options("owner's project (name or ID)"),
        *DEFAULT_OPTIONS,
        extra_properties.option(),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        return {**_attrs(self.conn, args), **extra_properties.values(args)}


class DeleteQosPolicy(ResourceDelete):
    """Delete Qos Policy(s)."""

    name = "network qos policy delete"
    resource = RESOURCE
    failure = "Failed to delete QoS policy name or ID '{name}': {error}"
    summary = "{failed} of {total} QoS policies failed to delete."
    options = (Arg("policy", metavar="<qos-policy>", nargs="+",
                   help="QoS policy(s) to delete (name or ID)"),)


class ListQosPolicy(ResourceList):
    """List QoS policies."""

    name = "network qos policy list"
    resource = RESOURCE
    limit_is_page_size = True
    columns = (Column("ID", "id"), Column("Name", "name"), Column("Shared", "is_shared"),
               Column("Default", "is_default"), Column("Project", "project_id"))
    options = (
        *project_options("list only QoS policies with the specified project (name or ID)"),
        Option("--share", action="store_true", group="share",
               help="list only QoS policies shared between projects"),
        Option("--no-share", action="store_true", group="share",
               help="list only QoS policies not shared between projects"),
        *marker_pagination(),
    )

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        return {**super().query(args), **_attrs(self.conn, args)}


class SetQosPolicy(ResourceSet):
    """Set QoS policy properties."""

    name = "network qos policy set"
    resource = RESOURCE
    options = (
        Arg("policy", metavar="<qos-policy>", help="QoS policy to modify (name or ID)"),
        Option("--name", metavar="<name>", help="set QoS policy name"),
        Option("--description", metavar="<description>",
               help="description of the QoS policy"),
        *_share_options(create=False),
        *DEFAULT_OPTIONS,
        extra_properties.option(),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        return {**_attrs(self.conn, args), **extra_properties.values(args)}


class ShowQosPolicy(PolicyFields, ResourceShow):
    """Display QoS policy details."""

    name = "network qos policy show"
    resource = RESOURCE
    show_formatters = {"rules": RulesColumn}
    options = (Arg("policy", metavar="<qos-policy>",
                   help="QoS policy to display (name or ID)"),)
