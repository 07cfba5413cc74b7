"""`project create|delete|list|set|show`, as the official client prints them."""

from __future__ import annotations

import argparse
from typing import Any

from ostack import exceptions
from ostack.cli.columns import ReprColumn
from ostack.cli.declare import Arg, Column, Option, marker_pagination, properties
from ostack.cli.generic import (
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceSet,
    ResourceShow,
)
from ostack.cli.identity_fields import (
    domain_id,
    enable_options,
    find_id,
    immutable_options,
    sort_items,
    tag_filter_options,
    tag_filters,
    tag_set_options,
    tags_after_set,
)

RESOURCE = "identity.project"
#: What every project shows, whether or not the body carries it.
SHOWN = ("description", "domain_id", "enabled", "id", "is_domain", "name", "options",
         "parent_id", "tags")


def show_project(project: Any) -> dict[str, Any]:
    """Every key of the body (a project keeps unknown properties as top-level keys)."""
    data = {key: None for key in SHOWN}
    data.update({k: v for k, v in project.raw.items() if k != "links"})
    return {k: ReprColumn(data[k]) if isinstance(data[k], (dict, list)) else data[k]
            for k in sorted(data)}


class CreateProject(ResourceCreate):
    """Create new project."""

    name = "project create"
    resource = RESOURCE
    options = (
        Arg("name", metavar="<project-name>", help="new project name"),
        Option("--domain", metavar="<domain>", help="domain owning the project (name or ID)"),
        Option("--parent", metavar="<project>", help="parent of the project (name or ID)"),
        Option("--description", metavar="<description>", help="project description"),
        *enable_options(True, "project"),
        properties(dest="properties",
                   help="add a property to <name> (repeat option to set multiple properties)"),
        Option("--or-show", action="store_true", help="return existing project"),
        *immutable_options(),
        Option("--tag", action="append", dest="tags", metavar="<tag>", default=[],
               help="tag to be added to the project (repeat option to set multiple tags)"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        attrs: dict[str, Any] = dict(args.properties or [])
        if "is_domain" in attrs:
            attrs["is_domain"] = {"true": True, "false": False, "none": None}.get(
                str(attrs["is_domain"]).lower(), attrs["is_domain"])
        if args.description:
            attrs["description"] = args.description
        attrs["name"] = args.name
        domain = domain_id(self.conn, args.domain)
        if domain:
            attrs["domain_id"] = domain
        if args.parent:
            attrs["parent_id"] = find_id(self.conn, "project", args.parent, domain)
        attrs["is_enabled"] = args.enabled
        if args.tags:
            attrs["tags"] = list(set(args.tags))
        if args.immutable is not None:
            attrs["options"] = {"immutable": args.immutable}
        try:
            project = self.service.create_project(**attrs)
        except exceptions.Conflict:
            if not args.or_show:
                raise
            project = self.find(args.name, **({"domain_id": domain} if domain else {}))
        return show_project(project)


class DeleteProject(ResourceDelete):
    """Delete project(s)."""

    name = "project delete"
    resource = RESOURCE
    options = (
        Arg("projects", metavar="<project>", nargs="+", help="project(s) to delete (name or ID)"),
        Option("--domain", metavar="<domain>", help="domain owning <project> (name or ID)"),
    )

    def delete(self, args: argparse.Namespace, name: str) -> Any:
        domain = domain_id(self.conn, args.domain, must_exist=False)
        query = {"domain_id": domain} if domain else {}
        self.service.delete_project(find_id(self.conn, "project", name, **query),
                                    ignore_missing=False)


class ListProject(ResourceList):
    """List projects."""

    name = "project list"
    resource = RESOURCE
    columns = (Column("ID", "id"), Column("Name", "name"))
    long_columns = (Column("Domain ID", "domain_id"), Column("Description", "description"),
                    Column("Enabled", "is_enabled"))
    options = (
        Option("--domain", metavar="<domain>", help="filter projects by <domain> (name or ID)"),
        Option("--parent", metavar="<parent>",
               help="filter projects whose parent is <parent> (name or ID)"),
        Option("--user", metavar="<user>", help="filter projects by <user> (name or ID)"),
        Option("--my-projects", action="store_true",
               help="list projects for the authenticated user; supersedes other filters"),
        Option("--sort", metavar="<key>[:<direction>]",
               help="sort output by selected keys and directions (asc or desc) (default: asc), "
                    "repeat this option to specify multiple keys and directions"),
        Option("--enabled", action="store_true", dest="is_enabled", default=None,
               help="list only enabled projects"),
        Option("--disabled", action="store_false", dest="is_enabled", default=None,
               help="list only disabled projects"),
        *tag_filter_options("projects"),
        *marker_pagination(),
    )

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        identity = self.service
        kwargs: dict[str, Any] = {}
        domain = domain_id(self.conn, args.domain)
        if domain:
            kwargs["domain_id"] = domain
        if args.parent:
            kwargs["parent_id"] = find_id(self.conn, "project", args.parent,
                                          **({"domain_id": domain} if domain else {}))
        user = None
        if args.user:
            user = find_id(self.conn, "user", args.user,
                           **({"domain_id": domain} if domain else {}))
        if args.is_enabled is not None:
            kwargs["is_enabled"] = args.is_enabled
        for key in ("limit", "marker", "max_items"):
            if getattr(args, key) is not None:
                kwargs[key] = getattr(args, key)
        kwargs.update(tag_filters(args))
        if args.my_projects:
            kwargs = {}
            user = self.conn.session.get_access().user_id
        if user:
            data = list(identity.user_projects(user, **kwargs))
        else:
            try:
                data = list(identity.projects(**kwargs))
            except exceptions.Forbidden:
                if kwargs:
                    raise
                data = list(identity.user_projects(self.conn.session.get_access().user_id))
        return sort_items(data, args.sort)


class SetProject(ResourceSet):
    """Set project properties."""

    name = "project set"
    resource = RESOURCE
    options = (
        Arg("project", metavar="<project>", help="project to modify (name or ID)"),
        Option("--name", metavar="<name>", help="set project name"),
        Option("--domain", metavar="<domain>", help="domain owning <project> (name or ID)"),
        Option("--description", metavar="<description>", help="set project description"),
        *enable_options(None, "project"),
        properties(dest="properties",
                   help="set a property on <project> (repeat option to set multiple "
                        "properties)"),
        *immutable_options(),
        *tag_set_options("project"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        attrs: dict[str, Any] = {}
        if args.name:
            attrs["name"] = args.name
        if args.description:
            attrs["description"] = args.description
        if args.enabled is not None:
            attrs["is_enabled"] = args.enabled
        if args.immutable is not None:
            attrs["options"] = {"immutable": args.immutable}
        attrs.update(dict(args.properties or []))
        query = {}
        if args.domain:
            query["domain_id"] = domain_id(self.conn, args.domain, must_exist=False)
        project = self.service.find_project(args.project, **query)
        tags = tags_after_set(args, project.tags if project else [])
        if tags is not None:
            attrs["tags"] = tags
        self.service.update_project(project.id if project else args.project, **attrs)
        return 0


class ShowProject(ResourceShow):
    """Display project details."""

    name = "project show"
    resource = RESOURCE
    options = (
        Arg("project", metavar="<project>", help="project to display (name or ID)"),
        Option("--domain", metavar="<domain>", help="domain owning <project> (name or ID)"),
        Option("--parents", action="store_true", default=False,
               help="show the project's parents as a list"),
        Option("--children", action="store_true", default=False,
               help="show project's subtree (children) as a list"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        domain = domain_id(self.conn, args.domain)
        query = {"domain_id": domain} if domain else {}
        project = find_id(self.conn, "project", args.project, must_exist=False, **query)
        params = {}
        if args.parents:
            params["parents_as_ids"] = True
        if args.children:
            params["subtree_as_ids"] = True
        if params:
            found = self.service.get_project(project, **params)
        else:
            found = self.find(project, **query)
        return show_project(found)
