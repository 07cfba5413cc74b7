"""`ec2 credentials create|delete|list|show`: EC2-style access keys of a user, as the official
client prints them."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli.columns import ReprColumn
from ostack.cli.declare import Arg, Column, Option
from ostack.cli.generic import ResourceCreate, ResourceDelete, ResourceList, ResourceShow
from ostack.cli.identity_fields import domain_option, find

RESOURCE = "identity.ec2_credential"
USER_DOMAIN = domain_option("--user-domain", "user")


def _user(conn: Any, args: argparse.Namespace) -> str:
    """The user named by --user (in --user-domain), or the authenticated one."""
    if args.user:
        return find(conn, "user", args.user, args.user_domain).id
    return conn.session.get_access().user_id


def _show(credential: Any) -> dict[str, Any]:
    """Every key of the body, `tenant_id` shown as `project_id`, sorted."""
    data = dict(credential.raw)
    if "tenant_id" in data:
        data["project_id"] = data.pop("tenant_id")
    return {k: ReprColumn(data[k]) if isinstance(data[k], (dict, list)) else data[k]
            for k in sorted(data)}


class CreateEC2Creds(ResourceCreate):
    """Create EC2 credentials."""

    name = "ec2 credentials create"
    resource = RESOURCE
    options = (
        Option("--project", metavar="<project>",
               help="create credentials in project (name or ID; default: current "
                    "authenticated project)"),
        Option("--user", metavar="<user>",
               help="create credentials for user (name or ID; default: current "
                    "authenticated user)"),
        USER_DOMAIN,
        domain_option("--project-domain", "project"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        user = _user(self.conn, args)
        if args.project:
            project = find(self.conn, "project", args.project, args.project_domain).id
        else:
            project = self.conn.session.get_access().project_id
        return _show(self.service.create_ec2_credential(user, project))


class DeleteEC2Creds(ResourceDelete):
    """Delete EC2 credentials."""

    name = "ec2 credentials delete"
    resource = RESOURCE
    failure = "Failed to delete EC2 credentials with access key '{name}': {error}"
    summary = "{failed} of {total} EC2 keys failed to delete."
    options = (Arg("access_key", metavar="<access-key>", nargs="+",
                   help="credentials access key(s)"),
               Option("--user", metavar="<user>",
                      help="delete credentials for user (name or ID)"),
               USER_DOMAIN)

    def delete(self, args: argparse.Namespace, name: str) -> Any:
        self.service.delete_ec2_credential(name, ignore_missing=False,
                                           user_id=_user(self.conn, args))


class ListEC2Creds(ResourceList):
    """List EC2 credentials."""

    name = "ec2 credentials list"
    resource = RESOURCE
    columns = (Column("Access", "access"), Column("Secret", "secret"),
               Column("Project ID", "project_id"), Column("User ID", "user_id"))
    options = (Option("--user", metavar="<user>", help="filter list by user (name or ID)"),
               USER_DOMAIN)

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        return self.service.ec2_credentials(user_id=_user(self.conn, args))


class ShowEC2Creds(ResourceShow):
    """Display EC2 credentials details."""

    name = "ec2 credentials show"
    resource = RESOURCE
    options = (Arg("access_key", metavar="<access-key>", help="credentials access key"),
               Option("--user", metavar="<user>", help="show credentials for user (name or ID)"),
               USER_DOMAIN)

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        return _show(self.service.get_ec2_credential(args.access_key,
                                                     user_id=_user(self.conn, args)))
