"""`endpoint create|delete|list|set|show` and `endpoint add|remove project` (OS-EP-FILTER):
the catalog's endpoints, shown with their service's name and type."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli import identity_fields, lookups
from ostack.cli.command import Command
from ostack.cli.declare import Arg, Column, Option, add_options
from ostack.cli.generic import (
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceSet,
    ResourceShow,
)

RESOURCE = "identity.endpoint"
INTERFACES = ("admin", "public", "internal")
PROJECT_DOMAIN = identity_fields.domain_option("--project-domain", "project")


def _shown(endpoint: Any, service: Any) -> dict[str, Any]:
    return {"enabled": endpoint.is_enabled, "id": endpoint.id,
            "interface": endpoint.interface, "region": endpoint.region_id,
            "region_id": endpoint.region_id, "service_id": endpoint.service_id,
            "url": endpoint.url, "service_name": service.name or "",
            "service_type": service.type}


class CreateEndpoint(ResourceCreate):
    """Create new endpoint."""

    name = "endpoint create"
    resource = RESOURCE
    options = (
        Arg("service", metavar="<service>", help="service to be associated with new endpoint "
                                                  "(name or ID)"),
        Arg("interface", metavar="<interface>", choices=INTERFACES,
            help="new endpoint interface type (admin, public or internal)"),
        Arg("url", metavar="<url>", help="new endpoint URL"),
        Option("--region", metavar="<region-id>", help="new endpoint region ID"),
        Option("--enable", dest="enabled", action="store_true", default=True,
               group="enable", help="enable endpoint (default)"),
        Option("--disable", dest="enabled", action="store_false", group="enable",
               help="disable endpoint"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        identity = self.service
        service = lookups.identity_service(self.conn, args.service)
        attrs = {"service_id": service.id, "url": args.url, "interface": args.interface,
                 "is_enabled": args.enabled}
        if args.region:
            attrs["region_id"] = identity.get_region(args.region).id
        return _shown(identity.create_endpoint(**attrs), service)


class DeleteEndpoint(ResourceDelete):
    """Delete endpoint(s)."""

    name = "endpoint delete"
    resource = RESOURCE
    failure = "Failed to delete endpoint with ID '{name}': {error}"
    options = (Arg("endpoint", metavar="<endpoint-id>", nargs="+",
                   help="endpoint(s) to delete (ID only)"),)


class ListEndpoint(ResourceList):
    """List endpoints."""

    name = "endpoint list"
    resource = RESOURCE
    columns = (Column("ID", "id"), Column("Region", "region_id"),
               Column("Service Name", "service_name"), Column("Service Type", "service_type"),
               Column("Enabled", "is_enabled"), Column("Interface", "interface"),
               Column("URL", "url"))
    options = (
        Option("--service", metavar="<service>", help="filter by service (type, name or ID)"),
        Option("--interface", metavar="<interface>", choices=INTERFACES,
               help="filter by interface type (admin, public or internal)"),
        Option("--region", metavar="<region-id>", help="filter by region ID"),
        Option("--endpoint", metavar="<endpoint-group>", group="list",
               help="endpoint to list filters"),
        Option("--project", metavar="<project>", group="list",
               help="project to list filters (name or ID)"),
        PROJECT_DOMAIN,
    )

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        """The endpoint's projects (--endpoint), a project's endpoints (--project), or the
        endpoints filtered by service, interface and region."""
        identity = self.service
        if args.endpoint:
            return {"endpoint": identity.find_endpoint(args.endpoint, ignore_missing=False)}
        if args.project:
            return {"project": identity_fields.find_id(self.conn, "project", args.project,
                                                       args.project_domain)}
        query: dict[str, Any] = {}
        if args.service:
            query["service_id"] = lookups.identity_service(self.conn, args.service).id
        if args.interface:
            query["interface"] = args.interface
        if args.region:
            query["region_id"] = identity.get_region(args.region).id
        return query

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        identity = self.service
        if "endpoint" in query:
            return identity.endpoint_projects(query["endpoint"])
        if "project" in query:
            return identity.project_endpoints(query["project"])
        return identity.endpoints(**query)

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        identity = self.service
        query = self.query(args)
        found = list(self.items(args, query))
        if "endpoint" in query:
            return ["ID", "Name"], [[p.id, p.name] for p in found]
        endpoints = found
        services = {s.id: s for s in identity.services()} if endpoints else {}
        rows = []
        for ep in endpoints:
            service = services.get(ep.service_id) or identity.get_service(ep.service_id)
            values = {"service_name": service.name or "", "service_type": service.type}
            rows.append([values[c.source] if c.source in values else c.value(ep)
                         for c in self.columns])
        return [c.header for c in self.columns], rows


class SetEndpoint(ResourceSet):
    """Set endpoint properties."""

    name = "endpoint set"
    resource = RESOURCE
    options = (
        Arg("endpoint", metavar="<endpoint-id>", help="endpoint to modify (ID only)"),
        Option("--region", metavar="<region-id>", help="new endpoint region ID"),
        Option("--interface", metavar="<interface>", choices=INTERFACES,
               help="new endpoint interface type (admin, public or internal)"),
        Option("--url", metavar="<url>", help="new endpoint URL"),
        Option("--service", metavar="<service>", help="new endpoint service (name or ID)"),
        Option("--enable", dest="enabled", action="store_true", group="enable",
               help="enable endpoint"),
        Option("--disable", dest="disabled", action="store_true", group="enable",
               help="disable endpoint"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        identity = self.service
        endpoint = identity.find_endpoint(args.endpoint, ignore_missing=False)
        attrs: dict[str, Any] = {}
        if args.service:
            attrs["service_id"] = lookups.identity_service(self.conn, args.service).id
        if args.enabled:
            attrs["is_enabled"] = True
        if args.disabled:
            attrs["is_enabled"] = False
        for name, key in (("url", "url"), ("interface", "interface"), ("region", "region_id")):
            if getattr(args, name):
                attrs[key] = getattr(args, name)
        identity.update_endpoint(endpoint, **attrs)
        return 0


class ShowEndpoint(ResourceShow):
    """Display endpoint details."""

    name = "endpoint show"
    resource = RESOURCE
    options = (Arg("endpoint", metavar="<endpoint>",
                   help="endpoint to display (endpoint ID, service ID, service name, "
                        "service type)"),)

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        endpoint = self.service.find_endpoint(args.endpoint, ignore_missing=False)
        return _shown(endpoint, lookups.identity_service(self.conn, endpoint.service_id))


class _ProjectEndpoint(Command):
    associate = True

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        verb = "associate with" if self.associate else "remove from"
        add_options(parser, (
            Arg("endpoint", metavar="<endpoint>",
                help=f"endpoint to {verb} specified project (name or ID)"),
            Arg("project", metavar="<project>",
                help=f"project to {verb} specified endpoint name or ID (name or ID)"),
            PROJECT_DOMAIN))

    def take_action(self, args: argparse.Namespace) -> int:
        identity = self.conn.identity
        endpoint = identity.find_endpoint(args.endpoint, ignore_missing=False)
        project = identity_fields.find_id(self.conn, "project", args.project,
                                          args.project_domain)
        if self.associate:
            identity.associate_endpoint_with_project(project, endpoint)
        else:
            identity.disassociate_endpoint_from_project(project, endpoint)
        return 0


class AddProjectToEndpoint(_ProjectEndpoint):
    """Associate a project to an endpoint."""

    name = "endpoint add project"


class RemoveProjectFromEndpoint(_ProjectEndpoint):
    """Dissociate a project from an endpoint."""

    name = "endpoint remove project"
    associate = False
