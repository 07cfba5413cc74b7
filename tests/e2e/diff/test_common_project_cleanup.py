"""`project cleanup`: the dry-run listing of a throwaway project is the official client's
(rows compared as sets: the official client lists services from threads, in no fixed
order); then ostack deletes it all.

The project holds what ostack's SDK cleans up: a server and an empty server group, a volume
and its snapshot, a private image, a floating IP, a security group, a network with a subnet
and an unowned port, and a router attached to nothing.
"""

from __future__ import annotations

import os
import uuid

import pytest

pytestmark = pytest.mark.official


def _rows(table: str) -> list[tuple[str, ...]]:
    """The body rows of a table (header and borders left out)."""
    lines = [line for line in table.splitlines() if line.startswith("|")]
    return [tuple(cell.strip() for cell in line.strip("|").split("|")) for line in lines[1:]]


def _connect(cloud, **options):
    import ostack

    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    env.update(cloud.env)
    return ostack.connect(cloud="local", env=env, **options)


@pytest.fixture(scope="module")
def project(differ, localcloud):
    """A project the admin user is a member of, with one of each resource in it."""
    name = f"cleanup-{uuid.uuid4().hex[:8]}"
    for argv in (["project", "create", name],
                 ["role", "add", "--user", "admin", "--project", name, "member"]):
        done = differ.run("openstack", argv, fmt=None)
        assert done.code == 0, done.describe()
    conn = _connect(localcloud, project_name=name, project_domain_name="Default")
    made = {}
    compute, network, volume = conn.compute, conn.network, conn.block_storage
    image = conn.image.find_image("cirros-0.6.2-x86_64-disk", ignore_missing=False)
    flavor = compute.find_flavor("m1.tiny", ignore_missing=False)
    made["Server"] = compute.create_server(f"{name}-vm", image=image, flavor=flavor,
                                           networks="none")
    made["ServerGroup"] = compute.create_server_group(name=f"{name}-sg", policy="affinity")
    disk = volume.create_volume(name=f"{name}-vol", size=1)
    made["Volume"] = volume.wait_for_volume(disk, status="available", wait=30, interval=0.1)
    made["Snapshot"] = volume.create_snapshot(name=f"{name}-snap", volume_id=disk.id)
    made["Image"] = conn.image.create_image(f"{name}-img", disk_format="raw",
                                            container_format="bare")
    net = network.create_network(name=f"{name}-net")
    made["Network"] = net
    made["Subnet"] = network.create_subnet(name=f"{name}-sub", network_id=net.id,
                                           ip_version=4, cidr="10.77.0.0/24")
    made["Port"] = network.create_port(name=f"{name}-port", network_id=net.id)
    made["SecurityGroup"] = network.create_security_group(name=f"{name}-secgroup")
    made["Router"] = network.create_router(name=f"{name}-router")
    public = network.find_network("public", ignore_missing=False)
    made["FloatingIP"] = network.create_ip(floating_network_id=public.id)
    compute.wait_for_server(made["Server"], status="ACTIVE", wait=30, interval=0.1)
    volume.wait_for_snapshot(made["Snapshot"], status="available", wait=30, interval=0.1)
    conn.close()
    yield name, made
    differ.run("openstack", ["project", "delete", name], fmt=None)


def test_project_cleanup_dry_run(differ, project):
    name, made = project
    mine, official = differ.pair(["project", "cleanup", "--dry-run", "--project", name],
                                 fmt=None)
    ours, theirs = _rows(mine.stdout), _rows(official.stdout)
    assert sorted(ours) == sorted(theirs), f"{mine.stdout}\n---\n{official.stdout}"
    assert {(kind, r.id) for kind, r in made.items()} == {(row[0], row[1]) for row in ours}
    assert mine.stdout.splitlines()[1] == official.stdout.splitlines()[1]  # the header
    # Compute goes first in both; the rest follows the services' order in ostack.
    assert [row[0] for row in ours][:2] == ["Server", "ServerGroup"]


def test_project_cleanup_dry_run_filtered(differ, project):
    name, made = project
    past = ["--created-before", "2000-01-01T00:00:00"]
    mine, official = differ.pair(["project", "cleanup", "--dry-run", "--project", name, *past],
                                 fmt=None)
    # Only what the filters do not apply to is left: the floating IP (not attached to a
    # port) and the router attached to nothing.
    assert sorted(_rows(mine.stdout)) == sorted(_rows(official.stdout))
    assert {row[0] for row in _rows(mine.stdout)} == {"FloatingIP", "Router"}
    skip = ["--skip-resource", "compute.server", "--skip-resource", "network.floating_ip",
            "--skip-resource", "block_storage.snapshot", "--skip-resource", "network.subnet"]
    mine, official = differ.pair(["project", "cleanup", "--dry-run", "--project", name, *skip],
                                 fmt=None)
    assert sorted(_rows(mine.stdout)) == sorted(_rows(official.stdout))
    kinds = {row[0] for row in _rows(mine.stdout)}
    assert "Server" not in kinds and "FloatingIP" not in kinds and "Volume" in kinds


def test_project_cleanup_asks_first(differ, project):
    name, _ = project
    argv = ["project", "cleanup", "--project", name]
    mine = differ.run("ostack", argv, fmt=None, stdin="maybe\nn\n")
    official = differ.run("openstack", argv, fmt=None, stdin="maybe\nn\n")
    assert mine.code == official.code == 0, (mine.describe(), official.describe())
    assert mine.stderr.count("Are you sure [y/n]") == official.stderr.count(
        "Are you sure [y/n]") == 2
    # Without an answer at all, both give up with exit 1; nothing was deleted either way.
    differ.pair(argv, fmt=None, code=1)
    again, _ = differ.pair(["project", "cleanup", "--dry-run", "--project", name], fmt=None)
    assert sorted(_rows(again.stdout)) == sorted(_rows(mine.stdout))
    assert "Deleting resources" not in mine.stderr + official.stderr


def test_project_cleanup_deletes(differ, project):
    name, made = project
    deleted = differ.run("ostack", ["project", "cleanup", "--auto-approve", "--project", name],
                         fmt=None)
    assert deleted.code == 0, deleted.describe()
    assert "Deleting resources" in deleted.stderr
    assert len(_rows(deleted.stdout)) == len(made)
    mine, official = differ.pair(["project", "cleanup", "--dry-run", "--project", name],
                                 fmt=None)
    assert mine.stdout == official.stdout and not _rows(mine.stdout)


def test_project_cleanup_options(differ):
    mine, official = differ.pair(["project", "cleanup", "--dry-run"], fmt=None, code=2)
    assert "one of the arguments --auth-project --project is required" in mine.stderr
    assert "one of the arguments --auth-project --project is required" in official.stderr
    differ.pair(["project", "cleanup", "--dry-run", "--auto-approve", "--auth-project"],
                fmt=None, code=2)
    mine, official = differ.pair(["project", "cleanup", "--dry-run", "--project",
                                  "no-such-project"], fmt=None, code=1)
    assert "no-such-project" in mine.stderr and "no-such-project" in official.stderr
