"""The result of authenticating: the token, its expiry, its scope and the service catalog."""

from __future__ import annotations

import time
from datetime import UTC, datetime

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: Renew a token this many seconds before it expires.
RENEW_MARGIN = 60.0


def parse_time(text: str | None) -> float | None:
    """Keystone's ISO 8601 times (with or without fraction, `Z` or offset) -> epoch seconds."""
    if not text:
        return None
    value = text.strip()
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.timestamp()


class AccessInfo:
    """A Keystone v3 token and what it carries."""

    __slots__ = ("token", "body")

    def __init__(self, token: str, body: dict[str, Any] | None = None) -> None:
        self.token = token
        self.body = body or {}

    def __repr__(self) -> str:
        return f"<AccessInfo user={self.user_id} project={self.project_id} expires={self.expires}>"

    @property
    def _token(self) -> dict[str, Any]:
        return self.body.get("token", {})

    @property
    def expires(self) -> float | None:
        return parse_time(self._token.get("expires_at"))

    @property
    def expires_at(self) -> datetime | None:
        ts = self.expires
        return datetime.fromtimestamp(ts, UTC) if ts is not None else None

    @property
    def issued_at(self) -> datetime | None:
        ts = parse_time(self._token.get("issued_at"))
        return datetime.fromtimestamp(ts, UTC) if ts is not None else None

    def will_expire_soon(self, margin: float = RENEW_MARGIN) -> bool:
        ts = self.expires
        return ts is not None and ts - time.time() < margin

    @property
    def user(self) -> dict[str, Any]:
        return self._token.get("user", {})

    @property
    def user_id(self) -> str | None:
        return self.user.get("id")

    @property
    def username(self) -> str | None:
        return self.user.get("name")

    @property
    def user_domain_id(self) -> str | None:
        return self.user.get("domain", {}).get("id")

    @property
    def project(self) -> dict[str, Any] | None:
        return self._token.get("project")

    @property
    def project_id(self) -> str | None:
        return (self.project or {}).get("id")

    @property
    def project_name(self) -> str | None:
        return (self.project or {}).get("name")

    @property
    def domain(self) -> dict[str, Any] | None:
        return self._token.get("domain")

    @property
    def domain_id(self) -> str | None:
        return (self.domain or {}).get("id")

    @property
    def system(self) -> dict[str, Any] | None:
        return self._token.get("system")

    @property
    def roles(self) -> list[dict[str, Any]]:
        return self._token.get("roles", []) or []

    @property
    def role_names(self) -> list[str]:
        return [r.get("name", "") for r in self.roles]

    @property
    def methods(self) -> list[str]:
        return self._token.get("methods", []) or []

    @property
    def audit_ids(self) -> list[str]:
        return self._token.get("audit_ids", []) or []

    @property
    def catalog(self) -> list[dict[str, Any]]:
        return self._token.get("catalog", []) or []

    @property
    def application_credential(self) -> dict[str, Any] | None:
        return self._token.get("application_credential")

    @property
    def scoped(self) -> bool:
        return bool(self.project or self.domain or self.system)

    def to_dict(self) -> dict[str, Any]:
        return {"token": self.token, "body": self.body}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AccessInfo:
        return cls(token=data["token"], body=data.get("body", {}))
