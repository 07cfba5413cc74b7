"""`token issue` and `token revoke`."""

from __future__ import annotations

from typing import Any

from ostack.cli.command import Command, ShowOne


class IssueToken(ShowOne):
    """Issue a new token (or show the cached one while it is valid)."""

    name = "token issue"

    def take_action(self, args: Any) -> dict[str, Any]:
        access = self.conn.session.get_access()
        expires = access.expires_at
        data: dict[str, Any] = {
            "expires": expires.strftime("%Y-%m-%dT%H:%M:%S+0000") if expires else "",
            "id": access.token,
        }
        if access.project_id:
            data["project_id"] = access.project_id
        if access.domain_id:
            data["domain_id"] = access.domain_id
        if access.system:
            data["system"] = ", ".join(k for k, v in access.system.items() if v)
        data["user_id"] = access.user_id
        return data


class RevokeToken(Command):
    """Revoke a token."""

    name = "token revoke"

    def add_arguments(self, parser) -> None:
        parser.add_argument("token", metavar="<token>", help="the token to revoke")

    def take_action(self, args: Any) -> None:
        self.conn.identity.revoke_token(args.token)
