"""`keypair create|delete|list|show`, as the official client prints them.

Without `--public-key`, `keypair create` makes an Ed25519 key here (Nova stopped generating
keys at 2.92; the official client always makes its own) and saves the private half to
`--private-key` or prints it.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from ostack import exceptions
from ostack.cli import lookups
from ostack.cli.command import ShowOne
from ostack.cli.declare import Arg, Column, Option, marker_pagination
from ostack.cli.generic import ResourceCommand, ResourceDelete, ResourceList, ShowFields
from ostack.transport.microversions import at_least

RESOURCE = "compute.keypair"

USER_DOMAIN = Option("--user-domain", metavar="<user-domain>",
                     help="domain the user belongs to (name or ID), for when user names "
                          "collide")
PROJECT_DOMAIN = Option("--project-domain", metavar="<project-domain>",
                        help="domain the project belongs to (name or ID), for when project "
                             "names collide")


def _needs(compute: Any, version: str, option: str) -> None:
    if not at_least(compute.microversion, version):
        raise exceptions.OstackError(
            f"--os-compute-api-version {version} or greater is required to support the "
            f"{option} option")


def _user_id(command: ResourceCommand, args: argparse.Namespace) -> str | None:
    """The ID of `--user` (looked up in `--user-domain`), or None without --user."""
    if not args.user:
        return None
    _needs(command.service, "2.10", "--user")
    query = {}
    if args.user_domain:
        query["domain_id"] = lookups.find_id(command.conn, "identity.domain", args.user_domain)
    return lookups.find_id(command.conn, "identity.user", args.user, **query)


class KeypairFields(ShowFields):
    show_hidden = ("links", "public_key")


class CreateKeypair(KeypairFields, ResourceCommand, ShowOne):
    """Create new public or private key for server ssh access."""

    name = "keypair create"
    resource = RESOURCE
    options = (
        Arg("name", metavar="<name>", help="new public or private key name"),
        Option("--public-key", metavar="<file>", group="key",
               help="filename for public key to add; if not used, generates a private key "
                    "in ssh-ed25519 format (use ssh-keygen for other formats, including "
                    "ssh-rsa, and give the public key here)"),
        Option("--private-key", metavar="<file>", group="key",
               help="filename for private key to save; if not used, print private key in "
                    "console"),
        Option("--type", metavar="<type>", choices=["ssh", "x509"],
               help="keypair type (microversion 2.2 or later)"),
        Option("--user", metavar="<user>",
               help="the owner of the keypair (admin only) (name or ID) (microversion 2.10 "
                    "or later)"),
        USER_DOMAIN,
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        from ostack.compute import ssh_keys

        attrs: dict[str, Any] = {"name": args.name}
        private_key = None
        if args.public_key:
            try:
                with open(os.path.expanduser(args.public_key)) as handle:
                    attrs["public_key"] = handle.read()
            except OSError as exc:
                raise exceptions.OstackError(
                    f"Key file {args.public_key} not found: {exc}") from None
        else:
            private_key, attrs["public_key"] = ssh_keys.generate_ed25519()
            if args.private_key:
                _save_private(args.private_key, private_key)
        if args.type:
            _needs(self.service, "2.2", "--type")
            attrs["type"] = args.type
        user_id = _user_id(self, args)
        if user_id:
            attrs["user_id"] = user_id
        keypair = self.service.create_keypair(**attrs)
        if args.public_key or args.private_key:
            return {k: v for k, v in self.show(keypair).items() if k != "private_key"}
        sys.stdout.write(private_key or "")
        return {}


def _save_private(path: str, private_key: str) -> None:
    """Write the private key readable by its owner only (ssh refuses it otherwise)."""
    try:
        descriptor = os.open(os.path.expanduser(path), os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
                             0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(private_key)
    except OSError as exc:
        raise exceptions.OstackError(f"Key file {path} can not be saved: {exc}") from None


class DeleteKeypair(ResourceDelete):
    """Delete public or private key(s)."""

    name = "keypair delete"
    resource = RESOURCE
    failure = "Failed to delete key with name '{name}': {error}"
    summary = "{failed} of {total} keys failed to delete."
    options = (
        Arg("name", metavar="<key>", nargs="+", help="name of key(s) to delete (name only)"),
        Option("--user", metavar="<user>",
               help="the owner of the keypair (admin only) (name or ID); requires "
                    "microversion 2.10 or later"),
        USER_DOMAIN,
    )

    def take_action(self, args: argparse.Namespace) -> int:
        self._user = _user_id(self, args)
        return super().take_action(args)

    def delete(self, args: argparse.Namespace, name: str) -> Any:
        self.service.delete_keypair(name, ignore_missing=False, user_id=self._user)


LIST_OPTIONS = (
    Option("--user", metavar="<user>", group="owner",
           help="show keypairs for another user (admin only) (name or ID); requires "
                "microversion 2.10 or later"),
    USER_DOMAIN,
    Option("--project", metavar="<project>", group="owner",
           help="show keypairs for all users associated with project (admin only) (name or "
                "ID); requires microversion 2.10 or later"),
    PROJECT_DOMAIN,
    *marker_pagination(),
)


class ListKeypair(ResourceList):
    """List key fingerprints."""

    name = "keypair list"
    resource = RESOURCE
    columns = (Column("Name", "name"), Column("Fingerprint", "fingerprint"))
    options = LIST_OPTIONS

    def columns_for(self, args: argparse.Namespace) -> tuple[Column, ...]:
        if at_least(self.service.microversion, "2.2"):
            return self.columns + (Column("Type", "type"),)
        return self.columns

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> list[Any]:
        compute = self.service
        query = {}
        for option in ("marker", "limit"):
            if getattr(args, option):
                _needs(compute, "2.35", f"--{option}")
                query[option] = getattr(args, option)
        if args.max_items is not None:
            query["max_items"] = args.max_items
        if args.project:
            _needs(compute, "2.10", "--project")
            domain = {}
            if args.project_domain:
                domain["domain_id"] = lookups.find_id(self.conn, "identity.domain",
                                                      args.project_domain)
            project = lookups.find_id(self.conn, "identity.project", args.project, **domain)
            users = {a.user["id"] for a in self.conn.identity.role_assignments(
                scope_project_id=project) if a.user}
            found: list[Any] = []
            for user_id in users:
                found.extend(compute.keypairs(user_id=user_id, **query))
            return found
        user_id = _user_id(self, args)
        if user_id:
            query["user_id"] = user_id
        return list(compute.keypairs(**query))


class ShowKeypair(KeypairFields, ResourceCommand, ShowOne):
    """Display key details."""

    name = "keypair show"
    resource = RESOURCE
    options = (
        Arg("name", metavar="<key>", help="public or private key to display (name only)"),
        Option("--public-key", action="store_true",
               help="show only bare public key paired with the generated key"),
        Option("--user", metavar="<user>",
               help="the owner of the keypair (admin only) (name or ID); requires "
                    "microversion 2.10 or later"),
        USER_DOMAIN,
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        keypair = self.service.find_keypair(args.name, ignore_missing=False,
                                            user_id=_user_id(self, args))
        if args.public_key:
            sys.stdout.write(keypair.public_key or "")
            return {}
        return self.show(keypair)
