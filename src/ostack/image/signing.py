"""Image signatures: the data signed with a private key (RSA-PSS over SHA-256), recorded in
the `img_signature*` properties that Glance checks, at upload, against the certificate kept
in the key manager under `img_signature_certificate_uuid`.

Needs the `cryptography` package (imported only when an image is signed).
"""

from __future__ import annotations

import base64
from typing import Any, BinaryIO

from ostack import exceptions

HASH_METHOD = "SHA-256"
KEY_TYPE = "RSA-PSS"


def load_private_key(path: str, password: bytes | None = None) -> Any:
    """A PEM private key from a file (`password` when it is encrypted)."""
    try:
        from cryptography.hazmat.primitives import serialization
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise exceptions.OstackError("signing images needs the cryptography package") from exc
    with open(path, "rb") as handle:
        return serialization.load_pem_private_key(handle.read(), password=password)


def sign(key: Any, data: BinaryIO, chunk: int = 1024 * 1024) -> bytes:
    """The signature of a file's data (read from its start; left at its start)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding, utils

    digest = hashes.Hash(hashes.SHA256())
    data.seek(0)
    while block := data.read(chunk):
        digest.update(block)
    data.seek(0)
    scheme = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.MAX_LENGTH)
    return key.sign(digest.finalize(), scheme, utils.Prehashed(hashes.SHA256()))


def signature_properties(key: Any, data: BinaryIO, certificate_id: str) -> dict[str, str]:
    """The image properties that carry a signature of `data`."""
    return {
        "img_signature": base64.b64encode(sign(key, data)).decode(),
        "img_signature_certificate_uuid": certificate_id,
        "img_signature_hash_method": HASH_METHOD,
        "img_signature_key_type": KEY_TYPE,
    }
