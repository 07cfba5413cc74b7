"""`user create|delete|list|set|show` and `user password set`, as the official client prints
them."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from ostack import exceptions
from ostack.cli.columns import ReprColumn
from ostack.cli.command import Command
from ostack.cli.declare import Arg, Column, Option, add_options, marker_pagination
from ostack.cli.generic import (
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceSet,
    ResourceShow,
    ShowFields,
)
from ostack.cli.identity_fields import domain_id, domain_option, find_id

RESOURCE = "identity.user"
NO_PASSWORD = ("No password was supplied, authentication will fail when a user does not have "
               "a password.")

#: Boolean user options: (flag on, flag off, the option key in Keystone's `options`).
USER_OPTIONS = (
    ("--ignore-lockout-failure-attempts", "--no-ignore-lockout-failure-attempts",
     "ignore_lockout_failure_attempts", "lockout after failed login attempts"),
    ("--ignore-password-expiry", "--no-ignore-password-expiry",
     "ignore_password_expiry", "password expiry"),
    ("--ignore-change-password-upon-first-use", "--no-ignore-change-password-upon-first-use",
     "ignore_change_password_upon_first_use", "changing the password at first use"),
    ("--enable-lock-password", "--disable-lock-password", "lock_password",
     "the lock on changing the password through self-service APIs"),
    ("--enable-multi-factor-auth", "--disable-multi-factor-auth", "multi_factor_auth_enabled",
     "multi-factor authentication"),
)


def _user_options() -> tuple[Option, ...]:
    out: list[Option] = []
    for on, off, _key, what in USER_OPTIONS:
        out.append(Option(on, action="store_true", help=f"turn on: {what}"))
        out.append(Option(off, action="store_true", help=f"turn off: {what}"))
    out.append(Option("--multi-factor-auth-rule", metavar="<rule>",
                      dest="multi_factor_auth_rules", action="append", default=[],
                      help="set multi-factor auth rules, e.g. 'password,totp' (repeat option "
                           "to set multiple rules)"))
    return tuple(out)


def _options_of(args: argparse.Namespace) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for on, off, key, _what in USER_OPTIONS:
        if getattr(args, on.lstrip("-").replace("-", "_")):
            options[key] = True
        if getattr(args, off.lstrip("-").replace("-", "_")):
            options[key] = False
    rules = [rule.split(",") for rule in args.multi_factor_auth_rules]
    if rules:
        options["multi_factor_auth_rules"] = rules
    return options


def _prompt(prompt: str = "User Password:", confirm: bool = True) -> str:
    """A password read from the terminal (twice, when confirmed), as osc-lib asks it."""
    if not sys.stdin.isatty():
        raise exceptions.OstackError("No terminal detected attempting to read password")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Repeat " + prompt) != first:
        raise exceptions.OstackError("The passwords entered were not the same")
    return first


class UserFields(ShowFields):
    show_columns = (Column("default_project_id"), Column("domain_id"), Column("email"),
                    Column("enabled", "is_enabled"), Column("id"), Column("name"),
                    Column("description"), Column("password_expires_at"),
                    Column("options", formatter=ReprColumn))


COMMON = (
    Option("--project", metavar="<project>", help="default project (name or ID)"),
    domain_option("--project-domain", "project"),
    Option("--password", metavar="<password>", help="set user password"),
    Option("--password-prompt", action="store_true", help="prompt interactively for password"),
    Option("--email", metavar="<email-address>", help="set user email address"),
    Option("--description", metavar="<description>", help="user description"),
    *_user_options(),
    Option("--enable", action="store_true", group="enable", help="enable user"),
    Option("--disable", action="store_true", group="enable", help="disable user"),
)


def _default_project(conn: Any, args: argparse.Namespace) -> str:
    query = {"domain_id": domain_id(conn, args.project_domain)} if args.project_domain else {}
    return conn.identity.find_project(args.project, ignore_missing=False, **query).id


class CreateUser(UserFields, ResourceCreate):
    """Create new user."""

    name = "user create"
    resource = RESOURCE
    options = (
        Arg("name", metavar="<name>", help="new user name"),
        Option("--domain", metavar="<domain>", help="default domain (name or ID)"),
        *COMMON,
        Option("--or-show", action="store_true", help="return existing user"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        attrs: dict[str, Any] = {}
        domain = domain_id(self.conn, args.domain)
        if domain:
            attrs["domain_id"] = domain
        if args.project:
            attrs["default_project_id"] = _default_project(self.conn, args)
        if args.description:
            attrs["description"] = args.description
        if args.email:
            attrs["email"] = args.email
        password = args.password or (_prompt() if args.password_prompt else None)
        if not password:
            sys.stderr.write(NO_PASSWORD + "\n")
        else:
            attrs["password"] = password
        options = _options_of(args)
        if options:
            attrs["options"] = options
        try:
            user = self.service.create_user(is_enabled=not args.disable, name=args.name,
                                            **attrs)
        except exceptions.Conflict:
            if not args.or_show:
                raise
            user = self.find(args.name, **({"domain_id": domain} if domain else {}))
        return self.show(user)


class DeleteUser(ResourceDelete):
    """Delete user(s)."""

    name = "user delete"
    resource = RESOURCE
    options = (Arg("users", metavar="<user>", nargs="+", help="user(s) to delete (name or ID)"),
               Option("--domain", metavar="<domain>", help="domain owning <user> (name or ID)"))

    def delete(self, args: argparse.Namespace, name: str) -> Any:
        domain = None
        if args.domain:
            found = self.service.find_domain(args.domain)
            domain = found.id if found else None
        user = self.find(name, **({"domain_id": domain} if domain else {}))
        self.service.delete_user(user.id, ignore_missing=False)


class ListUser(ResourceList):
    """List users."""

    name = "user list"
    resource = RESOURCE
    columns = (Column("ID", "id"), Column("Name", "name"))
    long_columns = (Column("Project", "default_project_id"), Column("Domain", "domain_id"),
                    Column("Description", "description"), Column("Email", "email"),
                    Column("Enabled", "is_enabled"))
    options = (
        Option("--domain", metavar="<domain>", help="filter users by <domain> (name or ID)"),
        Option("--group", metavar="<group>", group="project_or_group",
               help="filter users by <group> membership (name or ID)"),
        Option("--project", metavar="<project>", group="project_or_group",
               help="filter users by <project> (name or ID)"),
        Option("--enabled", action="store_true", dest="is_enabled", default=None,
               help="list only enabled users, does nothing with --project and --group"),
        Option("--disabled", action="store_false", dest="is_enabled", default=None,
               help="list only disabled users, does nothing with --project and --group"),
        *marker_pagination(),
    )

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        if args.project and (args.limit is not None or args.marker is not None):
            raise exceptions.OstackError("--limit and --marker are not supported with --project")
        identity = self.service
        domain = domain_id(self.conn, args.domain)
        paging = {k: getattr(args, k) for k in ("limit", "max_items", "marker")
                  if getattr(args, k) is not None}
        if args.project:
            project = find_id(self.conn, "project", args.project,
                              **({"domain_id": domain} if domain else {}))
            user_ids = {a.user["id"] for a in identity.role_assignments(scope_project_id=project)
                        if a.user}
            return [identity.find_user(u, ignore_missing=False) for u in user_ids]
        if args.group:
            group = identity.find_group(args.group, ignore_missing=False,
                                        **({"domain_id": args.domain} if args.domain else {}))
            return identity.group_users(group.id, **paging)
        if domain:
            paging["domain_id"] = domain
        if args.is_enabled is not None:
            paging["is_enabled"] = args.is_enabled
        return identity.users(**paging)


class SetUser(ResourceSet):
    """Set user properties."""

    name = "user set"
    resource = RESOURCE
    options = (
        Arg("user", metavar="<user>", help="user to modify (name or ID)"),
        Option("--name", metavar="<name>", help="set user name"),
        Option("--domain", metavar="<domain>",
               help="domain the user belongs to (name or ID); this can be used in case "
                    "collisions between user names exist"),
        *COMMON,
    )

    def take_action(self, args: argparse.Namespace) -> int:
        if args.password_prompt:
            args.password = _prompt()
        if args.password == "":
            sys.stderr.write(NO_PASSWORD + "\n")
        query = {"domain_id": domain_id(self.conn, args.domain)} if args.domain else {}
        user = self.find(args.user, **query)
        attrs: dict[str, Any] = {}
        for key in ("name", "email", "password", "description"):
            if getattr(args, key):
                attrs[key] = getattr(args, key)
        if args.project:
            attrs["default_project_id"] = _default_project(self.conn, args)
        attrs["is_enabled"] = True if args.enable else False if args.disable else user.is_enabled
        options = _options_of(args)
        if options:
            attrs["options"] = options
        self.service.update_user(user, **attrs)
        return 0


class ShowUser(UserFields, ResourceShow):
    """Display user details."""

    name = "user show"
    resource = RESOURCE
    options = (Arg("user", metavar="<user>", help="user to display (name or ID)"),
               Option("--domain", metavar="<domain>", help="domain owning <user> (name or ID)"))

    def fetch(self, args: argparse.Namespace) -> Any:
        domain = self.service.find_domain(args.domain) if args.domain else None
        return self.find(args.user, **({"domain_id": domain.id} if domain else {}))


class SetPasswordUser(Command):
    """Change current user password."""

    name = "user password set"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Option("--password", metavar="<new-password>", help="new user password"),
            Option("--original-password", metavar="<original-password>",
                   help="original user password"),
        ))

    def take_action(self, args: argparse.Namespace) -> int:
        user = self.conn.session.get_access().user_id
        if not user:
            raise exceptions.OstackError("invalid authentication info")
        current = args.original_password
        if current is None:
            current = _prompt("Current Password:", confirm=False)
        password = args.password
        if password is None:
            password = _prompt("New Password:")
        if password == "":
            sys.stderr.write(NO_PASSWORD + "\n")
        self.conn.identity.update_password(user, current_password=current, password=password)
        return 0
