"""`keypair *`: ostack prints what the official client prints, on the same local cloud.

Both clients make Ed25519 keys on their own side when no public key is given (Nova stopped
at 2.92): the private keys differ, their shape does not.
"""

from __future__ import annotations

import os
import uuid

import pytest

from ostack.compute import ssh_keys

pytestmark = pytest.mark.official

MASK = {"id", "name", "Name", "created_at"}
BEGIN, END = "-----BEGIN OPENSSH PRIVATE KEY-----\n", "-----END OPENSSH PRIVATE KEY-----\n"


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def public_key(tmp_path):
    _, public = ssh_keys.generate_ed25519()
    path = tmp_path / "id.pub"
    path.write_text(public + "\n")
    return str(path)


@pytest.fixture
def names(differ):
    made: list[str] = []
    yield made
    for name in made:
        differ.run("openstack", ["keypair", "delete", name], fmt=None)


def test_keypair_create_public_key_show_delete(differ, public_key, names):
    ours, theirs = _name("ost"), _name("osc")
    names += [ours, theirs]
    mine, official = differ.pair(["keypair", "create", ours, "--public-key", public_key],
                                 ["keypair", "create", theirs, "--public-key", public_key])
    differ.assert_same(mine, official, ignore=MASK)
    assert "public_key" not in mine.data and "private_key" not in mine.data
    mine, official = differ.pair(["keypair", "show", ours], ["keypair", "show", theirs])
    differ.assert_same(mine, official, ignore=MASK)
    assert mine.data["private_key"] is None
    # The bare public key, then what each format prints for no fields.
    for fmt in ("json", "table", "value", None):
        mine, official = differ.pair(["keypair", "show", ours, "--public-key"],
                                     ["keypair", "show", theirs, "--public-key"], fmt=fmt)
        assert mine.stdout == official.stdout
        assert mine.stdout.startswith("ssh-ed25519 ")
    mine, official = differ.pair(["keypair", "create", ours, "--public-key", public_key],
                                 ["keypair", "create", theirs, "--public-key", public_key],
                                 code=1)
    for outcome in (mine, official):
        assert "already exists" in outcome.stderr
    mine, official = differ.pair(["keypair", "delete", ours, "no-such-key"],
                                 ["keypair", "delete", theirs, "no-such-key"], fmt=None,
                                 code=1)
    for outcome in (mine, official):
        assert "Failed to delete key with name 'no-such-key'" in outcome.stderr
        assert "1 of 2 keys failed to delete." in outcome.stderr
    differ.same("keypair", "show", ours, code=1)


def test_keypair_create_generated(differ, tmp_path, names):
    ours, theirs = _name("ost"), _name("osc")
    names += [ours, theirs]
    # Printed: the private key, then the (empty) table.
    mine, official = differ.pair(["keypair", "create", ours], ["keypair", "create", theirs],
                                 fmt=None)
    for outcome in (mine, official):
        assert outcome.stdout.startswith(BEGIN) and outcome.stdout.endswith(END + "\n")
    assert len(mine.stdout) == len(official.stdout)
    # Saved: the keypair is shown, without its keys.
    files = [tmp_path / "ours.pem", tmp_path / "theirs.pem"]
    ours2, theirs2 = _name("ost"), _name("osc")
    names += [ours2, theirs2]
    mine, official = differ.pair(["keypair", "create", ours2, "--private-key", str(files[0])],
                                 ["keypair", "create", theirs2, "--private-key",
                                  str(files[1])])
    differ.assert_same(mine, official, ignore=MASK | {"fingerprint"})
    for path in files:
        assert path.read_text().startswith(BEGIN)
    assert os.stat(files[0]).st_mode & 0o077 == 0  # ostack keeps it private
    mine, official = differ.pair(["keypair", "show", ours2, "--public-key"],
                                 ["keypair", "show", theirs2, "--public-key"], fmt=None)
    assert mine.stdout.startswith("ssh-ed25519 ") and official.stdout.startswith("ssh-ed25519 ")
    mine, official = differ.pair(["keypair", "create", _name("x"), "--private-key",
                                  str(tmp_path / "no" / "such" / "dir.pem")], code=1)
    for outcome in (mine, official):
        assert "can not be saved" in outcome.stderr


def test_keypair_create_type(differ, public_key, names):
    ours, theirs = _name("ost"), _name("osc")
    names += [ours, theirs]
    mine, official = differ.pair(
        ["keypair", "create", ours, "--public-key", public_key, "--type", "ssh"],
        ["keypair", "create", theirs, "--public-key", public_key, "--type", "ssh"])
    differ.assert_same(mine, official, ignore=MASK)
    assert mine.data["type"] == "ssh"
    # A known difference: the official client drops --type (openstacksdk has no `key_type`
    # attribute) and registers an ssh key; ostack sends it, and Nova refuses an SSH key as
    # an x509 certificate.
    name = _name("ost")
    mine = differ.run("ostack", ["keypair", "create", name, "--public-key", public_key,
                                 "--type", "x509"])
    assert mine.code == 1 and "Keypair data is invalid" in mine.stderr, mine.describe()


def test_keypair_create_errors(differ, public_key, tmp_path):
    mine, official = differ.same("keypair", "create", _name("x"), "--public-key",
                                 str(tmp_path / "missing.pub"), code=1)
    for outcome in (mine, official):
        assert "not found" in outcome.stderr
    differ.same("keypair", "create", "x", "--type", "rsa", code=2)
    differ.same("keypair", "create", "x", "--public-key", public_key, "--private-key", "y",
                code=2)
    mine, official = differ.same("--os-compute-api-version", "2.1", "keypair", "create",
                                 _name("x"), "--public-key", public_key, "--type", "ssh",
                                 code=1)
    for outcome in (mine, official):
        assert "2.2 or greater is required to support the --type option" in outcome.stderr


def test_keypair_list(differ, public_key, names):
    ours, theirs = _name("ost"), _name("osc")
    names += [ours, theirs]
    differ.pair(["keypair", "create", ours, "--public-key", public_key],
                ["keypair", "create", theirs, "--public-key", public_key])
    mine, _ = differ.same("keypair", "list", key="Name")
    assert {ours, theirs} <= {row["Name"] for row in mine.data}
    differ.same("keypair", "list", "--user", "admin", key="Name")
    differ.same("keypair", "list", "--project", "admin", key="Name")
    # A known difference: openstacksdk lists keypairs at 2.10, where Nova ignores `limit`,
    # and then loops on the same page; ostack pages at 2.35+ and lists them all.
    mine = differ.run("ostack", ["keypair", "list", "--limit", "1"])
    official = differ.run("openstack", ["keypair", "list", "--limit", "1"])
    assert official.code == 1 and "Endless pagination loop" in official.stderr
    assert mine.code == 0 and {ours, theirs} <= {row["Name"] for row in mine.data}
    differ.same("keypair", "list", "--max-items", "1")
    differ.same("--os-compute-api-version", "2.1", "keypair", "list", key="Name")
    differ.same("--os-compute-api-version", "2.34", "keypair", "list", "--limit", "1", code=1)
    differ.same("keypair", "list", fmt="table", columns_only=True)
    mine, official = differ.pair(["keypair", "show", ours, "--user", "admin"],
                                 ["keypair", "show", theirs, "--user", "admin"])
    differ.assert_same(mine, official, ignore=MASK)
