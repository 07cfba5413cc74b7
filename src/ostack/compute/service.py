"""`conn.compute`: the Compute API v2.1 (Nova), made from its resources' declarations.

Only what is irregular is written here: booting a server (its body and hints), server actions
and a forced delete.
"""

from __future__ import annotations

import base64
from typing import Any

from ostack.compute.flavors import Flavor, FlavorActions
from ostack.compute.keypairs import Keypair
from ostack.compute.servers import Server
from ostack.proxy import Call, Flow, ServiceProxy, operation, resource_id
from ostack.transport.microversions import at_least


class ComputeService(FlavorActions, ServiceProxy):
    """The Compute service (Nova)."""

    service_type = "compute"
    min_microversion = "2.1"
    max_microversion = "2.96"
    resources = (Server, Flavor, Keypair)

    @operation
    def create_server(
        self,
        name: str,
        *,
        image: Any = None,
        flavor: Any,
        networks: str | list[dict[str, Any]] | None = None,
        user_data: str | bytes | None = None,
        return_reservation_id: bool = False,
        scheduler_hints: dict[str, Any] | None = None,
        **attrs: Any,
    ) -> Flow:
        """Boot a server. `image` and `flavor` are resources or IDs; user_data is base64-encoded
        here; without `networks`, 2.37+ asks for `auto` as the official clients do."""
        body: dict[str, Any] = {"name": name, "flavor_id": resource_id(flavor)}
        if image is not None:
            body["image_id"] = image.id if hasattr(image, "id") else image
        if networks is not None:
            body["networks"] = networks
        elif at_least(self._microversion, "2.37"):
            body["networks"] = "auto"
        if user_data is not None:
            raw = user_data.encode() if isinstance(user_data, str) else user_data
            body["user_data"] = base64.b64encode(raw).decode()
        if return_reservation_id:
            body["return_reservation_id"] = True
        body.update({k: v for k, v in attrs.items() if v is not None})
        beside = {"os:scheduler_hints": scheduler_hints} if scheduler_hints else None
        return (yield from self.create_flow(Server, body, beside=beside))

    @operation
    def delete_server(self, server: Any, ignore_missing: bool = True,
                      force: bool = False) -> Flow:
        if force:
            return (yield from self.sub("server_action", server, "forceDelete"))
        return (yield from self.delete_flow(Server, server, ignore_missing=ignore_missing))

    @operation
    def server_action(self, server: Any, action: str, body: Any = None, **options: Any) -> Flow:
        """Run a server action (`reboot`, `os-stop`, `createBackup` ...); its JSON answer."""
        resp = yield Call("POST", f"/servers/{resource_id(server)}/action",
                          json={action: body}, **options)
        return resp.json() if resp.content else None
