"""The credential encryption keys: credentials' blobs (EC2 secrets, TOTP seeds, certificates)
are kept encrypted at rest, as Keystone keeps them with its `credential-keys` Fernet
repository.

The key lives in the state folder's `credential-keys/0` (folder 0700, file 0600), apart from
the database: a copy of `localcloud.db` alone does not reveal any secret.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken


class CredentialKeys:
    """Seals and opens credential blobs with the state folder's Fernet key."""

    def __init__(self, state_dir: Path | str | None) -> None:
        self.folder = Path(state_dir) / "credential-keys" if state_dir else None
        self._fernet: Fernet | None = None

    def _key(self) -> Fernet:
        if self._fernet is None:
            key = None
            if self.folder is not None:
                path = self.folder / "0"
                if path.exists():
                    key = path.read_bytes().strip()
                else:
                    self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                    key = Fernet.generate_key()
                    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
                    with os.fdopen(fd, "wb") as handle:
                        handle.write(key)
            self._fernet = Fernet(key or Fernet.generate_key())
        return self._fernet

    def seal(self, blob: str) -> str:
        return self._key().encrypt(blob.encode()).decode()

    def open(self, sealed: str) -> str:
        """The blob; "" when the key that sealed it is gone (the state folder lost its keys)."""
        try:
            return self._key().decrypt(sealed.encode()).decode()
        except InvalidToken:
            return ""
