"""Multi-factor authentication: the `totp` auth method and auth receipts.

TOTP (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits) checks a passcode against the user's
credentials of type `totp`, whose blob is the base32 secret; like Keystone, the previous
window is accepted too (`[totp] included_previous_windows = 1`).

A user with the option `multi_factor_auth_enabled` must authenticate with every method of
one of its `multi_factor_auth_rules` (lists of method names). When the methods given do not
yet satisfy a rule, Keystone answers 401 with an auth receipt in the `Openstack-Auth-Receipt`
header and a body naming the methods done and the rules; the client sends the receipt back
with the missing methods. Tokens (re-scoping) and application credentials are not subject to
the rules, as in Keystone.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
from typing import Any

from .. import timestamps
from ..errors import Unauthorized
from .records import Records
from .user_options import options_of

RECEIPT_HEADER = "Openstack-Auth-Receipt"
#: Keystone's `[receipt] expiration`, seconds.
RECEIPT_EXPIRATION = 300
STEP, DIGITS, PREVIOUS_WINDOWS = 30, 6, 1
#: Methods that skip the rules (a token proves the factors were given already).
EXEMPT = ("token", "application_credential")


def _key(secret: str) -> bytes:
    """A base32 secret (case, blanks and missing padding forgiven) as bytes."""
    text = secret.strip().replace(" ", "").upper()
    return base64.b32decode(text + "=" * (-len(text) % 8))


def totp(secret: str, at: float | None = None, step: int = STEP, digits: int = DIGITS) -> str:
    """The passcode of a base32 secret at a time (RFC 6238 with HMAC-SHA1)."""
    counter = int((timestamps.now() if at is None else at) // step)
    digest = hmac.new(_key(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 10 ** digits
    return str(code).zfill(digits)


def passcode_matches(secrets_: list[str], passcode: str) -> bool:
    """Whether the passcode is one of the secrets' codes now or in the previous window."""
    now = timestamps.now()
    for secret in secrets_:
        try:
            codes = {totp(secret, now - STEP * back) for back in range(PREVIOUS_WINDOWS + 1)}
        except (ValueError, TypeError):  # a blob that is not base32: never matches
            continue
        if any(hmac.compare_digest(code, passcode) for code in codes):
            return True
    return False


def totp_secrets(records: Records, user_id: str) -> list[str]:
    """The secrets of the user's `totp` credentials."""
    return [c["blob"] for c in records.list("credential", user_id)
            if c.get("type") == "totp" and isinstance(c.get("blob"), str)]


def required_rules(user: dict[str, Any]) -> list[list[str]]:
    """The user's rules when multi-factor auth is on for it ([] when it is off or has no
    rule: any one method will do)."""
    options = options_of(user)
    if not options.get("multi_factor_auth_enabled"):
        return []
    return [list(rule) for rule in options.get("multi_factor_auth_rules") or []
            if isinstance(rule, list) and rule]


def satisfied(rules: list[list[str]], methods: list[str]) -> bool:
    if not rules or any(m in EXEMPT for m in methods):
        return True
    return any(set(rule) <= set(methods) for rule in rules)


class ReceiptRequired(Unauthorized):
    """Keystone's 401 with an auth receipt (its body is the receipt, not an error)."""

    def __init__(self, receipt: str, body: dict[str, Any]) -> None:
        super().__init__(headers={RECEIPT_HEADER: receipt})
        self.body = body


class Receipts:
    """Auth receipts: which user proved which methods, for a few minutes. Only the receipt's
    SHA-256 is kept."""

    def __init__(self, records: Records) -> None:
        self.records = records

    @staticmethod
    def _id(receipt: str) -> str:
        return hashlib.sha256(receipt.encode("utf-8", "surrogateescape")).hexdigest()

    def issue(self, user: dict[str, Any], user_domain: dict[str, Any], methods: list[str],
              rules: list[list[str]]) -> ReceiptRequired:
        receipt = secrets.token_urlsafe(32)
        issued = timestamps.now()
        expires = issued + RECEIPT_EXPIRATION
        self.records.put("auth_receipt", self._id(receipt), {
            "user_id": user["id"], "methods": methods, "expires_at": expires})
        body = {
            "receipt": {
                "methods": methods,
                "user": {"domain": user_domain, "id": user["id"], "name": user["name"]},
                "expires_at": timestamps.iso_token(expires),
                "issued_at": timestamps.iso_token(issued),
            },
            "required_auth_methods": rules,
        }
        return ReceiptRequired(receipt, body)

    def redeem(self, receipt: str) -> tuple[str, list[str]]:
        """The user id and methods of a valid receipt; 401 otherwise."""
        record = self.records.get("auth_receipt", self._id(receipt))
        if record is None or record["expires_at"] <= timestamps.now():
            raise Unauthorized("The auth receipt is invalid or has expired.")
        return record["user_id"], list(record["methods"])
