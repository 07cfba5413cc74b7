"""Ed25519 SSH keys made here, without a crypto library: Nova stopped generating keypairs at
microversion 2.92, so the client makes the key and registers its public half.

The arithmetic follows RFC 8032 (section 5.1: the curve, point addition in extended
coordinates, key generation); the files follow OpenSSH's formats (PROTOCOL.key for the
private key, RFC 8709 for the `ssh-ed25519` public key line).
"""

from __future__ import annotations

import base64
import hashlib
import os
import struct

_P = 2**255 - 19
_D = -121665 * pow(121666, _P - 2, _P) % _P
_BASE_Y = 4 * pow(5, _P - 2, _P) % _P
_BASE_X = 15112221349535400772501151409588531511454012693041857206046113283949847762202
_BASE = (_BASE_X, _BASE_Y, 1, _BASE_X * _BASE_Y % _P)
_KEY_TYPE = b"ssh-ed25519"

Point = tuple[int, int, int, int]


def _add(p: Point, q: Point) -> Point:
    """P + Q on the twisted Edwards curve, in extended coordinates (X, Y, Z, T)."""
    a = (p[1] - p[0]) * (q[1] - q[0]) % _P
    b = (p[1] + p[0]) * (q[1] + q[0]) % _P
    c = 2 * p[3] * q[3] * _D % _P
    d = 2 * p[2] * q[2] % _P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % _P, g * h % _P, f * g % _P, e * h % _P)


def _multiply(scalar: int, point: Point) -> Point:
    result: Point = (0, 1, 1, 0)  # the neutral element
    while scalar:
        if scalar & 1:
            result = _add(result, point)
        point = _add(point, point)
        scalar >>= 1
    return result


def _encode(point: Point) -> bytes:
    z_inverse = pow(point[2], _P - 2, _P)
    x = point[0] * z_inverse % _P
    y = point[1] * z_inverse % _P
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def public_from_seed(seed: bytes) -> bytes:
    """The 32-byte public key of a 32-byte private seed (RFC 8032, 5.1.5)."""
    digest = hashlib.sha512(seed).digest()
    scalar = int.from_bytes(digest[:32], "little")
    scalar &= (1 << 254) - 8
    scalar |= 1 << 254
    return _encode(_multiply(scalar, _BASE))


def _string(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def public_line(public: bytes) -> str:
    """`ssh-ed25519 AAAA...` (no comment), as authorized_keys and Nova take it."""
    blob = _string(_KEY_TYPE) + _string(public)
    return f"{_KEY_TYPE.decode()} {base64.b64encode(blob).decode()}"


def private_pem(seed: bytes, public: bytes, comment: str = "") -> str:
    """The private key in OpenSSH's own format, unencrypted."""
    check = os.urandom(4)
    secret = (check + check + _string(_KEY_TYPE) + _string(public) + _string(seed + public)
              + _string(comment.encode()))
    secret += bytes(range(1, 1 + (-len(secret)) % 8))
    blob = (b"openssh-key-v1\0" + _string(b"none") + _string(b"none") + _string(b"")
            + struct.pack(">I", 1) + _string(_string(_KEY_TYPE) + _string(public))
            + _string(secret))
    text = base64.b64encode(blob).decode()
    lines = [text[i:i + 64] for i in range(0, len(text), 64)]
    return ("-----BEGIN OPENSSH PRIVATE KEY-----\n" + "\n".join(lines)
            + "\n-----END OPENSSH PRIVATE KEY-----\n")


def generate_ed25519() -> tuple[str, str]:
    """A new key: (private key in OpenSSH format, public key line)."""
    seed = os.urandom(32)
    public = public_from_seed(seed)
    return private_pem(seed, public), public_line(public)
