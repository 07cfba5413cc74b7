"""`/v3/credentials` and the EC2 credentials of `/v3/users/{user_id}/credentials/OS-EC2`.

A credential is a blob (a string, JSON for `ec2`) of a type, owned by a user and, for `ec2`,
tied to a project. An `ec2` credential's id is the SHA-256 of its access key, as in Keystone,
and the OS-EC2 API shows the same records as `{access, secret, tenant_id, user_id}`.

Policy (Keystone's defaults): administrators and system readers see every credential; a user
manages its own.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest
from ..policy import Context, is_system_reader, keystone_check
from ..routing import DELETE, GET, PATCH, POST, RouteTable
from ..service import authenticate, empty_response, json_response, read_json
from .http import backend, collection, entity, field, not_found, self_link, v3_url

KIND = "credential"


def _ec2_id(access: str) -> str:
    return hashlib.sha256(access.encode()).hexdigest()


def view(request: Request, credential: dict[str, Any]) -> dict[str, Any]:
    return {"id": credential["id"], "type": credential["type"], "blob": credential["blob"],
            "user_id": credential["user_id"], "project_id": credential.get("project_id"),
            "links": self_link(request, f"credentials/{credential['id']}")}


def _may_read(ctx: Context, credential: dict[str, Any]) -> bool:
    return ctx.is_admin or is_system_reader(ctx) or credential["user_id"] == ctx.user_id


def _find(request: Request, ctx: Context, action: str) -> dict[str, Any]:
    credential_id = request.path_params["credential_id"]
    credential = backend(request).records.get(KIND, credential_id)
    if credential is None or not _may_read(ctx, credential):
        raise not_found("credential", credential_id)
    return credential


def _fields(request: Request, data: dict[str, Any], creating: bool) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in ("blob", "type", "user_id"):
        if creating or name in data:
            values[name] = field(data, name, str, required=True)
    if "project_id" in data:
        values["project_id"] = field(data, "project_id", str, nullable=True)
    if values.get("user_id") and backend(request).users.get(values["user_id"]) is None:
        raise not_found("user", values["user_id"])
    return values


def _ec2_access(credential: dict[str, Any]) -> str | None:
    try:
        blob = json.loads(credential["blob"])
    except (TypeError, ValueError):
        return None
    return blob.get("access") if isinstance(blob, dict) else None


async def list_credentials(request: Request) -> Response:
    """GET /v3/credentials[?user_id=][&type=]."""
    ctx = authenticate(request)
    rows = backend(request).records.list(KIND)
    query = request.query_params
    rows = [c for c in rows if _may_read(ctx, c)
            and all(c.get(k) == query[k] for k in ("user_id", "type") if k in query)]
    return json_response(collection(request, "credentials", [view(request, c) for c in rows]))


async def create_credential(request: Request) -> Response:
    ctx = authenticate(request)
    values = _fields(request, await entity(request, "credential"), creating=True)
    keystone_check(ctx.is_admin or values["user_id"] == ctx.user_id,
                   "identity:create_credential")
    record_id = None
    if values["type"] == "ec2":
        if not values.get("project_id"):
            raise BadRequest("Invalid blob in credential: project_id is required for an ec2 "
                             "credential.")
        access = _ec2_access(values)
        if not access:
            raise BadRequest("Invalid blob in credential: an ec2 credential needs an access "
                             "key.")
        record_id = _ec2_id(access)
    credential = backend(request).records.create(KIND, values, values["user_id"], record_id)
    return json_response({"credential": view(request, credential)}, status=201)


async def show_credential(request: Request) -> Response:
    ctx = authenticate(request)
    return json_response({"credential": view(request, _find(request, ctx,
                                                            "identity:get_credential"))})


async def update_credential(request: Request) -> Response:
    ctx = authenticate(request)
    credential = _find(request, ctx, "identity:update_credential")
    keystone_check(ctx.is_admin or credential["user_id"] == ctx.user_id,
                   "identity:update_credential")
    changes = _fields(request, await entity(request, "credential"), creating=False)
    updated = backend(request).records.update(KIND, credential["id"], changes,
                                              changes.get("user_id"))
    return json_response({"credential": view(request, updated or credential)})


async def delete_credential(request: Request) -> Response:
    ctx = authenticate(request)
    credential = _find(request, ctx, "identity:delete_credential")
    keystone_check(ctx.is_admin or credential["user_id"] == ctx.user_id,
                   "identity:delete_credential")
    backend(request).records.delete(KIND, credential["id"])
    return empty_response(204)


# ------------------------------------------------------------------- OS-EC2
def _ec2_view(request: Request, credential: dict[str, Any]) -> dict[str, Any]:
    blob = json.loads(credential["blob"])
    return {"user_id": credential["user_id"], "tenant_id": credential.get("project_id"),
            "access": blob.get("access"), "secret": blob.get("secret"),
            "trust_id": blob.get("trust_id"),
            "links": {"self": f"{v3_url(request)}/users/{credential['user_id']}/credentials/"
                              f"OS-EC2/{blob.get('access')}"}}


def _ec2_owner(request: Request, action: str) -> tuple[Context, str]:
    ctx = authenticate(request)
    user_id = request.path_params["user_id"]
    keystone_check(ctx.is_admin or ctx.user_id == user_id, action)
    if backend(request).users.get(user_id) is None:
        raise not_found("user", user_id)
    return ctx, user_id


def _ec2_find(request: Request, user_id: str) -> dict[str, Any]:
    access = request.path_params["access"]
    credential = backend(request).records.get(KIND, _ec2_id(access))
    if credential is None or credential["type"] != "ec2" or credential["user_id"] != user_id:
        raise not_found("credential", access)
    return credential


async def list_ec2(request: Request) -> Response:
    _, user_id = _ec2_owner(request, "identity:ec2_list_credentials")
    rows = [c for c in backend(request).records.list(KIND, user_id) if c["type"] == "ec2"]
    return json_response(collection(request, "credentials",
                                    [_ec2_view(request, c) for c in rows]))


async def create_ec2(request: Request) -> Response:
    """POST: `{"tenant_id": <project>}`; a new access key and secret."""
    ctx, user_id = _ec2_owner(request, "identity:ec2_create_credential")
    body = await read_json(request)
    project_id = body.get("tenant_id") if isinstance(body, dict) else None
    if not isinstance(project_id, str) or backend(request).projects.get(project_id) is None:
        raise not_found("project", str(project_id))
    access, secret = secrets.token_hex(16), secrets.token_hex(16)
    values = {"type": "ec2", "user_id": user_id, "project_id": project_id,
              "blob": json.dumps({"access": access, "secret": secret, "trust_id": None})}
    credential = backend(request).records.create(KIND, values, user_id, _ec2_id(access))
    return json_response({"credential": _ec2_view(request, credential)}, status=201)


async def show_ec2(request: Request) -> Response:
    _, user_id = _ec2_owner(request, "identity:ec2_get_credential")
    return json_response({"credential": _ec2_view(request, _ec2_find(request, user_id))})


async def delete_ec2(request: Request) -> Response:
    _, user_id = _ec2_owner(request, "identity:ec2_delete_credential")
    backend(request).records.delete(KIND, _ec2_find(request, user_id)["id"])
    return empty_response(204)


EC2 = "/v3/users/{user_id}/credentials/OS-EC2"
ROUTES: RouteTable = (
    ("/v3/credentials", list_credentials, GET),
    ("/v3/credentials", create_credential, POST),
    ("/v3/credentials/{credential_id}", show_credential, GET),
    ("/v3/credentials/{credential_id}", update_credential, PATCH),
    ("/v3/credentials/{credential_id}", delete_credential, DELETE),
    (EC2, list_ec2, GET),
    (EC2, create_ec2, POST),
    (EC2 + "/{access}", show_ec2, GET),
    (EC2 + "/{access}", delete_ec2, DELETE),
)
