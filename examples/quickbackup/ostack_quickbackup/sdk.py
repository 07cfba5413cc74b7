"""`conn.compute.quick_backup_server(server, name, description)`, sync and async."""

from __future__ import annotations

from typing import Any

from ostack.compute.service import ComputeService
from ostack.proxy import Call, Flow, operation, resource_id


class QuickBackupCompute(ComputeService):
    """The built-in compute service plus one action."""

    @operation
    def quick_backup_server(self, server: Any, name: str, description: str = "") -> Flow:
        """Snapshot `server` to an image named `name` with a description; the image's ID."""
        resp = yield Call("POST", f"/servers/{resource_id(server)}/action", json={
            "createImage": {"name": name, "metadata": {"description": description}}})
        body = resp.json() if resp.content else None
        if isinstance(body, dict) and body.get("image_id"):
            return body["image_id"]
        location = resp.headers.get("location", "")
        return location.rstrip("/").rsplit("/", 1)[-1]
