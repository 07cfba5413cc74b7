"""`consumer create|delete|list|set|show`, `request token create|authorize` and `access token
create`: OAuth1 consumers and the delegation they are given (Keystone's OS-OAUTH1)."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli import identity_fields
from ostack.cli.command import ShowOne, sorted_fields
from ostack.cli.declare import Arg, Column, Option, add_options
from ostack.cli.generic import (
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceSet,
    ResourceShow,
)

RESOURCE = "identity.consumer"
CONSUMER_KEY = (
    Option("--consumer-key", metavar="<consumer-key>", required=True,
           help="consumer key (required)"),
    Option("--consumer-secret", metavar="<consumer-secret>", required=True,
           help="consumer secret (required)"),
)
DESCRIPTION = Option("--description", metavar="<description>", body="description",
                     help="new consumer description")


class _ConsumerFields:
    def show(self, consumer: Any) -> dict[str, Any]:
        return sorted_fields(consumer.raw, drop=("links",))


class CreateConsumer(_ConsumerFields, ResourceCreate):
    """Create new consumer."""

    name = "consumer create"
    resource = RESOURCE
    options = (DESCRIPTION,)

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        return {"description": args.description}


class DeleteConsumer(ResourceDelete):
    """Delete consumer(s)."""

    name = "consumer delete"
    resource = RESOURCE
    failure = "Failed to delete consumer with name or ID '{name}': {error}"
    options = (Arg("consumer", metavar="<consumer>", nargs="+", help="consumer(s) to delete"),)


class ListConsumer(ResourceList):
    """List consumers."""

    name = "consumer list"
    resource = RESOURCE
    columns = (Column("ID", "id"), Column("Description", "description"))


class SetConsumer(ResourceSet):
    """Set consumer properties."""

    name = "consumer set"
    resource = RESOURCE
    options = (Arg("consumer", metavar="<consumer>", help="consumer to modify"), DESCRIPTION)


class ShowConsumer(_ConsumerFields, ResourceShow):
    """Display consumer details."""

    name = "consumer show"
    resource = RESOURCE
    options = (Arg("consumer", metavar="<consumer>", help="consumer to display"),)


def _token_fields(token: Any) -> dict[str, Any]:
    return sorted_fields({k: v for k, v in token.raw.items() if v is not None})


class CreateRequestToken(ShowOne):
    """Create a request token."""

    name = "request token create"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            *CONSUMER_KEY,
            Option("--project", metavar="<project>", required=True,
                   help="project that consumer wants to access (name or ID) (required)"),
            Option("--domain", metavar="<domain>", help="domain owning <project> (name or ID)"),
        ))

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        identity = self.conn.identity
        project = identity_fields.find(self.conn, "project", args.project, args.domain)
        return _token_fields(identity.create_request_token(
            args.consumer_key, args.consumer_secret, project))


class AuthorizeRequestToken(ShowOne):
    """Authorize a request token."""

    name = "request token authorize"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Option("--request-key", metavar="<request-key>", required=True,
                   help="request token to authorize (ID only) (required)"),
            Option("--role", metavar="<role>", dest="roles", action="append", default=[],
                   required=True, help="roles to authorize (name or ID) (repeat option to set "
                                       "multiple values) (required)"),
        ))

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        identity = self.conn.identity
        roles = [identity.find_role(role, ignore_missing=False) for role in args.roles]
        return sorted_fields(identity.authorize_request_token(args.request_key, roles))


class CreateAccessToken(ShowOne):
    """Create an access token."""

    name = "access token create"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            *CONSUMER_KEY,
            Option("--request-key", metavar="<request-key>", required=True,
                   help="request token to exchange for access token (required)"),
            Option("--request-secret", metavar="<request-secret>", required=True,
                   help="secret associated with <request-key> (required)"),
            Option("--verifier", metavar="<verifier>", required=True,
                   help="verifier associated with <request-key> (required)"),
        ))

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        return _token_fields(self.conn.identity.create_access_token(
            args.consumer_key, args.consumer_secret, args.request_key, args.request_secret,
            args.verifier))
