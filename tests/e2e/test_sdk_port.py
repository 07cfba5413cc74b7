"""Code written for openstacksdk ports to ostack by changing its connect call: the same code,
run by openstacksdk and by ostack on one cloud, reads the same attribute values from every kind
of resource it lists and catches the same exceptions by openstacksdk's names
(tests/support/sdk_attributes.py). The whole openstacksdk flow ported the
same way is in test_official_flows.py (`test_openstacksdk_flow[ostack]`)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tests.support.sdk import connect
from tests.support.venvs import OFFICIAL_CLIENTS, ensure_venv

pytestmark = pytest.mark.official

SCRIPT = Path(__file__).resolve().parents[1] / "support" / "sdk_attributes.py"
CONTAINER = "port-container"


@pytest.fixture(scope="module")
def cloud(tmp_path_factory):
    """A cloud of its own with one of each resource listed (nothing else changes it)."""
    from tests.support.localcloud import start_localcloud

    folder = tmp_path_factory.mktemp("port")
    started = start_localcloud(folder / "state", cache_dir=folder / "cache",
                               build_delay=0.05, delete_delay=0.05)
    conn, close = connect("sync", started)
    try:
        net = conn.network.create_network(name="port-net")
        conn.network.create_subnet(network_id=net.id, ip_version=4, cidr="10.31.0.0/24",
                                   name="port-subnet", dns_nameservers=["10.31.0.53"])
        for _ in range(2):  # a name two networks share: finding it is ambiguous
            conn.network.create_network(name="port-twin")
        router = conn.network.create_router(name="port-router")
        public = conn.network.find_network("public")
        conn.network.update_router(router, external_gateway_info={"network_id": public.id})
        conn.network.create_security_group(name="port-sg", description="port")
        conn.network.create_ip(floating_network_id=public.id)
        conn.compute.create_keypair(name="port-key")
        volume = conn.block_storage.create_volume(size=1, name="port-vol")
        volume = conn.block_storage.wait_for_status(volume, "available", interval=0.1, wait=30)
        conn.block_storage.create_snapshot(volume_id=volume.id, name="port-snap")
        image = conn.image.find_image("cirros-0.6.2-x86_64-disk")
        server = conn.compute.create_server(
            name="port-server", image_id=image.id, flavor_id=conn.compute.find_flavor(
                "m1.tiny").id, networks=[{"uuid": net.id}], key_name="port-key",
            metadata={"role": "port"})
        conn.compute.wait_for_server(server, interval=0.1, wait=30)
        conn.object_store.create_container(name=CONTAINER)
        conn.object_store.upload_object(container=CONTAINER, name="o.txt", data=b"hi")
        for snapshot in conn.block_storage.snapshots():
            conn.block_storage.wait_for_status(snapshot, "available", interval=0.1, wait=30)
    finally:
        close()
    try:
        yield started
    finally:
        started.stop()


def _dump(python: str, which: str, cloud) -> dict:
    done = subprocess.run([python, str(SCRIPT), which, CONTAINER],
                          env=cloud.environ(OS_CLOUD="local"), capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, f"{which}:\n{done.stderr[-4000:]}"
    return json.loads(done.stdout)


def test_listed_resources_read_the_same(cloud) -> None:
    official = ensure_venv("official", OFFICIAL_CLIENTS) / "bin" / "python"
    theirs = _dump(str(official), "openstack", cloud)
    mine = _dump(sys.executable, "ostack", cloud)
    assert theirs.keys() == mine.keys()
    assert mine.pop("errors") == theirs.pop("errors")
    assert mine.pop("facts") == theirs.pop("facts")
    differences = []
    for kind, rows in theirs.items():
        assert rows, f"nothing listed as {kind}: the fixture made one of each"
        if len(rows) != len(mine[kind]):
            differences.append(f"{kind}: {len(rows)} listed by openstacksdk, "
                               f"{len(mine[kind])} by ostack")
            continue
        for row, other in zip(rows, mine[kind], strict=True):
            differences += [f"{kind}.{name}: openstacksdk {value!r}, ostack {other[name]!r}"
                            for name, value in row.items() if other[name] != value]
    assert not differences, "\n".join(differences)
