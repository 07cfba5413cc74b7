"""A user's view of the local cloud's Swift over raw HTTP for the object store tests
(test_localcloud_object_store*.py): Swift's error bodies, the OpenAPI check of a listing,
and `Swift` (one user's token and account path)."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote
from xml.etree import ElementTree

from tests.support.localcloud import LocalCloud, Reply

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
NOT_FOUND = b"<html><h1>Not Found</h1><p>The resource could not be found.</p></html>"
CONFLICT = (b"<html><h1>Conflict</h1><p>There was a conflict when trying to complete your "
            b"request.</p></html>")
UNAUTHORIZED = (b"<html><h1>Unauthorized</h1><p>This server could not verify that you are "
                b"authorized to access the document you requested.</p></html>")
FORBIDDEN = b"<html><h1>Forbidden</h1><p>Access was denied to this resource.</p></html>"
UNPROCESSABLE = (b"<html><h1>Unprocessable Entity</h1><p>Unable to process the contained "
                 b"instructions</p></html>")


def check(path: str, method: str, reply: Reply) -> None:
    """Validate a listing body and the declared headers against the object store's OpenAPI
    spec (the machinery of test_localcloud_schemas); says why when it is absent."""
    if not (SHARED / "openapi").is_dir():
        print(f"not validated against OpenAPI: no reference material at {SHARED.resolve()}")
        return
    import test_localcloud_schemas as schemas

    if reply.body and (reply.header("content-type") or "").startswith("application/json"):
        schemas.validate("object-store", path, method, reply.json)
    schemas.validate_headers("object-store", path, method, reply.status, reply.headers)


class Swift:
    """One user's view of the object store: its token and its account's path."""

    def __init__(self, cloud: LocalCloud, user: str) -> None:
        self.cloud = cloud
        issued = cloud.authenticate(user)
        assert issued.status == 201, issued.body
        self.token = issued.header("x-subject-token")
        self.project_id = issued.json["token"]["project"]["id"]
        self.user_id = issued.json["token"]["user"]["id"]
        self.account = f"AUTH_{self.project_id}"
        self.base = f"/object-store/v1/{self.account}"

    def call(self, method: str, path: str = "", data: bytes | None = None,
             headers: dict[str, str] | None = None, token: str | None | bool = True,
             base: str | None = None) -> Reply:
        """A request to `<account path><path>`; `token=False` sends none."""
        sent = {"Accept": "*/*"}
        if data is not None:
            sent["Content-Type"] = ""  # none: Swift guesses from the name
        sent.update(headers or {})
        use = self.token if token is True else (token or None)
        reply = self.cloud.call(method, (self.base if base is None else base) + path,
                                token=use, headers=sent, raw=data)
        assert reply.header("x-trans-id") == reply.header("x-openstack-request-id"), reply
        assert (reply.header("x-trans-id") or "").startswith("tx")
        return reply

    def container(self, prefix: str = "c", **headers: str) -> str:
        name = f"{prefix}-{uuid.uuid4().hex[:8]}"
        reply = self.call("PUT", f"/{name}", headers=headers)
        assert reply.status == 201, reply.body
        return name

    def put(self, container: str, name: str, data: bytes, **headers: str) -> Reply:
        reply = self.call("PUT", f"/{container}/{quote(name)}", data, headers=headers)
        assert reply.status == 201, (reply.status, reply.body)
        return reply

    def listing(self, container: str | None, query: str = "", fmt: str = "json") -> Any:
        path = f"/{container}" if container else ""
        reply = self.call("GET", f"{path}?format={fmt}{'&' + query if query else ''}")
        assert reply.status in (200, 204), (reply.status, reply.body)
        if fmt == "json":
            check("/v1/{account}/{container}" if container else "/v1/{account}", "get", reply)
            return reply.json
        if fmt == "plain":
            return reply.body.decode().splitlines()
        return ElementTree.fromstring(reply.body)


def md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def names(entries: list[dict[str, Any]]) -> list[str]:
    return [e.get("name") or e["subdir"] for e in entries]
