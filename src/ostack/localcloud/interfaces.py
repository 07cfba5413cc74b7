"""The calls one service of the local cloud makes on another, as small typed Protocols.

A service's `ServiceSpec.provides` names the Protocols its backend implements; a backend that
needs another service asks its `Runtime.peers` for the Protocol (`peers.get(Images)`), never
for a service by name, and never through the app. Each Protocol holds only what its callers
use: Nova's view of Neutron (`Networking`), of Cinder (`BlockDevices`) and of Glance (`Images`),
and every service's view of Keystone (`Tokens`). Values are the plain dicts of the backends;
errors are `errors.ApiError` subclasses with messages fit for the caller's fault body.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from .policy import Context

Record = dict[str, Any]


@dataclass(frozen=True)
class Caller:
    """Who asks the network service: the token's project, and whether it is an admin / may
    write (Nova passes the user's token on to Neutron for its proxy APIs)."""

    project_id: str | None
    is_admin: bool = False
    can_write: bool = True


#: The service itself (no project, admin): Nova's own changes to a server's ports.
SYSTEM = Caller(None, True, True)


class Tokens(Protocol):
    """Keystone as keystonemiddleware sees it in front of every service."""

    def validate_token(self, token: str) -> Context | None:
        """The credentials of a token; None when it is invalid, expired or revoked."""
        ...

    def catalog(self) -> list[Record]:
        """The service catalog (for the operator's view of what runs where)."""
        ...


class Images(Protocol):
    """Glance as Nova (snapshots, rebuild, boot) and Cinder (volumes from images) use it."""

    def get_image(self, image_id: str) -> Record | None: ...

    def visible(self, image: Record, project_id: str | None, is_admin: bool) -> bool: ...

    def create_server_image(self, project_id: str, server: Record, name: str,
                            metadata: dict[str, Any], image_type: str = "snapshot",
                            backup_type: str | None = None) -> Record: ...

    def rotate_backups(self, project_id: str, server_id: str, backup_type: str,
                       rotation: int) -> None: ...

    def delete_image(self, image_id: str) -> None: ...

    # Cinder's `os-volume_upload_image`: the image of a volume (`queued` until saved).
    def create_volume_image(self, project_id: str, volume: Record, name: str,
                            disk_format: str, container_format: str, visibility: str,
                            protected: bool) -> Record: ...

    # Nova's image proxy (`/images`, `/images/{id}/metadata`, up to 2.35 / 2.38).
    def list_images(self, project_id: str | None, is_admin: bool, filters: dict[str, Any],
                    order_by: list[tuple[str, str]]) -> list[Record]: ...

    def update_image(self, image_id: str, columns: dict[str, Any],
                     properties: dict[str, str] | None = None,
                     tags: list[str] | None = None) -> Record: ...


class Networking(Protocol):
    """Neutron as Nova uses it (`nova.network.neutron`): ports of servers, their addresses
    and security groups; and, as the caller (a `Caller`), the Neutron API calls of Nova's
    proxy APIs (`os-security-groups`, `os-floating-ips`, `os-networks`) and multinic."""

    def ports_for_server(self, project_id: str, server_id: str, requested: Any,
                         security_groups: list[str]) -> None: ...

    def release_server_ports(self, server_id: str) -> None: ...

    def addresses_for_servers(self, server_ids: list[str]) -> dict[str, dict[str, Any]]: ...

    def security_groups_for_servers(self, server_ids: list[str]
                                    ) -> dict[str, list[dict[str, str]]]: ...

    def attach_interface(self, project_id: str, server_id: str, net_id: str | None = None,
                         port_id: str | None = None, fixed_ip: str | None = None,
                         tag: str | None = None) -> Record: ...

    def detach_interface(self, server_id: str, port_id: str) -> None: ...

    def interfaces(self, server_id: str) -> list[Record]: ...

    def add_security_group(self, project_id: str, server_id: str, group: str) -> None: ...

    def remove_security_group(self, project_id: str, server_id: str, group: str) -> None: ...

    # Neutron's API as the caller sees it: what the caller may see of a kind (`network`,
    # `security_group`, `floatingip` ...), filtered by SQL over its table; one by id (404).
    def records(self, kind: str, caller: Caller, where: str = "1",
                params: tuple[Any, ...] = ()) -> list[Record]: ...

    def record(self, kind: str, caller: Caller, ident: str) -> Record: ...

    def update_port(self, caller: Caller, port_id: str, attrs: Record) -> Record: ...

    def create_security_group(self, caller: Caller, attrs: Record) -> Record: ...

    def update_security_group(self, caller: Caller, group_id: str, attrs: Record) -> Record: ...

    def delete_security_group(self, caller: Caller, group_id: str) -> None: ...

    def create_security_group_rule(self, caller: Caller, attrs: Record) -> Record: ...

    def delete_security_group_rule(self, caller: Caller, rule_id: str) -> None: ...

    def create_floatingip(self, caller: Caller, attrs: Record) -> Record: ...

    def update_floatingip(self, caller: Caller, fip_id: str, attrs: Record) -> Record: ...

    def delete_floatingip(self, caller: Caller, fip_id: str) -> None: ...


class BlockDevices(Protocol):
    """Cinder as Nova uses it: boot volumes, attachments, release on delete."""

    def volumes_for_boot(self, project_id: str, server_id: str,
                         mappings: list[dict[str, Any]]) -> None: ...

    def attach(self, project_id: str, server_id: str, volume_id: str,
               device: str | None = None, **extra: Any) -> Record: ...

    def detach(self, server_id: str, volume_id: str) -> None: ...

    def update_attachment(self, attachment_id: str, changes: dict[str, Any]) -> None: ...

    def attachments(self, server_id: str) -> list[Record]: ...

    def attachments_for_servers(self, server_ids: list[str]
                                ) -> dict[str, list[dict[str, Any]]]: ...

    def release_server(self, server_id: str) -> None: ...

    def get_volume(self, volume_id: str) -> Record | None: ...

    # Nova's block storage proxy (`/os-volumes`, `/os-snapshots`, up to 2.35).
    def list_volumes(self, where: list[str], params: list[Any],
                     order_by: list[tuple[str, str]]) -> list[Record]: ...

    def create_volume(self, project_id: str, user_id: str, spec: dict[str, Any],
                      status: str = "creating") -> Record: ...

    def delete_volume(self, volume: Record, force: bool = False,
                      cascade: bool = False) -> None: ...

    def get_type(self, ident: str) -> Record | None: ...

    def type_visible(self, volume_type: Record, project_id: str | None,
                     is_admin: bool) -> bool: ...

    def get_snapshot(self, snapshot_id: str) -> Record | None: ...

    def list_snapshots(self, where: list[str], params: list[Any],
                       order_by: list[tuple[str, str]]) -> list[Record]: ...

    def create_snapshot(self, project_id: str, user_id: str, volume: Record,
                        name: str | None, description: str | None,
                        metadata: dict[str, str], force: bool = False) -> Record: ...

    def delete_snapshot(self, snapshot: Record, force: bool = False) -> None: ...


class ServerEvents(Protocol):
    """Nova as the other services notify it (external events such as `volume-extended`):
    the server's instance actions record them."""

    def record_action(self, server_id: str, action: str, project_id: str, user_id: str,
                      request_id: str, events: list[str] | None = None,
                      finished: bool = True) -> None: ...
