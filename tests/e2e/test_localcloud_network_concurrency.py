"""Neutron's allocators under concurrency: 8 clients at once, no error, no duplicate, no lost
row, for each allocator: fixed IPs of ports on one /22 subnet, prefixes of a subnet pool,
addresses of floating IPs on one external network."""

from __future__ import annotations

import ipaddress
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from tests.support.neutron import Neutron, member

CLIENTS = 8


def in_parallel(user: Neutron, each: int, request: Callable[[int, int], tuple[str, str, Any]],
                key: str) -> list[dict[str, Any]]:
    """`CLIENTS` threads each send `each` requests (`request(client, number)` gives the method,
    path and body), all starting together; every answer must be a 201. The created resources
    (`key` of each answer), in no particular order."""
    errors: list[Any] = []
    created: list[dict[str, Any]] = []
    lock = threading.Lock()
    start = threading.Barrier(CLIENTS)

    def client(index: int) -> None:
        start.wait()
        for number in range(each):
            try:
                reply = user.call(*request(index, number))
            except Exception as err:  # a dropped connection is a failure too
                with lock:
                    errors.append(repr(err))
                continue
            with lock:
                if reply.status != 201:
                    errors.append((reply.status, reply.body[:300]))
                else:
                    created.append(reply.json[key])

    began = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors[:5]
    assert len(created) == CLIENTS * each
    print(f"{len(created)} {key}s by {CLIENTS} clients in {time.monotonic() - began:.2f}s")
    return created


def duplicates(values: list[Any]) -> list[Any]:
    return [value for value, n in Counter(values).items() if n > 1]


def raise_quota(cloud: Any, project: str, **limits: int) -> None:
    reply = cloud.call("PUT", f"/network/v2.0/quotas/{project}", {"quota": limits},
                       token=cloud.token())
    assert reply.status == 200, reply.body


def test_parallel_port_creation_allocates_unique_addresses(localcloud):
    ports = 400
    user = member(localcloud)
    raise_quota(localcloud, user.project, port=ports + 10)
    net = user.network(name="concurrency")
    subnet = user.subnet(net["id"], "10.128.0.0/22")
    created = in_parallel(user, ports // CLIENTS, lambda i, n: (
        "POST", "/ports", {"port": {"network_id": net["id"], "name": f"c{i}-{n}"}}), "port")
    addresses = [p["fixed_ips"][0]["ip_address"] for p in created]
    assert not duplicates(addresses)
    assert len({p["mac_address"] for p in created}) == ports
    cidr = ipaddress.ip_network(subnet["cidr"])
    pool = subnet["allocation_pools"][0]
    low, high = ipaddress.ip_address(pool["start"]), ipaddress.ip_address(pool["end"])
    assert all(ipaddress.ip_address(a) in cidr and low <= ipaddress.ip_address(a) <= high
               for a in addresses)
    listed = user.ok("GET", f"/ports?network_id={net['id']}&fields=id&fields=fixed_ips",
                     validate=False)["ports"]
    assert {p["id"] for p in listed} == {p["id"] for p in created}
    assert sorted(p["fixed_ips"][0]["ip_address"] for p in listed) == sorted(addresses)
    details = user.ok("GET", f"/quotas/{user.project}/details")["quota"]
    assert details["port"]["used"] == ports


def test_parallel_subnets_from_one_pool_get_disjoint_prefixes(localcloud):
    """40 subnets of /24 from one /16 pool, requested by prefix length from 8 clients: each
    gets its own prefix inside the pool, none overlaps another."""
    user = member(localcloud)
    raise_quota(localcloud, user.project, subnet=60)
    pool = user.ok("POST", "/subnetpools", {"subnetpool": {
        "name": "concurrency", "prefixes": ["10.210.0.0/16"], "default_prefixlen": 24}},
        validate=False)["subnetpool"]  # the published schema types ip_version as a string
    net = user.network(name="concurrency-pool")
    created = in_parallel(user, 5, lambda i, n: ("POST", "/subnets", {"subnet": {
        "network_id": net["id"], "ip_version": 4, "subnetpool_id": pool["id"],
        "prefixlen": 24, "name": f"c{i}-{n}"}}), "subnet")
    prefixes = [ipaddress.ip_network(s["cidr"]) for s in created]
    assert not duplicates(prefixes)
    assert all(p.prefixlen == 24 and p.subnet_of(ipaddress.ip_network("10.210.0.0/16"))
               for p in prefixes)
    assert not [(a, b) for a in prefixes for b in prefixes if a != b and a.overlaps(b)]
    listed = user.ok("GET", f"/subnets?subnetpool_id={pool['id']}")["subnets"]
    assert sorted(s["cidr"] for s in listed) == sorted(str(p) for p in prefixes)


def test_parallel_floating_ips_get_unique_addresses(localcloud):
    """48 floating IPs on the external network `public` from 8 clients: unique addresses,
    each inside the external subnet, all listed afterwards."""
    user = member(localcloud)
    raise_quota(localcloud, user.project, floatingip=60)
    public = user.find("networks", "public")
    created = in_parallel(user, 6, lambda i, n: ("POST", "/floatingips", {"floatingip": {
        "floating_network_id": public["id"], "description": f"c{i}-{n}"}}), "floatingip")
    try:
        addresses = [f["floating_ip_address"] for f in created]
        assert not duplicates(addresses)
        subnets = [ipaddress.ip_network(s["cidr"]) for s in user.ok(
            "GET", f"/subnets?network_id={public['id']}")["subnets"]]
        assert all(any(ipaddress.ip_address(a) in s for s in subnets) for a in addresses)
        listed = user.ok("GET", f"/floatingips?project_id={user.project}")["floatingips"]
        assert {f["id"] for f in listed} == {f["id"] for f in created}
    finally:
        for fip in created:
            user.call("DELETE", f"/floatingips/{fip['id']}")
