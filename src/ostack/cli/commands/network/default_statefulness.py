"""`security group default statefulness create|delete|list|set|show`, as the official client
prints them."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli import lookups
from ostack.cli.declare import Arg, Column, Option, project_options
from ostack.cli.generic import (
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceSet,
    ResourceShow,
)

RESOURCE = "network.security_groups_default_statefulness"


class SettingFields:
    show_source = "dict"
    show_hidden = ("links", "location", "name", "revision_number")


def _stateful_options() -> tuple[Option, ...]:
    return (
        Option("--stateful", action="store_true", default=None, dest="stateful",
               group="stateful", help="set default statefulness to stateful"),
        Option("--stateless", action="store_false", default=None, dest="stateful",
               group="stateful", help="set default statefulness to stateless"),
    )


class CreateSecurityGroupDefaultStatefulness(SettingFields, ResourceCreate):
    """Create a default statefulness setting for security groups."""

    name = "security group default statefulness create"
    resource = RESOURCE
    options = (
        *_stateful_options(),
        *project_options("apply the setting to this project (name or ID); if not specified, "
                         "the setting applies system-wide"),
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        super().add_arguments(parser)
        _require_stateful(parser)

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        attrs: dict[str, Any] = {}
        if args.stateful is not None:
            attrs["stateful"] = args.stateful
        attrs["project_id"] = None if args.project is None else lookups.project_id(
            self.conn, args.project, args.project_domain)
        return attrs


def _require_stateful(parser: argparse.ArgumentParser) -> None:
    """--stateful or --stateless must be given (argparse's required group)."""
    for group in parser._mutually_exclusive_groups:
        if any(action.dest == "stateful" for action in group._group_actions):
            group.required = True


class DeleteSecurityGroupDefaultStatefulness(ResourceDelete):
    """Delete security group default statefulness setting(s)."""

    name = "security group default statefulness delete"
    resource = RESOURCE
    failure = "Failed to delete default statefulness setting with ID '{name}': {error}"
    summary = "{failed} of {total} default statefulness settings failed to delete."
    options = (Arg("setting", metavar="<setting>", nargs="+",
                   help="default statefulness setting(s) to delete (ID only)"),)


class ListSecurityGroupDefaultStatefulness(ResourceList):
    """List security group default statefulness settings."""

    name = "security group default statefulness list"
    resource = RESOURCE
    columns = (Column("ID", "id"), Column("Project ID", "project_id"),
               Column("Stateful", "stateful"))
    options = project_options("list only settings for this project (name or ID)")

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        if args.project is None:
            return {}
        return {"project_id": lookups.project_id(self.conn, args.project, args.project_domain)}


class SetSecurityGroupDefaultStatefulness(ResourceSet):
    """Update a security group default statefulness setting."""

    name = "security group default statefulness set"
    resource = RESOURCE
    options = (Arg("setting", metavar="<setting>",
                   help="default statefulness setting to modify (ID only)"),
               *_stateful_options())

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        super().add_arguments(parser)
        _require_stateful(parser)

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        return {} if args.stateful is None else {"stateful": args.stateful}


class ShowSecurityGroupDefaultStatefulness(SettingFields, ResourceShow):
    """Show a security group default statefulness setting."""

    name = "security group default statefulness show"
    resource = RESOURCE
    options = (Arg("setting", metavar="<setting>",
                   help="default statefulness setting to display (ID only)"),)
