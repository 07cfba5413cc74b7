"""`security group create|delete|list|set|show|unset` (Neutron's security groups), as the
official client prints them."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli import extra_properties, lookups, tags
from ostack.cli.columns import FormattableColumn, ReprColumn, format_dict
from ostack.cli.declare import Arg, Column, Option, marker_pagination, project_options
from ostack.cli.generic import (
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceSet,
    ResourceShow,
    ShowFields,
)

RESOURCE = "network.security_group"


class RulesColumn(FormattableColumn):
    """A group's rules: one `key='value'` line each in a table, without the empty values and
    what the group already says (its ID, its project); the rules as they are in json."""

    def human_readable(self) -> str:
        lines = []
        for rule in self.value or []:
            kept = {k: v for k, v in rule.items() if v and k not in (
                "security_group_id", "tenant_id", "project_id")}
            lines.append(format_dict(kept))
        return "\n".join(lines)

    def machine_readable(self) -> list[dict[str, Any]]:
        return list(self.value or [])


class GroupFields(ShowFields):
    show_source = "dict"
    show_rename = {"security_group_rules": "rules"}
    show_hidden = ("location", "tenant_id", "links")
    show_formatters = {"security_group_rules": RulesColumn, "tags": ReprColumn}


def _stateful(args: argparse.Namespace) -> dict[str, Any]:
    if args.stateful:
        return {"stateful": True}
    if args.stateless:
        return {"stateful": False}
    return {}


STATEFUL = (
    Option("--stateful", action="store_true", default=None, group="stateful",
           help="security group is stateful (default)"),
    Option("--stateless", action="store_true", default=None, group="stateful",
           help="security group is stateless"),
)


class CreateSecurityGroup(GroupFields, ResourceCreate):
    """Create a new security group."""

    name = "security group create"
    resource = RESOURCE
    options = (
        Arg("name", metavar="<name>", help="new security group name"),
        Option("--description", metavar="<description>", help="security group description"),
        *project_options("owner's project (name or ID)"),
        *STATEFUL,
        *tags.create_options("security group"),
        extra_properties.option(),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        attrs: dict[str, Any] = {
            "name": args.name,
            "description": args.name if args.description is None else args.description,
            **_stateful(args)}
        if args.project is not None:
            attrs["project_id"] = lookups.project_id(self.conn, args.project,
                                                     args.project_domain)
        attrs.update(extra_properties.values(args))
        return attrs

    def create(self, args: argparse.Namespace, attrs: dict[str, Any]) -> Any:
        return tags.apply_set(self.service, super().create(args, attrs), args)


class DeleteSecurityGroup(ResourceDelete):
    """Delete security group(s)."""

    name = "security group delete"
    resource = RESOURCE
    summary = "{failed} of {total} groups failed to delete."
    options = (Arg("group", metavar="<group>", nargs="+",
                   help="security group(s) to delete (name or ID)"),)


class ListSecurityGroup(ResourceList):
    """List security groups."""

    name = "security group list"
    resource = RESOURCE
    limit_is_page_size = True
    columns = (Column("ID", "id"), Column("Name", "name"), Column("Description", "description"),
               Column("Project", "project_id"), Column("Tags", "tags", ReprColumn),
               Column("Shared", "is_shared"))
    options = (
        *project_options("list only security groups with the specified project (name or ID)"),
        Option("--share", action="store_true", dest="shared", default=None, group="share",
               help="list only security groups shared between projects"),
        Option("--no-share", action="store_false", dest="shared", default=None, group="share",
               help="list only security groups not shared between projects"),
        *tags.list_options("security group"),
        *marker_pagination(),
    )

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        query = super().query(args)
        if args.project:
            query["project_id"] = lookups.project_id(self.conn, args.project,
                                                     args.project_domain)
        if args.shared is not None:
            query["is_shared"] = args.shared
        query["fields"] = ["id", "name", "description", "project_id", "tags", "shared"]
        return query


class ShowSecurityGroup(GroupFields, ResourceShow):
    """Display security group details."""

    name = "security group show"
    resource = RESOURCE
    options = (Arg("group", metavar="<group>", help="security group to display (name or ID)"),)


class SetSecurityGroup(ResourceSet):
    """Set security group properties."""

    name = "security group set"
    resource = RESOURCE
    options = (
        Arg("group", metavar="<group>", help="security group to modify (name or ID)"),
        Option("--name", metavar="<new-name>", body="name", help="new security group name"),
        Option("--description", metavar="<description>", body="description",
               help="new security group description"),
        *STATEFUL,
        *tags.set_options("security group"),
        extra_properties.option(),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        group = self.find(args.group)
        attrs = {**self.mapped(args, "body"), **_stateful(args),
                 **extra_properties.values(args)}
        # Like the official client, the update is sent even when nothing changes.
        self.service.update_security_group(group, **attrs)
        tags.apply_set(self.service, group, args)
        return 0


class UnsetSecurityGroup(ResourceSet):
    """Unset security group properties."""

    name = "security group unset"
    resource = RESOURCE
    options = (
        Arg("group", metavar="<group>", help="security group to modify (name or ID)"),
        *tags.unset_options("security group"),
    )

    def apply(self, args: argparse.Namespace, resource: Any) -> None:
        tags.apply_unset(self.service, resource, args)
