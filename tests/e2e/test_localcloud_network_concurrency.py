"""Fixed IPs under concurrency: 8 clients create 400 ports in parallel on one /22 subnet; no
error, no duplicate address, no lost row (the 400 ports are all listed afterwards), each
address inside the subnet's pool."""

from __future__ import annotations

import ipaddress
import threading
import time
from collections import Counter
from typing import Any

from test_localcloud_network import member

CLIENTS = 8
PORTS = 400


def test_parallel_port_creation_allocates_unique_addresses(localcloud):
    user = member(localcloud)
    admin = localcloud.token()
    reply = localcloud.call("PUT", f"/network/v2.0/quotas/{user.project}",
                            {"quota": {"port": PORTS + 10}}, token=admin)
    assert reply.status == 200, reply.body
    net = user.network(name="concurrency")
    subnet = user.subnet(net["id"], "10.128.0.0/22")
    errors: list[Any] = []
    created: list[dict[str, Any]] = []
    lock = threading.Lock()
    start = threading.Barrier(CLIENTS)

    def client(index: int) -> None:
        start.wait()
        for number in range(PORTS // CLIENTS):
            try:
                reply = user.call("POST", "/ports", {"port": {
                    "network_id": net["id"], "name": f"c{index}-{number}"}})
            except Exception as err:  # a dropped connection is a failure too
                with lock:
                    errors.append(repr(err))
                continue
            with lock:
                if reply.status != 201:
                    errors.append((reply.status, reply.body[:300]))
                else:
                    created.append(reply.json["port"])

    began = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    elapsed = time.monotonic() - began
    assert not errors, errors[:5]
    assert len(created) == PORTS
    addresses = [p["fixed_ips"][0]["ip_address"] for p in created]
    duplicates = [a for a, n in Counter(addresses).items() if n > 1]
    assert not duplicates, duplicates
    assert len({p["mac_address"] for p in created}) == PORTS
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
    assert details["port"]["used"] == PORTS
    print(f"{PORTS} ports by {CLIENTS} clients in {elapsed:.2f}s")
