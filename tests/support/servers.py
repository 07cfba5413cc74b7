"""Servers, networks and volumes for tests, made through ostack's SDK and removed afterwards.

    def test_x(localcloud):
        with Fixtures(localcloud) as made:
            ours, theirs = made.servers("x", 2)

Names carry a random suffix so tests sharing the session's cloud never meet; everything
made is deleted at the end (servers first, then volumes, ports, routers and networks).
"""

from __future__ import annotations

import uuid
from typing import Any

from tests.support.localcloud import LocalCloud
from tests.support.sdk import connect

IMAGE = "cirros-0.6.2-x86_64-disk"
FLAVOR = "m1.tiny"


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


class Fixtures:
    """What a test made on the cloud, as the admin; a context manager that cleans up."""

    def __init__(self, cloud: LocalCloud) -> None:
        self.cloud = cloud
        self.conn, self._close = connect("sync", cloud)
        self.made: dict[str, list[Any]] = {"servers": [], "volumes": [], "ports": [],
                                           "routers": [], "networks": [], "security_groups": [],
                                           "floating_ips": []}

    def __enter__(self) -> Fixtures:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.cleanup()
        finally:
            self._close()

    # -- servers ------------------------------------------------------------------------
    def servers(self, prefix: str, count: int = 2, networks: Any = "none") -> list[Any]:
        """`count` ACTIVE servers (no network unless asked)."""
        compute = self.conn.compute
        image = self.conn.image.find_image(IMAGE, ignore_missing=False)
        flavor = compute.find_flavor(FLAVOR, ignore_missing=False)
        made = []
        for _ in range(count):
            server = compute.create_server(unique(prefix), image=image.id, flavor=flavor.id,
                                           networks=networks)
            self.made["servers"].append(server.id)
            made.append(server)
        return [compute.wait_for_server(s, status="ACTIVE", wait=60, interval=0.2)
                for s in made]

    def wait(self, server: Any, status: str) -> Any:
        return self.conn.compute.wait_for_server(server, status=status, wait=60, interval=0.2)

    # -- networking ---------------------------------------------------------------------
    def network(self, prefix: str, cidr: str, router: bool = False) -> tuple[Any, str]:
        """A network with one subnet (routed to the `public` network when asked)."""
        network = self.conn.network.create_network(name=unique(prefix))
        self.made["networks"].append(network.id)
        resp = self.conn.network.post("/subnets", json={"subnet": {
            "network_id": network.id, "cidr": cidr, "ip_version": 4,
            "name": unique(prefix)}})
        subnet_id = resp.json()["subnet"]["id"]
        if router:
            public = self.conn.network.find_network("public", ignore_missing=False)
            resp = self.conn.network.post("/routers", json={"router": {
                "name": unique(prefix), "external_gateway_info": {"network_id": public.id}}})
            router_id = resp.json()["router"]["id"]
            self.made["routers"].append((router_id, subnet_id))
            self.conn.network.put(f"/routers/{router_id}/add_router_interface",
                                  json={"subnet_id": subnet_id})
        return network, subnet_id

    def port(self, network: Any, prefix: str = "port") -> Any:
        port = self.conn.network.create_port(network_id=network.id, name=unique(prefix))
        self.made["ports"].append(port.id)
        return port

    def security_group(self, prefix: str) -> Any:
        group = self.conn.network.create_security_group(name=unique(prefix))
        self.made["security_groups"].append(group.id)
        return group

    def floating_ip(self) -> Any:
        public = self.conn.network.find_network("public", ignore_missing=False)
        ip = self.conn.network.create_ip(floating_network_id=public.id)
        self.made["floating_ips"].append(ip.id)
        return ip

    # -- volumes ------------------------------------------------------------------------
    def volumes(self, prefix: str, count: int = 2) -> list[Any]:
        storage = self.conn.block_storage
        made = []
        for _ in range(count):
            volume = storage.create_volume(name=unique(prefix), size=1)
            self.made["volumes"].append(volume.id)
            made.append(volume)
        return [storage.wait_for_volume(v, status="available", wait=60, interval=0.2)
                for v in made]

    # -- the end ------------------------------------------------------------------------
    def cleanup(self) -> None:
        compute, network = self.conn.compute, self.conn.network
        for server in self.made["servers"]:
            compute.delete_server(server)
        for server in self.made["servers"]:
            try:
                compute.wait_for_delete(compute.get_server(server), wait=60, interval=0.2)
            except Exception:  # noqa: BLE001 - already gone
                pass
        for volume in self.made["volumes"]:
            try:
                self.conn.block_storage.wait_for_volume(volume, status="available", wait=30,
                                                        interval=0.2)
            except Exception:  # noqa: BLE001 - deleted below all the same
                pass
            self.conn.block_storage.delete_volume(volume)
        for ip in self.made["floating_ips"]:
            network.delete_ip(ip)
        for port in self.made["ports"]:
            network.delete_port(port)
        for router_id, subnet_id in self.made["routers"]:
            network.put(f"/routers/{router_id}/remove_router_interface",
                        json={"subnet_id": subnet_id})
            network.delete(f"/routers/{router_id}")
        for net in self.made["networks"]:
            for port in list(network.ports(network_id=net)):
                network.delete_port(port)
            network.delete_network(net)
        for group in self.made["security_groups"]:
            network.delete_security_group(group)
