"""The login form's pre-session CSRF token: signed with the dashboard's key, stamped with its
time, refused once older than PRESESSION_TTL, forged or signed with another key."""

from __future__ import annotations

from ostack.dashboard import csrf

KEY = b"k" * 32


def test_a_fresh_token_is_accepted_until_it_expires() -> None:
    token = csrf.presession_token(KEY, now=1_000_000)
    assert csrf.presession_age(KEY, token, now=1_000_000) == 0
    assert csrf.presession_age(KEY, token, now=1_000_000 + csrf.PRESESSION_TTL) is not None
    assert csrf.presession_age(KEY, token, now=1_000_001 + csrf.PRESESSION_TTL) is None
    assert csrf.presession_age(KEY, token, now=1_000_000 - 61) is None  # from the future


def test_forged_or_foreign_tokens_are_refused() -> None:
    token = csrf.presession_token(KEY, now=1_000_000)
    stamp, nonce, mac = token.split(".")
    assert csrf.presession_age(b"x" * 32, token, now=1_000_000) is None
    assert csrf.presession_age(KEY, f"{int(stamp) + 500}.{nonce}.{mac}", now=1_000_000) is None
    assert csrf.presession_age(KEY, f"{stamp}.{nonce}", now=1_000_000) is None
    for junk in (None, "", "a.b.c", "..", token + "x"):
        assert csrf.presession_age(KEY, junk, now=1_000_000) is None
    assert csrf.presession_token(KEY) != csrf.presession_token(KEY)
