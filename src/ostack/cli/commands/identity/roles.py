"""`role create|delete|list|set|show` and `role add|remove` (grants to a user or group on the
system, a domain or a project), as the official client does them."""

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
from ostack.cli.identity_fields import (
    INHERITED,
    domain_option,
    find_id,
    immutable_options,
)

RESOURCE = "identity.role"


class RoleFields(ShowFields):
    show_columns = (Column("id"), Column("name"), Column("domain_id"), Column("description"))


class CreateRole(RoleFields, ResourceCreate):
    """Create new role."""

    name = "role create"
    resource = RESOURCE
    options = (
        Arg("name", metavar="<role-name>", help="new role name"),
        Option("--description", metavar="<description>", help="add description about the role"),
        Option("--domain", metavar="<domain>", help="domain the role belongs to (name or ID)"),
        Option("--or-show", action="store_true", help="return existing role"),
        *immutable_options(),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        attrs: dict[str, Any] = {"name": args.name}
        if args.domain:
            attrs["domain_id"] = find_id(self.conn, "domain", args.domain)
        if args.description:
            attrs["description"] = args.description
        if args.immutable is not None:
            attrs["options"] = {"immutable": args.immutable}
        try:
            role = self.service.create_role(**attrs)
        except exceptions.Conflict:
            if not args.or_show:
                raise
            role = self.find(args.name, **({"domain_id": args.domain} if args.domain else {}))
        return self.show(role)


class DeleteRole(ResourceDelete):
    """Delete role(s)."""

    name = "role delete"
    resource = RESOURCE
    options = (Arg("roles", metavar="<role>", nargs="+", help="role(s) to delete (name or ID)"),
               Option("--domain", metavar="<domain>",
                      help="domain the role belongs to (name or ID)"))

    def delete(self, args: argparse.Namespace, name: str) -> Any:
        query = {"domain_id": find_id(self.conn, "domain", args.domain)} if args.domain else {}
        self.service.delete_role(find_id(self.conn, "role", name, **query),
                                 ignore_missing=False)


class ListRole(ResourceList):
    """List roles."""

    name = "role list"
    resource = RESOURCE
    options = (Option("--domain", metavar="<domain>",
                      help="include <domain> (name or ID)"),)

    domain: Any = None

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        if args.domain:
            self.domain = self.service.find_domain(args.domain, ignore_missing=False)
            return {"domain_id": self.domain.id}
        return {}

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        return self.service.roles(**query)

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        query = self.query(args)
        roles = self.items(args, query)
        if self.domain is not None:
            return ["ID", "Name", "Domain"], [[r.id, r.name, self.domain.name] for r in roles]
        return ["ID", "Name"], [[r.id, r.name] for r in roles]


class SetRole(ResourceSet):
    """Set role properties."""

    name = "role set"
    resource = RESOURCE
    options = (
        Arg("role", metavar="<role>", help="role to modify (name or ID)"),
        Option("--description", metavar="<description>", help="add description about the role"),
        Option("--domain", metavar="<domain>", help="domain the role belongs to (name or ID)"),
        Option("--name", metavar="<name>", help="set role name"),
        *immutable_options(),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        attrs: dict[str, Any] = {}
        if args.description:
            attrs["description"] = args.description
        if args.name:
            attrs["name"] = args.name
        query = {}
        if args.domain:
            attrs["domain_id"] = query["domain_id"] = find_id(self.conn, "domain", args.domain)
        if args.immutable is not None:
            attrs["options"] = {"immutable": args.immutable}
        self.service.update_role(find_id(self.conn, "role", args.role, **query), **attrs)
        return 0


class ShowRole(RoleFields, ResourceShow):
    """Display role details."""

    name = "role show"
    resource = RESOURCE
    options = (Arg("role", metavar="<role>", help="role to display (name or ID)"),
               Option("--domain", metavar="<domain>",
                      help="domain the role belongs to (name or ID)"))

    def fetch(self, args: argparse.Namespace) -> Any:
        query = {"domain_id": find_id(self.conn, "domain", args.domain)} if args.domain else {}
        return self.find(args.role, **query)


GRANT_OPTIONS = (
    Option("--system", metavar="<system>", group="target",
           help="include <system> (all)"),
    Option("--domain", metavar="<domain>", group="target", help="include <domain> (name or ID)"),
    Option("--project", metavar="<project>", group="target",
           help="include <project> (name or ID)"),
    Option("--user", metavar="<user>", group="actor", help="include <user> (name or ID)"),
    Option("--group", metavar="<group>", group="actor", help="include <group> (name or ID)"),
    domain_option("--group-domain", "group"),
    domain_option("--project-domain", "project"),
    domain_option("--user-domain", "user"),
    INHERITED,
    domain_option("--role-domain", "role"),
)


class _Grant(Command):
    """Add or remove a role of a user or group on the system, a domain or a project."""

    verb = "assign"
    incorrect = ""

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (Arg("role", metavar="<role>", help="role name or ID"),
                             *GRANT_OPTIONS))

    def take_action(self, args: argparse.Namespace) -> int:
        if not (args.user or args.domain or args.group or args.project):
            raise exceptions.OstackError(self.incorrect)
        conn = self.conn
        must = self.verb == "assign"
        query = {"domain_id": find_id(conn, "domain", args.role_domain)} if (
            args.role_domain) else {}
        role = find_id(conn, "role", args.role, **query)
        if args.user:
            actor, who = "user", find_id(conn, "user", args.user, args.user_domain,
                                         must_exist=must)
        elif args.group:
            actor, who = "group", find_id(conn, "group", args.group, args.group_domain,
                                          must_exist=must)
        else:
            raise exceptions.OstackError(
                "Role not added, incorrect set of arguments provided. See openstack --help "
                "for more details")
        if args.system:
            if args.inherited and must:
                sys.stderr.write("'--inherited' was given, which is not supported when adding "
                                 "a system role. This will be an error in a future release.\n")
            self._grant(self._method("system", actor), who, role, system=args.system)
            return 0
        if args.domain:
            target, where = "domain", find_id(conn, "domain", args.domain, must_exist=must)
        elif args.project:
            target, where = "project", find_id(conn, "project", args.project,
                                               args.project_domain, must_exist=must)
        else:
            raise exceptions.OstackError(
                "Role not added, incorrect set of arguments provided. See openstack --help "
                "for more details")
        self._grant(self._method(target, actor), where, who, role, inherited=args.inherited)
        return 0

    def _grant(self, method: str, *args: Any, **kwargs: Any) -> None:
        """The grant call. As with the official client (openstacksdk answers False), a grant
        the service refuses does not fail the command; ostack says so on stderr."""
        try:
            getattr(self.conn.identity, method)(*args, **kwargs)
        except exceptions.HttpError as exc:
            sys.stderr.write(f"Warning: {method.replace('_', ' ')} was refused: {exc}\n")

    def _method(self, target: str, actor: str) -> str:
        joint = "to" if self.verb == "assign" else "from"
        return f"{self.verb}_{target}_role_{joint}_{actor}"


class AddRole(_Grant):
    """Adds a role assignment to a user or group on the system, a domain, or a project."""

    name = "role add"
    verb = "assign"
    incorrect = ("Role not added, incorrect set of arguments provided. See openstack --help "
                 "for more details")


class RemoveRole(_Grant):
    """Removes a role assignment from system/domain/project : user/group."""

    name = "role remove"
    verb = "unassign"
    incorrect = "Incorrect set of arguments provided. See openstack --help for more details"

