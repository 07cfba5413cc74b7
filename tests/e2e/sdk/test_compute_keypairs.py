"""Keypairs through the SDK, sync and async: register a public key, have one made (by Nova
before 2.92, here from 2.92), find, list and delete, for oneself or (admin) another user."""

from __future__ import annotations

import uuid

import pytest
from tests.support.sdk import connect

from ostack import exceptions
from ostack.compute import ssh_keys

BEGIN = "-----BEGIN OPENSSH PRIVATE KEY-----"


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_keypair_public_key(sdk):
    compute = sdk.compute
    _, public = ssh_keys.generate_ed25519()
    made = compute.create_keypair(name=_name("sdk-kp"), public_key=public, type="ssh")
    try:
        assert made.id == made.name and made.fingerprint and made.private_key is None
        assert made.type == "ssh" and made.user_id
        found = compute.find_keypair(made.name)
        assert found.public_key == public and found.created_at
        assert compute.get_keypair(made).fingerprint == made.fingerprint
        assert made.name in [k.name for k in compute.keypairs()]
        assert made.name in [k.name for k in compute.keypairs(user_id=made.user_id)]
        assert compute.find_keypair(made.name, user_id=made.user_id).name == made.name
        with pytest.raises(exceptions.Conflict):
            compute.create_keypair(name=made.name, public_key=public)
    finally:
        compute.delete_keypair(made)
    assert compute.find_keypair(made.name) is None
    compute.delete_keypair(made.name)
    with pytest.raises(exceptions.NotFound):
        compute.delete_keypair(made.name, ignore_missing=False)
    with pytest.raises(exceptions.NotFound):
        compute.find_keypair(made.name, ignore_missing=False)


def test_keypair_generated_here_from_2_92(sdk):
    compute = sdk.compute
    made = compute.create_keypair(name=_name("sdk-kp"))
    try:
        assert made.private_key.startswith(BEGIN)
        assert compute.get_keypair(made.name).public_key.startswith("ssh-ed25519 ")
    finally:
        compute.delete_keypair(made)


def test_keypair_generated_by_nova_before_2_92(localcloud, request):
    for kind in ("sync", "async"):
        conn, close = connect(kind, localcloud, microversions={"compute": "2.91"})
        request.addfinalizer(close)
        made = conn.compute.create_keypair(name=_name("sdk-kp"))
        try:
            assert made.private_key and made.public_key
        finally:
            conn.compute.delete_keypair(made)


def test_keypair_of_another_user(sdk):
    compute = sdk.compute
    demo = sdk.identity.find_user("demo", ignore_missing=False)
    _, public = ssh_keys.generate_ed25519()
    made = compute.create_keypair(name=_name("sdk-kp"), public_key=public, user_id=demo)
    try:
        assert made.user_id == demo.id
        assert compute.find_keypair(made.name) is None  # not the caller's
        assert compute.find_keypair(made.name, user_id=demo).user_id == demo.id
        assert [k.name for k in compute.keypairs(user_id=demo.id)] == [made.name]
    finally:
        compute.delete_keypair(made, user_id=demo.id)
    assert compute.find_keypair(made.name, user_id=demo.id) is None


def test_generated_keys_are_valid_ed25519():
    from cryptography.hazmat.primitives import serialization

    private, public = ssh_keys.generate_ed25519()
    key = serialization.load_ssh_private_key(private.encode(), None)
    derived = key.public_key().public_bytes(serialization.Encoding.OpenSSH,
                                            serialization.PublicFormat.OpenSSH).decode()
    assert derived == public
