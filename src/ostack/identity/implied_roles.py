"""Implied roles (role inference rules): holding a prior role grants the implied one too.

`PUT|GET|HEAD|DELETE /v3/roles/{prior_role_id}/implies/{implied_role_id}`,
`GET /v3/roles/{prior_role_id}/implies` and `GET /v3/role_inferences`. openstacksdk 4.22 has
no proxy methods for them; these follow its naming (`create_`, `get_`, `delete_`, a plural
listing, a `check_` that answers a bool).
"""

from __future__ import annotations

from urllib.parse import quote

from ostack import exceptions
from ostack.proxy import Call, Flow, operation, resource_id

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def _rule_path(prior_role: Any, implied_role: Any) -> str:
    return (f"/v3/roles/{quote(resource_id(prior_role), safe='')}"
            f"/implies/{quote(resource_id(implied_role), safe='')}")


class ImpliedRoleActions:
    """Inference rules between roles, as Keystone's `role_inference` documents."""

    @operation
    def create_implied_role(self, prior_role: Any, implied_role: Any) -> Flow:
        """Make `prior_role` imply `implied_role`; the rule
        (`{"prior_role": {...}, "implies": {...}}`)."""
        resp = yield Call("PUT", _rule_path(prior_role, implied_role))
        return (resp.json() or {}).get("role_inference", {})

    @operation
    def get_implied_role(self, prior_role: Any, implied_role: Any) -> Flow:
        """The rule (`{"prior_role": {...}, "implies": {...}}`); NotFound when absent."""
        resp = yield Call("GET", _rule_path(prior_role, implied_role))
        return (resp.json() or {}).get("role_inference", {})

    @operation
    def check_implied_role(self, prior_role: Any, implied_role: Any) -> Flow:
        """True when `prior_role` implies `implied_role`."""
        try:
            yield Call("HEAD", _rule_path(prior_role, implied_role))
        except exceptions.NotFound:
            return False
        return True

    @operation
    def delete_implied_role(self, prior_role: Any, implied_role: Any,
                            ignore_missing: bool = True) -> Flow:
        try:
            yield Call("DELETE", _rule_path(prior_role, implied_role))
        except exceptions.NotFound as exc:  # resent: the lost first one did it
            if not ignore_missing and not exc.resent:
                raise

    @operation
    def implied_roles(self, prior_role: Any) -> Flow:
        """The roles a role implies: `{"prior_role": {...}, "implies": [{...}, ...]}`."""
        resp = yield Call("GET", f"/v3/roles/{quote(resource_id(prior_role), safe='')}/implies")
        return (resp.json() or {}).get("role_inference", {})

    @operation
    def role_inferences(self) -> Flow:
        """Every rule: `[{"prior_role": {...}, "implies": [{...}, ...]}, ...]`."""
        resp = yield Call("GET", "/v3/role_inferences")
        return (resp.json() or {}).get("role_inferences", [])
