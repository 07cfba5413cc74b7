"""`/v2.1/os-keypairs`: list, create or import, show, delete (each user's own; admins may name
another user from 2.10). Nova generates an RSA key pair (for `x509`, a key and a self-signed
certificate) when no public key is given (< 2.92)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import struct
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import BadRequest, Forbidden, NotFound
from ..policy import Context, require_project
from ..routing import DELETE, GET, POST, RouteTable
from ..service import authenticate, empty_response, json_response, read_json
from .http import backend, caller, next_link, paginate
from .versions import microversion

NAME_BEFORE_292 = re.compile(r"^[a-zA-Z0-9 _-]+$")
NAME_FROM_292 = re.compile(r"^[a-zA-Z0-9 @._-]+$")
SSH_TYPES = ("ssh-rsa", "ssh-dss", "ssh-ed25519", "ecdsa-sha2-nistp256",
             "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521")


def _invalid() -> BadRequest:
    return BadRequest("Keypair data is invalid: failed to generate fingerprint")


def ssh_fingerprint(public_key: str) -> str:
    """Nova's fingerprint of an OpenSSH public key: MD5 of the key blob, colon-separated."""
    parts = public_key.strip().split()
    if len(parts) < 2 or parts[0] not in SSH_TYPES:
        raise _invalid()
    try:
        blob = base64.b64decode(parts[1], validate=True)
    except (binascii.Error, ValueError):
        raise _invalid() from None
    if len(blob) < 4:
        raise _invalid()
    (length,) = struct.unpack(">I", blob[:4])
    if blob[4:4 + length].decode("ascii", "replace") != parts[0]:
        raise _invalid()
    digest = hashlib.md5(blob).hexdigest()
    return ":".join(digest[i:i + 2] for i in range(0, 32, 2))


def x509_fingerprint(certificate: str) -> str:
    """SHA-1 of a PEM certificate's DER bytes, colon-separated."""
    body = re.sub(r"-----(BEGIN|END) CERTIFICATE-----", "", certificate)
    try:
        der = base64.b64decode("".join(body.split()), validate=True)
    except (binascii.Error, ValueError):
        raise BadRequest("Keypair data is invalid: failed to generate fingerprint") from None
    if not der:
        raise _invalid()
    digest = hashlib.sha1(der).hexdigest()
    return ":".join(digest[i:i + 2] for i in range(0, 40, 2))


def generate_ssh_keypair() -> tuple[str, str]:
    """A new RSA 2048 key pair: (OpenSSH public key, PEM private key), as Nova makes them."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM,
                                serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH,
                                           serialization.PublicFormat.OpenSSH).decode()
    return f"{public} Generated-by-Nova\n", private


def generate_x509_keypair(user_id: str, project_id: str) -> tuple[str, str]:
    """A new RSA 2048 key and a self-signed certificate of it, valid ten years, whose subject
    names the project and user as Nova's `user_cert_subject` does: (PEM certificate, PEM
    private key). The certificate is the key pair's `public_key`."""
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.now(UTC)
    subject = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
        x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, "California"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "OpenStack"),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "NovaDev"),
        x509.NameAttribute(NameOID.COMMON_NAME,
                           f"{project_id[:16]}-{user_id[:16]}-{now:%Y-%m-%dT%H:%M:%SZ}"),
    ])
    certificate = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now).not_valid_after(now + timedelta(days=3650))
                   .sign(key, hashes.SHA256()))
    private = key.private_bytes(serialization.Encoding.PEM,
                                serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption()).decode()
    return certificate.public_bytes(serialization.Encoding.PEM).decode(), private


def keypair_view(request: Request, row: dict[str, Any], full: bool = False) -> dict[str, Any]:
    view: dict[str, Any] = {"name": row["name"], "public_key": row["public_key"],
                            "fingerprint": row["fingerprint"]}
    if microversion(request) >= (2, 2):
        view["type"] = row["type"]
    if full:
        view.update({"user_id": row["user_id"], "deleted": False,
                     "created_at": timestamps.iso_micro(row["created_at"]),
                     "updated_at": None, "deleted_at": None, "id": row["id"]})
    return view


def _owner(request: Request, ctx: Context, user_id: Any = None) -> str:
    """Whose keypairs: the caller's, or from 2.10 an admin's choice (`user_id`)."""
    if user_id is None:
        user_id = request.query_params.get("user_id")
    if user_id is None or microversion(request) < (2, 10):
        return ctx.user_id
    if not isinstance(user_id, str):
        raise BadRequest(f"Invalid input for field/attribute user_id. Value: {user_id!r}.")
    if user_id != ctx.user_id and not ctx.is_admin:
        raise Forbidden("Policy doesn't allow os_compute_api:os-keypairs to be performed.")
    return user_id


