"""`access rule delete|list|show`: the access rules of the authenticated user's application
credentials, as the official client prints them."""

from __future__ import annotations

import argparse
from typing import Any

from ostack import exceptions
from ostack.cli.declare import Arg, Column, Option
from ostack.cli.generic import ResourceDelete, ResourceList, ResourceShow
from ostack.cli.identity_fields import domain_option, find

RESOURCE = "identity.access_rule"


def _user_id(conn: Any) -> str:
    user = conn.session.get_access().user_id
    if user is None:
        raise exceptions.OstackError("invalid authentication info")
    return user


class DeleteAccessRule(ResourceDelete):
    """Delete access rule(s)."""

    name = "access rule delete"
    resource = RESOURCE
    failure = "Failed to delete access rule with ID '{name}': {error}"
    options = (Arg("access_rule", metavar="<access-rule>", nargs="+",
                   help="access rule(s) to delete (ID)"),)

    def delete(self, args: argparse.Namespace, name: str) -> Any:
        user = _user_id(self.conn)
        rule = self.service.get_access_rule(user, name)
        self.service.delete_access_rule(user, rule.id, ignore_missing=False)


class ListAccessRule(ResourceList):
    """List access rules."""

    name = "access rule list"
    resource = RESOURCE
    columns = (Column("ID", "id"), Column("Service", "service"), Column("Method", "method"),
               Column("Path", "path"))
    options = (Option("--user", metavar="<user>",
                      help="user whose access rules to list (name or ID)"),
               domain_option("--user-domain", "user"))

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        user = (find(self.conn, "user", args.user, args.user_domain).id if args.user
                else _user_id(self.conn))
        return self.service.access_rules(user=user)


class ShowAccessRule(ResourceShow):
    """Display access rule details."""

    name = "access rule show"
    resource = RESOURCE
    show_columns = (Column("ID", "id"), Column("Method", "method"), Column("Path", "path"),
                    Column("Service", "service"))
    options = (Arg("access_rule", metavar="<access-rule>",
                   help="access rule to display (ID)"),)

    def fetch(self, args: argparse.Namespace) -> Any:
        return self.service.get_access_rule(_user_id(self.conn), args.access_rule)
