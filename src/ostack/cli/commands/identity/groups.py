"""`group create|delete|list|set|show` and membership (`group add user`, `group remove user`,
`group contains user`), as the official client prints them."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ostack import exceptions
from ostack.cli.command import Command
from ostack.cli.declare import Arg, Column, Option, add_options
from ostack.cli.generic import (
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceSet,
    ResourceShow,
    ShowFields,
)
from ostack.cli.identity_fields import domain_id, domain_option, find_id

RESOURCE = "identity.group"
DOMAIN = Option("--domain", metavar="<domain>", help="domain containing <group> (name or ID)")
GROUP_DOMAIN = domain_option("--group-domain", "group")
USER_DOMAIN = domain_option("--user-domain", "user")


class GroupFields(ShowFields):
    show_columns = (Column("description"), Column("domain_id"), Column("id"), Column("name"))


class CreateGroup(GroupFields, ResourceCreate):
    """Create new group."""

    name = "group create"
    resource = RESOURCE
    options = (
        Arg("name", metavar="<group-name>", help="new group name"),
        Option("--domain", metavar="<domain>", help="domain to contain new group (name or ID)"),
        Option("--description", metavar="<description>", help="new group description"),
        Option("--or-show", action="store_true", help="return existing group"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        attrs: dict[str, Any] = {"name": args.name}
        if args.description:
            attrs["description"] = args.description
        if args.domain:
            attrs["domain_id"] = find_id(self.conn, "domain", args.domain)
        try:
            group = self.service.create_group(**attrs)
        except exceptions.Conflict:
            if not args.or_show:
                raise
            query = {"domain_id": attrs["domain_id"]} if args.domain else {}
            group = self.find(args.name, **query)
        return self.show(group)


class DeleteGroup(ResourceDelete):
    """Delete group(s)."""

    name = "group delete"
    resource = RESOURCE
    options = (Arg("groups", metavar="<group>", nargs="+",
                   help="group(s) to delete (name or ID)"), DOMAIN)

    def delete(self, args: argparse.Namespace, name: str) -> Any:
        self.service.delete_group(find_id(self.conn, "group", name, args.domain),
                                  ignore_missing=False)


class ListGroup(ResourceList):
    """List groups."""

    name = "group list"
    resource = RESOURCE
    columns = (Column("ID", "id"), Column("Name", "name"))
    long_columns = (Column("Domain ID", "domain_id"), Column("Description", "description"))
    options = (
        Option("--domain", metavar="<domain>", help="filter group list by <domain> (name or ID)"),
        Option("--user", metavar="<user>", help="filter group list by <user> (name or ID)"),
        USER_DOMAIN,
    )

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        domain = domain_id(self.conn, args.domain)
        if args.user:
            user = find_id(self.conn, "user", args.user, args.user_domain)
            return self.service.user_groups(user)
        return self.service.groups(**({"domain_id": domain} if domain else {}))


class SetGroup(ResourceSet):
    """Set group properties."""

    name = "group set"
    resource = RESOURCE
    options = (
        Arg("group", metavar="<group>", help="group to modify (name or ID)"),
        DOMAIN,
        Option("--name", metavar="<name>", body="name", help="new group name"),
        Option("--description", metavar="<description>", body="description",
               help="new group description"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        group = find_id(self.conn, "group", args.group, args.domain)
        self.service.update_group(group, **self.attrs(args))
        return 0


class ShowGroup(GroupFields, ResourceShow):
    """Display group details."""

    name = "group show"
    resource = RESOURCE
    options = (Arg("group", metavar="<group>", help="group to display (name or ID)"), DOMAIN)

    def fetch(self, args: argparse.Namespace) -> Any:
        query = {"domain_id": domain_id(self.conn, args.domain)} if args.domain else {}
        return self.find(args.group, **query)


class _Membership(Command):
    """Add or remove users of a group, each tried, failures counted."""

    verb = ""
    method = ""

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Arg("group", metavar="<group>", help=f"group to {self.verb} (name or ID)"),
            Arg("user", metavar="<user>", nargs="+",
                help=f"user(s) to {self.verb} (name or ID) (repeat option to {self.verb} "
                     f"multiple users)"),
            GROUP_DOMAIN, USER_DOMAIN))

    def take_action(self, args: argparse.Namespace) -> int:
        group = find_id(self.conn, "group", args.group, args.group_domain)
        failed = 0
        done = "added to" if self.method == "add_user_to_group" else "removed from"
        for user in args.user:
            try:
                user_id = find_id(self.conn, "user", user, args.user_domain)
                getattr(self.conn.identity, self.method)(user_id, group)
            except exceptions.OstackError as exc:
                failed += 1
                sys.stderr.write(f"{user} not {done} group {args.group}: {exc}\n")
        if failed:
            raise exceptions.OstackError(
                f"{failed} of {len(args.user)} users not {done} group {args.group}.")
        return 0


class AddUserToGroup(_Membership):
    """Add user to group."""

    name = "group add user"
    verb = "add"
    method = "add_user_to_group"


class RemoveUserFromGroup(_Membership):
    """Remove user from group."""

    name = "group remove user"
    verb = "remove"
    method = "remove_user_from_group"


class CheckUserInGroup(Command):
    """Check user membership in group."""

    name = "group contains user"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Arg("group", metavar="<group>", help="group to check (name or ID)"),
            Arg("user", metavar="<user>", help="user to check (name or ID)"),
            GROUP_DOMAIN, USER_DOMAIN))

    def take_action(self, args: argparse.Namespace) -> int:
        user = find_id(self.conn, "user", args.user, args.user_domain, must_exist=False)
        group = find_id(self.conn, "group", args.group, args.group_domain, must_exist=False)
        try:
            member = self.conn.identity.check_user_in_group(user, group)
        except exceptions.Forbidden:
            member = False
        if member:
            sys.stdout.write(f"{args.user} in group {args.group}\n")
        else:
            sys.stderr.write(f"{args.user} not in group {args.group}\n")
        return 0
