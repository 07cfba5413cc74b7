"""`trust create|delete|list|show`: roles on a project delegated by a trustor to a trustee."""

from __future__ import annotations

import argparse
import datetime
from typing import Any

from ostack import exceptions
from ostack.cli import identity_fields
from ostack.cli.columns import ReprColumn
from ostack.cli.declare import Arg, Column, Option
from ostack.cli.generic import ResourceCreate, ResourceDelete, ResourceList, ResourceShow

RESOURCE = "identity.trust"
SHOWN = (Column("expires_at", "expires_at"), Column("id", "id"),
         Column("is_impersonation", "is_impersonation"), Column("project_id", "project_id"),
         Column("redelegated_trust_id", "redelegated_trust_id"),
         Column("redelegation_count", "redelegation_count"),
         Column("remaining_uses", "remaining_uses"), Column("roles", "roles", ReprColumn),
         Column("trustee_user_id", "trustee_user_id"),
         Column("trustor_user_id", "trustor_user_id"))


def _domain(flag: str, what: str) -> Option:
    return Option(flag, metavar=f"<{flag.lstrip('-')}>",
                  help=f"domain that contains <{what}> (name or ID)")


class CreateTrust(ResourceCreate):
    """Create new trust."""

    name = "trust create"
    resource = RESOURCE
    show_columns = SHOWN
    options = (
        Arg("trustor", metavar="<trustor-user>",
            help="user that is delegating authorization (name or ID)"),
        Arg("trustee", metavar="<trustee-user>",
            help="user that is assuming authorization (name or ID)"),
        Option("--project", metavar="<project>", required=True,
               help="project being delegated (name or ID) (required)"),
        Option("--role", metavar="<role>", dest="roles", action="append", default=[],
               required=True, help="roles to authorize (name or ID) (repeat option to set "
                                   "multiple values, required)"),
        Option("--impersonate", dest="is_impersonation", action="store_true", default=False,
               help="tokens generated from the trust will represent <trustor> (defaults to "
                    "False)"),
        Option("--expiration", metavar="<expiration>",
               help="sets an expiration date for the trust (format of YYYY-mm-ddTHH:MM:SS)"),
        identity_fields.domain_option("--project-domain", "project"),
        _domain("--trustor-domain", "trustor"),
        _domain("--trustee-domain", "trustee"),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        conn = self.conn
        attrs: dict[str, Any] = {
            "trustor_user_id": identity_fields.find_id(conn, "user", args.trustor,
                                                       args.trustor_domain),
            "trustee_user_id": identity_fields.find_id(conn, "user", args.trustee,
                                                       args.trustee_domain),
            "project_id": identity_fields.find_id(conn, "project", args.project,
                                                  args.project_domain),
            "roles": [{"id": identity_fields.find_id(conn, "role", role)}
                      for role in args.roles],
        }
        if args.expiration:
            try:
                when = datetime.datetime.strptime(args.expiration, "%Y-%m-%dT%H:%M:%S")
            except ValueError as exc:
                raise exceptions.OstackError(str(exc)) from None
            attrs["expires_at"] = when.isoformat()
        attrs["impersonation"] = bool(args.is_impersonation)
        return attrs


class DeleteTrust(ResourceDelete):
    """Delete trust(s)."""

    name = "trust delete"
    resource = RESOURCE
    failure = "Failed to delete trust with name or ID '{name}': {error}"
    options = (Arg("trust", metavar="<trust>", nargs="+", help="trust(s) to delete"),)


class ListTrust(ResourceList):
    """List trusts."""

    name = "trust list"
    resource = RESOURCE
    columns = (Column("ID", "id"), Column("Expires At", "expires_at"),
               Column("Impersonation", "is_impersonation"), Column("Project ID", "project_id"),
               Column("Trustee User ID", "trustee_user_id"),
               Column("Trustor User ID", "trustor_user_id"))
    options = (
        Option("--trustor", metavar="<trustor-user>", help="trustor user to filter (name or ID)"),
        Option("--trustee", metavar="<trustee-user>", help="trustee user to filter (name or ID)"),
        _domain("--trustor-domain", "trustor"),
        _domain("--trustee-domain", "trustee"),
        Option("--auth-user", action="store_true", dest="authuser",
               help="only list trusts related to the authenticated user"),
    )

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        if args.authuser and any((args.trustor, args.trustor_domain, args.trustee,
                                  args.trustee_domain)):
            raise exceptions.OstackError("--authuser cannot be used with --trustee or --trustor")
        if args.trustee_domain and not args.trustee:
            raise exceptions.OstackError("Using --trustee-domain mandates the use of --trustee")
        if args.trustor_domain and not args.trustor:
            raise exceptions.OstackError("Using --trustor-domain mandates the use of --trustor")
        identity = self.service
        if args.authuser:
            me = identity.get_access().user_id
            found = {t.id: t for t in identity.trusts(trustor_user_id=me)}
            for trust in identity.trusts(trustee_user_id=me):
                found.setdefault(trust.id, trust)
            return list(found.values())
        for role in ("trustor", "trustee"):
            if getattr(args, role):
                query[f"{role}_user_id"] = identity_fields.find_id(
                    self.conn, "user", getattr(args, role), getattr(args, f"{role}_domain"))
        return identity.trusts(**query)


class ShowTrust(ResourceShow):
    """Display trust details."""

    name = "trust show"
    resource = RESOURCE
    show_columns = SHOWN
    options = (Arg("trust", metavar="<trust>", help="trust to display"),)
