"""`registered limit create|delete|list|set|show` and `limit create|delete|list|set|show`:
unified limits, a service's default for a resource and a project's own value."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli import identity_fields, lookups
from ostack.cli.declare import Arg, Column, Option
from ostack.cli.generic import ResourceCreate, ResourceDelete, ResourceList, ResourceShow

REGISTERED = "identity.registered_limit"
LIMIT = "identity.limit"
REGISTERED_SHOWN = tuple(Column(name, name) for name in (
    "default_limit", "description", "id", "region_id", "resource_name", "service_id"))
LIMIT_SHOWN = tuple(Column(name, name) for name in (
    "description", "id", "project_id", "region_id", "resource_limit", "resource_name",
    "service_id"))
PROJECT_DOMAIN = identity_fields.domain_option("--project-domain", "project")


def _references(conn: Any, args: argparse.Namespace) -> dict[str, Any]:
    """`--service` and `--region` as IDs (the region fetched, as the official client does)."""
    refs = {}
    if getattr(args, "service", None):
        refs["service_id"] = lookups.identity_service(conn, args.service).id
    if getattr(args, "region", None):
        refs["region_id"] = conn.identity.get_region(args.region).id
    return refs


class _ById(ResourceShow):
    """Shown by ID (these have no names)."""

    def fetch(self, args: argparse.Namespace) -> Any:
        return lookups.method(self.conn, self.resource, "get")(
            getattr(args, self.options[0].dest))


# ------------------------------------------------------------------- registered limits
class CreateRegisteredLimit(ResourceCreate):
    """Create a registered limit."""

    name = "registered limit create"
    resource = REGISTERED
    show_columns = REGISTERED_SHOWN
    options = (
        Option("--description", metavar="<description>",
               help="description of the registered limit"),
        Option("--region", metavar="<region>", help="region for the registered limit to affect"),
        Option("--service", metavar="<service>", required=True,
               help="service responsible for the resource to limit (required) (name or ID)"),
        Option("--default-limit", type=int, metavar="<default-limit>", required=True,
               help="the default limit for the resources to assume (required)"),
        Arg("resource_name", metavar="<resource-name>",
            help="the name of the resource to limit"),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        attrs = {"description": args.description} if args.description else {}
        return {**attrs, **_references(self.conn, args), "resource_name": args.resource_name,
                "default_limit": args.default_limit}


class DeleteRegisteredLimit(ResourceDelete):
    """Delete a registered limit."""

    name = "registered limit delete"
    resource = REGISTERED
    failure = "Failed to delete registered limit with ID '{name}': {error}"
    options = (Arg("registered_limits", metavar="<registered-limits>", nargs="+",
                   help="registered limit(s) to delete (ID) (repeat option to remove "
                        "multiple registered limits)"),)

    def delete(self, args: argparse.Namespace, name: str) -> Any:
        return self.service.delete_registered_limit(name, ignore_missing=False)


class ListRegisteredLimit(ResourceList):
    """List registered limits."""

    name = "registered limit list"
    resource = REGISTERED
    columns = (Column("ID", "id"), Column("Service ID", "service_id"),
               Column("Resource Name", "resource_name"),
               Column("Default Limit", "default_limit"), Column("Description", "description"),
               Column("Region ID", "region_id"))
    options = (
        Option("--service", metavar="<service>",
               help="service responsible for the resource to limit (name or ID)"),
        Option("--resource-name", metavar="<resource-name>", dest="resource_name",
               query="resource_name", help="the name of the resource to limit"),
        Option("--region", metavar="<region>", help="region for the limit to affect."),
    )

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        return {**_references(self.conn, args), **super().query(args)}


class SetRegisteredLimit(ResourceShow):
    """Update information about a registered limit."""

    name = "registered limit set"
    resource = REGISTERED
    show_columns = REGISTERED_SHOWN
    options = (
        Arg("registered_limit_id", metavar="<registered-limit-id>",
            help="registered limit to update (ID)"),
        Option("--service", metavar="<service>",
               help="service to be updated responsible for the resource to limit (name or ID)"),
        Option("--resource-name", metavar="<resource-name>",
               help="resource to be updated responsible for the resource to limit"),
        Option("--default-limit", metavar="<default-limit>", type=int,
               help="the default limit for the resources to assume"),
        Option("--description", metavar="<description>",
               help="description to update of the registered limit"),
        Option("--region", metavar="<region>",
               help="region for the registered limit to affect"),
    )

    def fetch(self, args: argparse.Namespace) -> Any:
        attrs = _references(self.conn, args)
        for name in ("resource_name", "default_limit", "description"):
            if getattr(args, name):
                attrs[name] = getattr(args, name)
        return self.service.update_registered_limit(args.registered_limit_id, **attrs)


class ShowRegisteredLimit(_ById):
    """Display registered limit details."""

    name = "registered limit show"
    resource = REGISTERED
    show_columns = REGISTERED_SHOWN
    options = (Arg("registered_limit_id", metavar="<registered-limit-id>",
                   help="registered limit to display (ID)"),)


# ------------------------------------------------------------------- limits
class CreateLimit(ResourceCreate):
    """Create a limit."""

    name = "limit create"
    resource = LIMIT
    show_columns = LIMIT_SHOWN
    options = (
        Option("--description", metavar="<description>", help="description of the limit"),
        Option("--region", metavar="<region>", help="region for the limit to affect."),
        Option("--project", metavar="<project>", required=True,
               help="project to associate the resource limit to"),
        PROJECT_DOMAIN,
        Option("--service", metavar="<service>", required=True,
               help="service responsible for the resource to limit"),
        Option("--resource-limit", metavar="<resource-limit>", required=True, type=int,
               help="the resource limit for the project to assume"),
        Arg("resource_name", metavar="<resource-name>",
            help="the name of the resource to limit"),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        attrs: dict[str, Any] = {"resource_name": args.resource_name,
                                 "resource_limit": args.resource_limit}
        if args.description:
            attrs["description"] = args.description
        attrs["project_id"] = identity_fields.find_id(self.conn, "project", args.project,
                                                      args.project_domain)
        return {**attrs, **_references(self.conn, args)}


class DeleteLimit(ResourceDelete):
    """Delete a limit."""

    name = "limit delete"
    resource = LIMIT
    failure = "Failed to delete limit with ID '{name}': {error}"
    options = (Arg("limit_id", metavar="<limit-id>", nargs="+",
                   help="limit to delete (ID) (repeat option to remove multiple limits)"),)

    def delete(self, args: argparse.Namespace, name: str) -> Any:
        # as the official client: a limit already gone is no failure
        return self.service.delete_limit(name)


class ListLimit(ResourceList):
    """List limits."""

    name = "limit list"
    resource = LIMIT
    columns = (Column("ID", "id"), Column("Project ID", "project_id"),
               Column("Service ID", "service_id"), Column("Resource Name", "resource_name"),
               Column("Resource Limit", "resource_limit"), Column("Description", "description"),
               Column("Region ID", "region_id"))
    options = (
        Option("--service", metavar="<service>",
               help="service responsible for the resource to limit"),
        Option("--resource-name", metavar="<resource-name>", dest="resource_name",
               query="resource_name", help="the name of the resource to limit"),
        Option("--region", metavar="<region>", help="region for the registered limit to affect."),
        Option("--project", metavar="<project>", help="list resource limits associated with "
                                                      "project"),
        PROJECT_DOMAIN,
    )

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        query = {**_references(self.conn, args), **super().query(args)}
        if args.project:
            domain = {"domain_id": identity_fields.domain_id(self.conn, args.project_domain)} \
                if args.project_domain else {}
            query["project_id"] = lookups.find_id(self.conn, "identity.project", args.project,
                                                  **domain)
        return query


class SetLimit(ResourceShow):
    """Update information about a limit."""

    name = "limit set"
    resource = LIMIT
    show_columns = LIMIT_SHOWN
    options = (
        Arg("limit_id", metavar="<limit-id>", help="limit to update (ID)"),
        Option("--description", metavar="<description>",
               help="description of the limit"),
        Option("--resource-limit", metavar="<resource-limit>", dest="resource_limit",
               type=int, help="the resource limit for the project to assume"),
    )

    def fetch(self, args: argparse.Namespace) -> Any:
        attrs: dict[str, Any] = {}
        if args.description:
            attrs["description"] = args.description
        if args.resource_limit is not None:
            attrs["resource_limit"] = args.resource_limit
        return self.service.update_limit(args.limit_id, **attrs)


class ShowLimit(_ById):
    """Display limit details."""

    name = "limit show"
    resource = LIMIT
    show_columns = LIMIT_SHOWN
    options = (Arg("limit_id", metavar="<limit-id>", help="limit to display (ID)"),)
