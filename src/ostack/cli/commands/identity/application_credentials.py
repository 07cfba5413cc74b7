"""`application credential create|delete|list|show`: the authenticated user's application
credentials, as the official client prints them."""

from __future__ import annotations

import argparse
import datetime
import json
import uuid
from typing import Any

from ostack import exceptions
from ostack.cli.columns import ReprColumn
from ostack.cli.declare import Arg, Column, Option
from ostack.cli.generic import ResourceCreate, ResourceDelete, ResourceList, ResourceShow
from ostack.cli.identity_fields import domain_option, find_id

RESOURCE = "identity.application_credential"


class RolesColumn:
    """Role names, comma-separated, in a table; the role objects in json."""

    def __init__(self, roles: list[dict[str, Any]] | None) -> None:
        self.roles = roles

    def human_readable(self) -> str:
        return ", ".join(r["name"] for r in self.roles or [])

    def machine_readable(self) -> Any:
        return self.roles


COLUMNS = (Column("ID", "id"), Column("Name", "name"), Column("Description", "description"),
           Column("Project ID", "project_id"), Column("Roles", "roles", RolesColumn),
           Column("Unrestricted", "unrestricted"),
           Column("Access Rules", "access_rules", ReprColumn),
           Column("Expires At", "expires_at"))


def _user_id(conn: Any) -> str:
    user = conn.session.get_access().user_id
    if user is None:
        raise exceptions.OstackError("failed to retrieve auth info for current session")
    return user


def _uuid_like(value: str) -> bool:
    try:
        return uuid.UUID(value).hex == value.replace("-", "").lower()
    except (TypeError, ValueError, AttributeError):
        return False


class CreateApplicationCredential(ResourceCreate):
    """Create new application credential."""

    name = "application credential create"
    resource = RESOURCE
    show_columns = COLUMNS + (Column("Secret", "secret"),)
    options = (
        Arg("name", metavar="<name>", help="name of the application credential"),
        Option("--secret", metavar="<secret>",
               help="secret to use for authentication (if not provided, one will be "
                    "generated)"),
        Option("--role", metavar="<role>", dest="roles", action="append", default=[],
               help="roles to authorize (name or ID) (repeat option to set multiple values)"),
        Option("--expiration", metavar="<expiration>",
               help="sets an expiration date for the application credential, format of "
                    "YYYY-mm-ddTHH:MM:SS (if not provided, the application credential will "
                    "not expire)"),
        Option("--description", metavar="<description>",
               help="application credential description"),
        Option("--unrestricted", action="store_true",
               help="enable application credential to create and delete other application "
                    "credentials and trusts (this is potentially dangerous behavior and is "
                    "disabled by default)"),
        Option("--restricted", action="store_true",
               help="prohibit application credential from creating and deleting other "
                    "application credentials and trusts (this is the default behavior)"),
        Option("--access-rules", metavar="<access-rules>",
               help="either a string or file path containing a JSON-formatted list of access "
                    "rules, each containing a request method, path, and service, for example "
                    "'[{\"method\": \"GET\", \"path\": \"/v2.1/servers\", "
                    "\"service\": \"compute\"}]'"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        user = _user_id(self.conn)
        roles = [{"id": r} if _uuid_like(r) else {"name": r} for r in args.roles]
        expires_at = None
        if args.expiration:
            try:
                expires_at = datetime.datetime.strptime(
                    args.expiration, "%Y-%m-%dT%H:%M:%S").isoformat()
            except ValueError as exc:
                raise exceptions.OstackError(str(exc)) from None
        access_rules: Any = []
        if args.access_rules:
            try:
                access_rules = json.loads(args.access_rules)
            except ValueError:
                try:
                    with open(args.access_rules) as handle:
                        access_rules = json.load(handle)
                except OSError:
                    raise exceptions.OstackError(
                        "Access rules is not valid JSON string or file does not exist."
                    ) from None
        attrs = {"roles": roles, "expires_at": expires_at, "description": args.description,
                 "secret": args.secret, "access_rules": access_rules,
                 "unrestricted": False if args.restricted else args.unrestricted}
        created = self.service.create_application_credential(
            user, args.name, **{k: v for k, v in attrs.items() if v is not None})
        return self.show(created)


class DeleteApplicationCredential(ResourceDelete):
    """Delete application credentials(s)."""

    name = "application credential delete"
    resource = RESOURCE
    options = (Arg("application_credential", metavar="<application-credential>", nargs="+",
                   help="application credentials(s) to delete (name or ID)"),)

    def delete(self, args: argparse.Namespace, name: str) -> Any:
        user = _user_id(self.conn)
        found = self.service.find_application_credential(user, name, ignore_missing=False)
        self.service.delete_application_credential(user, found.id, ignore_missing=False)


class ListApplicationCredential(ResourceList):
    """List application credentials."""

    name = "application credential list"
    resource = RESOURCE
    columns = COLUMNS
    options = (Option("--user", metavar="<user>", help="user whose application credentials "
                      "to list (name or ID)"),
               domain_option("--user-domain", "user"))

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        user = (find_id(self.conn, "user", args.user, args.user_domain) if args.user
                else _user_id(self.conn))
        return self.service.application_credentials(user=user)


class ShowApplicationCredential(ResourceShow):
    """Display application credential details."""

    name = "application credential show"
    resource = RESOURCE
    show_columns = COLUMNS
    options = (Arg("application_credential", metavar="<application-credential>",
                   help="application credential to display (name or ID)"),)

    def fetch(self, args: argparse.Namespace) -> Any:
        return self.service.find_application_credential(
            _user_id(self.conn), args.application_credential, ignore_missing=False)
