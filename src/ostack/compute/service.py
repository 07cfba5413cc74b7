"""`conn.compute`: servers, flavors and keypairs of the Compute API v2.1."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from typing import Any

from ostack import exceptions
from ostack.compute.flavors import Flavor
from ostack.compute.keypairs import Keypair
from ostack.compute.servers import Server
from ostack.proxy import ServiceProxy

ServerRef = str | Server


def _id(value: Any) -> str:
    return value.id if hasattr(value, "id") else str(value)


class ComputeService(ServiceProxy):
    """The Compute service (Nova)."""

    service_type = "compute"
    min_microversion = "2.1"
    max_microversion = "2.96"

    # -- servers ------------------------------------------------------------------------------
    def servers(self, details: bool = True, **query: Any) -> Iterator[Server]:
        """Servers of the project, page by page as they are consumed.

        Query: name (a regular expression), status, flavor, image, all_projects, limit,
        marker, sort_key, sort_dir, changes_since, tags ...
        """
        return self._list(Server, details=details, **query)

    def get_server(self, server: ServerRef) -> Server:
        return self._get(Server, _id(server))

    def find_server(
        self, name_or_id: str, ignore_missing: bool = True, **query: Any
    ) -> Server | None:
        return self._find(Server, name_or_id, ignore_missing=ignore_missing, list_query=query)

    def create_server(
        self,
        name: str,
        *,
        image: str | None = None,
        flavor: str,
        networks: str | list[dict[str, Any]] | None = None,
        key_name: str | None = None,
        user_data: str | bytes | None = None,
        metadata: dict[str, str] | None = None,
        min_count: int | None = None,
        max_count: int | None = None,
        return_reservation_id: bool = False,
        scheduler_hints: dict[str, Any] | None = None,
        **attrs: Any,
    ) -> Server:
        """Boot a server. `image` and `flavor` are IDs; user_data is base64-encoded here."""
        body: dict[str, Any] = {"name": name, "flavorRef": _id(flavor)}
        if image is not None:
            body["imageRef"] = _id(image)
        if networks is not None:
            body["networks"] = networks
        elif _mv_ge(self.microversion, "2.37"):
            body["networks"] = "auto"
        if key_name:
            body["key_name"] = key_name
        if user_data is not None:
            raw = user_data.encode() if isinstance(user_data, str) else user_data
            body["user_data"] = base64.b64encode(raw).decode()
        if metadata:
            body["metadata"] = metadata
        if min_count is not None:
            body["min_count"] = min_count
        if max_count is not None:
            body["max_count"] = max_count
        if return_reservation_id:
            body["return_reservation_id"] = True
        body.update(Server.wire_body(attrs))
        beside = {"os:scheduler_hints": scheduler_hints} if scheduler_hints else None
        return self._create(Server, body, beside=beside)

    def update_server(self, server: ServerRef, **attrs: Any) -> Server:
        return self._update(Server, _id(server), Server.wire_body(attrs))

    def delete_server(self, server: ServerRef, ignore_missing: bool = True,
                      force: bool = False) -> None:
        if force:
            self.request("POST", f"/servers/{_id(server)}/action", json={"forceDelete": None})
            return
        self._delete(Server, _id(server), ignore_missing=ignore_missing)

    def wait_for_server(
        self, server: ServerRef, status: str = "ACTIVE", failures: tuple[str, ...] = ("ERROR",),
        interval: float = 2.0, wait: float = 120.0,
        callback: Callable[[Server], None] | None = None,
    ) -> Server:
        """Poll the server until it reaches `status`; ResourceFailure on ERROR."""
        server_id = _id(server)
        found = self._wait_for(
            lambda: self.get_server(server_id), status=status, failures=failures,
            interval=interval, wait=wait, label=f"server {server_id}", callback=callback,
        )
        assert found is not None
        return found

    def wait_for_delete(self, server: ServerRef, interval: float = 2.0,
                        wait: float = 120.0) -> None:
        """Poll until the server is gone."""
        server_id = _id(server)

        def fetch() -> Server | None:
            try:
                return self.get_server(server_id)
            except exceptions.NotFound:
                return None

        self._wait_for(fetch, status=None, failures=("ERROR",), interval=interval, wait=wait,
                       label=f"server {server_id}")

    def server_action(self, server: ServerRef, action: str, body: Any = None) -> Any:
        """Run a server action (`reboot`, `os-stop`, `createBackup` ...)."""
        resp = self.request("POST", f"/servers/{_id(server)}/action", json={action: body})
        return resp.json() if resp.content else None

    # -- flavors ------------------------------------------------------------------------------
    def flavors(self, details: bool = True, **query: Any) -> Iterator[Flavor]:
        return self._list(Flavor, details=details, **query)

    def get_flavor(self, flavor: str | Flavor) -> Flavor:
        return self._get(Flavor, _id(flavor))

    def find_flavor(self, name_or_id: str, ignore_missing: bool = True) -> Flavor | None:
        return self._find(Flavor, name_or_id, ignore_missing=ignore_missing)

    # -- keypairs -----------------------------------------------------------------------------
    def keypairs(self, **query: Any) -> Iterator[Keypair]:
        resp = self.request("GET", Keypair.base_path, params=Keypair.query.transpose(
            query, "Keypair"))
        for item in (resp.json() or {}).get("keypairs", []):
            yield Keypair(item.get("keypair", item), self.microversion)

    def get_keypair(self, name: str) -> Keypair:
        return self._get(Keypair, name)

    def create_keypair(self, name: str, public_key: str | None = None,
                       **attrs: Any) -> Keypair:
        body: dict[str, Any] = {"name": name, **attrs}
        if public_key is not None:
            body["public_key"] = public_key
        return self._create(Keypair, body)

    def delete_keypair(self, name: str, ignore_missing: bool = True) -> None:
        self._delete(Keypair, name, ignore_missing=ignore_missing)


def _mv_ge(version: str | None, minimum: str) -> bool:
    from ostack.transport.microversions import at_least

    return at_least(version, minimum)
