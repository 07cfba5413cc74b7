"""The network service as compute sees it (Nova's `nova.network.neutron`): ports for new
servers, addresses and security groups for the views, release on delete.

Calls the network service through `interfaces.Networking`. A cloud without one keeps
the old behaviour: one made-up private address per server and the security group names asked
for at boot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import ApiError, BadRequest
from ..interfaces import Networking

if TYPE_CHECKING:
    from ..declare import Peers


def backend(peers: Peers) -> Networking | None:
    """The network backend, or None when this cloud has none."""
    return peers.get(Networking)


def check_requested(peers: Peers, requested: Any) -> None:
    """Without a network service no network or port exists: 400 for any named one."""
    if backend(peers) is not None or not isinstance(requested, list):
        return
    for network in requested:
        if network.get("port"):
            raise BadRequest(f"Port {network['port']} could not be found.")
        if network.get("uuid"):
            raise BadRequest(f"Network {network['uuid']} could not be found.")


def allocate(peers: Peers, project_id: str, server_ids: list[str], requested: Any,
             security_groups: list[str]) -> None:
    """Ports for each new server; on failure the ports made so far are released."""
    network = backend(peers)
    if network is None:
        return
    done: list[str] = []
    try:
        for server_id in server_ids:
            network.ports_for_server(project_id, server_id, requested, security_groups)
            done.append(server_id)
    except ApiError:
        for server_id in done + server_ids[len(done):len(done) + 1]:
            release(peers, server_id)
        raise


def release(peers: Peers, server_id: str) -> None:
    """Delete the ports Nova made for the server, unbind the user's."""
    network = backend(peers)
    if network is not None:
        network.release_server_ports(server_id)


def addresses(peers: Peers, rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """`addresses` of each server (one call for a whole listing)."""
    network = backend(peers)
    if network is None:
        return {row["id"]: row["addresses"] for row in rows}
    return network.addresses_for_servers([row["id"] for row in rows])


def security_groups(peers: Peers, rows: list[dict[str, Any]]) -> dict[str, list[dict[str, str]]]:
    """`security_groups` of each server (one call for a whole listing)."""
    network = backend(peers)
    if network is None:
        return {row["id"]: [{"name": name} for name in row["security_groups"]] for row in rows}
    return network.security_groups_for_servers([row["id"] for row in rows])


def add_security_group(peers: Peers, project_id: str, server: dict[str, Any],
                       group: str) -> list[str] | None:
    """Add a group to the server's ports; without a network service, the new name list."""
    network = backend(peers)
    if network is not None:
        network.add_security_group(project_id, server["id"], group)
        return None
    names = list(server["security_groups"])
    if group != "default":
        raise ApiError(f"Security group {group} not found for project {project_id}.",
                       status=404)
    if group not in names:
        names.append(group)
    return names


def remove_security_group(peers: Peers, project_id: str, server: dict[str, Any],
                          group: str) -> list[str] | None:
    """Remove a group from the server's ports; without a network service, the new names."""
    network = backend(peers)
    if network is not None:
        network.remove_security_group(project_id, server["id"], group)
        return None
    names = list(server["security_groups"])
    if group not in names:
        raise BadRequest(f"Security group {group} not associated with the instance "
                         f"{server['id']}")
    names.remove(group)
    return names
