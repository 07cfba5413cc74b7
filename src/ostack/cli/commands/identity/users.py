"""`user list` and `user show`."""

from __future__ import annotations

from typing import Any

from ostack.cli.command import Lister, ShowOne, sorted_fields
from ostack.cli.commands.identity.projects import _domain_id


class ListUser(Lister):
    """List users."""

    name = "user list"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--domain", metavar="<domain>", help="only users of this domain")
        parser.add_argument("--long", action="store_true", help="more columns")

    def take_action(self, args: Any):
        identity = self.conn.identity
        query = {"domain_id": _domain_id(identity, args.domain)} if args.domain else {}
        users = list(identity.users(**query))
        if args.long:
            columns = ("ID", "Name", "Project", "Domain", "Description", "Email", "Enabled")
            rows = [(u.id, u.name, u.default_project_id, u.domain_id, u.description, u.email,
                     u.is_enabled) for u in users]
        else:
            columns = ("ID", "Name")
            rows = [(u.id, u.name) for u in users]
        return columns, rows


class ShowUser(ShowOne):
    """Show a user, by name or ID."""

    name = "user show"

    def add_arguments(self, parser) -> None:
        parser.add_argument("user", metavar="<user>", help="user name or ID")

    def take_action(self, args: Any) -> dict[str, Any]:
        user = self.conn.identity.find_user(args.user, ignore_missing=False)
        data = {k: v for k, v in user.raw.items() if k != "links"}
        return sorted_fields(data)
