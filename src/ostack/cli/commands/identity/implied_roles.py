"""`implied role create|delete|list`: inference rules between roles, as the official client
prints them."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli.command import Command, Lister, ShowOne
from ostack.cli.declare import Arg, Option, add_options

ARGUMENTS = (
    Arg("role", metavar="<role>", help="role (name or ID) that implies another role"),
    Option("--implied-role", metavar="<role>", required=True,
           help="<role> (name or ID) implied by another role"),
)


def _role_ids(conn: Any, args: argparse.Namespace) -> tuple[str | None, str | None]:
    """The prior and implied roles' IDs, matched by name or ID in one listing of the roles
    (None for one that matches no role: the service then answers 404)."""
    prior = implied = None
    for role in conn.identity.roles():
        if args.role in (role.name, role.id):
            prior = role.id
        elif args.implied_role in (role.name, role.id):
            implied = role.id
    return prior, implied


class CreateImpliedRole(ShowOne):
    """Creates an association between prior and implied roles."""

    name = "implied role create"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, ARGUMENTS)

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        prior, implied = _role_ids(self.conn, args)
        rule = self.conn.identity.create_implied_role(prior or "None", implied or "None")
        return {key: rule[key]["id"] for key in sorted(rule) if key != "links"}


class DeleteImpliedRole(Command):
    """Deletes an association between prior and implied roles."""

    name = "implied role delete"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, ARGUMENTS)

    def take_action(self, args: argparse.Namespace) -> int:
        prior, implied = _role_ids(self.conn, args)
        self.conn.identity.delete_implied_role(prior or "None", implied or "None",
                                               ignore_missing=False)
        return 0


class ListImpliedRole(Lister):
    """List implied roles."""

    name = "implied role list"

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        from ostack.cli.ndjson import keep_bodies

        rules = list(self.conn.identity.role_inferences())
        rows = [[rule["prior_role"]["id"], rule["prior_role"]["name"], implied["id"],
                 implied["name"]]
                for rule in rules
                for implied in rule.get("implies", [])]
        return (["Prior Role ID", "Prior Role Name", "Implied Role ID", "Implied Role Name"],
                keep_bodies(rows, rules))
