"""`network rbac create|delete|list|set|show`: RBAC policies sharing network objects with
projects, as the official client prints them."""

from __future__ import annotations

import argparse
from typing import Any

from ostack import exceptions
from ostack.cli import extra_properties, lookups
from ostack.cli.declare import Arg, Column, Option, marker_pagination, project_options
from ostack.cli.generic import (
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceSet,
    ResourceShow,
    ShowFields,
)

RESOURCE = "network.rbac_policy"
TYPES = ["address_group", "address_scope", "security_group", "subnetpool", "qos_policy",
         "network"]
ACTIONS = ["access_as_external", "access_as_shared"]
#: object type -> the SDK resource that finds it by name or ID
LOOKUPS = {"address_group": "network.address_group", "address_scope": "network.address_scope",
           "security_group": "network.security_group", "subnetpool": "network.subnet_pool",
           "qos_policy": "network.qos_policy", "network": "network.network"}
TARGET_DOMAIN = Option(
    "--target-project-domain", metavar="<target-project-domain>",
    help="domain the target project belongs to (name or ID); this can be used in case "
         "collisions between project names exist")


class RbacFields(ShowFields):
    show_source = "dict"
    show_hidden = ("location", "name", "tenant_id", "links")


class CreateNetworkRBAC(RbacFields, ResourceCreate):
    """Create network RBAC policy."""

    name = "network rbac create"
    resource = RESOURCE
    options = (
        Arg("rbac_object", metavar="<rbac-object>",
            help="the object to which this RBAC policy affects (name or ID)"),
        Option("--type", metavar="<type>", required=True, choices=TYPES,
               help="type of the object that RBAC policy affects (\"address_group\", "
                    "\"address_scope\", \"security_group\", \"subnetpool\", \"qos_policy\" "
                    "or \"network\")"),
        Option("--action", metavar="<action>", required=True, choices=ACTIONS,
               help="action for the RBAC policy (\"access_as_external\" or "
                    "\"access_as_shared\")"),
        Option("--target-project", metavar="<target-project>", group="target",
               help="the project to which the RBAC policy will be enforced (name or ID)"),
        Option("--target-all-projects", action="store_true", group="target",
               help="allow creating RBAC policy for all projects"),
        TARGET_DOMAIN,
        *project_options("the owner project (name or ID)"),
        extra_properties.option(),
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        super().add_arguments(parser)
        # One of --target-project and --target-all-projects is required.
        for group in parser._mutually_exclusive_groups:
            if any(a.dest == "target_project" for a in group._group_actions):
                group.required = True

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        try:
            object_id = lookups.find_id(self.conn, LOOKUPS[args.type], args.rbac_object)
        except AttributeError:
            raise exceptions.OstackError(
                f"finding a {args.type} is not supported by this client yet") from None
        attrs: dict[str, Any] = {"object_type": args.type, "action": args.action,
                                 "object_id": object_id}
        if args.target_project is not None:
            attrs["target_project_id"] = lookups.project_id(
                self.conn, args.target_project, args.target_project_domain)
        else:
            attrs["target_project_id"] = "*"
        if args.project is not None:
            attrs["project_id"] = lookups.project_id(self.conn, args.project,
                                                     args.project_domain)
        attrs.update(extra_properties.values(args))
        return attrs


class DeleteNetworkRBAC(ResourceDelete):
    """Delete network RBAC policy(s)."""

    name = "network rbac delete"
    resource = RESOURCE
    failure = "Failed to delete RBAC policy with ID '{name}': {error}"
    summary = "{failed} of {total} RBAC policies failed to delete."
    options = (Arg("rbac_policy", metavar="<rbac-policy>", nargs="+",
                   help="RBAC policy(s) to delete (ID only)"),)


class ListNetworkRBAC(ResourceList):
    """List network RBAC policies."""

    name = "network rbac list"
    resource = RESOURCE
    limit_is_page_size = True
    columns = (Column("ID", "id"), Column("Object Type", "object_type"),
               Column("Object ID", "object_id"))
    long_columns = (Column("Action", "action"),)
    options = (
        Option("--type", metavar="<type>", choices=TYPES, query="object_type",
               help="list only network RBAC policies with the specified object type "
                    "(\"address_group\", \"address_scope\", \"security_group\", "
                    "\"subnetpool\", \"qos_policy\" or \"network\")"),
        Option("--action", metavar="<action>", choices=ACTIONS, query="action",
               help="list only network RBAC policies with the specified action "
                    "(\"access_as_external\" or \"access_as_shared\")"),
        Option("--target-project", metavar="<target-project>",
               help="list only network RBAC policies with the specified target project "
                    "(name or ID)"),
        *marker_pagination(),
    )

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        query = super().query(args)
        if args.target_project is not None:
            query["target_project_id"] = "*" if args.target_project == "*" else (
                lookups.project_id(self.conn, args.target_project))
        return query


class SetNetworkRBAC(ResourceSet):
    """Set network RBAC policy properties."""

    name = "network rbac set"
    resource = RESOURCE
    options = (
        Arg("rbac_policy", metavar="<rbac-policy>", help="RBAC policy to be modified (ID only)"),
        Option("--target-project", metavar="<target-project>",
               help="the project to which the RBAC policy will be enforced (name or ID)"),
        TARGET_DOMAIN,
        extra_properties.option(),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        policy = self.find(args.rbac_policy)
        attrs: dict[str, Any] = {}
        if args.target_project:
            attrs["target_project_id"] = lookups.project_id(
                self.conn, args.target_project, args.target_project_domain)
        attrs.update(extra_properties.values(args))
        self.service.update_rbac_policy(policy, **attrs)
        return 0


class ShowNetworkRBAC(RbacFields, ResourceShow):
    """Display network RBAC policy details."""

    name = "network rbac show"
    resource = RESOURCE
    options = (Arg("rbac_policy", metavar="<rbac-policy>", help="RBAC policy (ID only)"),)
