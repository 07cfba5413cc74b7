"""The local cloud as one ASGI app: each declared service under its mount (`registry.py`) and
the operator API `/_localcloud`, with request ids, request counting and the background work of
every backend."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from typing import Any

from . import state
from .cloud import Cloud
from .declare import Settings
from .operator import OPERATOR, Faults, operator_service
from .service import Scope, Service, json_response

__all__ = ["Cloud", "LocalCloudApp", "Settings", "create_app"]

log = logging.getLogger("ostack.localcloud")


# ------------------------------------------------------------------- the ASGI app
class LocalCloudApp:
    """Dispatch on the first path segment; add request ids; count requests."""

    def __init__(self, cloud: Cloud) -> None:
        self.cloud = cloud
        self.services: dict[str, Service] = {}
        #: Per mount: the backend and the peers its handlers reach (`service.backend_of`).
        self.backend_names: dict[str, str] = {}
        for spec in cloud.specs:
            app_class = spec.app_class or Service
            self.services[spec.mount] = app_class(spec.mount, spec.routes(), spec.render_error,
                                                  before=spec.before,
                                                  response_headers=spec.response_headers,
                                                  service_types=(spec.service_type,
                                                                 *spec.aliases))
            self.backend_names[spec.mount] = spec.name
        self.services[OPERATOR] = operator_service()
        self._lifecycle: asyncio.Task[None] | None = None
        #: The operator's injected faults (operator.py), applied before dispatch.
        self.faults = Faults()

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        path: str = scope["path"]
        name = path.split("/", 2)[1] if path.startswith("/") and len(path) > 1 else ""
        service = self.services.get(name)
        new_request_id = getattr(service, "new_request_id", None)  # Swift: its own trans ids
        request_id = (new_request_id() if new_request_id else f"req-{uuid.uuid4()}").encode()
        counted = name != OPERATOR
        cloud = self.cloud

        async def send_with_ids(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"x-openstack-request-id", request_id))
                message = dict(message, headers=headers)
                if counted:
                    cloud.requests += 1
            await send(message)

        if service is None:
            body = json_response({"error": {
                "code": 404, "title": "Not Found",
                "message": "No service here: the local cloud serves "
                           + ", ".join(f"/{mount}" for mount in self.services)
                           + "."}}, status=404)
            await body(scope, receive, send_with_ids)
            return
        prefix = "/" + name
        child = dict(scope)
        child["root_path"] = scope.get("root_path", "") + prefix
        if path == prefix:
            child["path"] = prefix + "/"
        child["cloud"] = cloud  # the operator API's (app level); services use the two below
        backend_name = self.backend_names.get(name)
        if backend_name is not None:
            child["backend"] = cloud.backends[backend_name]
        child["peers"] = cloud.peers
        child["app"] = self
        child["request_id"] = request_id.decode()
        if self.faults.items and counted and await self.faults.apply(
                child, receive, send_with_ids, service):
            return
        await service(child, receive, send_with_ids)

    async def _lifespan(self, receive: Any, send: Any) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self._lifecycle = asyncio.create_task(self.cloud.run_lifecycle())
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self._lifecycle is not None:
                    self._lifecycle.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await self._lifecycle
                await send({"type": "lifespan.shutdown.complete"})
                return


def create_app(settings: Settings, base_url: str) -> LocalCloudApp:
    """The ASGI app for a state folder, prepared for `base_url` (`http://127.0.0.1:<port>`)."""
    state.ensure_state_dir(settings.state_dir)
    cloud = Cloud(settings)
    cloud.prepare(base_url)
    return LocalCloudApp(cloud)
