"""Password and secret hashing (bcrypt), imported lazily: it is only needed to authenticate."""

from __future__ import annotations

import base64
import hashlib

# A test cloud: Keystone's default cost (12) takes about 250 ms per token on this kind of
# machine; cost 4 takes about 1 ms, which keeps tests and benchmarks about the client.
BCRYPT_ROUNDS = 4


def _digest(secret: str) -> bytes:
    # bcrypt reads at most 72 bytes (and bcrypt>=5 refuses more); hashing a SHA-256 digest of
    # the secret first keeps long secrets (application credentials are 86 chars) whole.
    return base64.b64encode(hashlib.sha256(secret.encode("utf-8")).digest())


def hash_secret(secret: str) -> str:
    """The bcrypt hash stored for a password or an application credential secret."""
    import bcrypt

    return bcrypt.hashpw(_digest(secret), bcrypt.gensalt(rounds=BCRYPT_ROUNDS)).decode()


def check_secret(secret: str, hashed: str | None) -> bool:
    """Whether `secret` matches the stored hash."""
    if not hashed:
        return False
    import bcrypt

    try:
        return bcrypt.checkpw(_digest(secret), hashed.encode())
    except ValueError:
        return False
