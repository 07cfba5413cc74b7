"""`token issue` and `token revoke`."""

from __future__ import annotations

from typing import Any

from ostack.cli.command import Command, ShowOne


class IssueToken(ShowOne):
    """Issue new token."""

    name = "token issue"

    def take_action(self, args: Any) -> dict[str, Any]:
        access = self.conn.session.get_access()
        data: dict[str, Any] = {}
        if access.token:
            data["id"] = access.token
        if access.expires_at:
            data["expires"] = access.expires_at.strftime("%Y-%m-%dT%H:%M:%S+0000")
        if access.project_id:
            data["project_id"] = access.project_id
        if access.user_id:
            data["user_id"] = access.user_id
        if access.domain_id:
            data["domain_id"] = access.domain_id
        if access.system:
            data["system"] = "all"
        return {k: data[k] for k in sorted(data)}


class RevokeToken(Command):
    """Revoke existing token."""

    name = "token revoke"

    def add_arguments(self, parser) -> None:
        parser.add_argument("token", metavar="<token>", help="token to be deleted")

    def take_action(self, args: Any) -> None:
        self.conn.identity.revoke_token(args.token)
