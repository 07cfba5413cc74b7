"""Raw calls to the local cloud's Cinder v3 for the block storage tests
(test_localcloud_block_storage*.py): `Cinder` (one user at one microversion), `check` (a
body against the block storage OpenAPI spec) and `action` (a volume action)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
CIRROS_ID = "6f1ad2f8-5fa2-4b67-9d16-0c1e0dbd9a1a"
LATEST = "3.70"


def check(path: str, method: str, body: Any, mv: str | None) -> None:
    """Validate a body against the block storage OpenAPI schema at `mv` (the machinery of
    test_localcloud_schemas); says why when the reference material is absent."""
    if not (SHARED / "openapi").is_dir():
        print(f"not validated against OpenAPI: no reference material at {SHARED.resolve()}")
        return
    import test_localcloud_schemas as schemas

    version = tuple(int(p) for p in (mv or "3.0").split("."))
    schemas.validate("block-storage", "/v3/{project_id}" + path, method, body, version)


class Cinder:
    """Raw calls to /volume/v3/{project} as one user at one microversion."""

    def __init__(self, cloud: Any, user: str = "demo", mv: str | None = LATEST) -> None:
        self.cloud = cloud
        self.user = user
        self.mv = mv
        reply = cloud.authenticate(user)
        assert reply.status == 201, reply.body
        self.token = reply.header("x-subject-token")
        self.project = reply.json["token"]["project"]["id"]

    def at(self, mv: str | None) -> Cinder:
        """The same user at another microversion."""
        other = object.__new__(Cinder)
        other.__dict__.update(self.__dict__, mv=mv)
        return other

    def call(self, method: str, path: str, body: Any = None, raw: bytes | None = None,
             project: bool = True, headers: dict[str, str] | None = None) -> Any:
        sent = {"OpenStack-API-Version": f"volume {self.mv}"} if self.mv else {}
        sent.update(headers or {})
        prefix = f"/volume/v3/{self.project}" if project else "/volume/v3"
        reply = self.cloud.call(method, prefix + path, body, token=self.token, headers=sent,
                                raw=raw)
        assert reply.header("x-openstack-request-id").startswith("req-")
        return reply

    def ok(self, method: str, path: str, body: Any = None, status: int = 200,
           spec: str | None = None) -> Any:
        """A call that must answer `status`; its body validated against `spec` (a spec path
        under /v3/{project_id}) when given."""
        reply = self.call(method, path, body)
        assert reply.status == status, (method, path, reply.status, reply.body)
        if spec is not None:
            check(spec, method.lower(), reply.json, self.mv)
        return reply.json

    def fault(self, method: str, path: str, body: Any = None, status: int = 400,
              raw: bytes | None = None) -> str:
        """A call that must fail with Cinder's fault body; its message."""
        reply = self.call(method, path, body, raw=raw)
        assert reply.status == status, (method, path, reply.status, reply.body)
        names = {400: "badRequest", 403: "forbidden", 404: "itemNotFound", 405: "badMethod",
                 409: "conflictingRequest", 413: "overLimit"}
        (name, inner), = reply.json.items()
        assert name == names.get(status, "computeFault"), reply.json
        assert inner["code"] == status
        return inner["message"]

    def volume(self, size: int = 1, wait: bool = True, **fields: Any) -> dict[str, Any]:
        """Create a volume (a unique name unless given) and wait until it is available."""
        body = {"size": size, "name": f"vol-{uuid.uuid4().hex[:8]}", **fields}
        created = self.ok("POST", "/volumes", {"volume": body}, 202, spec="/volumes")
        volume = created["volume"]
        assert volume["status"] == "creating"
        return self.wait(volume["id"], "available") if wait else volume

    def show(self, volume_id: str) -> dict[str, Any]:
        return self.ok("GET", f"/volumes/{volume_id}", spec="/volumes/{id}")["volume"]

    def wait(self, volume_id: str, status: str, kind: str = "volumes") -> dict[str, Any]:
        key = kind[:-1]

        def done() -> Any:
            found = self.call("GET", f"/{kind}/{volume_id}").json[key]
            return found if found["status"] == status else None
        return self.cloud.wait_for(done, timeout=10)

    def gone(self, volume_id: str, kind: str = "volumes") -> None:
        self.cloud.wait_for(
            lambda: self.call("GET", f"/{kind}/{volume_id}").status == 404, timeout=10)

    def snapshot(self, volume_id: str, **fields: Any) -> dict[str, Any]:
        body = {"volume_id": volume_id, "name": f"snap-{uuid.uuid4().hex[:6]}", **fields}
        created = self.ok("POST", "/snapshots", {"snapshot": body}, 202, spec="/snapshots")
        assert created["snapshot"]["status"] == "creating"
        return self.wait(created["snapshot"]["id"], "available", "snapshots")

    def delete(self, volume_id: str) -> None:
        reply = self.call("DELETE", f"/volumes/{volume_id}?cascade=true")
        assert reply.status in (202, 404), reply.body


def action(who: Cinder, volume_id: str, body: Any, status: int = 202) -> Any:
    reply = who.call("POST", f"/volumes/{volume_id}/action", body)
    assert reply.status == status, (body, reply.status, reply.body)
    return reply
