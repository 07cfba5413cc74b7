"""`credential create|delete|list|set|show`: Keystone's credentials (a blob of a type owned by
a user), as the official client prints them."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli.declare import Arg, Column, Option
from ostack.cli.generic import (
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceSet,
    ResourceShow,
    ShowFields,
)
from ostack.cli.identity_fields import domain_option, find

RESOURCE = "identity.credential"
PROJECT = Option("--project", metavar="<project>",
                 help="project which limits the scope of the credential (name or ID)")


class CredentialFields(ShowFields):
    show_columns = (Column("blob"), Column("id"), Column("project_id"), Column("type"),
                    Column("user_id"))


class CreateCredential(CredentialFields, ResourceCreate):
    """Create new credential."""

    name = "credential create"
    resource = RESOURCE
    options = (
        Arg("user", metavar="<user>", help="user that owns the credential (name or ID)"),
        Option("--type", default="cert", metavar="<type>",
               help="new credential type: cert, ec2, totp and so on"),
        Arg("data", metavar="<data>", help="new credential data"),
        PROJECT,
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        attrs = {"user_id": find(self.conn, "user", args.user).id, "type": args.type,
                 "blob": args.data}
        if args.project:
            attrs["project_id"] = find(self.conn, "project", args.project).id
        return self.show(self.service.create_credential(**attrs))


class DeleteCredential(ResourceDelete):
    """Delete credential(s)."""

    name = "credential delete"
    resource = RESOURCE
    failure = "Failed to delete credentials with ID '{name}': {error}"
    summary = "{failed} of {total} credential failed to delete."
    options = (Arg("credential", metavar="<credential-id>", nargs="+",
                   help="ID of credential(s) to delete"),)

    def delete(self, args: argparse.Namespace, name: str) -> Any:
        # As openstacksdk's default: a credential already gone is not an error.
        self.service.delete_credential(name)


class ListCredential(ResourceList):
    """List credentials."""

    name = "credential list"
    resource = RESOURCE
    columns = (Column("ID", "id"), Column("Type", "type"), Column("User ID", "user_id"),
               Column("Data", "blob"), Column("Project ID", "project_id"))
    options = (
        Option("--user", metavar="<user>", help="filter credentials by <user> (name or ID)"),
        domain_option("--user-domain", "user"),
        Option("--type", metavar="<type>", query="type",
               help="filter credentials by type: cert, ec2, totp and so on"),
    )

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        query = super().query(args)
        if args.user:
            query["user_id"] = find(self.conn, "user", args.user, args.user_domain).id
        return query


class SetCredential(ResourceSet):
    """Set credential properties."""

    name = "credential set"
    resource = RESOURCE
    options = (
        Arg("credential", metavar="<credential-id>", help="ID of credential to change"),
        Option("--user", metavar="<user>", required=True,
               help="user that owns the credential (name or ID)"),
        Option("--type", metavar="<type>", required=True,
               help="new credential type: cert, ec2, totp and so on"),
        Option("--data", metavar="<data>", required=True, help="new credential data"),
        PROJECT,
    )

    def take_action(self, args: argparse.Namespace) -> int:
        # The user and project are looked up (and must exist), but as with the official
        # client only the type and the blob are changed.
        find(self.conn, "user", args.user)
        if args.project:
            find(self.conn, "project", args.project)
        self.service.update_credential(args.credential, type=args.type, blob=args.data)
        return 0


class ShowCredential(CredentialFields, ResourceShow):
    """Display credential details."""

    name = "credential show"
    resource = RESOURCE
    options = (Arg("credential", metavar="<credential-id>",
                   help="ID of credential to display"),)

    def fetch(self, args: argparse.Namespace) -> Any:
        return self.service.get_credential(args.credential)
