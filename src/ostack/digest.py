"""SHA-256 hex digests without importing hashlib.

hashlib loads OpenSSL's bindings (about 4-7 ms); the built-in `_sha256` (`_sha2` from Python
3.12) module gives the same digest for the few short strings the CLI hashes per run: the token
cache key and, in debug logs, the token fingerprints.
"""

from __future__ import annotations

try:  # Python 3.12+
    from _sha2 import sha256 as _sha256  # type: ignore[import-not-found]
except ImportError:
    try:
        from _sha256 import sha256 as _sha256  # type: ignore[import-not-found,no-redef]
    except ImportError:  # pragma: no cover - interpreters without the built-in module
        from hashlib import sha256 as _sha256  # type: ignore[assignment]


def sha256_hex(text: str | bytes) -> str:
    data = text.encode() if isinstance(text, str) else text
    return _sha256(data).hexdigest()
