"""`service provider create|delete|list|set|show` (Keystone to Keystone federation)."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli.declare import Arg, Column, Option
from ostack.cli.generic import ResourceCreate, ResourceDelete, ResourceList, ResourceShow

RESOURCE = "identity.service_provider"
_FIELDS = (("id", "id"), ("enabled", "is_enabled"), ("description", "description"),
           ("auth_url", "auth_url"), ("sp_url", "sp_url"),
           ("relay_state_prefix", "relay_state_prefix"))
SHOW = tuple(Column(header, source) for header, source in _FIELDS)


def _attrs(args: argparse.Namespace) -> dict[str, Any]:
    attrs: dict[str, Any] = {}
    if args.is_enabled is not None:
        attrs["is_enabled"] = args.is_enabled
    if args.description:
        attrs["description"] = args.description
    if args.auth_url:
        attrs["auth_url"] = args.auth_url
    if args.service_provider_url:
        attrs["sp_url"] = args.service_provider_url
    return attrs


class CreateServiceProvider(ResourceCreate):
    """Create new service provider."""

    name = "service provider create"
    resource = RESOURCE
    show_columns = SHOW
    options = (
        Arg("service_provider_id", metavar="<name>",
            help="new service provider name (must be unique)"),
        Option("--auth-url", metavar="<auth-url>", required=True,
               help="authentication URL of remote federated service provider (required)"),
        Option("--description", metavar="<description>",
               help="new service provider description"),
        Option("--service-provider-url", metavar="<sp-url>", required=True,
               help="a service URL where SAML assertions are being sent (required)"),
        Option("--enable", dest="is_enabled", action="store_true", default=True,
               group="enable", help="enable the service provider (default)"),
        Option("--disable", dest="is_enabled", action="store_false", group="enable",
               help="disable the service provider"),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        return {"id": args.service_provider_id, **_attrs(args)}


class DeleteServiceProvider(ResourceDelete):
    """Delete service provider(s)."""

    name = "service provider delete"
    resource = RESOURCE
    options = (Arg("service_provider", metavar="<service-provider>", nargs="+",
                   help="service provider(s) to delete"),)

    def delete(self, args: argparse.Namespace, name: str) -> Any:
        # As the official client: by ID, and a missing one is no failure.
        self.service.delete_service_provider(name, ignore_missing=True)


class ListServiceProvider(ResourceList):
    """List service providers."""

    name = "service provider list"
    resource = RESOURCE
    columns = (Column("ID", "id"), Column("Enabled", "is_enabled"),
               Column("Description", "description"), Column("Auth URL", "auth_url"),
               Column("Service Provider URL", "sp_url"),
               Column("Relay State Prefix", "relay_state_prefix"))


class SetServiceProvider(ResourceShow):
    """Set service provider properties."""

    name = "service provider set"
    resource = RESOURCE
    show_columns = SHOW
    options = (
        Arg("service_provider", metavar="<service-provider>",
            help="service provider to modify"),
        Option("--auth-url", metavar="<auth-url>",
               help="new authentication URL of remote federated service provider"),
        Option("--description", metavar="<description>",
               help="new service provider description"),
        Option("--service-provider-url", metavar="<sp-url>",
               help="new service provider URL, where SAML assertions are sent"),
        Option("--enable", dest="is_enabled", action="store_true", default=None,
               group="enable", help="enable the service provider"),
        Option("--disable", dest="is_enabled", action="store_false", default=None,
               group="enable", help="disable the service provider"),
    )

    def fetch(self, args: argparse.Namespace) -> Any:
        attrs = _attrs(args)
        if not attrs:  # nothing to change: no request, and only the ID is known
            from ostack.identity.service_providers import ServiceProvider

            return ServiceProvider({"id": args.service_provider})
        return self.service.update_service_provider(args.service_provider, **attrs)


class ShowServiceProvider(ResourceShow):
    """Display service provider details."""

    name = "service provider show"
    resource = RESOURCE
    show_columns = SHOW
    options = (Arg("service_provider", metavar="<service-provider>",
                   help="service provider to display"),)
