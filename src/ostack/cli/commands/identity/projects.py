"""`project list` and `project show`."""

from __future__ import annotations

from typing import Any

from ostack.cli.command import Lister, ShowOne, sorted_fields


class ListProject(Lister):
    """List projects."""

    name = "project list"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--domain", metavar="<domain>", help="only projects of this domain")
        parser.add_argument("--parent", metavar="<parent>", help="only children of this project")
        parser.add_argument("--user", metavar="<user>",
                            help="only projects this user has a role on")
        parser.add_argument("--my-projects", action="store_true",
                            help="only the projects of the authenticated user")
        parser.add_argument("--long", action="store_true", help="more columns")

    def take_action(self, args: Any):
        identity = self.conn.identity
        query: dict[str, Any] = {}
        if args.domain:
            query["domain_id"] = _domain_id(identity, args.domain)
        if args.parent:
            query["parent_id"] = identity.find_project(args.parent, ignore_missing=False).id
        if args.my_projects or args.user:
            user = (self.conn.session.get_access().user_id if args.my_projects
                    else identity.find_user(args.user, ignore_missing=False).id)
            resp = identity.request("GET", f"/v3/users/{user}/projects")
            from ostack.identity.projects import Project

            projects = [Project(p) for p in resp.json().get("projects", [])]
        else:
            projects = list(identity.projects(**query))
        if args.long:
            columns = ("ID", "Name", "Domain ID", "Description", "Enabled")
            rows = [(p.id, p.name, p.domain_id, p.description, p.is_enabled) for p in projects]
        else:
            columns = ("ID", "Name")
            rows = [(p.id, p.name) for p in projects]
        return columns, rows


class ShowProject(ShowOne):
    """Show a project, by name or ID."""

    name = "project show"

    def add_arguments(self, parser) -> None:
        parser.add_argument("project", metavar="<project>", help="project name or ID")
        parser.add_argument("--domain", metavar="<domain>", help="domain owning the project")

    def take_action(self, args: Any) -> dict[str, Any]:
        identity = self.conn.identity
        query = {"domain_id": _domain_id(identity, args.domain)} if args.domain else {}
        project = identity.find_project(args.project, ignore_missing=False, **query)
        data = project.to_dict()
        data = {"id": project.id, "name": project.name, "domain_id": project.domain_id,
                "description": project.description, "enabled": project.is_enabled,
                "is_domain": project.is_domain, "parent_id": project.parent_id,
                "tags": project.tags, "options": data.get("options", {})}
        return sorted_fields(data)


def _domain_id(identity: Any, domain: str) -> str:
    for d in identity.domains():
        if domain in (d.id, d.name):
            return d.id
    return domain