async def list_keypairs(request: Request) -> Response:
    """GET /os-keypairs (paged by name from 2.35)."""
    ctx = caller(request, "os_compute_api:os-keypairs:index")
    rows = backend(request).keypairs.list(_owner(request, ctx))
    body: dict[str, Any] = {}
    if microversion(request) >= (2, 35):
        rows, next_marker = paginate(request, rows, key="name")
        if next_marker is not None:
            body["keypairs_links"] = next_link(request, "os-keypairs", next_marker)
    body["keypairs"] = [{"keypair": keypair_view(request, r)} for r in rows]
    return json_response(dict(sorted(body.items())))


async def show_keypair(request: Request) -> Response:
    """GET /os-keypairs/{keypair_name}."""
    ctx = caller(request, "os_compute_api:os-keypairs:show")
    name = request.path_params["keypair_name"]
    row = backend(request).keypairs.get(_owner(request, ctx), name)
    if row is None:
        raise NotFound(f"Keypair {name} not found for user {_owner(request, ctx)}")
    return json_response({"keypair": keypair_view(request, row, full=True)})


def _keypair_caller(request: Request, action: str) -> Context:
    """A keypair is its user's own (Nova's default: "admin or user_id:%(user_id)s"): any role
    on a project, a reader included, creates and deletes its own keypairs."""
    ctx = authenticate(request)
    require_project(ctx, action)
    return ctx


async def create_keypair(request: Request) -> Response:
    """POST /os-keypairs: import `public_key`, or generate a pair (< 2.92) and return the
    private key once."""
    ctx = _keypair_caller(request, "os_compute_api:os-keypairs:create")
    mv = microversion(request)
    body = await read_json(request)
    data = body.get("keypair")
    if not isinstance(data, dict):
        raise BadRequest("Invalid input for field/attribute keypair. 'keypair' is a required "
                         "property")
    name = data.get("name")
    pattern = NAME_FROM_292 if mv >= (2, 92) else NAME_BEFORE_292
    if not isinstance(name, str) or not 1 <= len(name) <= 255 or not pattern.match(name):
        raise BadRequest(f"Invalid input for field/attribute name. Value: {name!r}. "
                         f"{name!r} does not match '{pattern.pattern}'")
    type_ = data.get("type", "ssh")
    if mv < (2, 2) and "type" in data:
        raise BadRequest("Invalid input for field/attribute keypair. Additional properties "
                         "are not allowed ('type' was unexpected)")
    if type_ not in ("ssh", "x509"):
        raise BadRequest(f"Invalid input for field/attribute type. Value: {type_!r}. "
                         f"{type_!r} is not one of ['ssh', 'x509']")
    owner = _owner(request, ctx, data.get("user_id"))
    compute = backend(request)
    limit = compute.quotas.limit(ctx.project_id or "", "key_pairs")
    if 0 <= limit <= compute.keypairs.count(owner):
        raise Forbidden("Quota exceeded, too many key pairs.")
    public_key = data.get("public_key")
    private_key = None
    if public_key is None:
        if mv >= (2, 92):
            raise BadRequest("Invalid input for field/attribute keypair. 'public_key' is a "
                             "required property")
        if type_ == "x509":
            public_key, private_key = generate_x509_keypair(owner, ctx.project_id or "")
        else:
            public_key, private_key = generate_ssh_keypair()
    elif not isinstance(public_key, str):
        raise BadRequest(f"Invalid input for field/attribute public_key. Value: "
                         f"{public_key!r}.")
    fingerprint = (x509_fingerprint(public_key) if type_ == "x509"
                   else ssh_fingerprint(public_key))
    row = compute.keypairs.create(owner, name, type_, public_key, fingerprint)
    view = keypair_view(request, row)
    view["user_id"] = owner
    if private_key is not None:
        view["private_key"] = private_key
    return json_response({"keypair": view}, status=201 if mv >= (2, 2) else 200)


async def delete_keypair(request: Request) -> Response:
    """DELETE /os-keypairs/{keypair_name}: 202 before 2.2, 204 from 2.2."""
    ctx = _keypair_caller(request, "os_compute_api:os-keypairs:delete")
    name = request.path_params["keypair_name"]
    owner = _owner(request, ctx)
    if not backend(request).keypairs.delete(owner, name):
        raise NotFound(f"Keypair {name} not found for user {owner}")
    return empty_response(204 if microversion(request) >= (2, 2) else 202)

ROUTES: RouteTable = (
    ("/os-keypairs", list_keypairs, GET),
    ("/os-keypairs", create_keypair, POST),
    ("/os-keypairs/{keypair_name}", show_keypair, GET),
    ("/os-keypairs/{keypair_name}", delete_keypair, DELETE),
)
