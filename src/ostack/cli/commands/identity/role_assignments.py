"""`role assignment list`: who holds which role where, with every filter of
`GET /v3/role_assignments`, as the official client prints it."""

from __future__ import annotations

import argparse
from typing import Any

from ostack import exceptions
from ostack.cli.declare import Option
from ostack.cli.generic import ResourceList
from ostack.cli.identity_fields import INHERITED, domain_option, find_id

COLUMNS = ["Role", "User", "Group", "Project", "Domain", "System", "Inherited"]


def _name(attr: Any) -> str:
    """`name@domain` (the domain of the role, user, group or project when it has one)."""
    if not attr:
        return ""
    domain = attr.get("domain")
    return (attr.get("name", "") + ("@" + domain["name"] if domain else "")) or ""


def _id(attr: Any) -> str:
    return (attr.get("id") or "") if attr else ""


def _row(assignment: Any, names: bool) -> list[Any]:
    show = _name if names else _id
    scope = assignment.scope or {}
    return [show(assignment.role), show(assignment.user), show(assignment.group),
            show(scope.get("project")), show(scope.get("domain")),
            "all" if scope.get("system") else "",
            scope.get("OS-INHERIT:inherited_to") == "projects"]


class ListRoleAssignment(ResourceList):
    """List role assignments."""

    name = "role assignment list"
    resource = "identity.role_assignment"
    options = (
        Option("--effective", action="store_true", default=None,
               help="returns only effective role assignments"),
        Option("--role", metavar="<role>", help="role to filter (name or ID)"),
        domain_option("--role-domain", "role"),
        Option("--names", action="store_true", help="display names instead of IDs"),
        Option("--user", metavar="<user>", group="actor", help="user to filter (name or ID)"),
        domain_option("--user-domain", "user"),
        Option("--group", metavar="<group>", group="actor", help="group to filter (name or ID)"),
        domain_option("--group-domain", "group"),
        Option("--domain", metavar="<domain>", group="target",
               help="domain to filter (name or ID)"),
        Option("--project", metavar="<project>", group="target",
               help="project to filter (name or ID)"),
        Option("--system", metavar="<system>", group="target",
               help="filter based on system role assignments"),
        domain_option("--project-domain", "project"),
        INHERITED,
        Option("--auth-user", action="store_true", dest="authuser",
               help="only list assignments for the authenticated user"),
        Option("--auth-project", action="store_true", dest="authproject",
               help="only list assignments for the project to which the authenticated "
                    "user's token is scoped"),
    )

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        conn = self.conn
        query: dict[str, Any] = {}
        if args.role:
            query["role_id"] = find_id(conn, "role", args.role, args.role_domain)
        access = None
        if args.user:
            query["user_id"] = find_id(conn, "user", args.user, args.user_domain)
        elif args.authuser:
            access = conn.session.get_access()
            if access.user_id is None:
                raise exceptions.OstackError("missing auth info")
            query["user_id"] = find_id(conn, "user", access.user_id)
        if args.system:
            query["scope_system"] = args.system
        if args.domain:
            query["scope_domain_id"] = find_id(conn, "domain", args.domain)
        if args.project:
            query["scope_project_id"] = find_id(conn, "project", args.project,
                                                args.project_domain)
        elif args.authproject:
            access = access or conn.session.get_access()
            if access.project_id is None:
                raise exceptions.OstackError("missing auth info")
            query["scope_project_id"] = find_id(conn, "project", access.project_id)
        if args.group:
            query["group_id"] = find_id(conn, "group", args.group, args.group_domain)
        if args.effective:
            query["effective"] = True
        if args.names:
            query["include_names"] = True
        if args.inherited:
            query["inherited_to"] = "projects"
        return query

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        return self.service.role_assignments(**query)

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        assignments = self.items(args, self.query(args))
        return COLUMNS, [_row(a, bool(args.names)) for a in assignments]
